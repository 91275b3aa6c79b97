"""A selected team's own work: each member completes a self-study; the team writes one
assignment together, with files kept outside the web root and served only to the team and the
course's staff; other teams never see it; user text is escaped."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import PersonFactory, make_user
from tests.matrix_mentoring_learning import make_course, make_team
from unionhall.core.models import AuditEntry
from unionhall.mentoring.actions import learning as actions
from unionhall.mentoring.models import Submission, SubmissionFile

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _files_root(settings, tmp_path):
    settings.MENTORING_FILES_ROOT = tmp_path / "mentoring-files"


@pytest.fixture
def course(world):
    return make_course(world)


@pytest.fixture
def teammate(world):
    """A second member of the Lakeview team with an account of their own."""
    user = make_user("teammate@example.org", person=world.people_a[2], mfa=False)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def other_team(world, course):
    """Hilltop's team, selected too, with one member who signs in."""
    person = PersonFactory(local=world.other_local)
    make_team(course.offering, world.other_local, [person])
    user = make_user("hilltop-team@example.org", person=person, mfa=False)
    client = Client()
    client.force_login(user)
    return user, client


def url(name, course, **kwargs):
    return reverse(name, kwargs={"offering_slug": course.offering.slug, **kwargs})


# --- Self-study -------------------------------------------------------------------------------


def test_a_member_completes_a_self_study_with_a_reflection(world, course, as_user):
    client = as_user("member")
    page = url("learning_activity", course, pk=course.self_study.pk)
    assert "Mark as completed" in client.get(page).content.decode()
    response = client.post(url("learning_self_study", course, pk=course.self_study.pk),
                           {"reflection": "No one should start the job alone."})
    assert response.status_code == 302
    sub = Submission.objects.get(activity=course.self_study)
    assert (sub.person, sub.application) == (world.people_a[0], course.team)
    text = client.get(page).content.decode()
    assert "You completed this on" in text and "No one should start the job alone." in text
    assert "Your team: 1 of 3 completed it." in text
    # Again: the reflection changes, the completion stays one.
    client.post(url("learning_self_study", course, pk=course.self_study.pk),
                {"reflection": "Changed my mind."})
    assert Submission.objects.get(activity=course.self_study).text == "Changed my mind."
    assert AuditEntry.objects.filter(verb="self_study.completed").count() == 2


def test_each_member_completes_for_themself(world, course, teammate):
    _user, client = teammate
    client.post(url("learning_self_study", course, pk=course.self_study.pk), {})
    assert list(Submission.objects.values_list("person_id", flat=True)) == [world.people_a[2].pk]


@pytest.mark.parametrize("persona", ["facilitator", "course", "rep", "outsider"])
def test_only_team_members_complete_a_self_study(world, course, persona):
    with pytest.raises(PermissionDenied):
        actions.complete_self_study(course.self_study, by=world.users[persona])


def test_a_reflection_is_short(world, course, as_user):
    response = as_user("member").post(url("learning_self_study", course,
                                          pk=course.self_study.pk), {"reflection": "x" * 2001})
    assert response.status_code == 200
    assert not Submission.objects.exists()


# --- The team's assignment --------------------------------------------------------------------


def test_the_team_writes_one_text_together(world, course, as_user, teammate):
    page = url("learning_activity", course, pk=course.assignment.pk)
    save = url("learning_team_work", course, pk=course.assignment.pk)
    member = as_user("member")
    member.post(save, {"text": "Our why: every ESP welcomed."})
    _user, other = teammate
    text = other.get(page).content.decode()
    assert "Our why: every ESP welcomed." in text
    assert f"Last saved by {world.people_a[0].display_name}" in text
    other.post(save, {"text": "Our why: every ESP welcomed and backed."})
    sub = Submission.objects.get(activity=course.assignment)
    assert sub.person is None and sub.application == course.team
    assert sub.text == "Our why: every ESP welcomed and backed."
    assert f"Last saved by {world.people_a[2].display_name}" in member.get(page).content.decode()


def test_saving_over_a_teammates_newer_text_says_so(world, course, as_user, teammate):
    save = url("learning_team_work", course, pk=course.assignment.pk)
    member = as_user("member")
    member.post(save, {"text": "First draft."})
    seen = Submission.objects.get().updated_at
    _user, other = teammate
    other.post(save, {"text": "Second draft.", "seen": seen.isoformat()})
    member_seen = seen  # the member's page was opened before the teammate saved
    response = member.post(save, {"text": "Third draft.", "seen": member_seen.isoformat()},
                           follow=True)
    assert (f"{world.people_a[2].display_name} had saved changes while you were writing"
            in response.content.decode())
    assert Submission.objects.get().text == "Third draft."


def test_an_empty_assignment_is_refused(world, course, as_user):
    response = as_user("member").post(url("learning_team_work", course, pk=course.assignment.pk),
                                      {"text": "  "})
    assert response.status_code == 200
    assert "Write your team&#x27;s work, or add a file." in response.content.decode()
    assert not Submission.objects.exists()


def test_other_teams_never_see_each_others_work(world, course, as_user, other_team):
    actions.save_team_work(course.assignment, by=None, application=course.team,
                           text="Lakeview's secret plan")
    file = actions.add_submission_file(course.assignment, by=None, application=course.team,
                                       name="plan.pdf", data=PDF)
    user, client = other_team
    page = client.get(url("learning_activity", course, pk=course.assignment.pk))
    assert page.status_code == 200
    assert "Lakeview&#x27;s secret plan" not in page.content.decode()
    assert "Lakeview's secret plan" not in page.content.decode()
    assert client.get(url("learning_file", course, pk=file.pk)).status_code == 404
    assert client.get(url("learning_submission", course,
                          pk=file.submission_id)).status_code == 403
    client.post(url("learning_team_work", course, pk=course.assignment.pk), {"text": "Ours."})
    assert Submission.objects.get(activity=course.assignment,
                                  application=course.team).text == "Lakeview's secret plan"


def test_a_team_that_was_not_selected_is_refused(world, as_user):
    course = make_course(world)
    course.team.status = "waitlisted"
    course.team.save()
    client = as_user("member")
    assert client.get(url("learning_home", course)).status_code == 403
    assert client.get(url("learning_activity", course, pk=course.self_study.pk)).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.save_team_work(course.assignment, by=world.users["member"], text="x")


def test_anonymous_is_sent_to_sign_in(world, course, client):
    response = client.get(url("learning_home", course))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Files ------------------------------------------------------------------------------------


def upload(client, course, name, data, content_type="application/octet-stream"):
    return client.post(url("learning_file_add", course, pk=course.assignment.pk),
                       {"file": SimpleUploadedFile(name, data, content_type=content_type)},
                       follow=True)


def test_a_file_is_stored_outside_the_web_root_under_a_random_name(world, course, as_user):
    response = upload(as_user("member"), course, "../../Our program draft.pdf", PDF)
    assert "File added." in response.content.decode()
    file = SubmissionFile.objects.get()
    assert file.name == "Our program draft.pdf"
    assert (file.content_type, file.size) == ("application/pdf", len(PDF))
    path = Path(settings.MENTORING_FILES_ROOT) / file.stored_as
    assert path.read_bytes() == PDF
    assert "draft" not in file.stored_as and len(file.stored_as.split("/")[-1]) == 40
    # The submission was started by the file.
    assert file.submission.application == course.team and file.submission.text == ""
    assert AuditEntry.objects.filter(verb="submission.file_added").exists()


def test_a_file_too_big_is_refused(world, course, as_user, settings):
    settings.MENTORING_FILE_MAX_BYTES = 1024
    response = upload(as_user("member"), course, "big.pdf", PDF + b"x" * 1100)
    assert "The file is larger than" in response.content.decode()
    assert not SubmissionFile.objects.exists()


@pytest.mark.parametrize("name,data", [
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00 a program"),
    ("empty.txt", b""),
])
def test_a_file_of_another_kind_is_refused(world, course, as_user, name, data):
    response = upload(as_user("member"), course, name, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert any(said in text for said in ("is not a PDF", "The file is empty.",
                                         "The submitted file is empty."))
    assert not SubmissionFile.objects.exists()
    assert list(Path(settings.MENTORING_FILES_ROOT).glob("*/*")) == []


def test_a_file_is_served_only_to_the_team_and_staff_as_an_attachment(world, course, as_user,
                                                                       teammate):
    file = actions.add_submission_file(course.assignment, by=None, application=course.team,
                                       name="notes.txt", data=b"Survey notes\n")
    link = url("learning_file", course, pk=file.pk)
    for persona in ("member", "facilitator", "course"):
        response = as_user(persona).get(link)
        assert response.status_code == 200, persona
        assert b"".join(response.streaming_content) == b"Survey notes\n"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert teammate[1].get(link).status_code == 200
    for persona in ("rep", "officer", "coordinator", "outsider", "state"):
        assert as_user(persona).get(link).status_code == 403, persona


def test_the_files_page_lists_the_teams_files(world, course, as_user):
    actions.add_submission_file(course.assignment, by=None, application=course.team,
                                name="<i>draft.pdf", data=PDF)
    text = as_user("member").get(url("learning_activity", course,
                                      pk=course.assignment.pk)).content.decode()
    assert "&lt;i&gt;draft.pdf" in text and "<i>draft" not in text


# --- Escaping ---------------------------------------------------------------------------------


XSS = ('<script>alert("x")</script> [click](javascript:alert(1)) '
       '<img src=x onerror=alert(1)>')


def test_user_text_is_escaped_everywhere(world, course, as_user):
    actions.complete_self_study(course.self_study, by=None, person=world.people_a[0],
                                reflection=XSS)
    sub = actions.save_team_work(course.assignment, by=None, application=course.team, text=XSS)
    actions.give_feedback(sub, by=world.users["facilitator"], feedback=XSS)
    pages = [as_user("member").get(url("learning_activity", course, pk=pk)).content.decode()
             for pk in (course.self_study.pk, course.assignment.pk)]
    staff = as_user("facilitator")
    pages.append(staff.get(url("learning_submission", course, pk=sub.pk)).content.decode())
    pages.append(staff.get(url("learning_submissions", course,
                               pk=course.self_study.pk)).content.decode())
    for text in pages:
        assert "<script>alert" not in text
        assert 'href="javascript' not in text
        assert "<img" not in text


def test_instructions_and_summaries_are_sanitized(world, course, as_user):
    actions.save_activity(course.module1, activity=course.self_study, by=None,
                          kind="self_study", title="<i>Reading</i>", instructions=XSS)
    text = as_user("member").get(url("learning_activity", course,
                                      pk=course.self_study.pk)).content.decode()
    assert "<script>alert" not in text
    assert 'href="javascript' not in text
    assert "&lt;i&gt;Reading&lt;/i&gt;" in text


def test_a_member_of_no_team_cannot_write_for_one(world, course):
    with pytest.raises(ValidationError):
        actions.complete_self_study(course.self_study, by=None, person=world.people_b[0])


def test_work_of_the_wrong_kind_is_not_found(world, course, as_user):
    client = as_user("member")
    assert client.post(url("learning_self_study", course,
                           pk=course.assignment.pk)).status_code == 404
    assert client.post(url("learning_team_work", course, pk=course.webinar.pk),
                       {"text": "x"}).status_code == 404
    assert client.post(url("learning_file_add", course, pk=course.self_study.pk)).status_code == 404
