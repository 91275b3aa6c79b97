"""The program's writes: the program and committee, cycles and criteria, enrolment with its
window and its owner, the matcher's proposal, changes by hand and publishing (email once)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import PersonFactory, make_user
from tests.matrix_mentoring_program import enrol, make_cycle, make_program
from unionhall.core.models import AuditEntry, JobFamily
from unionhall.mentoring import scoring
from unionhall.mentoring.actions import program as actions
from unionhall.mentoring.models import (
    AdvisoryMember,
    Enrollment,
    Match,
    MentoringProgram,
    PairMeeting,
)


def u(world, name):
    return world.users[name]


# --- the program ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "officer", "admin"])
def test_who_manages_sets_up_the_program(world, persona):
    program = actions.save_program(world.local, by=u(world, persona), name=" Peer Mentoring ",
                                   description="**Hello**", paid_hours_cap="12",
                                   thank_you_letter="Dear {name}")
    assert (program.name, program.paid_hours_cap) == ("Peer Mentoring", 12)
    assert AuditEntry.objects.filter(verb="mentoring_program.saved").count() == 1


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state", "outsider", "course",
                                     "facilitator"])
def test_others_may_not_touch_the_program(world, persona):
    with pytest.raises(PermissionDenied):
        actions.save_program(world.local, by=u(world, persona), name="X")
    program = make_program(world)
    for call in (lambda: actions.save_program(world.local, by=u(world, persona),
                                              program=program, name="X"),
                 lambda: actions.set_committee(program, [], by=u(world, persona)),
                 lambda: actions.save_cycle(program, by=u(world, persona), name="X")):
        with pytest.raises(PermissionDenied):
            call()


def test_one_program_per_local_and_its_checks(world):
    program = make_program(world)
    with pytest.raises(ValidationError, match="already has"):
        actions.save_program(world.local, by=None, name="Another")
    with pytest.raises(ValidationError) as info:
        actions.save_program(world.local, by=None, program=program, name="  ",
                             paid_hours_cap=-3)
    assert set(info.value.message_dict) == {"name", "paid_hours_cap"}
    program = actions.save_program(world.local, by=None, program=program, name="Renamed",
                                   description="New words", paid_hours_cap=None)
    assert program.paid_hours_cap is None
    entry = AuditEntry.objects.filter(verb="mentoring_program.saved").order_by("id").last()
    assert entry.changes["name"] == ["Lakeview Peer Mentoring", "Renamed"]
    assert entry.changes["description"] == ["…", "…"]


def test_committee_is_set_as_a_whole_from_the_locals_people(world):
    program = make_program(world)
    a, b = world.people_a[0], world.people_b[1]
    actions.set_committee(program, [(a, "Chair"), (b, "")], by=u(world, "coordinator"))
    assert {(m.person, m.role_title) for m in AdvisoryMember.objects.all()} == {
        (a, "Chair"), (b, "")}
    actions.set_committee(program, [(b, "Secretary")], by=None)
    assert list(AdvisoryMember.objects.values_list("person", "role_title")) == [
        (b.pk, "Secretary")]
    with pytest.raises(ValidationError, match="people of this local"):
        actions.set_committee(program, [(world.outsider_person, "Spy")], by=None)


# --- cycles and criteria ----------------------------------------------------------------------


def test_a_cycle_gets_the_default_criteria_and_its_dates_are_checked(world):
    program = make_program(world)
    day = dt.date(2026, 9, 1)
    cycle = actions.save_cycle(program, by=u(world, "coordinator"), name="2026–27",
                               registration_opens_on=day,
                               registration_closes_on=day + dt.timedelta(days=14),
                               starts_on=day + dt.timedelta(days=21),
                               ends_on=day + dt.timedelta(days=200))
    assert cycle.criteria == scoring.DEFAULT_CRITERIA
    with pytest.raises(ValidationError) as info:
        actions.save_cycle(program, by=None, cycle=cycle, name="x",
                           registration_opens_on=day, registration_closes_on=day - dt.timedelta(1),
                           starts_on=day, ends_on=day)
    assert set(info.value.message_dict) == {"registration_closes_on", "ends_on"}
    with pytest.raises(ValidationError) as info:
        actions.save_cycle(program, by=None, name="x", registration_opens_on=day,
                           registration_closes_on=day + dt.timedelta(10),
                           starts_on=day + dt.timedelta(5), ends_on=day + dt.timedelta(90))
    assert set(info.value.message_dict) == {"starts_on"}
    with pytest.raises(ValidationError) as info:
        actions.save_cycle(program, by=None, name="", registration_opens_on=None)
    assert {"name", "registration_opens_on", "starts_on"} <= set(info.value.message_dict)


def test_criteria_are_validated_and_logged(world):
    cycle = make_cycle(world)
    actions.set_criteria(cycle, {"job_family": {"weight": 7, "required": True}},
                         by=u(world, "coordinator"))
    cycle.refresh_from_db()
    assert cycle.criteria["job_family"] == {"weight": 7, "required": True}
    assert cycle.criteria["language"] == scoring.DEFAULT_CRITERIA["language"]
    entry = AuditEntry.objects.get(verb="matching.criteria_set")
    assert list(entry.changes) == ["job_family"]
    with pytest.raises(ValidationError, match="whole number from 0 to 10"):
        actions.set_criteria(cycle, {"language": {"weight": 12}}, by=None)
    with pytest.raises(PermissionDenied):
        actions.set_criteria(cycle, {}, by=u(world, "member"))


# --- enrolment --------------------------------------------------------------------------------


def values(role="mentee", **kw):
    data = {"role": role, "job_family": JobFamily.objects.get(code="paraeducators").pk,
            "worksite": None, "shift": "day", "years_of_service": 2,
            "languages": ["es", "en"], "availability": ["lunch"],
            "standards": ["technology", "communication"], "about": "New this year",
            "capacity": 3}
    data.update(kw)
    return data


def test_a_person_enrols_themself_while_registration_is_open(world):
    cycle = make_cycle(world)
    me = world.people_a[0]
    e = actions.save_enrollment(cycle, me, by=u(world, "member"), **values())
    assert (e.role, e.capacity, e.languages, e.standards) == (
        "mentee", 1, ["en", "es"], ["communication", "technology"])
    assert AuditEntry.objects.get(verb="enrollment.saved").changes["role"] == [None, "mentee"]
    # Changing it: the same row; mentors choose how many mentees.
    e2 = actions.save_enrollment(cycle, me, by=u(world, "member"), **values("mentor"))
    assert e2.pk == e.pk and (e2.role, e2.capacity) == ("mentor", 3)


def test_no_one_enrols_someone_else_but_the_coordinator(world):
    cycle = make_cycle(world)
    with pytest.raises(PermissionDenied):
        actions.save_enrollment(cycle, world.people_a[2], by=u(world, "member"), **values())
    for persona in ("steward", "state", "course", "facilitator", "outsider"):
        with pytest.raises(PermissionDenied):
            actions.save_enrollment(cycle, world.people_a[2], by=u(world, persona), **values())
    e = actions.save_enrollment(cycle, world.people_a[2], by=u(world, "coordinator"),
                                **values())
    assert e.person == world.people_a[2]
    with pytest.raises(PermissionDenied):
        actions.save_enrollment(cycle, world.outsider_person, by=u(world, "coordinator"),
                                **values())


def test_outside_the_window_a_person_is_refused_with_the_dates(world):
    today = world.local.today()
    soon = make_cycle(world, name="Later", registration_opens_on=today + dt.timedelta(days=3),
                      registration_closes_on=today + dt.timedelta(days=9),
                      starts_on=today + dt.timedelta(days=10))
    with pytest.raises(ValidationError) as info:
        actions.save_enrollment(soon, world.people_a[0], by=u(world, "member"), **values())
    from django.utils.formats import date_format

    message = info.value.messages[0]
    assert "opens on" in message and date_format(soon.registration_opens_on) in message
    past = make_cycle(world, open=False)
    with pytest.raises(ValidationError, match="closed on"):
        actions.save_enrollment(past, world.people_a[0], by=u(world, "member"), **values())
    # The coordinator enters a late paper form.
    e = actions.save_enrollment(past, world.people_a[0], by=u(world, "coordinator"),
                                **values())
    assert e.pk
    # A person can no longer withdraw either; the coordinator can.
    with pytest.raises(ValidationError, match="closed on"):
        actions.withdraw_enrollment(e, by=u(world, "member"))
    assert actions.withdraw_enrollment(e, by=u(world, "coordinator")).withdrawn_at


def test_the_window_is_counted_in_the_locals_time_zone(world, monkeypatch):
    """Registration closes at the end of its last day where the local is (Chicago), not UTC."""
    cycle = make_cycle(world)
    late = dt.datetime.combine(cycle.registration_closes_on, dt.time(23, 30),
                               dt.timezone(dt.timedelta(hours=-6)))  # CST
    monkeypatch.setattr(timezone, "now", lambda: late.astimezone(dt.UTC))
    assert world.local.today() == cycle.registration_closes_on
    actions.save_enrollment(cycle, world.people_a[0], by=u(world, "member"), **values())
    monkeypatch.setattr(timezone, "now", lambda: (late + dt.timedelta(hours=1)).astimezone(
        dt.UTC))
    with pytest.raises(ValidationError, match="closed on"):
        actions.save_enrollment(cycle, world.people_a[0], by=u(world, "member"), **values())


def test_enrolment_values_are_checked(world):
    cycle = make_cycle(world)
    with pytest.raises(ValidationError) as info:
        actions.save_enrollment(cycle, world.people_a[0], by=None, **values(
            role="boss", languages=["klingon"], availability=["midnight"],
            standards=["charm"], years_of_service=99, shift="x", worksite=world.site_a.pk + 999,
            job_family=999, about="x" * 2001))
    assert set(info.value.message_dict) == {
        "role", "languages", "availability", "standards", "years_of_service", "shift",
        "worksite", "job_family", "about"}
    with pytest.raises(ValidationError) as info:
        actions.save_enrollment(cycle, world.people_a[0], by=None,
                                **values("mentor", capacity=6))
    assert set(info.value.message_dict) == {"capacity"}
    other_site = world.outsider_person.worksite
    with pytest.raises(ValidationError) as info:
        actions.save_enrollment(cycle, world.people_a[0], by=None,
                                **values(worksite=other_site.pk))
    assert set(info.value.message_dict) == {"worksite"}


def test_defaults_come_from_the_person(world):
    person = world.people_a[0]
    person.hire_date, person.language = dt.date(2015, 8, 20), "es"
    d = actions.enrollment_defaults(person, dt.date(2026, 8, 19))
    assert d["years_of_service"] == 10
    assert actions.enrollment_defaults(person, dt.date(2026, 8, 20))["years_of_service"] == 11
    assert d["job_family"].code == "paraeducators" and d["worksite"] == world.site_a
    assert d["languages"] == ["es"]
    person.hire_date = None
    assert actions.enrollment_defaults(person, dt.date(2026, 1, 1))["years_of_service"] == 0


def test_withdrawing_and_coming_back(world):
    cycle = make_cycle(world)
    me = world.people_a[0]
    e = actions.save_enrollment(cycle, me, by=u(world, "member"), **values())
    e = actions.withdraw_enrollment(e, by=u(world, "member"))
    assert e.withdrawn_at is not None
    assert AuditEntry.objects.filter(verb="enrollment.withdrawn").count() == 1
    e = actions.save_enrollment(cycle, me, by=u(world, "member"), **values())
    assert e.withdrawn_at is None and Enrollment.objects.filter(cycle=cycle).count() == 1
    with pytest.raises(PermissionDenied):
        actions.withdraw_enrollment(e, by=u(world, "rep"))


# --- matching ---------------------------------------------------------------------------------


@pytest.fixture
def pool(world):
    """A closed-registration cycle with two mentors (paraeducators at site A, capacity 2;
    food at site B, capacity 1) and three mentees."""
    cycle = make_cycle(world, open=False)
    mentors = [enrol(cycle, world.people_a[1], "mentor", capacity=2,
                     standards=["communication", "technology"], languages=["en", "es"]),
               enrol(cycle, world.people_b[1], "mentor", family="food",
                     standards=["health_safety"])]
    mentees = [enrol(cycle, world.people_a[0], languages=["es"],
                     standards=["communication", "technology", "ethics"]),
               enrol(cycle, world.people_a[2]),
               enrol(cycle, world.people_b[2], family="food", standards=["health_safety"])]
    return cycle, mentors, mentees


def pairs(cycle):
    return {(m.mentee.person_id, m.mentor.person_id, m.status)
            for m in Match.objects.filter(cycle=cycle).select_related("mentee", "mentor")}


def test_propose_matches_everyone_it_can_with_the_best_total(world, pool):
    cycle, mentors, mentees = pool
    summary = actions.propose_matches(cycle, by=u(world, "coordinator"))
    assert summary == {"pairs": 3, "mentees": 3, "unmatched": 0}
    a1, b1 = world.people_a[1].pk, world.people_b[1].pk
    assert pairs(cycle) == {(world.people_a[0].pk, a1, "proposed"),
                            (world.people_a[2].pk, a1, "proposed"),
                            (world.people_b[2].pk, b1, "proposed")}
    first = Match.objects.get(mentee=mentees[0])
    # Same family (10) + shared language (5) + 2 goals covered (8) + lunch (3).
    assert first.score == 26 and not first.by_hand
    assert [r["criterion"] for r in first.reasons] == ["job_family", "language", "goals",
                                                       "availability"]
    assert AuditEntry.objects.get(verb="matching.proposed").changes["pairs"] == [None, 3]


def test_hard_rules_and_capacity_leave_mentees_unmatched(world, pool):
    cycle, mentors, mentees = pool
    actions.set_criteria(cycle, {"job_family": {"weight": 10, "required": True},
                                 "goals": {"weight": 4, "required": True}}, by=None)
    # mentee 2 (paraeducators, goal communication) and mentee 1 compete for mentor A (cap 2).
    extra = enrol(cycle, PersonFactory(local=world.local, worksite=world.site_a),
                  standards=["communication"])
    summary = actions.propose_matches(cycle, by=None)
    assert summary["unmatched"] == 1 and summary["pairs"] == 3
    matched = set(Match.objects.filter(cycle=cycle).values_list("mentee_id", flat=True))
    assert mentees[2].pk in matched
    assert len(matched & {mentees[0].pk, mentees[1].pk, extra.pk}) == 2


def test_proposing_again_replaces_proposed_pairs_but_never_published_ones(world, pool,
                                                                           settings):
    cycle, mentors, mentees = pool
    actions.propose_matches(cycle, by=None)
    published = Match.objects.get(mentee=mentees[2])
    Match.objects.filter(pk=published.pk).update(status="published")
    # Mentor A now has room for one only; the food mentee's pair is kept as it is.
    Enrollment.objects.filter(pk=mentors[0].pk).update(capacity=1)
    actions.propose_matches(cycle, by=None)
    assert Match.objects.get(pk=published.pk).status == "published"
    assert Match.objects.filter(cycle=cycle, status="proposed").count() == 1
    assert Match.objects.filter(cycle=cycle).count() == 2


def test_published_pairs_count_against_the_mentors_capacity(world, pool):
    cycle, mentors, mentees = pool
    Match.objects.create(cycle=cycle, mentee=mentees[0], mentor=mentors[0], status="published")
    Match.objects.create(cycle=cycle, mentee=mentees[1], mentor=mentors[0], status="published")
    actions.propose_matches(cycle, by=None)
    proposed = Match.objects.filter(cycle=cycle, status="proposed")
    assert [(m.mentee_id, m.mentor_id) for m in proposed] == [(mentees[2].pk, mentors[1].pk)]


def test_withdrawn_people_are_not_matched_and_withdrawing_drops_proposed_pairs(world, pool):
    cycle, mentors, mentees = pool
    actions.propose_matches(cycle, by=None)
    actions.withdraw_enrollment(mentors[1], by=None)
    assert not Match.objects.filter(mentor=mentors[1]).exists()
    actions.propose_matches(cycle, by=None)
    assert not Match.objects.filter(mentor=mentors[1]).exists()


def test_changing_an_enrolment_rescores_its_proposed_pairs(world, pool):
    cycle, mentors, mentees = pool
    actions.propose_matches(cycle, by=None)
    match = Match.objects.get(mentee=mentees[0])
    actions.save_enrollment(cycle, mentees[0].person, by=None,
                            **{**values(), "languages": ["vi"], "standards": []})
    match.refresh_from_db()
    assert match.score == 10 + 3
    # A mentor who takes fewer loses the lowest-scored proposed pair.
    actions.save_enrollment(cycle, mentors[0].person, by=None,
                            **values("mentor", capacity=1, standards=["communication"]))
    assert Match.objects.filter(mentor=mentors[0]).count() == 1
    # Changing role drops the pairs.
    actions.save_enrollment(cycle, mentees[2].person, by=None, **values("mentor"))
    assert not Match.objects.filter(mentee=mentees[2]).exists()


def test_a_change_by_hand_may_break_a_hard_rule_and_says_so(world, pool):
    cycle, mentors, mentees = pool
    actions.set_criteria(cycle, {"job_family": {"weight": 10, "required": True}}, by=None)
    actions.propose_matches(cycle, by=None)
    actions.set_match(mentees[2], None, by=None)  # the food mentor has room again
    match = actions.set_match(mentees[1], mentors[1], by=u(world, "coordinator"))
    assert match.mentor == mentors[1] and match.by_hand and match.status == "proposed"
    assert match.score == 0
    assert any(r["detail"]["required"] and not r["detail"]["met"] for r in match.reasons)
    entry = AuditEntry.objects.filter(verb="match.changed").order_by("id").last()
    assert entry.changes["breaks_a_hard_rule"] == [None, True]


def test_a_full_mentor_is_refused_and_unmatching_works(world, pool):
    cycle, mentors, mentees = pool
    actions.propose_matches(cycle, by=None)
    with pytest.raises(ValidationError, match="raise the number"):
        actions.set_match(mentees[0], mentors[1], by=None)
    assert actions.set_match(mentees[2], None, by=u(world, "officer")) is None
    assert not Match.objects.filter(mentee=mentees[2]).exists()
    with pytest.raises(ValidationError, match="still enrolled"):
        actions.set_match(mentors[0], mentors[1], by=None)
    with pytest.raises(PermissionDenied):
        actions.set_match(mentees[2], mentors[1], by=u(world, "member"))


def test_a_published_pair_changes_only_before_it_has_begun(world, pool):
    cycle, mentors, mentees = pool
    actions.propose_matches(cycle, by=None)
    actions.publish_matches(cycle, by=None, notify=False)
    match = Match.objects.get(mentee=mentees[2])
    actions.set_match(mentees[2], None, by=None)  # not begun: it goes
    match = Match.objects.create(cycle=cycle, mentee=mentees[2], mentor=mentors[1],
                                 status="published", published_at=timezone.now())
    PairMeeting.objects.create(match=match, held_on=dt.date(2026, 1, 5), minutes=30)
    with pytest.raises(ValidationError, match="already begun"):
        actions.set_match(mentees[2], None, by=None)
    # Nor can the mentee withdraw from a published pair.
    with pytest.raises(ValidationError, match="published"):
        actions.withdraw_enrollment(mentees[0], by=None)


# --- publishing -------------------------------------------------------------------------------


def test_publish_emails_each_person_once_in_their_language(
        world, pool, django_capture_on_commit_callbacks):
    cycle, mentors, mentees = pool
    spanish = mentees[0].person
    spanish.language = "es"
    spanish.save()
    actions.propose_matches(cycle, by=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        n = actions.publish_matches(cycle, by=u(world, "coordinator"))
    assert n == 3
    cycle.refresh_from_db()
    assert cycle.matches_published_at is not None
    assert set(Match.objects.values_list("status", flat=True)) == {"published"}
    to = sorted(m.to[0] for m in mail.outbox)
    # Three mentees and two mentors: one email each (mentor A has two mentees in one).
    expected = sorted(p.personal_email for p in [e.person for e in mentees + mentors])
    assert to == expected
    mentor_mail = next(m for m in mail.outbox if m.to == [mentors[0].person.personal_email])
    assert mentor_mail.subject == "Your mentees for Spring"
    for e in mentees[:2]:
        assert e.person.display_name in mentor_mail.body
    mine = next(m for m in mail.outbox if m.to == [spanish.personal_email])
    assert mentors[0].person.display_name in mine.subject
    assert "Paraeducadores" in mine.body and "Centro de trabajo" in mine.body
    food = next(m for m in mail.outbox if m.to == [mentees[2].person.personal_email])
    assert "Same job family: Food Services (+10)" in food.body
    assert AuditEntry.objects.get(verb="matches.published").changes["pairs"] == [None, 3]
    # Publishing again sends nothing: nothing new.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.publish_matches(cycle, by=u(world, "coordinator")) == 0
    assert mail.outbox == []


def test_publishing_again_publishes_new_and_changed_pairs_only(
        world, pool, django_capture_on_commit_callbacks):
    cycle, mentors, mentees = pool
    actions.propose_matches(cycle, by=None)
    actions.set_match(mentees[1], None, by=None)
    actions.publish_matches(cycle, by=None, notify=False)
    late = enrol(cycle, PersonFactory(local=world.local, worksite=world.site_b), family="food")
    Enrollment.objects.filter(pk=mentors[1].pk).update(capacity=2)
    actions.propose_matches(cycle, by=None)
    assert Match.objects.filter(status="proposed").count() == 2  # mentee 1 and the late one
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.publish_matches(cycle, by=None) == 2
    told = {m.to[0] for m in mail.outbox}
    assert late.person.personal_email in told and mentees[1].person.personal_email in told
    assert mentees[0].person.personal_email not in told


def test_publish_waits_for_registration_to_close(world):
    cycle = make_cycle(world)
    with pytest.raises(ValidationError, match="still open"):
        actions.publish_matches(cycle, by=u(world, "coordinator"))
    with pytest.raises(PermissionDenied):
        actions.propose_matches(cycle, by=u(world, "member"))


def test_a_person_with_no_email_is_skipped_and_account_email_is_used(
        world, pool, django_capture_on_commit_callbacks):
    cycle, mentors, mentees = pool
    no_mail = mentees[1].person
    no_mail.personal_email = ""
    no_mail.save()
    account = mentees[2].person
    account.personal_email = ""
    account.save()
    make_user("food.mentee@example.org", person=account, mfa=False)
    actions.propose_matches(cycle, by=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_matches(cycle, by=None)
    to = [m.to[0] for m in mail.outbox]
    assert "food.mentee@example.org" in to and len(to) == 4


def test_a_closed_cycle_is_frozen(world, pool):
    cycle, mentors, mentees = pool
    cycle.closed_at = timezone.now()
    cycle.save()
    for call in (lambda: actions.propose_matches(cycle, by=None),
                 lambda: actions.set_criteria(cycle, {}, by=None),
                 lambda: actions.set_match(mentees[0], mentors[0], by=None),
                 lambda: actions.save_enrollment(cycle, mentees[0].person, by=None,
                                                 **values())):
        with pytest.raises(ValidationError, match="closed"):
            call()
    assert MentoringProgram.objects.count() == 1
