"""Reads for the bargaining survey, on top of queries.surveys_for / survey_or_404.

Who sees the results: the bargaining team (Perm.BARGAIN) at any time, as the answers come in;
everyone with standing in the local once the survey has closed (the ranking overall and by
group, the answers to choice and scale questions). Written answers stay with the team. Nobody
sees who answered what.

The results are read as flat rows in a fixed number of queries (responses, rankings, answers,
and the labels of worksites and job families) and worked out in survey_results.py, so the
results page costs the same whatever the number of responses.
"""

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from unionhall.bargaining import queries
from unionhall.bargaining import survey_results as sr
from unionhall.bargaining.actions.survey import may_answer, phase
from unionhall.bargaining.models import Answer, Question, Ranking, Survey, SurveyResponse
from unionhall.core.models import JobFamily, Worksite
from unionhall.members.models import Person

FAMILY = "family"
WORKSITE = "worksite"


def surveys_listed(access):
    """The surveys the viewer sees, newest first, with the number of responses (for the team)
    and whether the viewer has answered each."""
    qs = queries.surveys_for(access)
    if queries.is_team(access):
        qs = qs.annotate(response_count=Count("responses"))
    if access.person_id:
        qs = qs.annotate(answered=Exists(SurveyResponse.objects.filter(
            survey=OuterRef("pk"), person_id=access.person_id)))
    return qs.order_by("-opens_at", "-id")


def survey_with_items(access, pk: int) -> Survey:
    """The survey with its priorities and questions (two more queries)."""
    survey = queries.survey_or_404(access, pk)
    survey.priority_list = list(survey.priorities.all())
    survey.question_list = list(survey.questions.all())
    return survey


def answering_person(access, survey: Survey):
    """The viewer's own Person if the survey asks them (in the local and in the unit)."""
    if not access.person_id:
        return None
    person = Person.objects.filter(pk=access.person_id).first()
    return person if may_answer(survey, person) else None


def saved_answers(survey: Survey, person) -> tuple[SurveyResponse | None, dict, dict]:
    """The person's response, {priority id: rank} and {question id: value}."""
    if person is None:
        return None, {}, {}
    response = SurveyResponse.objects.filter(survey=survey, person=person).first()
    if response is None:
        return None, {}, {}
    ranks = dict(response.rankings.values_list("priority_id", "rank"))
    answers = dict(response.answers.values_list("question_id", "value"))
    return response, ranks, answers


def results_visible(access, survey: Survey, now=None) -> bool:
    return queries.is_team(access) or phase(survey, now or timezone.now()) == "closed"


def results(survey: Survey, *, written: bool, text_cap: int | None = sr.TEXT_CAP,
            unknown_label: str = "—") -> dict:
    """Everything the results page and the CSV show, in a fixed number of queries:
    {"overall": Ranking, "groups": {FAMILY: [Group], WORKSITE: [Group]}, "questions": [...],
    "respondents": n}. `survey` carries priority_list and question_list (survey_with_items).
    written: whether to read the written answers (the team's); if not, none are listed."""
    priorities = [(p.pk, p.label) for p in survey.priority_list]
    rows = SurveyResponse.objects.filter(survey=survey).values_list(
        "id", "job_family_id", "worksite_id")
    ranks: dict[int, dict] = {}
    for response_id, priority_id, rank in Ranking.objects.filter(
            response__survey=survey).values_list("response_id", "priority_id", "rank"):
        ranks.setdefault(response_id, {})[priority_id] = rank
    respondents = [sr.Respondent(id=rid, ranks=ranks.get(rid, {}),
                                 groups={FAMILY: family, WORKSITE: site})
                   for rid, family, site in rows]
    families = {f.pk: str(f) for f in JobFamily.objects.all()}
    sites = dict(Worksite.objects.filter(local_id=survey.local_id).values_list("id", "name"))
    specs = [sr.QuestionSpec(id=q.pk, text=q.text, kind=q.kind, choices=tuple(q.choices))
             for q in survey.question_list]
    answers = Answer.objects.filter(response__survey=survey)
    if not written:
        answers = answers.exclude(question__kind=Question.Kind.TEXT)
    answers = answers.values_list("question_id", "value")
    return {
        "respondents": len(respondents),
        "overall": sr.rank_priorities(priorities, respondents),
        "groups": {
            FAMILY: sr.by_group(priorities, respondents, FAMILY, families,
                                unknown_label=unknown_label),
            WORKSITE: sr.by_group(priorities, respondents, WORKSITE, sites,
                                  unknown_label=unknown_label),
        },
        "questions": sr.question_results(specs, answers, text_cap=text_cap),
    }
