"""Elections through their actions: the roll, casting, paper ballots, the count, certification,
nominations and reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import PersonFactory, make_user
from unionhall.democracy import actions, eligibility
from unionhall.democracy.ballots import BallotError
from unionhall.democracy.models import Ballot, Nomination, Turnout, VoterRollEntry
from unionhall.democracy.tests.conftest import candidates, close, make_election
from unionhall.members.actions import change_membership

pytestmark = pytest.mark.django_db


def voter(world, i=0, **fields):
    person = PersonFactory(local=world.local, worksite=world.site_a, **fields)
    return make_user(f"voter{person.pk}@example.org", person=person, mfa=False)


def test_roll_is_frozen_when_voting_opens_with_a_reason_for_everyone(world):
    new = PersonFactory(local=world.local, worksite=world.site_a)
    new.membership.since = timezone.localdate()
    new.membership.save()
    non_member = PersonFactory(local=world.local, worksite=world.site_a, status="non_member")
    gone = PersonFactory(local=world.local, worksite=world.site_a, in_unit=False)
    election = make_election(world.local, opened=False)
    assert not actions.freeze_roll(election)  # too early
    election.opens_at = timezone.now() - dt.timedelta(minutes=1)
    election.save()
    assert actions.freeze_roll(election)
    roll = {e.person_id: e for e in VoterRollEntry.objects.filter(election=election)}
    assert roll[world.people_a[0].pk].eligible
    assert roll[new.pk].reason == eligibility.JOINED_AFTER_CUTOFF
    assert roll[non_member.pk].reason == eligibility.NOT_A_MEMBER
    assert roll[gone.pk].reason == eligibility.NOT_IN_UNIT
    assert world.outsider_person.pk not in roll
    # Frozen: a later change of membership does not move the roll, and a second freeze is a no-op.
    change_membership(world.people_a[0], "lapsed", by=None)
    assert not actions.freeze_roll(election)
    assert VoterRollEntry.objects.get(election=election, person=world.people_a[0]).eligible


def test_a_member_votes_once_and_gets_a_receipt(world):
    election = make_election(world.local)
    contest, ids = candidates(election)
    user = world.users["member"]
    receipt = actions.cast_ballot(election, {contest.pk: {ids["Ben"]: 1, ids["Ana"]: "2"}},
                                  by=user)
    assert len(receipt) == 64
    ballot = Ballot.objects.get(election=election)
    assert ballot.marks == {str(contest.pk): [ids["Ben"], ids["Ana"]]}
    assert ballot.receipt == receipt
    assert Turnout.objects.filter(election=election, person=user.person).exists()
    with pytest.raises(actions.AlreadyVoted):
        actions.cast_ballot(election, {contest.pk: {ids["Cy"]: 1}}, by=user)
    assert Ballot.objects.filter(election=election).count() == 1


def test_ballot_mistakes_are_refused_with_their_reason(world):
    election = make_election(world.local, contests=[
        ("Officers", "scottish-stv", 2, ("Ana", "Ben", "Cy")),
        ("Trustees", "plurality", 2, ("Dee", "Eve", "Fay"))])
    stv, s = candidates(election, "Officers")
    plur, p = candidates(election, "Trustees")
    user = world.users["member"]
    cases = [
        ({stv.pk: {s["Ana"]: 1, s["Ben"]: 1}}, "repeated_rank"),
        ({stv.pk: {s["Ana"]: 1, s["Ben"]: 3}}, "missing_rank"),
        ({stv.pk: {s["Ana"]: "x"}}, "bad_rank"),
        ({plur.pk: [p["Dee"], p["Eve"], p["Fay"]]}, "too_many"),
        ({plur.pk: [s["Ana"]]}, "unknown_candidate"),
    ]
    for marks, code in cases:
        with pytest.raises(BallotError) as exc:
            actions.cast_ballot(election, marks, by=user)
        assert exc.value.code == code
    assert not Turnout.objects.exists() and not Ballot.objects.exists()


def test_only_those_on_the_roll_vote_and_only_while_voting_is_open(world):
    election = make_election(world.local)
    contest, ids = candidates(election)
    outsider = world.users["outsider"]
    with pytest.raises(PermissionDenied):
        actions.cast_ballot(election, {}, by=outsider)
    non_member = voter(world, status="non_member")
    with pytest.raises(actions.NotOnRoll):
        actions.cast_ballot(election, {}, by=non_member)
    close(election)
    with pytest.raises(ValidationError):
        actions.cast_ballot(election, {contest.pk: {ids["Ana"]: 1}}, by=world.users["member"])


def test_count_and_certification_by_two_committee_members(world, committee):
    votes = [("Ana",), ("Ana",), ("Ben", "Ana"), ("Cy", "Ben"), ("Cy", "Ben")]
    voters = [voter(world) for _ in votes]
    election = make_election(world.local, contests=[("Chair", "irv", 1, ("Ana", "Ben", "Cy"))])
    contest, ids = candidates(election)
    for ranking, user in zip(votes, voters, strict=True):
        actions.cast_ballot(election, {contest.pk: {ids[n]: r for r, n in
                                                    enumerate(ranking, 1)}}, by=user)
    with pytest.raises(ValidationError):
        actions.tally_election(election, by=committee[0])  # still open
    close(election)
    election = actions.tally_election(election, by=committee[0])
    result = election.results["contests"][str(contest.pk)]
    # Ben is out first (1 vote) and goes to Ana: Ana 3, Cy 2.
    assert result["elected"] == [ids["Ana"]]
    assert election.results["ballots"] == 5
    assert election.published_at is None
    with pytest.raises(PermissionDenied):
        actions.certify_election(election, by=world.users["admin"])  # not on the committee
    actions.certify_election(election, by=committee[0])
    with pytest.raises(ValidationError):
        actions.certify_election(election, by=committee[0])
    election.refresh_from_db()
    assert election.published_at is None
    election = actions.certify_election(election, by=committee[1])
    assert election.published_at is not None
    assert election.phase() == "published"


def test_paper_ballots_count_with_the_online_ones(world, committee):
    election = make_election(world.local, paper=True,
                             contests=[("Treasurer", "plurality", 1, ("Ana", "Ben"))])
    contest, ids = candidates(election)
    paper_voter = world.people_a[2]
    actions.ensure_roll(election)
    actions.record_paper_turnout(election, paper_voter, by=committee[0])
    with pytest.raises(actions.AlreadyVoted):
        actions.record_paper_turnout(election, paper_voter, by=committee[0])
    paper_user = make_user("paper@example.org", person=paper_voter, mfa=False)
    with pytest.raises(actions.AlreadyVoted):
        actions.cast_ballot(election, {contest.pk: [ids["Ben"]]}, by=paper_user)
    actions.enter_paper_ballot(election, {contest.pk: [ids["Ana"]]}, by=committee[0])
    with pytest.raises(ValidationError):  # one envelope, one ballot
        actions.enter_paper_ballot(election, {contest.pk: [ids["Ana"]]}, by=committee[0])
    actions.cast_ballot(election, {contest.pk: [ids["Ana"]]}, by=world.users["member"])
    actions.cast_ballot(election, {contest.pk: [ids["Ben"]]}, by=world.users["rep"])
    actions.record_paper_turnout(election, world.people_b[0], by=committee[0])
    close(election)
    with pytest.raises(ValidationError, match="2 paper envelopes"):
        actions.tally_election(election, by=committee[0])
    actions.enter_paper_ballot(election, {contest.pk: [ids["Ana"]]}, by=committee[0])
    election = actions.tally_election(election, by=committee[0])
    result = election.results["contests"][str(contest.pk)]
    assert result["elected"] == [ids["Ana"]]
    assert result["rounds"][0]["votes"] == {str(ids["Ana"]): 3, str(ids["Ben"]): 1} or \
        result["rounds"][0]["votes"] == {ids["Ana"]: 3, ids["Ben"]: 1}
    assert election.results["paper"] == 2


def test_paper_needs_the_committee(world):
    election = make_election(world.local, paper=True)
    actions.ensure_roll(election)
    with pytest.raises(PermissionDenied):
        actions.record_paper_turnout(election, world.people_a[2], by=world.users["officer"])
    with pytest.raises(PermissionDenied):
        actions.enter_paper_ballot(election, {}, by=world.users["member"])


def test_nominations_accepted_declined_and_checked_against_the_rules(
        world, django_capture_on_commit_callbacks):
    election = make_election(world.local, nominations=True, opened=False,
                             contests=[("President", "plurality", 1, ())])
    contest = election.contests.get()
    member = world.users["member"]
    nominee = world.people_a[1]  # the rep, a member since 2020
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nomination = actions.nominate(contest, nominee, by=member)
    assert len(mail.outbox) == 1 and "President" in mail.outbox[0].subject
    with pytest.raises(PermissionDenied):  # only the nominee answers
        actions.answer_nomination(nomination, accept=True, by=member)
    actions.answer_nomination(nomination, accept=True, statement="Ready to serve.\x00",
                              by=world.users["rep"])
    candidate = contest.candidates.get()
    assert candidate.person == nominee and candidate.statement == "Ready to serve."
    # A member of six months may not run under the default twelve-month rule.
    fresh = PersonFactory(local=world.local, worksite=world.site_a)
    fresh.membership.since = timezone.localdate() - dt.timedelta(days=180)
    fresh.membership.save()
    with pytest.raises(ValidationError, match="may not run"):
        actions.nominate(contest, fresh, by=member)
    # A non-member may not nominate.
    with pytest.raises(ValidationError, match="Only members"):
        actions.nominate(contest, nominee, by=voter(world, status="non_member"))
    # Self-nomination, then declining.
    own = actions.nominate(contest, world.people_a[0], by=member)
    actions.answer_nomination(own, accept=False, by=member)
    assert Nomination.objects.get(pk=own.pk).status == "declined"


def test_nominations_only_while_open(world):
    election = make_election(world.local, contests=[("President", "plurality", 1, ("Ana",))])
    with pytest.raises(ValidationError, match="not open"):
        actions.nominate(election.contests.get(), world.people_a[1], by=world.users["member"])


def test_reminders_go_once_to_those_who_have_not_voted(world,
                                                      django_capture_on_commit_callbacks):
    election = make_election(world.local, contests=[("Chair", "plurality", 1, ("Ana",))])
    contest, ids = candidates(election)
    actions.ensure_roll(election)
    actions.cast_ballot(election, {contest.pk: [ids["Ana"]]}, by=world.users["member"])
    mail.outbox.clear()
    assert actions.send_reminders(election, now=election.closes_at - dt.timedelta(days=2)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        sent = actions.send_reminders(election,
                                      now=election.closes_at - dt.timedelta(hours=3))
    on_roll = VoterRollEntry.objects.filter(election=election, eligible=True).count()
    assert sent == on_roll - 1 == len(mail.outbox)
    assert world.people_a[0].personal_email not in {m.to[0] for m in mail.outbox}
    assert actions.send_reminders(election, now=election.closes_at - dt.timedelta(hours=2)) == 0


def test_scheduled_job_freezes_rolls_that_are_due(world):
    from io import StringIO

    from django.core.management import call_command

    election = make_election(world.local)
    out = StringIO()
    call_command("run_scheduled", stdout=out)
    election.refresh_from_db()
    assert election.roll_frozen_at is not None
    assert "Voter rolls frozen: 1" in out.getvalue()


def test_a_draft_cannot_be_published_without_candidates(world):
    election = actions.create_election(
        world.local, by=None, title="Empty", kind="officers",
        opens_at=timezone.now() + dt.timedelta(days=1),
        closes_at=timezone.now() + dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="at least one"):
        actions.publish_election(election, by=None)
    actions.add_contest(election, by=None, title="Chair", method="irv", seats=1)
    with pytest.raises(ValidationError, match="No candidates"):
        actions.publish_election(election, by=None)
    with pytest.raises(ValidationError):
        actions.add_contest(election, by=None, title="Board", method="irv", seats=3)


def test_windows_are_checked(world):
    now = timezone.now()
    with pytest.raises(ValidationError):
        actions.create_election(world.local, by=None, title="x", kind="officers",
                                opens_at=now, closes_at=now - dt.timedelta(hours=1))
    with pytest.raises(ValidationError):
        actions.create_election(world.local, by=None, title="x", kind="officers",
                                opens_at=now, closes_at=now + dt.timedelta(days=1),
                                nominations_open=now - dt.timedelta(days=1),
                                nominations_close=now + dt.timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        actions.create_election(world.local, by=world.users["officer"], title="x",
                                kind="officers", opens_at=now,
                                closes_at=now + dt.timedelta(days=1))


def test_a_withdrawn_candidate_is_struck_from_the_count(world, committee):
    election = make_election(world.local, contests=[("Board", "scottish-stv", 1,
                                                     ("Ana", "Ben", "Cy"))])
    contest, ids = candidates(election)
    actions.cast_ballot(election, {contest.pk: {ids["Ben"]: 1, ids["Cy"]: 2}},
                        by=world.users["member"])
    actions.cast_ballot(election, {contest.pk: {ids["Ana"]: 1}}, by=world.users["rep"])
    actions.withdraw_candidate(contest.candidates.get(name="Ben"), by=committee[0])
    close(election)
    result = actions.tally_election(election, by=committee[0]).results["contests"][
        str(contest.pk)]
    assert ids["Ben"] in result["withdrawn"]
    assert ids["Ben"] not in result["elected"]


def test_opening_the_vote_emails_the_roll_in_each_ones_language(
        world, django_capture_on_commit_callbacks):
    spanish = world.people_a[2]
    spanish.language = "es"
    spanish.save()
    election = make_election(world.local, opened=False)
    election.opens_at = timezone.now() - dt.timedelta(minutes=1)
    election.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.freeze_roll(election)
    eligible = VoterRollEntry.objects.filter(election=election, eligible=True).count()
    assert len(mail.outbox) == eligible
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[spanish.personal_email].subject.startswith("La votación")
    assert f"/l/lakeview/elections/{election.pk}/" in by_address[spanish.personal_email].body
    quiet = make_election(world.local, title="Quiet", opened=False)
    quiet.opens_at = timezone.now() - dt.timedelta(minutes=1)
    quiet.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.freeze_roll(quiet, announce=False)
    assert mail.outbox == []
