"""The exit survey: at or after the end of the term, each of the pair once; answers go to the
results only together with everyone else's."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.matrix_mentoring_pairs import make_ended_pair, make_pair
from unionhall.core.models import AuditEntry
from unionhall.mentoring.actions import pairs as a
from unionhall.mentoring.models import ExitSurvey

ANSWERS = {"overall": "5", "goals_progress": "4", "support": "5", "would_again": "yes",
           "comments": "My mentor showed me the ropes of the new lift"}


def url(pair):
    return reverse("pair_survey", args=["lakeview", pair.pk])


def test_before_the_end_of_the_term_the_survey_is_not_open(world, as_user):
    pair = make_pair(world)
    client = as_user("member")
    html = client.get(url(pair)).content.decode()
    assert "The exit survey opens when the term ends" in html
    assert "Send my answers" not in html
    response = client.post(url(pair), ANSWERS, follow=True)
    assert "The exit survey opens when the term ends." in response.content.decode()
    assert not ExitSurvey.objects.exists()
    with pytest.raises(ValidationError):
        a.submit_exit_survey(pair, by=world.users["member"], overall=5, goals_progress=5,
                             support=5, would_again=True)


def test_each_of_the_pair_answers_once(world, as_user):
    pair = make_ended_pair(world)
    response = as_user("member").post(url(pair), ANSWERS)
    assert response.status_code == 302
    survey = ExitSurvey.objects.get()
    assert (survey.person, survey.role, survey.overall, survey.would_again) == (
        world.people_a[0], "mentee", 5, True)
    # Again: refused, nothing changes.
    response = as_user("member").post(url(pair), {**ANSWERS, "overall": "1"}, follow=True)
    assert "already answered" in response.content.decode()
    assert ExitSurvey.objects.get().overall == 5
    with pytest.raises(ValidationError):
        a.submit_exit_survey(pair, by=world.users["member"], overall=1, goals_progress=1,
                             support=1, would_again=False)
    # The mentor answers their own.
    assert as_user("rep").post(url(pair), {**ANSWERS, "would_again": "no"}).status_code == 302
    mentor = ExitSurvey.objects.get(role="mentor")
    assert (mentor.person, mentor.would_again) == (world.people_a[1], False)


def test_the_pair_page_points_to_the_survey_then_thanks(world, as_user):
    pair = make_ended_pair(world)
    client = as_user("member")
    detail = reverse("pair_detail", args=["lakeview", pair.pk])
    assert url(pair) in client.get(detail).content.decode()
    client.post(url(pair), ANSWERS)
    html = client.get(detail).content.decode()
    assert "You answered the exit survey. Thank you!" in html


def test_closing_early_opens_the_survey(world, as_user):
    pair = make_pair(world)
    a.close_cycle(pair.cycle, by=world.users["coordinator"])
    assert as_user("member").post(url(pair), ANSWERS).status_code == 302
    assert ExitSurvey.objects.count() == 1


@pytest.mark.parametrize("bad", [{"overall": "6"}, {"support": "0"}, {"would_again": ""},
                                 {"goals_progress": "x"}])
def test_answers_are_checked(world, as_user, bad):
    pair = make_ended_pair(world)
    response = as_user("member").post(url(pair), {**ANSWERS, **bad})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not ExitSurvey.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "officer", "admin"])
def test_who_runs_the_program_cannot_answer_or_see_the_form(world, as_user, persona):
    pair = make_ended_pair(world)
    assert as_user(persona).get(url(pair)).status_code == 403
    assert as_user(persona).post(url(pair), ANSWERS).status_code == 403


def test_the_audit_entry_holds_no_answers(world, as_user):
    pair = make_ended_pair(world)
    as_user("member").post(url(pair), ANSWERS)
    entry = AuditEntry.objects.get(verb="exit_survey.submitted")
    assert entry.changes == {}
    assert "ropes" not in entry.object_repr
