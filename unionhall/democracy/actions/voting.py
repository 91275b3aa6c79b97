"""Casting ballots (online and on paper), counting them, certifying the results.

Secrecy, as the models describe it: the turnout row and the ballot are written in one
transaction, and nothing written with them (audit entries included) names both. While voting
is open the database's own bookkeeping (row order, transaction ids) could still pair them for
someone reading the raw files, so the count begins by mixing the box: every ballot and turnout
row is rewritten, the ballots in the order of their random ids.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.permissions import Perm
from unionhall.democracy import ballots as ballot_rules
from unionhall.democracy.actions._common import own_person, require, require_committee
from unionhall.democracy.actions.elections import ensure_roll
from unionhall.democracy.models import (
    Ballot,
    Certification,
    Election,
    Turnout,
    VoterRollEntry,
)

CERTIFICATIONS_NEEDED = 2


class AlreadyVoted(ValidationError):
    pass


class NotOnRoll(ValidationError):
    pass


def contest_specs(election: Election) -> list[ballot_rules.ContestSpec]:
    specs = []
    contests = election.contests.prefetch_related("candidates")
    for contest in contests:
        candidates = list(contest.candidates.all())
        specs.append(ballot_rules.ContestSpec(
            id=contest.pk, method=contest.method, seats=contest.seats,
            candidates=tuple(c.pk for c in candidates),
            withdrawn=tuple(c.pk for c in candidates if c.withdrawn),
            threshold=contest.threshold))
    return specs


def _open_for_voting(election: Election) -> None:
    if election.phase() != "voting":
        raise ValidationError(_("Voting is not open."))


def cast_ballot(election: Election, marks: dict, *, by) -> str:
    """The acting member's ballot. Returns the receipt (a sha256 hex digest), which is shown
    to the voter once and stored only on the ballot. Raises AlreadyVoted for a second vote."""
    person = own_person(by, election.local)
    election = ensure_roll(Election.objects.select_related("local").get(pk=election.pk))
    _open_for_voting(election)
    ballot = ballot_rules.clean(contest_specs(election), marks)
    try:
        return _store(election, person.pk, ballot)
    except IntegrityError:
        # Two submissions at the same moment: the constraint let exactly one through.
        raise AlreadyVoted(_("You have already voted in this election.")) from None


@transaction.atomic(durable=True)
def _store(election: Election, person_id: int, ballot: dict) -> str:
    entry = VoterRollEntry.objects.filter(election=election, person_id=person_id).first()
    if entry is None or not entry.eligible:
        raise NotOnRoll(_("You are not on the voter roll of this election."))
    if Turnout.objects.filter(election=election, person_id=person_id).exists():
        raise AlreadyVoted(_("You have already voted in this election."))
    Turnout.objects.create(election=election, person_id=person_id,
                           channel=Turnout.Channel.ONLINE)
    receipt = ballot_rules.receipt(ballot, secrets.token_hex(16))
    Ballot.objects.create(election=election, marks=ballot, receipt=receipt)
    return receipt


@transaction.atomic(durable=True)
def record_paper_turnout(election: Election, person, *, by) -> Turnout:
    """The committee checks a returned paper ballot's envelope against the roll; from then on
    the person cannot vote online. The ballot inside is entered apart, unlinked."""
    require(by, election.local, Perm.RUN_ELECTIONS)
    election = Election.objects.get(pk=election.pk)
    if not election.paper_ballots:
        raise ValidationError(_("This election does not take paper ballots."))
    if election.tallied_at or election.phase() not in ("voting", "counting"):
        raise ValidationError(_("Paper ballots are checked in while voting is open or before "
                                "the count."))
    entry = VoterRollEntry.objects.filter(election=election, person=person).first()
    if entry is None or not entry.eligible:
        raise NotOnRoll(_("%(name)s is not on the voter roll.") % {"name": person.display_name})
    if Turnout.objects.filter(election=election, person=person).exists():
        raise AlreadyVoted(_("%(name)s has already voted.") % {"name": person.display_name})
    turnout = Turnout.objects.create(election=election, person=person,
                                     channel=Turnout.Channel.PAPER)
    record("election.paper_checked_in", by=by, affiliate=election.local, obj=election,
           changes={"person": [None, person.pk]})
    return turnout


@transaction.atomic(durable=True)
def enter_paper_ballot(election: Election, marks: dict, *, by) -> None:
    """One paper ballot as marked. There can be no more paper ballots than checked-in
    envelopes. The audit entry counts ballots; it does not say which was entered."""
    require(by, election.local, Perm.RUN_ELECTIONS)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.tallied_at:
        raise ValidationError(_("The votes have been counted."))
    envelopes = election.turnout.filter(channel=Turnout.Channel.PAPER).count()
    entered = election.ballots.filter(paper=True).count()
    if entered >= envelopes:
        raise ValidationError(_("Every checked-in envelope already has its ballot entered "
                                "(%(n)s). Check in the envelope first.") % {"n": envelopes})
    ballot = ballot_rules.clean(contest_specs(election), marks)
    Ballot.objects.create(election=election, marks=ballot, paper=True)
    record("election.paper_ballot_entered", by=by, affiliate=election.local, obj=election,
           changes={"paper_ballots": [entered, entered + 1]})


def _mix(election: Election) -> None:
    """Rewrite the ballots in the order of their random ids and the turnout in the order of
    persons, so neither row order nor transaction ids follow the order of voting."""
    ballots = list(Ballot.objects.filter(election=election).order_by("id"))
    turnout = list(Turnout.objects.filter(election=election).order_by("person_id"))
    Ballot.objects.filter(election=election).delete()
    Turnout.objects.filter(election=election).delete()
    Ballot.objects.bulk_create(ballots, batch_size=1000)
    for row in turnout:
        row.pk = None
    Turnout.objects.bulk_create(turnout, batch_size=1000)


@transaction.atomic(durable=True)
def tally_election(election: Election, *, by=None) -> Election:
    """After the close: mix the box, count every contest, keep the results and their digest.
    A motion voted at a meeting is published at once; anything else waits for certification."""
    if by is not None:
        require(by, election.local, Perm.RUN_ELECTIONS)
    return _tally(Election.objects.select_for_update().get(pk=election.pk), by=by)


def _tally(election: Election, *, by) -> Election:
    if election.tallied_at:
        return election
    if election.phase() != "counting":
        raise ValidationError(_("Voting has not closed yet."))
    envelopes = election.turnout.filter(channel=Turnout.Channel.PAPER).count()
    entered = election.ballots.filter(paper=True).count()
    if entered != envelopes:
        raise ValidationError(_("%(envelopes)s paper envelopes were checked in but %(entered)s "
                                "paper ballots entered.") % {"envelopes": envelopes,
                                                             "entered": entered})
    _mix(election)
    marks = list(election.ballots.values_list("marks", flat=True))
    election.lot_seed = secrets.token_hex(16)
    results = {
        "ballots": len(marks),
        "paper": entered,
        "eligible": election.roll.filter(eligible=True).count(),
        "contests": ballot_rules.tally(contest_specs(election), marks, election.lot_seed),
        "seed": election.lot_seed,
    }
    election.results = results
    election.results_digest = ballot_rules.digest(results)
    election.tallied_at = timezone.now()
    if not election.needs_certification:
        election.published_at = election.tallied_at
    election.save(update_fields=["lot_seed", "results", "results_digest", "tallied_at",
                                 "published_at"])
    record("election.tallied", by=by, affiliate=election.local, obj=election,
           changes={"ballots": [None, len(marks)], "digest": [None, election.results_digest]})
    if connection.vendor == "postgresql":
        # The old row versions (with their transaction ids) go at the next vacuum.
        transaction.on_commit(_vacuum)
    return election


def _vacuum() -> None:
    with connection.cursor() as cursor:
        for model in (Ballot, Turnout):
            cursor.execute(f'VACUUM "{model._meta.db_table}"')


@transaction.atomic(durable=True)
def certify_election(election: Election, *, by) -> Election:
    """A member of the election committee signs the results; the second signature publishes."""
    require_committee(by, election.local)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if not election.tallied_at:
        raise ValidationError(_("Count the votes before certifying."))
    if not election.needs_certification or election.published_at:
        raise ValidationError(_("These results are already published."))
    if election.certifications.filter(user=by).exists():
        raise ValidationError(_("You have already certified these results; a second member "
                                "of the committee must too."))
    person = getattr(by, "person", None) if by.person_id else None
    Certification.objects.create(election=election, user=by,
                                 name=person.display_name if person else by.email,
                                 results_digest=election.results_digest)
    signed = election.certifications.filter(results_digest=election.results_digest).count()
    if signed >= CERTIFICATIONS_NEEDED:
        election.published_at = timezone.now()
        election.save(update_fields=["published_at"])
    record("election.certified", by=by, affiliate=election.local, obj=election,
           changes={"signatures": [signed - 1, signed],
                    "published": [False, bool(election.published_at)]})
    return election


def voter_status(election: Election, person) -> tuple[VoterRollEntry | None, Turnout | None]:
    """The person's roll entry and turnout, for their own election page."""
    if person is None:
        return None, None
    entry = VoterRollEntry.objects.filter(election=election, person=person).first()
    turnout = Turnout.objects.filter(election=election, person=person).first()
    return entry, turnout
