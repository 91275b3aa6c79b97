"""Ratification: the members approved the tentative agreements, and the new version of the
contract is assembled from the version in force and the agreed texts.

How the new version is built:

* Every article and section of the version in force is copied, in its order.
* Each pending tentative agreement (not yet part of a version) then replaces its article's
  introduction and sections with the agreed text, read as the contract's form; its title, when
  it has one, replaces the article's title. An agreement on an article the version lacks adds
  the article, placed among the others by number; an empty agreed text removes the article.
* The new version is in force, based on the old one, with the date and the vote that ratified
  it; the old version is superseded; the agreements now belong to the new version.

The vote, when one is named, must be a ratification vote of this local whose results are
published; when its results have yes/no questions, every one of them must have passed.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _

from unionhall.bargaining import redline
from unionhall.bargaining.actions.proposals import parse_text
from unionhall.bargaining.contract_text import article_text, section_sort_key
from unionhall.bargaining.models import Article, Contract, Section, TentativeAgreement
from unionhall.core.audit import record
from unionhall.core.models import Affiliate
from unionhall.core.permissions import Perm, require
from unionhall.core.sanitize import clean_text

REPLACED, ADDED, REMOVED = "replaced", "added", "removed"


@dataclass
class Change:
    """What one pending agreement does to its article."""

    kind: str  # replaced, added or removed
    number: str
    title: str
    agreement: TentativeAgreement
    intro: str = ""
    sections: tuple = ()
    stats: dict = field(default_factory=dict)


def _key(number: str):
    return section_sort_key(str(number))


def _normal(number: str) -> str:
    return str(int(number)) if str(number).strip().isdigit() else str(number).strip()


def plan(contract: Contract, agreements) -> list[Change]:
    """What the pending `agreements` do to `contract`, in article order. Reads only."""
    articles = {_normal(a.number): a for a in
                contract.articles.prefetch_related("sections")} if contract else {}
    changes = []
    for agreement in agreements:
        number = _normal(agreement.article_number)
        intro, sections = parse_text(agreement.text, number)
        current = articles.get(number)
        if not (intro or sections):
            kind = REMOVED
        else:
            kind = REPLACED if current is not None else ADDED
        title = agreement.title or (current.title if current else "")
        stats = {}
        if current is not None or kind == ADDED:
            old = article_text(current.intro, current.sections.all()) if current else ""
            stats = redline.stats(redline.redline(old, article_text(intro, sections)))
        changes.append(Change(kind, number, title, agreement, intro, sections, stats))
    changes.sort(key=lambda c: _key(c.number))
    return changes


def pending_agreements(local):
    return (TentativeAgreement.objects.filter(local=local, contract=None)
            .select_related("proposal").order_by("signed_on", "id"))


def ratification_passed(election) -> bool | None:
    """From the published results: True when every yes/no question passed, False when one did
    not, None when the results have no yes/no question to read."""
    contests = (election.results or {}).get("contests") or {}
    outcomes = [r["passed"] for r in contests.values() if isinstance(r, dict) and "passed" in r]
    if not outcomes:
        return None
    return all(outcomes)


def _check_election(local, election) -> None:
    if election is None:
        return
    if election.local_id != local.pk or election.kind != "ratification":
        raise ValidationError(_("Choose one of this local's ratification votes."))
    if not election.published_at:
        raise ValidationError(_("The results of “%(title)s” are not published yet.")
                              % {"title": election.title})
    if ratification_passed(election) is False:
        raise ValidationError(_("The members did not ratify the agreement in “%(title)s”.")
                              % {"title": election.title})


def _unique_slug(local, name: str) -> str:
    base = slugify(name.replace("–", "-").replace("—", "-"))[:50] or "contract"
    taken = set(Contract.objects.filter(local=local, slug__startswith=base)
                .values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _assemble(old: Contract, changes: list[Change]) -> list[dict]:
    """The new version's articles: dicts with number, title, intro, sections [(n, title, text)],
    in order."""
    by_number = {c.number: c for c in changes}
    out = []
    for article in old.articles.prefetch_related("sections").order_by("position"):
        change = by_number.pop(_normal(article.number), None)
        if change is None:
            out.append({"number": article.number, "title": article.title,
                        "intro": article.intro,
                        "sections": [(s.number, s.title, s.text) for s in article.sections.all()]})
        elif change.kind == REPLACED:
            out.append({"number": article.number, "title": change.title or article.title,
                        "intro": change.intro,
                        "sections": [(s.number, s.title, s.text) for s in change.sections]})
    for change in sorted(by_number.values(), key=lambda c: _key(c.number)):
        if change.kind != ADDED:
            continue
        entry = {"number": change.number, "title": change.title, "intro": change.intro,
                 "sections": [(s.number, s.title, s.text) for s in change.sections]}
        at = next((i for i, a in enumerate(out) if _key(a["number"]) > _key(change.number)),
                  len(out))
        out.insert(at, entry)
    return out


@transaction.atomic(durable=True)
def ratify_agreement(local, *, name: str, starts_on: dt.date, ends_on: dt.date | None = None,
                     ratified_on: dt.date, election=None, title: str | None = None,
                     by) -> Contract:
    """Assemble and put in force the new version of the contract from the version in force and
    every pending tentative agreement."""
    require(by, local, Perm.BARGAIN)
    Affiliate.objects.select_for_update().filter(pk=local.pk).first()
    old = (Contract.objects.select_for_update()
           .filter(local=local, status=Contract.Status.IN_FORCE).first())
    if old is None:
        raise ValidationError(_("No contract version is in force to build the new one from."))
    agreements = list(pending_agreements(local).select_for_update())
    if not agreements:
        raise ValidationError(_("No tentative agreement is waiting for ratification."))
    name = clean_text(name or "")[:60]
    if not name:
        raise ValidationError(_("Name the new version, e.g. “2026–2029”."))
    if starts_on is None:
        raise ValidationError(_("Give the date the new version is in force from."))
    if ends_on is not None and ends_on <= starts_on:
        raise ValidationError(_("The new version must expire after it comes into force."))
    if ratified_on is None or ratified_on > local.today():
        raise ValidationError(_("The date of ratification cannot be in the future."))
    last = max(a.signed_on for a in agreements)
    if ratified_on < last:
        raise ValidationError(_("The last tentative agreement was signed on %(day)s: the "
                                "members cannot have ratified it before.")
                              % {"day": formats.date_format(last, "DATE_FORMAT")})
    _check_election(local, election)
    changes = plan(old, agreements)
    new = Contract.objects.create(
        local=local, name=name, slug=_unique_slug(local, name),
        title=clean_text(old.title if title is None else title)[:300],
        starts_on=starts_on, ends_on=ends_on, status=Contract.Status.DRAFT,
        preamble=old.preamble, based_on=old, ratified_on=ratified_on, ratification=election,
        created_by=by if by is not None and by.is_authenticated else None)
    rows = _assemble(old, changes)
    articles = Article.objects.bulk_create([
        Article(contract=new, number=row["number"], title=row["title"][:200],
                intro=row["intro"], position=i) for i, row in enumerate(rows, 1)])
    Section.objects.bulk_create([
        Section(contract=new, article=article, number=number, title=s_title[:200], text=text,
                position=j)
        for article, row in zip(articles, rows, strict=True)
        for j, (number, s_title, text) in enumerate(row["sections"], 1)])
    old.status = Contract.Status.SUPERSEDED
    old.save(update_fields=["status"])
    new.status = Contract.Status.IN_FORCE
    new.save(update_fields=["status"])
    TentativeAgreement.objects.filter(pk__in=[a.pk for a in agreements]).update(contract=new)
    record("contract.ratified", by=by, affiliate=local, obj=new, changes={
        "based_on": [None, old.name],
        "agreements": [None, [a.proposal.label for a in agreements]],
        **{kind: [None, [c.number for c in changes if c.kind == kind]]
           for kind in (REPLACED, ADDED, REMOVED)},
        "ratification": [None, election.title if election else None],
    })
    return new
