"""Every write to proposals and tentative agreements: a side's proposed text for one article,
counter-proposals chained to what they answer, publishing, status by hand, and signing a
tentative agreement (TA).

Rules, and why:

* A proposal amends the version of the contract in force and is written in the contract's own
  form ("7.1 Sick Leave" and its text, …), so it can be compared word by word and, once agreed,
  become the article's new text. Text that does not read that way is refused with every
  problem, by line.
* Labels count per local and side: "U-1", "U-2" for the union, "D-1" for the district, "O-1"
  for anyone else at the table (a mediator). The local's row is locked while one is taken.
* A counter-proposal is on the same article as what it answers and comes from another side.
  What it answers becomes "countered" when the counter is on the table, that is published (a
  draft the team is still writing answers nothing yet). A proposal has one live answer at a
  time: a second one waits until the first is withdrawn or rejected. Withdrawing a counter
  puts what it answered back to "open".
* Status by hand is open, withdrawn or rejected. "Countered" comes only from a counter and
  "tentatively agreed" only from signing; a signed agreement does not change by hand.
* One pending TA per article (the database says so too). Signing a second one on the same
  article is refused unless it replaces the first: then the first is removed (its text is kept
  in the audit entry) and its proposal reads "countered", since a later text answered it.
* A TA is public (both sides signed it, the members will vote on it): signing publishes its
  proposal.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from unionhall.bargaining import queries
from unionhall.bargaining.contract_text import ContractTextError, parse_article_body
from unionhall.bargaining.models import Proposal, Session, Side, TentativeAgreement
from unionhall.core.audit import diff, record
from unionhall.core.models import Affiliate
from unionhall.core.permissions import Perm, require
from unionhall.core.sanitize import clean_text

Status = Proposal.Status
PREFIX = {Side.UNION: "U", Side.DISTRICT: "D", Side.OTHER: "O"}
# A counter that still stands: it keeps what it answers "countered".
LIVE = (Status.OPEN, Status.COUNTERED, Status.TENTATIVELY_AGREED)
CLOSED = (Status.TENTATIVELY_AGREED, Status.WITHDRAWN, Status.REJECTED)
EDITABLE = ("article_number", "title", "text", "rationale", "presented_on", "session")


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _day(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def normal_article_number(value) -> str:
    """"7", "07", "Article 7" → "7"; anything else is a ValidationError."""
    text = str(value or "").strip()
    if text.lower().startswith("article"):
        text = text[7:].strip()
    if not text.isdigit() or int(text) == 0 or len(text) > 6:
        raise ValidationError(_("Write the article number in digits, like “7”."))
    return str(int(text))


def parse_text(text: str, number: str):
    """(intro, sections) of a proposal's or agreement's text, or a ValidationError listing every
    problem by line."""
    try:
        return parse_article_body(text, number)
    except ContractTextError as exc:
        raise ValidationError([
            _("Line %(line)s: %(message)s") % {"line": line, "message": message}
            if line else message for line, message in exc.problems
        ]) from None


def _next_label(local, side: str) -> str:
    Affiliate.objects.select_for_update().filter(pk=local.pk).first()  # one label at a time
    prefix = PREFIX[side]
    taken = [label.split("-", 1)[1] for label in Proposal.objects.filter(
        local=local, label__startswith=f"{prefix}-").values_list("label", flat=True)]
    return f"{prefix}-{max((int(n) for n in taken if n.isdigit()), default=0) + 1}"


def _live_counters(proposal: Proposal, *, excluding: Proposal | None = None):
    qs = proposal.counters.filter(status__in=LIVE)
    if excluding is not None and excluding.pk:
        qs = qs.exclude(pk=excluding.pk)
    return qs


def _check_counterable(answers: Proposal, *, counter: Proposal | None = None) -> None:
    if answers.status not in (Status.OPEN, Status.COUNTERED):
        raise ValidationError(_("%(label)s is %(status)s: it cannot be answered any more.")
                              % {"label": answers.label,
                                 "status": answers.get_status_display().lower()})
    other = _live_counters(answers, excluding=counter).first()
    if other is not None:
        raise ValidationError(_("%(label)s is already answered by %(other)s: answer %(other)s "
                                "instead, or withdraw it first.")
                              % {"label": answers.label, "other": other.label})


def _status(proposal: Proposal, status: str, *, by, **why) -> None:
    before = proposal.status
    proposal.status = status
    proposal.save(update_fields=["status", "updated_at"])
    record("proposal.status_changed", by=by, affiliate=proposal.local, obj=proposal,
           changes={"status": [before, status], **{k: [None, v] for k, v in why.items()}})


def _mark_answered(counter: Proposal, *, by) -> None:
    """A counter on the table makes what it answers "countered"."""
    if counter.answers_id is None or not counter.published:
        return
    answered = Proposal.objects.select_for_update().get(pk=counter.answers_id)
    if answered.status == Status.OPEN:
        _status(answered, Status.COUNTERED, by=by, counter=counter.label)


def _reopen_answered(counter: Proposal, *, by) -> None:
    """A withdrawn counter gives what it answered back its "open" status."""
    if counter.answers_id is None:
        return
    answered = Proposal.objects.select_for_update().get(pk=counter.answers_id)
    if answered.status == Status.COUNTERED and not _live_counters(answered).exists():
        _status(answered, Status.OPEN, by=by, counter_withdrawn=counter.label)


def _check_fields(local, data: dict, *, new_article: bool) -> None:
    if data.get("presented_on") and data["presented_on"] > local.today():
        raise ValidationError(_("The date it was presented cannot be in the future."))
    session = data.get("session")
    if session is not None and session.local_id != local.pk:
        raise ValidationError(_("Choose one of this local's bargaining sessions."))
    if new_article and not data["text"]:
        raise ValidationError(_("Article %(number)s is not in the contract in force: write "
                                "the text of the new article.") % {"number": data["number"]})
    if new_article and not data["title"]:
        raise ValidationError(_("Article %(number)s is not in the contract in force: give the "
                                "new article a title.") % {"number": data["number"]})
    parse_text(data["text"], data["number"])


def _clean(data: dict) -> dict:
    out = dict(data)
    for field in ("title", "text", "rationale"):
        if field in out:
            out[field] = clean_text(out[field] or "")
    if "title" in out:
        out["title"] = out["title"][:200]
    return out


@transaction.atomic(durable=True)
def create_proposal(local, *, side, article_number: str, title: str, text: str,
                    rationale: str = "", presented_on: dt.date | None = None,
                    session: Session | None = None, answers: Proposal | None = None,
                    published: bool = False, by) -> Proposal:
    """A side's proposed text for one article of the contract in force (a new article when
    the contract has none with that number); with `answers`, a counter-proposal."""
    require(by, local, Perm.BARGAIN)
    contract = queries.contract_in_force(local)
    if contract is None:
        raise ValidationError(_("No contract version is in force: import the contract and put "
                                "it in force before adding proposals."))
    if side not in Side.values:
        raise ValidationError(_("Choose the side that makes the proposal."))
    number = normal_article_number(article_number)
    article = contract.articles.filter(number=number).first()
    data = _clean({"title": title, "text": text, "rationale": rationale,
                   "presented_on": presented_on, "session": session, "number": number})
    _check_fields(local, data, new_article=article is None)
    if answers is not None:
        answers = Proposal.objects.select_for_update().get(pk=answers.pk)
        if answers.local_id != local.pk:
            raise ValidationError(_("A counter-proposal answers a proposal of this local."))
        if answers.article_number != number:
            raise ValidationError(_("A counter-proposal is on the same article as what it "
                                    "answers: %(label)s is on Article %(number)s.")
                                  % {"label": answers.label, "number": answers.article_number})
        if answers.side == side:
            raise ValidationError(_("A counter-proposal comes from the other side: %(label)s "
                                    "is already %(side)s's.")
                                  % {"label": answers.label,
                                     "side": answers.get_side_display().lower()})
        _check_counterable(answers)
    proposal = Proposal.objects.create(
        local=local, label=_next_label(local, side), side=side, contract=contract,
        article=article, article_number=number, title=data["title"], text=data["text"],
        rationale=data["rationale"], presented_on=presented_on, session=session,
        answers=answers, published=bool(published),
        published_at=timezone.now() if published else None, created_by=_user(by))
    record("proposal.created", by=by, affiliate=local, obj=proposal,
           changes={"article": [None, number], "side": [None, side],
                    "answers": [None, answers.label if answers else None],
                    "published": [None, bool(published)]})
    _mark_answered(proposal, by=by)
    return proposal


@transaction.atomic(durable=True)
def update_proposal(proposal: Proposal, *, by, **fields) -> Proposal:
    """Change a proposal's article number, title, text, rationale, date or session while it is
    open or countered. The article number changes only outside a chain of counters."""
    require(by, proposal.local, Perm.BARGAIN)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"update_proposal() cannot change {sorted(unknown)}")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status in CLOSED:
        raise ValidationError(_("%(label)s is %(status)s: it can no longer be changed.")
                              % {"label": proposal.label,
                                 "status": proposal.get_status_display().lower()})
    local = proposal.local
    before = {f: getattr(proposal, f) for f in EDITABLE}
    data = _clean({f: fields.get(f, before[f]) for f in EDITABLE})
    number = normal_article_number(data["article_number"])
    article = proposal.article
    contract = proposal.contract
    if number != proposal.article_number:
        if proposal.answers_id or proposal.counters.exists():
            raise ValidationError(_("%(label)s is part of a chain of counter-proposals on "
                                    "Article %(number)s: its article cannot change.")
                                  % {"label": proposal.label,
                                     "number": proposal.article_number})
        contract = queries.contract_in_force(local) or contract
        article = contract.articles.filter(number=number).first()
    data["number"] = number
    _check_fields(local, data, new_article=article is None)
    data["article_number"] = number
    for field in EDITABLE:
        setattr(proposal, field, data[field])
    proposal.contract, proposal.article = contract, article
    changes = diff({f: before[f] for f in EDITABLE}, {f: data[f] for f in EDITABLE})
    if "text" in changes:
        changes["text"] = [len(before["text"]), len(data["text"])]  # lengths: not the text
    if "rationale" in changes:
        changes["rationale"] = [bool(before["rationale"]), bool(data["rationale"])]
    if changes:
        proposal.save()
        record("proposal.updated", by=by, affiliate=local, obj=proposal, changes=changes)
    return proposal


@transaction.atomic(durable=True)
def publish_proposal(proposal: Proposal, *, by) -> Proposal:
    """Show a draft to everyone in the local. A published counter marks what it answers
    "countered"."""
    require(by, proposal.local, Perm.BARGAIN)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.published:
        raise ValidationError(_("%(label)s is already published.") % {"label": proposal.label})
    proposal.published = True
    proposal.published_at = timezone.now()
    proposal.save(update_fields=["published", "published_at", "updated_at"])
    record("proposal.published", by=by, affiliate=proposal.local, obj=proposal,
           changes={"published": [False, True]})
    _mark_answered(proposal, by=by)
    return proposal


@transaction.atomic(durable=True)
def set_proposal_status(proposal: Proposal, status: str, *, by) -> Proposal:
    """Open, withdrawn or rejected, by hand. Re-opening a proposal that a counter still answers
    makes it "countered"."""
    require(by, proposal.local, Perm.BARGAIN)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if status == Status.TENTATIVELY_AGREED:
        raise ValidationError(_("A proposal is tentatively agreed by signing the agreement, "
                                "not by changing its status."))
    if status == Status.COUNTERED:
        raise ValidationError(_("A proposal is countered by adding the counter-proposal that "
                                "answers it."))
    if status not in (Status.OPEN, Status.WITHDRAWN, Status.REJECTED):
        raise ValidationError(_("Choose open, withdrawn or rejected."))
    if proposal.status == Status.TENTATIVELY_AGREED:
        raise ValidationError(_("%(label)s is tentatively agreed: a signed agreement does not "
                                "change.") % {"label": proposal.label})
    if status == Status.OPEN and proposal.counters.filter(status__in=LIVE,
                                                          published=True).exists():
        status = Status.COUNTERED
    if proposal.status == status:
        raise ValidationError(_("%(label)s is already %(status)s.")
                              % {"label": proposal.label,
                                 "status": proposal.get_status_display().lower()})
    reopening = status in (Status.OPEN, Status.COUNTERED)
    if reopening and proposal.answers_id:
        _check_counterable(proposal.answers, counter=proposal)
    _status(proposal, status, by=by)
    if status == Status.WITHDRAWN:
        _reopen_answered(proposal, by=by)
    elif reopening:
        _mark_answered(proposal, by=by)
    return proposal


@transaction.atomic(durable=True)
def sign_agreement(proposal: Proposal, *, signed_on: dt.date, union_signer: str,
                   district_signer: str, text: str | None = None, title: str | None = None,
                   replace: bool = False, by) -> TentativeAgreement:
    """Both sides sign off a text for the proposal's article: by default the proposal's own
    text, and its title or else the article's. The proposal becomes "tentatively agreed" and
    is published. An article with an agreement already waiting for ratification needs
    `replace`."""
    local = proposal.local
    require(by, local, Perm.BARGAIN)
    Affiliate.objects.select_for_update().filter(pk=local.pk).first()  # one TA at a time
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in (Status.OPEN, Status.COUNTERED):
        raise ValidationError(_("%(label)s is %(status)s: only an open or countered proposal "
                                "can be agreed.")
                              % {"label": proposal.label,
                                 "status": proposal.get_status_display().lower()})
    union_signer = clean_text(union_signer or "")[:200]
    district_signer = clean_text(district_signer or "")[:200]
    if not union_signer or not district_signer:
        raise ValidationError(_("Name who signed for the union and who signed for the "
                                "district."))
    if signed_on is None or signed_on > local.today():
        raise ValidationError(_("The date it was signed cannot be in the future."))
    if proposal.presented_on and signed_on < proposal.presented_on:
        raise ValidationError(_("%(label)s was presented on %(day)s: it cannot be signed "
                                "before that.") % {"label": proposal.label,
                                                   "day": _day(proposal.presented_on)})
    text = clean_text(proposal.text if text is None else text)
    number = proposal.article_number
    intro, sections = parse_text(text, number)
    in_force = queries.contract_in_force(local)
    current = in_force.articles.filter(number=number).first() if in_force else None
    if title is None:
        title = proposal.title or (current.title if current else "")
    title = clean_text(title)[:200]
    if not (intro or sections) and current is None:
        raise ValidationError(_("Article %(number)s is not in the contract in force: an empty "
                                "agreed text would remove nothing.") % {"number": number})
    earlier = (TentativeAgreement.objects.select_related("proposal")
               .filter(local=local, article_number=number, contract=None).first())
    replaced = None
    if earlier is not None:
        if not replace:
            raise ValidationError(_(
                "Article %(number)s already has a tentative agreement signed on %(day)s "
                "(proposal %(label)s), waiting for ratification; sign this one only to replace "
                "it, and tick “replace the earlier agreement”.")
                % {"number": number, "day": _day(earlier.signed_on),
                   "label": earlier.proposal.label})
        replaced = {"proposal": earlier.proposal.label, "signed_on": str(earlier.signed_on),
                    "text": earlier.text, "title": earlier.title}
        old = earlier.proposal
        earlier.delete()
        _status(old, Status.COUNTERED, by=by, replaced_by=proposal.label)
    agreement = TentativeAgreement.objects.create(
        local=local, proposal=proposal, article_number=number, title=title, text=text,
        signed_on=signed_on, union_signer=union_signer, district_signer=district_signer,
        created_by=_user(by))
    before = proposal.status
    proposal.status = Status.TENTATIVELY_AGREED
    was_published = proposal.published
    if not proposal.published:
        proposal.published = True
        proposal.published_at = timezone.now()
    proposal.save(update_fields=["status", "published", "published_at", "updated_at"])
    record("proposal.status_changed", by=by, affiliate=local, obj=proposal,
           changes={"status": [before, proposal.status]})
    if not was_published:
        record("proposal.published", by=by, affiliate=local, obj=proposal,
               changes={"published": [False, True]})
        _mark_answered(proposal, by=by)
    changes = {"article": [None, number], "proposal": [None, proposal.label],
               "signed_on": [None, str(signed_on)]}
    if replaced:
        changes["replaces"] = [replaced, None]
    record("agreement.signed", by=by, affiliate=local, obj=agreement, changes=changes)
    return agreement
