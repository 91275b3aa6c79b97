"""Who runs the course edits modules and activities; teams see a module's activities from its
release day (in the offering's time zone); webinar times are read in the course's zone and
shown in the viewer's local's."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.matrix_mentoring_learning import make_course
from unionhall.core.models import AuditEntry
from unionhall.mentoring import learning_queries as q
from unionhall.mentoring.actions import learning as actions
from unionhall.mentoring.models import Activity, Module


@pytest.fixture
def course(world):
    return make_course(world)


def url(name, course, **kwargs):
    return reverse(name, kwargs={"offering_slug": course.offering.slug, **kwargs})


def test_who_runs_the_course_adds_a_module_from_the_page(world, course, as_user):
    client = as_user("course")
    response = client.post(url("learning_module_new", course), {
        "title": "Evaluating the program", "summary": "What to *measure*.",
        "releases_on": "2031-05-05"})
    module = Module.objects.get(offering=course.offering, number=3)
    assert response.status_code == 302
    assert response["Location"] == url("learning_module", course, number=3)
    assert (module.title, module.releases_on) == ("Evaluating the program", dt.date(2031, 5, 5))
    assert AuditEntry.objects.filter(verb="module.saved", object_id=str(module.pk)).exists()
    page = client.get(url("learning_module", course, number=3)).content.decode()
    assert "<em>measure</em>" in page


def test_a_module_needs_a_title_and_a_day(world, course, as_user):
    response = as_user("course").post(url("learning_module_edit", course, number=1),
                                      {"title": "", "releases_on": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"title", "releases_on"}
    with pytest.raises(ValidationError):
        actions.save_module(course.offering, module=course.module1, by=world.users["course"],
                            title=" ", releases_on=dt.date(2031, 1, 1))


@pytest.mark.parametrize("persona", ["facilitator", "member", "state", "coordinator"])
def test_only_who_runs_the_course_edits_it(world, course, persona):
    user = world.users[persona]
    with pytest.raises(PermissionDenied):
        actions.save_module(course.offering, by=user, title="X", releases_on=dt.date(2031, 1, 1))
    with pytest.raises(PermissionDenied):
        actions.save_activity(course.module1, by=user, kind="self_study", title="X")
    with pytest.raises(PermissionDenied):
        actions.delete_activity(course.self_study, by=user)


def test_a_webinar_is_typed_in_the_course_zone_and_shown_in_the_members_zone(world, course,
                                                                             as_user):
    client = as_user("course")
    response = client.post(url("learning_activity_new", course, number=1), {
        "kind": "webinar", "title": "Matching mentors and mentees", "position": "",
        "starts_at": "2031-03-04T19:00", "minutes": "75",
        "join_url": "https://meet.example.org/matching"})
    webinar = Activity.objects.get(title="Matching mentors and mentees")
    assert response.status_code == 302
    # 7 p.m. in New York (the offering's zone) is midnight UTC in winter.
    assert webinar.starts_at == dt.datetime(2031, 3, 5, 0, 0, tzinfo=dt.UTC)
    assert webinar.position == 3  # after the three activities of the module
    page = as_user("member").get(url("learning_activity", course, pk=webinar.pk))
    text = page.content.decode()
    # The member's local is in Chicago: 6 p.m. there; the course's own time beside it.
    assert "6 p.m. CST" in text and "7 p.m. EST" in text
    assert "https://meet.example.org/matching" in text
    assert "75 minutes" in text


def test_a_webinar_needs_its_time_and_a_real_link(world, course, as_user):
    response = as_user("course").post(url("learning_activity_new", course, number=1), {
        "kind": "webinar", "title": "No time", "join_url": "javascript:alert(1)"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "join_url" in errors
    with pytest.raises(ValidationError) as exc:
        actions.save_activity(course.module1, by=None, kind="webinar", title="No time")
    assert "starts_at" in exc.value.error_dict


def test_the_recording_is_added_afterwards_and_members_see_it(world, course, as_user):
    webinar = course.webinar
    as_user("course").post(url("learning_activity_edit", course, pk=webinar.pk), {
        "kind": "webinar", "title": webinar.title, "position": webinar.position,
        "starts_at": webinar.starts_at.astimezone(ZoneInfo("America/New_York"))
        .strftime("%Y-%m-%dT%H:%M"), "minutes": "60", "join_url": webinar.join_url,
        "recording_url": "https://video.example.org/kickoff"})
    webinar.refresh_from_db()
    assert webinar.recording_url == "https://video.example.org/kickoff"
    page = as_user("member").get(url("learning_activity", course, pk=webinar.pk))
    assert "Watch the recording" in page.content.decode()


def test_an_activity_with_work_is_kept(world, course, as_user):
    actions.complete_self_study(course.self_study, by=None, person=world.people_a[0])
    client = as_user("course")
    response = client.post(url("learning_activity_delete", course, pk=course.self_study.pk),
                           follow=True)
    assert "Teams already did work on this activity" in response.content.decode()
    assert Activity.objects.filter(pk=course.self_study.pk).exists()
    with pytest.raises(ValidationError):
        actions.save_activity(course.module1, activity=course.self_study, by=None,
                              kind="team_assignment", title="Changed kind")
    response = client.post(url("learning_activity_delete", course, pk=course.assignment.pk))
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=course.assignment.pk).exists()


def test_before_its_day_a_team_sees_the_module_but_not_its_activities(world, course, as_user):
    hidden = actions.save_activity(course.module2, by=None, kind="self_study",
                                   title="Reading: program models")
    member = as_user("member")
    home = member.get(url("learning_home", course)).content.decode()
    assert "Designing the program" in home and "Reading: program models" not in home
    module = member.get(url("learning_module", course, number=2)).content.decode()
    assert "This module opens on" in module and "Reading: program models" not in module
    assert member.get(url("learning_activity", course, pk=hidden.pk)).status_code == 404
    with pytest.raises(ValidationError):
        actions.complete_self_study(hidden, by=world.users["member"])
    # Staff see everything.
    staff = as_user("facilitator")
    assert "Reading: program models" in staff.get(url("learning_home", course)).content.decode()
    assert staff.get(url("learning_activity", course, pk=hidden.pk)).status_code == 200


def test_on_its_day_in_the_offerings_zone_the_module_opens(world, course, as_user):
    module = course.module2
    today = q.offering_today(course.offering)
    actions.save_module(course.offering, module=module, by=None, title=module.title,
                        releases_on=today)
    shown = actions.save_activity(module, by=None, kind="self_study", title="Now open")
    assert as_user("member").get(url("learning_activity", course, pk=shown.pk)).status_code == 200


def test_release_day_is_counted_in_the_offerings_zone():
    module = Module(releases_on=dt.date(2031, 3, 4))
    new_york = type("O", (), {"time_zone": "America/New_York"})()
    berlin = type("O", (), {"time_zone": "Europe/Berlin"})()
    now = dt.datetime(2031, 3, 4, 3, 30, tzinfo=dt.UTC)  # 10:30 p.m. the 3rd in New York
    assert not q.is_released(module, q.offering_today(new_york, now))
    assert q.is_released(module, q.offering_today(berlin, now))
    assert q.is_released(module, q.offering_today(new_york, now + dt.timedelta(hours=2)))


def test_an_unknown_module_or_another_offerings_activity_is_not_found(world, course, as_user):
    other = make_course(world)
    member = as_user("member")
    assert member.get(url("learning_module", course, number=9)).status_code == 404
    assert member.get(url("learning_activity", course, pk=other.self_study.pk)).status_code == 404


def test_a_draft_offering_is_not_found_for_its_team(world, course, as_user):
    course.offering.status = "draft"
    course.offering.save()
    assert as_user("member").get(url("learning_home", course)).status_code == 404
    assert as_user("course").get(url("learning_home", course)).status_code == 200
