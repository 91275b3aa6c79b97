"""The interest list: anyone signed in asks to be told when an association's next course
opens, and may come off the list; the list is told once per offering when its window opens;
who runs the course sees the list and exports it (formula-safe)."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.matrix_mentoring_course import OPENS, fixed_offering, make_interest, make_offering
from unionhall.core.models import AuditEntry
from unionhall.members.models import EmailPreference, Topic
from unionhall.mentoring import course_schedule
from unionhall.mentoring.actions import course as actions
from unionhall.mentoring.models import CourseInterest


def nea(world):
    return world.local.parent.parent


def test_asking_on_the_page_is_prefilled_from_the_account(world, as_user):
    client = as_user("member")
    page = client.get(reverse("course_interest")).content.decode()
    person = world.people_a[0]
    assert person.display_name in page and person.personal_email in page
    response = client.post(reverse("course_interest"), {
        "affiliate": nea(world).pk, "name": person.display_name,
        "email": person.personal_email, "local": world.local.pk,
        "note": "Ready next year"})
    assert response.status_code == 302
    entry = CourseInterest.objects.get()
    assert entry.user == world.users["member"] and entry.local == world.local
    page = client.get(reverse("course_interest")).content.decode()
    assert "Take me off National Education Association" in page


def test_the_same_address_again_updates_the_entry(world):
    make_interest(world)
    actions.add_interest(nea(world), by=world.users["member"], name="Pat Lee-Ortiz",
                         email="MEMBER@example.org", note="Still interested")
    entry = CourseInterest.objects.get()
    assert entry.name == "Pat Lee-Ortiz" and entry.note == "Still interested"
    with pytest.raises(ValidationError):  # someone else's address
        actions.add_interest(nea(world), by=world.users["rep"], name="X",
                             email="member@example.org")


def test_a_local_on_the_list_is_below_the_association(world):
    from tests.factories import make_local

    far_state = type(world.local).objects.create(kind="state", slug="far-state", name="Far",
                                                 parent=nea(world))
    far = make_local("far", state=far_state)
    with pytest.raises(ValidationError):
        actions.add_interest(world.local.parent, by=world.users["member"], name="P",
                             email="p@example.org", local=far)
    with pytest.raises(ValidationError):  # a local runs no course
        actions.add_interest(world.local, by=world.users["member"], name="P",
                             email="p@example.org")


def test_people_remove_themselves_and_no_one_else_does(world, as_user):
    entry = make_interest(world)
    for persona in ("rep", "officer", "state", "facilitator", "outsider"):
        response = as_user(persona).post(reverse("course_interest_remove", args=[entry.pk]))
        assert response.status_code == 404, persona
        with pytest.raises(PermissionDenied):
            actions.remove_interest(entry, by=world.users[persona])
    response = as_user("member").post(reverse("course_interest_remove", args=[entry.pk]))
    assert response.status_code == 302 and not CourseInterest.objects.exists()
    assert AuditEntry.objects.filter(verb="course_interest.removed").exists()


def test_who_runs_the_course_sees_and_exports_the_list(world, as_user):
    make_interest(world)
    actions.add_interest(nea(world), by=None, name="=HYPERLINK(\"http://x\")",
                         email="eve@example.org", note="+1 call me @home")
    client = as_user("course")
    page = client.get(reverse("course_interest_list", args=["nea"])).content.decode()
    assert "Pat Lee" in page and "eve@example.org" in page
    response = client.get(reverse("course_interest_csv", args=["nea"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Name", "Email", "Local"]
    eve = next(r for r in rows if r[1] == "eve@example.org")
    assert eve[0] == "'=HYPERLINK(\"http://x\")" and eve[3] == "'+1 call me @home"
    for persona in ("state", "admin", "facilitator", "member"):
        assert as_user(persona).get(reverse("course_interest_csv", args=["nea"])) \
            .status_code == 403
    # State staff see their own state's list.
    assert as_user("state").get(reverse("course_interest_list", args=["state"])) \
        .status_code == 200
    assert as_user("course").get(reverse("course_interest_list", args=["lakeview"])) \
        .status_code == 404


def test_the_list_is_escaped(world, as_user):
    actions.add_interest(nea(world), by=None, name="<script>alert(1)</script>",
                         email="x@example.org", note="<img src=x onerror=alert(2)>")
    page = as_user("course").get(reverse("course_interest_list", args=["nea"])).content \
        .decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_the_list_is_told_once_when_the_window_opens(world, django_capture_on_commit_callbacks):
    make_interest(world)
    actions.add_interest(nea(world), by=None, name="Sam", email="sam@example.org")
    other = actions.add_interest(world.local.parent, by=None, name="Stateside",
                                 email="state-list@example.org")
    draft = make_offering(world, publish=False, opens_at=OPENS,
                          deadline=OPENS + dt.timedelta(days=30),
                          notify_on=(OPENS + dt.timedelta(days=40)).date(),
                          starts_on=(OPENS + dt.timedelta(days=50)).date())
    offering = fixed_offering(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert course_schedule.send_due(OPENS - dt.timedelta(seconds=1)) == 0
        assert course_schedule.send_due(OPENS) == 2
        assert course_schedule.send_due(OPENS + dt.timedelta(hours=1)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.org", "sam@example.org"]
    message = mail.outbox[0]
    assert message.subject == f"Now open: {offering.title}"
    assert "Monday, June 7, 2027, 10:00 AM EDT" in message.body
    assert reverse("course_detail", args=[offering.slug]) in message.body
    assert reverse("course_interest") in message.body
    entries = CourseInterest.objects.filter(affiliate=nea(world))
    assert {e.told_about_id for e in entries} == {offering.pk}
    offering.refresh_from_db()
    assert offering.interest_told_at == OPENS
    draft.refresh_from_db()
    assert draft.interest_told_at is None  # a draft tells no one
    other.refresh_from_db()
    assert other.told_at is None  # the state's list hears of the state's courses


def test_who_turned_mentoring_email_off_is_not_told(world, django_capture_on_commit_callbacks):
    make_interest(world)  # the member (people_a[0])
    EmailPreference.objects.create(person=world.people_a[0], topic=Topic.MENTORING,
                                   wants=False)
    fixed_offering(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert course_schedule.send_due(OPENS) == 0
    assert mail.outbox == []


def test_the_open_offering_is_shown_to_who_is_on_the_list(world, as_user):
    make_interest(world)
    offering = make_offering(world)
    page = as_user("member").get(reverse("course_interest")).content.decode()
    assert "Taking applications now" in page and offering.title in page


def test_interest_page_queries_do_not_grow(world, as_user):
    client = as_user("member")
    url = reverse("course_interest")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    make_interest(world)
    count()
    before = count()
    actions.add_interest(world.local.parent, by=world.users["member"], name="Pat",
                         email="member@example.org")
    make_offering(world)
    make_offering(world, affiliate=world.local.parent)
    assert count() == before


def test_interest_list_queries_do_not_grow(world, as_user):
    client = as_user("course")
    url = reverse("course_interest_list", args=["nea"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    make_interest(world)
    count()
    before = count()
    for i in range(5):
        actions.add_interest(nea(world), by=None, name=f"P{i}", email=f"p{i}@example.org",
                             local=world.local)
    assert count() == before
