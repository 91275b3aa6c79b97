"""Every write to the contract: importing a version from plain text, changing its name and
dates, replacing a draft's text, putting a version in force, deleting a draft.

Rules, and why:

* A version is imported whole from text in the contract's own form ("ARTICLE 7 – LEAVES",
  "7.1 Sick Leave", …), read by `contract_text.parse_contract`. Text that does not read that
  way is refused with every problem and its line, and nothing is written, so the whole file can
  be fixed in one pass.
* A new version is a draft: only the bargaining team sees it until it is put in force.
* The slug comes from the name ("2024–2027" → "2024-2027") and is unique in the local: a
  name whose slug is taken is refused rather than quietly numbered, since two versions with
  the same name would confuse everyone. Once a version is not a draft its slug never changes,
  because permalinks to its sections are cited in grievances and updates; a draft's slug
  follows its name.
* One version is in force at a time (the database says so too): putting one in force
  supersedes the one before, first, in the same transaction.
* Only a draft is deleted, or has its text replaced, and only while no proposal is written
  against it (proposals keep the version they amend).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from unionhall.bargaining.contract_text import ContractTextError, ParsedContract, parse_contract
from unionhall.bargaining.models import Article, Contract, Proposal, Section, TentativeAgreement
from unionhall.core.audit import diff, record
from unionhall.core.models import Affiliate
from unionhall.core.permissions import Perm, require
from unionhall.core.sanitize import clean_text

Status = Contract.Status
# Words the contract pages use in their own paths: a version cannot be called that.
RESERVED_SLUGS = frozenset({"versions", "import", "section", "edit", "in-force", "delete",
                            "article"})
MAX_ARTICLE_NUMBER = Article._meta.get_field("number").max_length
MAX_SECTION_NUMBER = Section._meta.get_field("number").max_length
MAX_TITLE = Article._meta.get_field("title").max_length
MAX_SECTION_TITLE = Section._meta.get_field("title").max_length


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _line(line: int, message: str) -> str:
    return _("Line %(line)s: %(message)s") % {"line": line, "message": message} if line \
        else message


def contract_slug(name: str) -> str:
    """"2024–2027" → "2024-2027" (slugify alone would drop the en dash and the break)."""
    text = name.replace("–", "-").replace("—", "-").replace("/", "-")
    return slugify(text)[:Contract._meta.get_field("slug").max_length].strip("-")


def read_contract_text(text: str) -> ParsedContract:
    """The text read into articles and sections, or a ValidationError listing every problem
    with its line. Reads only: views call it to check a text before anything is written."""
    text = clean_text((text or "").replace("\x0c", "\n"))
    if not text:
        raise ValidationError(_("The contract text is empty."))
    try:
        parsed = parse_contract(text)
    except ContractTextError as exc:
        raise ValidationError([_line(line, message) for line, message in exc.problems]) \
            from None
    problems = []
    for article in parsed.articles:
        if len(article.number) > MAX_ARTICLE_NUMBER:
            problems.append(_line(article.line, _("the article number is too long.")))
        if len(article.title) > MAX_TITLE:
            problems.append(_line(article.line, _(
                "the article's title is longer than %(n)s characters: is the heading joined "
                "to its text?") % {"n": MAX_TITLE}))
        for section in article.sections:
            if len(section.number) > MAX_SECTION_NUMBER:
                problems.append(_line(section.line, _("the section number is too long.")))
            if len(section.title) > MAX_SECTION_TITLE:
                problems.append(_line(section.line, _(
                    "the section's title is longer than %(n)s characters.")
                    % {"n": MAX_SECTION_TITLE}))
    if problems:
        raise ValidationError(problems)
    return parsed


def _clean_fields(name: str, title: str, starts_on, ends_on) -> tuple[str, str]:
    name = clean_text(name or "")
    title = clean_text(title or "")
    if not name:
        raise ValidationError(_("Name the version, e.g. “2024–2027”."))
    if len(name) > Contract._meta.get_field("name").max_length:
        raise ValidationError(_("The version's name is at most 60 characters, e.g. "
                                "“2024–2027”."))
    if len(title) > Contract._meta.get_field("title").max_length:
        raise ValidationError(_("The title is at most 300 characters."))
    if starts_on and ends_on and ends_on <= starts_on:
        raise ValidationError(_("A version expires after it comes into force."))
    return name, title


def _free_slug(local, name: str, *, exclude: Contract | None = None) -> str:
    slug = contract_slug(name)
    if not slug:
        raise ValidationError(_("Give the version a name with letters or numbers, e.g. "
                                "“2024–2027”."))
    if slug in RESERVED_SLUGS:
        raise ValidationError(_("“%(name)s” is a word these pages use: choose another name for "
                                "the version.") % {"name": name})
    taken = Contract.objects.filter(local=local, slug=slug)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    other = taken.first()
    if other is not None:
        raise ValidationError(_("There is already a version called “%(name)s” (its address is "
                                "“%(slug)s”): choose another name.")
                              % {"name": other.name, "slug": slug})
    return slug


def _write_articles(contract: Contract, parsed: ParsedContract) -> tuple[int, int]:
    articles = Article.objects.bulk_create([
        Article(contract=contract, number=a.number, title=a.title, intro=a.intro, position=i)
        for i, a in enumerate(parsed.articles, 1)])
    sections = Section.objects.bulk_create([
        Section(contract=contract, article=article, number=s.number, title=s.title, text=s.text,
                position=j)
        for article, parsed_article in zip(articles, parsed.articles, strict=True)
        for j, s in enumerate(parsed_article.sections, 1)])
    return len(articles), len(sections)


@transaction.atomic(durable=True)
def import_contract(local, *, name: str, text: str, title: str = "",
                    starts_on: dt.date | None = None, ends_on: dt.date | None = None,
                    by) -> Contract:
    """A new draft version from the contract's plain text. Every problem in the text is
    reported, with its line, and nothing is written."""
    require(by, local, Perm.BARGAIN)
    Affiliate.objects.select_for_update().filter(pk=local.pk).first()  # one slug at a time
    name, title = _clean_fields(name, title, starts_on, ends_on)
    parsed = read_contract_text(text)
    contract = Contract.objects.create(
        local=local, name=name, slug=_free_slug(local, name), title=title,
        starts_on=starts_on, ends_on=ends_on, status=Status.DRAFT, preamble=parsed.preamble,
        created_by=_user(by))
    n_articles, n_sections = _write_articles(contract, parsed)
    record("contract.imported", by=by, affiliate=local, obj=contract, changes={
        "name": [None, name], "articles": [None, n_articles], "sections": [None, n_sections]})
    return contract


@transaction.atomic(durable=True)
def update_contract(contract: Contract, *, name: str, title: str, starts_on: dt.date | None,
                    ends_on: dt.date | None, by) -> Contract:
    """A version's name, title and dates. A draft's address follows its name; a version
    members read keeps its address, so links to it keep working."""
    require(by, contract.local, Perm.BARGAIN)
    Affiliate.objects.select_for_update().filter(pk=contract.local_id).first()
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    name, title = _clean_fields(name, title, starts_on, ends_on)
    fields = ("name", "slug", "title", "starts_on", "ends_on")
    before = {f: getattr(contract, f) for f in fields}
    slug = contract.slug
    if contract.status == Status.DRAFT and name != contract.name:
        slug = _free_slug(contract.local, name, exclude=contract)
    after = {"name": name, "slug": slug, "title": title, "starts_on": starts_on,
             "ends_on": ends_on}
    changes = diff(before, after)
    if changes:
        for field, value in after.items():
            setattr(contract, field, value)
        contract.save(update_fields=list(fields))
        record("contract.updated", by=by, affiliate=contract.local, obj=contract,
               changes=changes)
    return contract


def _has_proposals(contract: Contract) -> bool:
    return Proposal.objects.filter(Q(contract=contract) | Q(article__contract=contract)).exists()


def _has_agreements(contract: Contract) -> bool:
    return TentativeAgreement.objects.filter(contract=contract).exists()


def _draft_or_refuse(contract: Contract, message) -> Contract:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.status != Status.DRAFT:
        raise ValidationError(message % {"name": contract.name,
                                         "status": contract.get_status_display().lower()})
    if _has_proposals(contract):
        raise ValidationError(_("Proposals are written against the draft “%(name)s”: it must "
                                "stay as it is, or those proposals would lose the text they "
                                "amend.") % {"name": contract.name})
    if _has_agreements(contract):
        raise ValidationError(_("Tentative agreements belong to “%(name)s”: it must stay as it "
                                "is.") % {"name": contract.name})
    return contract


@transaction.atomic(durable=True)
def replace_contract_text(contract: Contract, text: str, *, by) -> Contract:
    """A draft's articles and sections replaced by a new reading of its text (the file fixed
    and imported again). Every problem is reported with its line and nothing changes."""
    require(by, contract.local, Perm.BARGAIN)
    contract = _draft_or_refuse(contract, _("“%(name)s” is %(status)s: only a draft's text can "
                                            "be replaced."))
    parsed = read_contract_text(text)
    before = (contract.articles.count(), contract.sections.count())
    contract.articles.all().delete()  # their sections go with them
    contract.preamble = parsed.preamble
    contract.save(update_fields=["preamble"])
    counts = _write_articles(contract, parsed)
    record("contract.imported", by=by, affiliate=contract.local, obj=contract, changes={
        "articles": [before[0], counts[0]], "sections": [before[1], counts[1]],
        "replaced": [None, True]})
    return contract


@transaction.atomic(durable=True)
def put_in_force(contract: Contract, *, by) -> Contract:
    """The version members read as the contract; the one in force before is superseded. A
    superseded version may be put back (a version put in force by mistake)."""
    local = contract.local
    require(by, local, Perm.BARGAIN)
    Affiliate.objects.select_for_update().filter(pk=local.pk).first()
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.status == Status.IN_FORCE:
        raise ValidationError(_("“%(name)s” is already the version in force.")
                              % {"name": contract.name})
    if not contract.articles.exists():
        raise ValidationError(_("“%(name)s” has no articles: import its text first.")
                              % {"name": contract.name})
    previous = (Contract.objects.select_for_update()
                .filter(local=local, status=Status.IN_FORCE).first())
    if previous is not None:
        # First: one version in force at a time, and the database checks it on every row.
        previous.status = Status.SUPERSEDED
        previous.save(update_fields=["status"])
    before = contract.status
    contract.status = Status.IN_FORCE
    contract.save(update_fields=["status"])
    record("contract.put_in_force", by=by, affiliate=local, obj=contract, changes={
        "status": [before, Status.IN_FORCE],
        "supersedes": [None, previous.name if previous else None]})
    return contract


@transaction.atomic(durable=True)
def delete_draft_contract(contract: Contract, *, by) -> None:
    """A draft removed with its articles and sections. A version members have read is kept."""
    require(by, contract.local, Perm.BARGAIN)
    contract = _draft_or_refuse(contract, _("“%(name)s” is %(status)s: only a draft can be "
                                            "deleted."))
    counts = (contract.articles.count(), contract.sections.count())
    record("contract.deleted", by=by, affiliate=contract.local, obj=contract, changes={
        "name": [contract.name, None], "articles": [counts[0], None],
        "sections": [counts[1], None]})
    contract.delete()
