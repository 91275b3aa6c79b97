"""The survey's actions: drafting and publishing (the team), answering (people in the unit):
the window, one response per person changed in place, unique consecutive ranks, who may."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import PersonFactory, job_class, make_user
from tests.matrix_bargaining_survey import PRIORITIES, close_survey, make_survey
from unionhall.bargaining.actions.survey import (
    answer_survey,
    create_survey,
    publish_survey,
    rank_problem,
    update_survey,
)
from unionhall.bargaining.models import Answer, Ranking, Survey, SurveyResponse
from unionhall.core.models import AuditEntry


def ids(survey):
    return {p.label: p.pk for p in survey.priorities.all()}


def qids(survey):
    return [q.pk for q in survey.questions.all()]


def answer(survey, person, ranks=None, answers=None, by=None):
    """Rank by label ({"Wages": 1}); the rally question answered "Yes" unless given."""
    p = ids(survey)
    q = qids(survey)
    ranks = {"Wages": 1} if ranks is None else ranks
    answers = {q[0]: "Yes"} if answers is None else answers
    return answer_survey(survey, person, by=by, ranks={p[k]: v for k, v in ranks.items()},
                         answers=answers)


# --- drafting and publishing ----------------------------------------------------------------


def test_team_drafts_a_survey(world):
    now = timezone.now()
    survey = create_survey(world.local, by=world.users["team"], title="  2027 priorities ",
                           opens_at=now, closes_at=now + dt.timedelta(days=14),
                           priorities=["Wages", "", " Sick leave "],
                           questions=[{"text": "Shift?", "kind": "choice",
                                       "choices": ["Day", "Night", "Day"], "required": True},
                                      {"text": "", "kind": "text"}])
    assert survey.status == Survey.Status.DRAFT and survey.title == "2027 priorities"
    assert [(p.label, p.position) for p in survey.priorities.all()] == [
        ("Wages", 1), ("Sick leave", 2)]
    (q,) = survey.questions.all()
    assert q.choices == ["Day", "Night"] and q.required
    assert AuditEntry.objects.filter(verb="survey.created", object_id=str(survey.pk)).exists()


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "state", "outsider"])
def test_only_the_team_drafts(world, persona):
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        create_survey(world.local, by=world.users[persona], title="X", opens_at=now,
                      closes_at=now + dt.timedelta(days=1))


@pytest.mark.parametrize("persona", ["team", "officer", "admin"])
def test_team_roles_draft(world, persona):
    now = timezone.now()
    create_survey(world.local, by=world.users[persona], title="X", opens_at=now,
                  closes_at=now + dt.timedelta(days=1))


@pytest.mark.parametrize("change,message", [
    ({"closes_at": "same"}, "close after it opens"),
    ({"title": " "}, "title"),
    ({"priorities": ["Wages", "wages"]}, "listed twice"),
    ({"questions": [{"text": "Rally?", "kind": "choice", "choices": ["Yes"]}]}, "between 2"),
    ({"questions": [{"text": "Rally?", "kind": "poll"}]}, "kind"),
])
def test_drafting_mistakes_are_explained(world, change, message):
    now = timezone.now()
    data = {"title": "X", "opens_at": now, "closes_at": now + dt.timedelta(days=1)}
    data.update(change)
    if data["closes_at"] == "same":
        data["closes_at"] = now
    with pytest.raises(ValidationError, match=message):
        create_survey(world.local, by=None, **data)


def test_draft_priorities_and_questions_change_until_published(world):
    survey = make_survey(world.local, "draft")
    update_survey(survey, by=world.users["team"], title="New title", intro="",
                  opens_at=survey.opens_at, closes_at=survey.closes_at,
                  priorities=["Job security", "Wages"], questions=[])
    survey.refresh_from_db()
    assert survey.title == "New title"
    assert list(survey.priorities.values_list("label", flat=True)) == ["Job security", "Wages"]
    assert not survey.questions.exists()


def test_publishing_freezes_priorities_and_questions(world):
    survey = make_survey(world.local, "draft")
    publish_survey(survey, by=world.users["team"])
    survey.refresh_from_db()
    assert survey.status == Survey.Status.PUBLISHED
    with pytest.raises(ValidationError, match="can no longer change"):
        update_survey(survey, by=None, title=survey.title, opens_at=survey.opens_at,
                      closes_at=survey.closes_at, priorities=["Wages", "Job security"])
    with pytest.raises(ValidationError, match="can no longer change"):
        update_survey(survey, by=None, title=survey.title, opens_at=survey.opens_at,
                      closes_at=survey.closes_at, questions=[])
    assert list(survey.priorities.values_list("label", flat=True)) == PRIORITIES
    # The times may still change, e.g. to keep it open a few days longer.
    later = survey.closes_at + dt.timedelta(days=3)
    update_survey(survey, by=None, title=survey.title, opens_at=survey.opens_at, closes_at=later)
    survey.refresh_from_db()
    assert survey.closes_at == later and survey.questions.count() == 3


def test_publishing_needs_two_priorities_and_happens_once(world):
    survey = make_survey(world.local, "draft", priorities=["Wages"])
    with pytest.raises(ValidationError, match="at least two priorities"):
        publish_survey(survey, by=None)
    survey = make_survey(world.local, "open")
    with pytest.raises(ValidationError, match="already published"):
        publish_survey(survey, by=None)


def test_member_cannot_publish_or_edit(world):
    survey = make_survey(world.local, "draft")
    with pytest.raises(PermissionDenied):
        publish_survey(survey, by=world.users["member"])
    with pytest.raises(PermissionDenied):
        update_survey(survey, by=world.users["member"], title="X", opens_at=survey.opens_at,
                      closes_at=survey.closes_at)


# --- answering ------------------------------------------------------------------------------


def test_a_person_in_the_unit_answers(world):
    survey = make_survey(world.local)
    person = world.people_b[2]
    user = make_user("b2@example.org", person=person)
    response = answer(survey, person, {"Paid training time": 1, "Wages": 2},
                      {qids(survey)[0]: "Maybe", qids(survey)[1]: "2",
                       qids(survey)[2]: "  More hours for paras. "},
                      by=user)
    assert response.worksite == world.site_b
    assert response.job_family.code == "paraeducators"
    assert {(r.priority.label, r.rank) for r in response.rankings.all()} == {
        ("Paid training time", 1), ("Wages", 2)}
    assert sorted(response.answers.values_list("value", flat=True)) == [
        "2", "Maybe", "More hours for paras."]
    entry = AuditEntry.objects.get(verb="survey.answered")
    assert entry.actor == user
    assert "paras" not in str(entry.changes) and "Wages" not in str(entry.changes)


def test_a_non_member_in_the_unit_answers_too(world):
    survey = make_survey(world.local)
    person = PersonFactory(local=world.local, worksite=world.site_a, status="non_member")
    answer(survey, person)
    assert SurveyResponse.objects.filter(survey=survey, person=person).exists()


def test_one_response_changed_in_place(world):
    survey = make_survey(world.local)
    person = world.people_a[0]
    first = answer(survey, person, {"Wages": 1, "Health insurance": 2})
    second = answer(survey, person, {"Safe staffing ratios": 1},
                    {qids(survey)[0]: "No"})
    assert first.pk == second.pk
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert list(Ranking.objects.filter(response=second).values_list("priority__label", "rank")) \
        == [("Safe staffing ratios", 1)]
    assert list(Answer.objects.filter(response=second).values_list("value", flat=True)) == ["No"]


def test_the_answer_keeps_the_current_worksite(world):
    survey = make_survey(world.local)
    person = world.people_a[2]
    answer(survey, person)
    person.worksite = world.site_b
    person.save()
    response = answer(survey, person)
    assert response.worksite == world.site_b


@pytest.mark.parametrize("ranks,message", [
    ({"Wages": 2, "Health insurance": 2, "Paid training time": 1},
     "You gave rank 2 to two priorities"),
    ({"Wages": 1, "Health insurance": 1, "Paid training time": 1},
     "You gave rank 1 to 3 priorities"),
    ({"Wages": 1, "Health insurance": 3}, "no priority is ranked 2"),
    ({"Wages": 2}, "no priority is ranked 1"),
    ({}, "Rank at least one priority"),
    ({"Wages": 0}, "Rank at least one priority"),
])
def test_ranks_are_unique_and_consecutive_from_one(world, ranks, message):
    survey = make_survey(world.local)
    with pytest.raises(ValidationError, match=message):
        answer(survey, world.people_a[0], ranks)
    assert not SurveyResponse.objects.exists()


def test_all_priorities_may_be_ranked_but_need_not_be(world):
    survey = make_survey(world.local)
    answer(survey, world.people_a[0], {label: i for i, label in enumerate(PRIORITIES, 1)})
    answer(survey, world.people_a[1], {"Safe staffing ratios": 1})
    assert SurveyResponse.objects.count() == 2


def test_rank_problem_pure():
    assert rank_problem([1, 2, 3]) is None
    assert rank_problem([3, 1, 2]) is None
    assert "rank 2 to two" in rank_problem([1, 2, 2])
    assert "ranked 1" in rank_problem([2, 3])


def test_a_rank_of_another_survey_is_refused(world):
    survey = make_survey(world.local)
    other = make_survey(world.local, title="Other")
    with pytest.raises(ValidationError, match="not on this survey"):
        answer_survey(survey, world.people_a[0], by=None,
                      ranks={other.priorities.first().pk: 1}, answers={qids(survey)[0]: "Yes"})


@pytest.mark.parametrize("which,value,message", [
    (0, "", "Please answer"),
    (0, "Absolutely", "Choose one of the answers"),
    (1, "7", "number from 1 to 5"),
    (2, "x" * 2001, "longer than"),
])
def test_answers_are_checked(world, which, value, message):
    survey = make_survey(world.local)
    q = qids(survey)
    answers = {q[0]: "Yes", q[which]: value}
    with pytest.raises(ValidationError, match=message):
        answer(survey, world.people_a[0], answers=answers)


def test_optional_questions_may_stay_empty(world):
    survey = make_survey(world.local)
    response = answer(survey, world.people_a[0], answers={qids(survey)[0]: "Yes"})
    assert response.answers.count() == 1


def test_only_people_in_the_unit_of_the_local(world):
    survey = make_survey(world.local)
    with pytest.raises(ValidationError, match="Only people in the bargaining unit"):
        answer(survey, world.outsider_person)
    left = PersonFactory(local=world.local, worksite=world.site_a, in_unit=False)
    with pytest.raises(ValidationError, match="Only people in the bargaining unit"):
        answer(survey, left)


def test_nobody_answers_for_someone_else(world):
    survey = make_survey(world.local)
    with pytest.raises(PermissionDenied):
        answer(survey, world.people_a[2], by=world.users["member"])
    with pytest.raises(PermissionDenied):
        answer(survey, world.people_a[2], by=world.users["officer"])


def test_a_draft_is_not_answerable(world):
    survey = make_survey(world.local, "draft")
    with pytest.raises(ValidationError, match="not open yet"):
        answer(survey, world.people_a[0])


def test_before_it_opens_nobody_answers(world):
    survey = make_survey(world.local, "upcoming")
    with pytest.raises(ValidationError, match="opens on"):
        answer(survey, world.people_a[0])


def test_after_it_closes_answers_no_longer_change(world):
    survey = make_survey(world.local)
    answer(survey, world.people_a[0], {"Wages": 1})
    close_survey(survey)
    with pytest.raises(ValidationError, match="closed"):
        answer(survey, world.people_a[0], {"Health insurance": 1})
    with pytest.raises(ValidationError, match="closed"):
        answer(survey, world.people_a[1])
    assert list(Ranking.objects.values_list("priority__label", flat=True)) == ["Wages"]


def test_job_family_of_someone_without_a_job_class(world):
    survey = make_survey(world.local)
    person = PersonFactory(local=world.local, worksite=None, job_class=None)
    response = answer(survey, person)
    assert response.worksite is None and response.job_family is None
    person.job_class = job_class(world.local, "Bus driver", "transportation")
    person.save()
    assert answer(survey, person).job_family.code == "transportation"


# --- the demo -------------------------------------------------------------------------------


def test_demo_survey_is_quick_and_differs_by_job_family(world):
    import random
    import time

    from unionhall.bargaining import survey_queries as sq
    from unionhall.bargaining.actions.survey import phase
    from unionhall.bargaining.demo_survey import seed_survey
    from unionhall.core.models import JobClass, JobFamily
    from unionhall.members.models import Person

    families = ["paraeducators", "transportation", "custodial", "food", "clerical", "health"]
    classes = [JobClass.objects.create(local=world.local, title=f"Demo {f}",
                                       family=JobFamily.objects.get(code=f)) for f in families]
    Person.objects.bulk_create(
        Person(local=world.local, legal_first_name="Demo", legal_last_name=str(i),
               worksite=(world.site_a, world.site_b)[i % 2], job_class=classes[i % 6])
        for i in range(3800))
    started = time.perf_counter()
    seed_survey(world.local, random.Random("lakeview-bargaining"))
    assert time.perf_counter() - started < 5

    closed = Survey.objects.get(title="2027 bargaining priorities")
    draft = Survey.objects.get(status="draft")
    assert phase(closed) == "closed" and draft.priorities.count() == 5
    assert closed.priorities.count() == 8 and closed.questions.count() == 4
    in_unit = Person.objects.filter(local=world.local, in_unit=True).count()
    assert closed.responses.count() == round(in_unit * 0.4)
    assert closed.closes_at.date() <= world.local.today() - dt.timedelta(days=13)
    times = closed.responses.values_list("submitted_at", flat=True)
    assert all(closed.opens_at <= t <= closed.closes_at for t in times)

    closed.priority_list = list(closed.priorities.all())
    closed.question_list = list(closed.questions.all())
    results = sq.results(closed, written=True)
    top = {g.label: g.ranking.top3 for g in results["groups"][sq.FAMILY] if g.shown}
    assert top["Transportation Services"][0] == "Bus route time"
    assert "Paid training time" in top["Paraeducators"]
    assert "Bus route time" not in top["Paraeducators"]
    assert results["overall"].priorities[0].label == "Wages"
    assert results["questions"][3].texts_total > 0
