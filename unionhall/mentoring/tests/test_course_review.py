"""Reviewing and deciding: scores from who runs or facilitates the offering, decisions by who
runs it, and the decision emails: sent once, on the notification date from 9:00 in the
offering's own time zone, to the team and the applicant; undecided applications wait and are
shown as overdue."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory
from tests.matrix_mentoring_course import (
    DEADLINE,
    EASTERN,
    NOTIFY_ON,
    OPENS,
    fixed_offering,
)
from unionhall.core.models import AuditEntry
from unionhall.mentoring import course_schedule
from unionhall.mentoring.actions import course as actions
from unionhall.mentoring.models import TeamApplication

AFTER = DEADLINE + dt.timedelta(days=1)
NINE = dt.datetime.combine(NOTIFY_ON, dt.time(9), tzinfo=EASTERN)


@pytest.fixture
def at(monkeypatch):
    def stand(moment):
        monkeypatch.setattr(actions, "clock", lambda: moment)

    return stand


def local_with_team(world, slug):
    from tests.factories import make_local

    local = make_local(slug, f"{slug.title()} ESP")
    people = [PersonFactory(local=local) for _ in range(2)]
    return local, people


def apply_for(offering, local, people, by=None):
    members = [{"person": p, "role": "lead" if i == 0 else "member"}
               for i, p in enumerate(people)]
    return actions.submit_application(
        offering, local, by=by, members=members, why="Why", situation="Situation",
        state_contact_name="Robin Vale", state_contact_email="rvale@example.org",
        now=OPENS + dt.timedelta(days=2))


@pytest.fixture
def applied(world):
    """The fixed offering with lakeview's team (sent by the coordinator) and two other
    locals' teams."""
    offering = fixed_offering(world)
    spanish = world.people_a[1]
    spanish.language = "es"
    spanish.save()
    no_email = world.people_a[2]
    no_email.personal_email = ""
    no_email.save()
    members = [{"person": world.people_a[0], "role": "lead"},
               {"person": spanish, "role": "officer"},
               {"person": no_email, "role": "member"}]
    from unionhall.mentoring.actions.course import submit_application

    lakeview = submit_application(
        offering, world.local, by=None, members=members, why="Why", situation="Situation",
        state_contact_name="Robin Vale", state_contact_email="rvale@example.org",
        now=OPENS + dt.timedelta(days=1))
    TeamApplication.objects.filter(pk=lakeview.pk).update(
        submitted_by=world.users["coordinator"])
    others = [apply_for(offering, *local_with_team(world, slug)) for slug in ("elm", "oak")]
    return offering, lakeview, others


# --- scores ----------------------------------------------------------------------------------


def test_reviewers_score_once_each_and_may_change_it(world, applied, at):
    offering, lakeview, _ = applied
    at(AFTER)
    actions.review_application(lakeview, by=world.users["facilitator"], score=4, note="Good")
    actions.review_application(lakeview, by=world.users["course"], score=2)
    actions.review_application(lakeview, by=world.users["facilitator"], score=5)
    assert sorted(lakeview.reviews.values_list("score", flat=True)) == [2, 5]
    with pytest.raises(ValidationError):
        actions.review_application(lakeview, by=world.users["course"], score=6)
    for persona in ("state", "coordinator", "officer", "admin", "member"):
        with pytest.raises(PermissionDenied):
            actions.review_application(lakeview, by=world.users[persona], score=3)


def test_scoring_on_the_page_and_the_review_list(world, applied, as_user, at):
    offering, lakeview, _ = applied
    at(AFTER)
    client = as_user("facilitator")
    url = reverse("course_score", args=[offering.slug, lakeview.pk])
    assert client.post(url, {"score": "4", "note": "Clear plan"}).status_code == 302
    as_user("course").post(url, {"score": "3"})
    page = as_user("facilitator").get(reverse("course_review", args=[offering.slug])) \
        .content.decode()
    assert "3.5" in page and "2 scores" in page
    detail = as_user("course").get(reverse("course_application",
                                           args=[offering.slug, lakeview.pk])).content.decode()
    assert "Clear plan" in detail and "facilitator@example.org" in detail


def test_a_reviewers_note_is_escaped(world, applied, as_user, at):
    offering, lakeview, _ = applied
    at(AFTER)
    actions.review_application(lakeview, by=world.users["facilitator"], score=4,
                               note="<script>alert('note')</script>")
    page = as_user("course").get(reverse("course_application",
                                         args=[offering.slug, lakeview.pk])).content.decode()
    assert "<script>alert('note')" not in page and "&lt;script&gt;" in page


# --- decisions -------------------------------------------------------------------------------


def test_only_who_runs_the_course_decides_and_only_after_the_deadline(world, applied, at):
    offering, lakeview, _ = applied
    at(DEADLINE - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError) as exc:
        actions.decide_application(lakeview, by=world.users["course"], status="selected")
    assert "after the deadline" in exc.value.messages[0]
    at(DEADLINE)
    with pytest.raises(PermissionDenied):
        actions.decide_application(lakeview, by=world.users["facilitator"], status="selected")
    with pytest.raises(PermissionDenied):
        actions.decide_application(lakeview, by=world.users["state"], status="selected")
    actions.decide_application(lakeview, by=world.users["course"], status="selected")
    lakeview.refresh_from_db()
    assert lakeview.status == "selected" and lakeview.decided_by == world.users["course"]
    assert AuditEntry.objects.filter(verb="course_application.decided").exists()
    # Before the team is told it may change, even back to undecided.
    actions.decide_application(lakeview, by=world.users["course"], status="submitted")
    lakeview.refresh_from_db()
    assert lakeview.status == "submitted" and lakeview.decided_at is None


def test_deciding_on_the_page(world, applied, as_user, at):
    offering, lakeview, _ = applied
    at(AFTER)
    response = as_user("course").post(reverse("course_decide",
                                              args=[offering.slug, lakeview.pk]),
                                      {"status": "waitlisted"})
    assert response.status_code == 302
    lakeview.refresh_from_db()
    assert lakeview.status == "waitlisted"
    assert as_user("facilitator").post(reverse("course_decide",
                                               args=[offering.slug, lakeview.pk]),
                                       {"status": "selected"}).status_code == 403


def test_sending_by_hand_waits_for_every_decision(world, applied, as_user, at,
                                                 django_capture_on_commit_callbacks):
    offering, lakeview, (elm, oak) = applied
    at(AFTER)
    course = world.users["course"]
    actions.decide_application(lakeview, by=course, status="selected")
    actions.decide_application(elm, by=course, status="waitlisted")
    with pytest.raises(ValidationError) as exc:
        actions.send_decisions(offering, by=course)
    assert "Decide every application first" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        actions.send_decisions(offering, by=world.users["facilitator"])
    actions.decide_application(oak, by=course, status="declined")
    url = reverse("course_send_decisions", args=[offering.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("course").post(url)
    assert response.status_code == 302
    # Lakeview: the lead, the Spanish-speaking officer, the coordinator who applied (the
    # member without an email is skipped); elm and oak: two members each.
    assert len(mail.outbox) == 3 + 2 + 2
    assert set(TeamApplication.objects.values_list("notified_at", flat=True)) == {AFTER}
    with django_capture_on_commit_callbacks(execute=True):
        as_user("course").post(url)
    assert len(mail.outbox) == 7  # once


def test_what_each_team_is_told(world, applied, at, django_capture_on_commit_callbacks):
    offering, lakeview, (elm, oak) = applied
    at(AFTER)
    course = world.users["course"]
    for application, status in ((lakeview, "selected"), (elm, "waitlisted"),
                                (oak, "declined")):
        actions.decide_application(application, by=course, status=status)
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_decisions(offering, by=course)
    by_to = {m.to[0]: m for m in mail.outbox}
    lead = by_to[world.people_a[0].personal_email]
    assert lead.subject == "Your team is selected: ESPs building peer mentoring"
    assert "Lakeview ESP" in lead.body and "Monday, July 12, 2027" in lead.body
    assert reverse("course_detail", args=[offering.slug]) in lead.body
    assert "coordinator@example.org" in by_to
    spanish = by_to[world.people_a[1].personal_email]
    assert "julio" in spanish.body  # in their language (the words, once the catalog has them)
    elm_people = elm.team_members.all()
    assert by_to[elm_people[0].person.personal_email].subject.startswith("On the wait list")
    oak_people = oak.team_members.all()
    assert "could not offer" in by_to[oak_people[0].person.personal_email].body


def test_a_told_decision_changes_only_for_the_wait_list(world, applied, at,
                                                        django_capture_on_commit_callbacks):
    offering, lakeview, (elm, oak) = applied
    at(AFTER)
    course = world.users["course"]
    actions.decide_application(lakeview, by=course, status="selected")
    actions.decide_application(elm, by=course, status="waitlisted")
    actions.decide_application(oak, by=course, status="declined")
    actions.send_decisions(offering, by=course)
    with pytest.raises(ValidationError):
        actions.decide_application(lakeview, by=course, status="declined")
    # Lakeview withdraws; elm gets its place and is told again.
    actions.withdraw_application(lakeview, by=world.users["coordinator"])
    actions.decide_application(elm, by=course, status="selected")
    elm.refresh_from_db()
    assert elm.notified_at is None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_decisions(offering, by=course) == 2
    assert all(m.subject.startswith("Your team is selected") for m in mail.outbox)


# --- the notification date -------------------------------------------------------------------


def test_decisions_go_out_on_the_date_from_nine_in_the_offerings_zone(
        world, applied, django_capture_on_commit_callbacks):
    offering, lakeview, (elm, oak) = applied
    actions.decide_application(lakeview, by=None, status="selected", now=AFTER)
    actions.decide_application(elm, by=None, status="declined", now=AFTER)
    # oak is still undecided on the day.
    assert course_schedule.send_due(NINE - dt.timedelta(seconds=1)) == 0
    assert course_schedule.send_due(dt.datetime.combine(
        NOTIFY_ON - dt.timedelta(days=1), dt.time(23), tzinfo=EASTERN)) == 0
    assert mail.outbox == []
    # 9:00 in New York is 8:00 in Chicago (where lakeview is): the offering's zone counts.
    with django_capture_on_commit_callbacks(execute=True):
        assert course_schedule.send_due(NINE) == 3 + 2
    assert len(mail.outbox) == 5
    assert {m.to[0] for m in mail.outbox} >= {world.people_a[0].personal_email,
                                              "coordinator@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        assert course_schedule.send_due(NINE + dt.timedelta(hours=1)) == 0  # once
    assert len(mail.outbox) == 5
    assert AuditEntry.objects.filter(verb="course_decisions.sent").count() == 1
    oak.refresh_from_db()
    assert oak.notified_at is None and oak.status == "submitted"
    # Decided later that day: the next run tells them.
    actions.decide_application(oak, by=None, status="waitlisted", now=NINE)
    assert course_schedule.send_due(NINE + dt.timedelta(hours=2)) == 2


def test_never_before_the_deadline_even_on_the_same_day(world):
    offering = fixed_offering(world, notify_on=DEADLINE.date())
    application = apply_for(offering, *local_with_team(world, "elm"))
    TeamApplication.objects.filter(pk=application.pk).update(status="selected")
    assert course_schedule.send_due(NINE.replace(month=6, day=7)) == 0  # 9:00, deadline 10:00
    assert course_schedule.send_due(DEADLINE) == 2


def test_overdue_applications_are_shown_on_the_review_page(world, applied, as_user, at):
    offering, lakeview, (elm, oak) = applied
    at(NINE - dt.timedelta(days=1))
    page = as_user("course").get(reverse("course_review", args=[offering.slug])).content \
        .decode()
    assert "Overdue" not in page
    at(NINE)
    actions.decide_application(lakeview, by=world.users["course"], status="selected")
    page = as_user("course").get(reverse("course_review", args=[offering.slug])).content \
        .decode()
    assert "Overdue:" in page and "2 applications are still undecided" in page
    detail = as_user("course").get(reverse("course_detail", args=[offering.slug])).content \
        .decode()
    assert "still undecided" in detail


def test_review_pages_are_for_staff_only(world, applied, as_user):
    offering, lakeview, _ = applied
    for persona in ("coordinator", "officer", "member", "state", "admin"):
        assert as_user(persona).get(reverse("course_review", args=[offering.slug])) \
            .status_code == 403
        assert as_user(persona).get(reverse("course_application",
                                            args=[offering.slug, lakeview.pk])) \
            .status_code == 403
    other = fixed_offering(world)
    assert as_user("course").get(reverse("course_application",
                                         args=[other.slug, lakeview.pk])).status_code == 404


def test_review_page_queries_do_not_grow(world, applied, as_user, at):
    offering = applied[0]
    at(AFTER)
    client = as_user("facilitator")
    url = reverse("course_review", args=[offering.slug])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    count()
    before = count()
    for slug in ("ash", "birch", "cedar"):
        application = apply_for(offering, *local_with_team(world, slug))
        actions.review_application(application, by=world.users["facilitator"], score=3)
        actions.review_application(application, by=world.users["course"], score=4)
    assert count() == before
