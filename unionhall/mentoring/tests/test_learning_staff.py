"""Facilitators and who runs the course: every selected team's work, feedback (the team is
emailed), webinar attendance for every member of every selected team, progress by team and by
member. The list pages do not grow in queries with the teams."""

import datetime as dt
import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from tests.matrix_mentoring_learning import make_course, make_team
from unionhall.core.models import AuditEntry
from unionhall.mentoring import learning_queries as q
from unionhall.mentoring.actions import learning as actions
from unionhall.mentoring.models import WebinarAttendance


@pytest.fixture
def course(world):
    return make_course(world)


def url(name, course, **kwargs):
    return reverse(name, kwargs={"offering_slug": course.offering.slug, **kwargs})


_locals = itertools.count(1)


def add_teams(world, course, n, size=3):
    teams = []
    for _ in range(n):
        i = next(_locals)
        local = type(world.local).objects.create(kind="local", slug=f"local-{i}",
                                                 name=f"Local {i} ESP",
                                                 parent=world.local.parent,
                                                 time_zone="America/Denver")
        people = [PersonFactory(local=local) for _ in range(size)]
        teams.append(make_team(course.offering, local, people))
    return teams


# --- Submissions and feedback -----------------------------------------------------------------


def test_staff_see_every_selected_teams_work(world, course, as_user):
    hilltop = make_team(course.offering, world.other_local, [world.outsider_person])
    waiting = make_team(course.offering, type(world.local).objects.create(
        kind="local", slug="waiting", name="Waiting ESP", parent=world.local.parent),
        [], status="waitlisted")
    actions.save_team_work(course.assignment, by=None, application=course.team,
                           text="Lakeview's why statement")
    response = as_user("facilitator").get(url("learning_submissions", course,
                                              pk=course.assignment.pk))
    text = response.content.decode()
    assert "Lakeview ESP" in text and "Hilltop ESP" in text and "Waiting ESP" not in text
    assert "Not started." in text  # Hilltop
    assert "Read the work of Lakeview ESP and give feedback" in text
    assert hilltop and waiting


def test_self_study_completions_by_member(world, course, as_user):
    actions.complete_self_study(course.self_study, by=None, person=world.people_a[0],
                                reflection="It made me think of my first week.")
    text = as_user("course").get(url("learning_submissions", course,
                                     pk=course.self_study.pk)).content.decode()
    assert f"Reflection of {world.people_a[0].display_name}" in text
    assert text.count("Not yet") >= 2  # the two others


def test_feedback_is_given_and_the_team_is_emailed(world, course, as_user,
                                                   django_capture_on_commit_callbacks):
    sub = actions.save_team_work(course.assignment, by=None, application=course.team,
                                 text="Our why statement.")
    spanish = world.people_a[2]
    spanish.language = "es"
    spanish.save()
    client = as_user("facilitator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("learning_feedback", course, pk=sub.pk),
                               {"feedback": "A strong start: **keep** the second sentence."})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.feedback_by == world.users["facilitator"] and sub.feedback_at
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        p.personal_email for p in (world.people_a[0], world.people_a[2], world.people_b[1]))
    english = next(m for m in mail.outbox if m.to == [world.people_a[0].personal_email])
    assert english.subject == "Feedback on Our why statement"
    assert "A strong start: keep the second sentence." in english.body
    assert f"/learn/activities/{course.assignment.pk}/" in english.body
    assert AuditEntry.objects.filter(verb="submission.feedback").exists()
    # The team reads it on the activity's page.
    page = as_user("member").get(url("learning_activity", course, pk=course.assignment.pk))
    assert "<strong>keep</strong>" in page.content.decode()


def test_empty_feedback_is_refused_on_the_page(world, course, as_user):
    sub = actions.save_team_work(course.assignment, by=None, application=course.team,
                                 text="Our why statement.")
    response = as_user("course").post(url("learning_feedback", course, pk=sub.pk),
                                      {"feedback": ""})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("persona", ["member", "rep", "coordinator", "state"])
def test_only_staff_give_feedback_and_mark_attendance(world, course, persona):
    sub = actions.save_team_work(course.assignment, by=None, application=course.team, text="x")
    with pytest.raises(PermissionDenied):
        actions.give_feedback(sub, by=world.users[persona], feedback="Good.")
    with pytest.raises(PermissionDenied):
        actions.mark_attendance(course.webinar, {world.people_a[0].pk: "present"},
                                by=world.users[persona])


# --- Attendance -------------------------------------------------------------------------------


def test_attendance_has_a_row_per_member_of_every_selected_team(world, course, as_user):
    hilltop = make_team(course.offering, world.other_local, [world.outsider_person])
    client = as_user("facilitator")
    page = client.get(url("learning_attendance", course, pk=course.webinar.pk))
    form = page.context["form"]
    people = {world.people_a[0].pk, world.people_a[2].pk, world.people_b[1].pk,
              world.outsider_person.pk}
    assert {int(name[1:]) for name in form.fields} == people
    text = page.content.decode()
    assert "<legend>Hilltop ESP</legend>" in text and "<legend>Lakeview ESP</legend>" in text
    data = {f"p{world.people_a[0].pk}": "present", f"p{world.people_a[2].pk}": "late",
            f"p{world.people_b[1].pk}": "absent", f"p{world.outsider_person.pk}": "excused"}
    response = client.post(url("learning_attendance", course, pk=course.webinar.pk), data)
    assert response.status_code == 302
    marks = dict(WebinarAttendance.objects.values_list("person_id", "status"))
    assert marks == {int(k[1:]): v for k, v in data.items()}
    assert WebinarAttendance.objects.get(person=world.outsider_person).application == hilltop
    # Clearing one, changing one.
    data[f"p{world.people_b[1].pk}"] = ""
    data[f"p{world.people_a[2].pk}"] = "present"
    client.post(url("learning_attendance", course, pk=course.webinar.pk), data, follow=True)
    marks = dict(WebinarAttendance.objects.values_list("person_id", "status"))
    assert world.people_b[1].pk not in marks and marks[world.people_a[2].pk] == "present"
    # Each member sees their own.
    mine = as_user("member").get(url("learning_activity", course, pk=course.webinar.pk))
    assert "Your attendance" in mine.content.decode()
    assert "<dd>Present</dd>" in mine.content.decode()


def test_before_a_webinar_only_excused(world, as_user):
    course = make_course(world, webinar_ago=-dt.timedelta(days=2))
    with pytest.raises(ValidationError):
        actions.mark_attendance(course.webinar, {world.people_a[0].pk: "present"},
                                by=world.users["facilitator"])
    assert actions.mark_attendance(course.webinar, {world.people_a[0].pk: "excused"},
                                   by=world.users["facilitator"]) == 1
    response = as_user("facilitator").post(
        url("learning_attendance", course, pk=course.webinar.pk),
        {f"p{world.people_a[2].pk}": "absent"})
    assert response.status_code == 200
    assert "only &quot;excused&quot; can be marked" in response.content.decode()


def test_attendance_only_for_selected_teams(world, course):
    with pytest.raises(ValidationError):
        actions.mark_attendance(course.webinar, {world.people_a[1].pk: "present"}, by=None)


# --- Progress ---------------------------------------------------------------------------------


def test_progress_states(world, as_user):
    course = make_course(world)
    today = q.offering_today(course.offering)
    late = actions.save_activity(course.module1, by=None, kind="team_assignment",
                                 title="Overdue plan", due_on=today - dt.timedelta(days=1))
    a0, a2, b1 = world.people_a[0], world.people_a[2], world.people_b[1]
    for person in (a0, a2, b1):
        actions.complete_self_study(course.self_study, by=None, person=person)
    actions.mark_attendance(course.webinar, {a0.pk: "present", a2.pk: "excused",
                                             b1.pk: "absent"}, by=None)
    progress = q.course_progress(course.offering)
    row = progress.teams[0]
    states = dict(zip([a.title for a in progress.activities], row.cells, strict=True))
    assert states["Reading: what ESP mentoring is"] == ("done", 3, 3)
    assert states["Our why statement"] == ("not_yet", 0, 3)
    assert states["Kickoff webinar"] == ("missed", 2, 3)
    assert states["Overdue plan"] == ("late", 0, 3)
    text = as_user("course").get(url("learning_progress", course)).content.decode()
    assert "Lakeview ESP" in text and "✓ Done" in text and "! Late" in text
    assert "✗ Missed" in text and "No one yet." in text
    member_page = as_user("facilitator").get(url("learning_team_progress", course,
                                                 team_pk=course.team.pk)).content.decode()
    assert a0.display_name in member_page and "2 left" in member_page
    assert late


def test_a_team_not_selected_has_no_progress_page(world, course, as_user):
    waiting = make_team(course.offering, world.other_local, [world.outsider_person],
                        status="waitlisted")
    response = as_user("course").get(url("learning_team_progress", course, team_pk=waiting.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("name,kind", [("learning_progress", None),
                                       ("learning_submissions", "assignment"),
                                       ("learning_submissions", "self_study"),
                                       ("learning_attendance", "webinar"),
                                       ("learning_home", None)])
def test_staff_pages_do_not_grow_in_queries_with_the_teams(world, course, as_user, name, kind,
                                                           django_assert_max_num_queries):
    kwargs = {"pk": getattr(course, kind).pk} if kind else {}
    client = as_user("facilitator")

    def fill(teams):
        for team in teams:
            members = list(team.team_members.all())
            for member in members:
                actions.complete_self_study(course.self_study, by=None, person=member.person)
            actions.save_team_work(course.assignment, by=None, application=team, text="Ours.")
            actions.add_submission_file(course.assignment, by=None, application=team,
                                        name="a.txt", data=b"notes\n")
            actions.mark_attendance(course.webinar, {m.person_id: "present" for m in members},
                                    by=None)

    fill(add_teams(world, course, 1))
    client.get(url(name, course, **kwargs))
    with django_assert_max_num_queries(40) as few:
        assert client.get(url(name, course, **kwargs)).status_code == 200
    fill(add_teams(world, course, 6))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(name, course, **kwargs)).status_code == 200


def test_the_team_progress_page_does_not_grow_with_members(world, course, as_user,
                                                           django_assert_max_num_queries):
    client = as_user("course")
    link = url("learning_team_progress", course, team_pk=course.team.pk)
    with django_assert_max_num_queries(40) as few:
        client.get(link)
    for _ in range(8):
        person = PersonFactory(local=world.local)
        course.team.team_members.create(person=person)
        actions.complete_self_study(course.self_study, by=None, person=person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(link).status_code == 200


def test_webinar_attendance_before_start_can_be_excused_only_now(world, course):
    """The system (demo data) may mark a past moment."""
    future = make_course(world, webinar_ago=-dt.timedelta(hours=3))
    later = timezone.now() + dt.timedelta(hours=4)
    assert actions.mark_attendance(future.webinar, {world.people_a[0].pk: "present"},
                                   by=None, now=later) == 1


def test_who_runs_the_course_sets_up_two_factor_before_seeing_teams_work(world, course, client):
    from tests.factories import make_user

    runner = make_user("runner@example.org", roles=[(world.local.parent.parent,
                                                     "national_staff")], mfa=False)
    client.force_login(runner)
    for name, kwargs in (("learning_progress", {}),
                         ("learning_submissions", {"pk": course.assignment.pk}),
                         ("learning_attendance", {"pk": course.webinar.pk})):
        response = client.get(url(name, course, **kwargs))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("mfa_required")), name
