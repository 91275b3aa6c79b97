"""Setting up an election: the local's rules, contests, nominations, candidates; the roll."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.mail import queue_email
from unionhall.core.permissions import Perm
from unionhall.core.sanitize import clean_text
from unionhall.democracy import eligibility
from unionhall.democracy.actions._common import actor, own_person, require
from unionhall.democracy.models import (
    Attendance,
    Candidate,
    Contest,
    DemocracyRules,
    Election,
    Nomination,
    VoterRollEntry,
)
from unionhall.members.models import Person

RULE_FIELDS = ("cutoff_days", "candidate_months", "quorum_kind", "quorum_number",
               "quorum_percent")
ELECTION_FIELDS = ("kind", "title", "description", "nominations_open", "nominations_close",
                   "opens_at", "closes_at", "cutoff", "paper_ballots")


def rules_for(local) -> DemocracyRules:
    """The local's rules, or the defaults (unsaved) if it never set them."""
    try:
        return local.democracy_rules
    except DemocracyRules.DoesNotExist:
        return DemocracyRules(local=local)


@transaction.atomic(durable=True)
def set_democracy_rules(local, *, by, **values) -> DemocracyRules:
    require(by, local, Perm.MANAGE_ROLES)
    rules, _created = DemocracyRules.objects.get_or_create(local=local)
    before = {f: str(getattr(rules, f)) for f in RULE_FIELDS}
    for name in RULE_FIELDS:
        if name in values:
            setattr(rules, name, values[name])
    rules.full_clean()
    rules.save()
    changes = {f: [before[f], str(getattr(rules, f))] for f in RULE_FIELDS
               if before[f] != str(getattr(rules, f))}
    record("democracy.rules_set", by=by, affiliate=local, obj=rules, changes=changes)
    return rules


def _check_windows(values: dict) -> None:
    opens, closes = values["opens_at"], values["closes_at"]
    if closes <= opens:
        raise ValidationError({"closes_at": _("Voting must close after it opens.")})
    n_open, n_close = values.get("nominations_open"), values.get("nominations_close")
    if bool(n_open) != bool(n_close):
        raise ValidationError({"nominations_close": _(
            "Give both the opening and the closing of nominations, or neither.")})
    if n_open and not n_open < n_close <= opens:
        raise ValidationError({"nominations_close": _(
            "Nominations close after they open and no later than voting opens.")})
    if values["cutoff"] > timezone.localdate(opens):
        raise ValidationError({"cutoff": _("The cut-off date cannot be after voting opens.")})


@transaction.atomic(durable=True)
def create_election(local, *, by, **values) -> Election:
    require(by, local, Perm.RUN_ELECTIONS)
    values = {k: v for k, v in values.items() if k in ELECTION_FIELDS}
    if values.get("cutoff") is None:
        local_open = timezone.localtime(values["opens_at"])
        values["cutoff"] = local_open.date() - dt.timedelta(days=rules_for(local).cutoff_days)
    _check_windows(values)
    values["description"] = clean_text(values.get("description", ""))
    election = Election.objects.create(local=local, created_by=actor(by), **values)
    record("election.created", by=by, affiliate=local, obj=election)
    return election


def _editable(election: Election) -> None:
    if election.roll_frozen_at or election.status == Election.Status.CANCELLED:
        raise ValidationError(_("Voting has opened: the election can no longer be changed."))


@transaction.atomic(durable=True)
def update_election(election: Election, *, by, **values) -> Election:
    require(by, election.local, Perm.RUN_ELECTIONS)
    election = Election.objects.select_for_update().get(pk=election.pk)
    _editable(election)
    merged = {f: values.get(f, getattr(election, f)) for f in ELECTION_FIELDS}
    _check_windows(merged)
    merged["description"] = clean_text(merged["description"])
    changes = {f: [str(getattr(election, f)), str(v)] for f, v in merged.items()
               if getattr(election, f) != v}
    for name, value in merged.items():
        setattr(election, name, value)
    election.save()
    record("election.changed", by=by, affiliate=election.local, obj=election, changes=changes)
    return election


@transaction.atomic(durable=True)
def add_contest(election: Election, *, by, title: str, method: str, seats: int = 1,
                description: str = "", term: str = "", threshold: str = "majority") -> Contest:
    require(by, election.local, Perm.RUN_ELECTIONS)
    _editable(election)
    if method not in Contest.Method.values:
        raise ValidationError({"method": _("Choose a voting method.")})
    if method == Contest.Method.IRV and seats != 1:
        raise ValidationError({"seats": _("Instant runoff fills one seat; use STV for more.")})
    if seats < 1:
        raise ValidationError({"seats": _("At least one seat.")})
    if method == Contest.Method.YES_NO:
        seats = 1
    position = election.contests.count() + 1
    contest = Contest.objects.create(
        election=election, position=position, title=title.strip(),
        description=clean_text(description), method=method, seats=seats, term=term.strip(),
        threshold=threshold)
    record("election.contest_added", by=by, affiliate=election.local, obj=contest,
           changes={"method": [None, method], "seats": [None, seats]})
    return contest


def _check_candidate(contest: Contest, person: Person, on: dt.date) -> eligibility.Verdict:
    membership = getattr(person, "membership", None)
    return eligibility.candidate(
        in_unit=person.in_unit, status=membership.status if membership else "",
        since=membership.since if membership else None, on=on,
        months=rules_for(contest.election.local).candidate_months)


def _nomination_day(election: Election) -> dt.date:
    return timezone.localdate(election.nominations_close or election.opens_at)


@transaction.atomic(durable=True)
def add_candidate(contest: Contest, *, by, name: str = "", person: Person | None = None,
                  statement: str = "") -> Candidate:
    """The committee puts a name on the ballot (a person of the local, checked against the
    rules, or a name for a ballot question's option is not needed: questions have none)."""
    election = contest.election
    require(by, election.local, Perm.RUN_ELECTIONS)
    _editable(election)
    if contest.is_question:
        raise ValidationError(_("A yes/no question has no candidates."))
    if person is not None:
        if person.local_id != election.local_id:
            raise PermissionDenied
        verdict = _check_candidate(contest, person, _nomination_day(election))
        if not verdict.eligible:
            raise ValidationError(_("%(name)s may not run under the local's rules: %(why)s") % {
                "name": person.display_name, "why": reason_text(verdict.reason, verdict.detail)})
        name = name or person.display_name
        if contest.candidates.filter(person=person).exists():
            raise ValidationError(_("%(name)s is already a candidate.") % {"name": name})
    if not name.strip():
        raise ValidationError({"name": _("Give the name on the ballot.")})
    candidate = Candidate.objects.create(
        contest=contest, person=person, name=name.strip(), statement=clean_text(statement),
        position=contest.candidates.count() + 1)
    record("election.candidate_added", by=by, affiliate=election.local, obj=candidate)
    return candidate


@transaction.atomic(durable=True)
def withdraw_candidate(candidate: Candidate, *, by) -> Candidate:
    """A candidate who withdraws stays on a printed ballot but is struck from the count."""
    election = candidate.contest.election
    own = by is not None and candidate.person_id and by.person_id == candidate.person_id
    if not own:
        require(by, election.local, Perm.RUN_ELECTIONS)
    if election.tallied_at:
        raise ValidationError(_("The votes have been counted."))
    candidate.withdrawn = True
    candidate.save(update_fields=["withdrawn"])
    record("election.candidate_withdrawn", by=by, affiliate=election.local, obj=candidate)
    return candidate


@transaction.atomic(durable=True)
def set_statement(candidate: Candidate, statement: str, *, by) -> Candidate:
    election = candidate.contest.election
    own = by is not None and candidate.person_id and by.person_id == candidate.person_id
    if not own:
        require(by, election.local, Perm.RUN_ELECTIONS)
    if election.roll_frozen_at:
        raise ValidationError(_("Statements are fixed once voting opens."))
    candidate.statement = clean_text(statement)
    candidate.save(update_fields=["statement"])
    record("election.statement_set", by=by, affiliate=election.local, obj=candidate)
    return candidate


@transaction.atomic(durable=True)
def publish_election(election: Election, *, by) -> Election:
    require(by, election.local, Perm.RUN_ELECTIONS)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != Election.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    contests = list(election.contests.all())
    if not contests:
        raise ValidationError(_("Add at least one office or question first."))
    if not election.nominations_open:
        empty = [c.title for c in contests if not c.is_question and not c.candidates.exists()]
        if empty:
            raise ValidationError(_("No candidates yet for: %(offices)s") % {
                "offices": ", ".join(empty)})
    if election.closes_at <= timezone.now():
        raise ValidationError(_("Voting would already be over: change the closing time."))
    election.status = Election.Status.PUBLISHED
    election.save(update_fields=["status"])
    record("election.published", by=by, affiliate=election.local, obj=election)
    return election


@transaction.atomic(durable=True)
def cancel_election(election: Election, *, by) -> Election:
    require(by, election.local, Perm.RUN_ELECTIONS)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.tallied_at:
        raise ValidationError(_("The votes have been counted; the election cannot be cancelled."))
    election.status = Election.Status.CANCELLED
    election.save(update_fields=["status"])
    record("election.cancelled", by=by, affiliate=election.local, obj=election)
    return election


# --- nominations ------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def nominate(contest: Contest, nominee: Person, *, by) -> Nomination:
    """A member nominates a member (themselves included) while nominations are open."""
    election = contest.election
    nominator = own_person(by, election.local)
    if getattr(getattr(nominator, "membership", None), "status", None) != "member":
        raise ValidationError(_("Only members may nominate."))
    if election.phase() != "nominating":
        raise ValidationError(_("Nominations are not open."))
    if contest.is_question:
        raise ValidationError(_("A yes/no question has no candidates."))
    if nominee.local_id != election.local_id:
        raise PermissionDenied
    if Nomination.objects.filter(contest=contest, nominee=nominee,
                                 nominated_by=nominator).exists():
        raise ValidationError(_("You have already nominated %(name)s for this office.") % {
            "name": nominee.display_name})
    verdict = _check_candidate(contest, nominee, _nomination_day(election))
    if not verdict.eligible:
        # The nominator learns only that the rules do not allow it, not the nominee's record.
        raise ValidationError(_("%(name)s may not run for this office under the local's "
                                "rules.") % {"name": nominee.display_name})
    self_nominated = nominee.pk == nominator.pk
    nomination = Nomination.objects.create(contest=contest, nominee=nominee,
                                           nominated_by=nominator)
    record("election.nominated", by=by, affiliate=election.local, obj=nomination)
    email = _email_of(nominee)
    if email and not self_nominated:
        url = reverse("nomination_answer", kwargs={"local_slug": election.local.slug,
                                                   "pk": nomination.pk})
        queue_email(email, _("You have been nominated: %(office)s") % {"office": contest.title},
                    _("%(who)s nominated you for %(office)s in %(election)s.\n\nAccept or "
                      "decline here: %(url)s\n") % {
                        "who": nominator.display_name, "office": contest.title,
                        "election": election.title, "url": url})
    return nomination


def _email_of(person: Person) -> str:
    user = getattr(person, "user", None)
    return (user.email if user is not None else "") or person.personal_email


@transaction.atomic(durable=True)
def answer_nomination(nomination: Nomination, *, accept: bool, statement: str = "",
                      by) -> Nomination:
    """The nominee accepts (and becomes a candidate, with a statement) or declines."""
    contest = nomination.contest
    election = contest.election
    me = own_person(by, election.local)
    if me.pk != nomination.nominee_id:
        raise PermissionDenied
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != Nomination.Status.PENDING:
        raise ValidationError(_("This nomination has already been answered."))
    if election.roll_frozen_at or timezone.now() >= (election.nominations_close
                                                     or election.opens_at):
        raise ValidationError(_("Nominations have closed."))
    nomination.decided_at = timezone.now()
    if accept:
        verdict = _check_candidate(contest, me, _nomination_day(election))
        if not verdict.eligible:
            nomination.status = Nomination.Status.INELIGIBLE
            nomination.reason = verdict.reason
        else:
            nomination.status = Nomination.Status.ACCEPTED
            # Several members may nominate the same person: one candidacy.
            Candidate.objects.get_or_create(
                contest=contest, person=me,
                defaults={"name": me.display_name, "statement": clean_text(statement),
                          "position": contest.candidates.count() + 1})
        # Every pending nomination of the same person for the office is answered at once.
        Nomination.objects.filter(contest=contest, nominee=me,
                                  status=Nomination.Status.PENDING).exclude(
            pk=nomination.pk).update(status=nomination.status, decided_at=nomination.decided_at,
                                     reason=nomination.reason)
    else:
        nomination.status = Nomination.Status.DECLINED
    nomination.save(update_fields=["status", "decided_at", "reason"])
    record("election.nomination_answered", by=by, affiliate=election.local, obj=nomination,
           changes={"status": ["pending", nomination.status]})
    if nomination.status == Nomination.Status.INELIGIBLE:
        raise ValidationError(_("You may not run under the local's rules: %(why)s") % {
            "why": reason_text(nomination.reason, verdict.detail)})
    return nomination


# --- the voter roll ---------------------------------------------------------------------------


def reason_text(reason: str, detail: str = "") -> str:
    """Why someone is or is not on the roll (or may not run), for people to read."""
    texts = {
        eligibility.ELIGIBLE: _("Member in good standing since %(detail)s"),
        eligibility.NOT_IN_UNIT: _("Not in the bargaining unit"),
        eligibility.NOT_A_MEMBER: _("Not a member in good standing (status: %(detail)s)"),
        eligibility.JOINED_AFTER_CUTOFF: _("Became a member on %(detail)s, after the "
                                           "cut-off date"),
        eligibility.NOT_SIGNED_IN: _("Not signed in at the meeting"),
        eligibility.TOO_NEW: _("Must have been a member without a break since %(detail)s"),
    }
    text = texts.get(reason, reason)
    return text % {"detail": detail} if "%(detail)s" in text else text


def _roll_rows(election: Election) -> list[VoterRollEntry]:
    present = None
    if election.meeting_id:
        present = set(Attendance.objects.filter(meeting_id=election.meeting_id)
                      .values_list("person_id", flat=True))
    rows = []
    people = (Person.objects.filter(local_id=election.local_id)
              .values_list("id", "in_unit", "membership__status", "membership__since"))
    for pk, in_unit, status, since in people.iterator(chunk_size=2000):
        verdict = eligibility.voter(in_unit=in_unit, status=status or "", since=since,
                                    cutoff=election.cutoff)
        if present is not None and verdict.eligible and pk not in present:
            verdict = eligibility.Verdict(False, eligibility.NOT_SIGNED_IN)
        rows.append(VoterRollEntry(election=election, person_id=pk, eligible=verdict.eligible,
                                   reason=verdict.reason, detail=verdict.detail))
    return rows


@transaction.atomic(durable=True)
def freeze_roll(election: Election, *, by=None, now=None, announce: bool = True) -> bool:
    """Draw the voter roll once, when voting opens; later changes to memberships do not move
    it, and (with `announce`) email those on it that voting is open. Returns whether it was
    frozen now (False if it already was, or it is too early)."""
    now = now or timezone.now()
    election = Election.objects.select_for_update().get(pk=election.pk)
    if (election.roll_frozen_at or election.status != Election.Status.PUBLISHED
            or now < election.opens_at):
        return False
    rows = _roll_rows(election)
    VoterRollEntry.objects.bulk_create(rows, batch_size=1000)
    election.roll_frozen_at = now
    election.save(update_fields=["roll_frozen_at"])
    eligible = sum(r.eligible for r in rows)
    record("election.roll_frozen", by=by, affiliate=election.local, obj=election,
           changes={"eligible": [None, eligible], "listed": [None, len(rows)]})
    if announce and not election.meeting_id:
        _announce(election, [r.person_id for r in rows if r.eligible], "open")
    return True


def ensure_roll(election: Election) -> Election:
    """Freeze the roll if voting has opened and nobody has yet (the first visitor does it)."""
    if election.roll_frozen_at is None and election.phase() in ("voting", "counting"):
        freeze_roll(election)
        election.refresh_from_db()
    return election


def _announce(election: Election, person_ids: list[int], which: str) -> None:
    from unionhall.democracy.tasks import announce_voting

    if person_ids:
        transaction.on_commit(lambda: announce_voting.enqueue(election.pk, person_ids, which))


def announce_now(election: Election, person_ids: list[int], which: str) -> int:
    """Queue one email per person with an address, in their language; returns how many."""
    from django.conf import settings
    from django.utils import formats, translation

    url = settings.SITE_URL + reverse("election_detail", kwargs={
        "local_slug": election.local.slug, "pk": election.pk})
    closes = timezone.localtime(election.closes_at, ZoneInfo(election.local.time_zone))
    params = {"title": election.title, "url": url}
    sent = 0
    people = (Person.objects.filter(pk__in=person_ids).select_related("user")
              .only("personal_email", "language", "user__email"))
    for person in people.iterator(chunk_size=2000):
        email = _email_of(person)
        if not email:
            continue
        with translation.override(person.language):
            params["closes"] = formats.date_format(closes, "DATETIME_FORMAT")
            if which == "reminder":
                subject = _("Last day to vote: %(title)s") % params
                body = _("You have not voted yet in %(title)s. Voting closes at "
                         "%(closes)s.\n\nVote here: %(url)s\n") % params
            else:
                subject = _("Voting is open: %(title)s") % params
                body = _("Voting in %(title)s is open until %(closes)s.\n\nVote here: "
                         "%(url)s\n") % params
        queue_email(email, subject, body)
        sent += 1
    return sent


@transaction.atomic(durable=True)
def send_reminders(election: Election, *, now=None) -> int:
    """A day before voting closes, remind those on the roll who have not voted. Once.
    Returns how many are reminded (those with an email address get one)."""
    now = now or timezone.now()
    election = Election.objects.select_for_update().get(pk=election.pk)
    if (election.reminder_sent_at or not election.roll_frozen_at or election.meeting_id
            or not election.closes_at - dt.timedelta(days=1) <= now < election.closes_at):
        return 0
    voted = election.turnout.values("person_id")
    waiting = list(election.roll.filter(eligible=True).exclude(person_id__in=voted)
                   .values_list("person_id", flat=True))
    election.reminder_sent_at = now
    election.save(update_fields=["reminder_sent_at"])
    _announce(election, waiting, "reminder")
    record("election.reminded", by=None, affiliate=election.local, obj=election,
           changes={"reminded": [None, len(waiting)]})
    return len(waiting)


def run_due(local, *, now=None) -> dict:
    """The scheduled work for a local's elections: freeze rolls that are due, send reminders."""
    now = now or timezone.now()
    frozen = reminded = 0
    due = Election.objects.filter(local=local, status=Election.Status.PUBLISHED,
                                  published_at__isnull=True, opens_at__lte=now)
    for election in due:
        frozen += freeze_roll(election, now=now)
        reminded += send_reminders(election, now=now)
    return {"frozen": frozen, "reminded": reminded}
