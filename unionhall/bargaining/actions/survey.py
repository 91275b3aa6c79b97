"""Every write to a bargaining survey: the team drafts it (priorities and questions), publishes
it (which freezes them), and people in the unit answer it while it is open.

Who answers: anyone whose Person is in the survey's local and in the bargaining unit, member or
not (the union surveys the whole unit), once, between opens_at and closes_at; answering again
replaces their answers. Their worksite and job family are kept with the response as they are
when they answer, for the results by group; nobody's answers are ever shown with their name.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.bargaining.models import (
    Answer,
    Priority,
    Question,
    Ranking,
    Survey,
    SurveyResponse,
)
from unionhall.core.audit import record
from unionhall.core.permissions import Perm, require
from unionhall.core.sanitize import clean_text

MAX_PRIORITIES = 20
MAX_QUESTIONS = 20
MAX_CHOICES = 12
MAX_WRITTEN = 2000
SCALE_VALUES = ("1", "2", "3", "4", "5")

# "1st" … "20th": how a rank reads on the form and in messages.
ORDINALS = (
    gettext_lazy("1st"), gettext_lazy("2nd"), gettext_lazy("3rd"), gettext_lazy("4th"),
    gettext_lazy("5th"), gettext_lazy("6th"), gettext_lazy("7th"), gettext_lazy("8th"),
    gettext_lazy("9th"), gettext_lazy("10th"), gettext_lazy("11th"), gettext_lazy("12th"),
    gettext_lazy("13th"), gettext_lazy("14th"), gettext_lazy("15th"), gettext_lazy("16th"),
    gettext_lazy("17th"), gettext_lazy("18th"), gettext_lazy("19th"), gettext_lazy("20th"),
)


def ordinal(n: int) -> str:
    return str(ORDINALS[n - 1]) if 1 <= n <= len(ORDINALS) else str(n)


# --- the team's side: drafting and publishing ------------------------------------------------


def _clean_details(title, intro, opens_at, closes_at) -> dict:
    title = clean_text(title or "")[:200]
    if not title:
        raise ValidationError(_("Give the survey a title."))
    if opens_at is None or closes_at is None:
        raise ValidationError(_("Give the times the survey opens and closes."))
    if closes_at <= opens_at:
        raise ValidationError(_("The survey must close after it opens."))
    return {"title": title, "intro": clean_text(intro or ""), "opens_at": opens_at,
            "closes_at": closes_at}


def clean_priorities(labels) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for label in labels:
        label = clean_text(label or "")
        if not label:
            continue
        if len(label) > 200:
            raise ValidationError(_("A priority is at most 200 characters: “%(label)s…”.")
                                  % {"label": label[:40]})
        if label.casefold() in seen:
            raise ValidationError(_("“%(label)s” is listed twice.") % {"label": label})
        seen.add(label.casefold())
        out.append(label)
    if len(out) > MAX_PRIORITIES:
        raise ValidationError(_("At most %(n)s priorities.") % {"n": MAX_PRIORITIES})
    return out


def clean_questions(questions) -> list[dict]:
    """questions: dicts {text, kind, choices (list of labels), required}; empty texts dropped."""
    out = []
    for q in questions:
        text = clean_text(q.get("text") or "")
        if not text:
            continue
        if len(text) > 500:
            raise ValidationError(_("A question is at most 500 characters."))
        kind = q.get("kind")
        if kind not in Question.Kind.values:
            raise ValidationError(_("Choose the kind of the question “%(q)s”.") % {"q": text})
        choices: list[str] = []
        if kind == Question.Kind.CHOICE:
            for choice in q.get("choices") or ():
                choice = clean_text(choice or "")[:200]
                if choice and choice not in choices:
                    choices.append(choice)
            if not 2 <= len(choices) <= MAX_CHOICES:
                raise ValidationError(
                    _("The question “%(q)s” needs between 2 and %(max)s choices, one per line.")
                    % {"q": text, "max": MAX_CHOICES})
        out.append({"text": text, "kind": kind, "choices": choices,
                    "required": bool(q.get("required"))})
    if len(out) > MAX_QUESTIONS:
        raise ValidationError(_("At most %(n)s questions.") % {"n": MAX_QUESTIONS})
    return out


def _set_items(survey: Survey, priorities: list[str], questions: list[dict]) -> None:
    survey.priorities.all().delete()
    survey.questions.all().delete()
    Priority.objects.bulk_create(
        Priority(survey=survey, label=label, position=i) for i, label in enumerate(priorities, 1))
    Question.objects.bulk_create(
        Question(survey=survey, position=i, **q) for i, q in enumerate(questions, 1))


@transaction.atomic(durable=True)
def create_survey(local, *, by, title, opens_at, closes_at, intro="", priorities=(),
                  questions=()) -> Survey:
    """A draft survey. Priorities and questions may be added later, until it is published."""
    require(by, local, Perm.BARGAIN)
    details = _clean_details(title, intro, opens_at, closes_at)
    priorities = clean_priorities(priorities)
    questions = clean_questions(questions)
    survey = Survey.objects.create(local=local, created_by=by if by and by.pk else None,
                                   **details)
    _set_items(survey, priorities, questions)
    record("survey.created", by=by, affiliate=local, obj=survey,
           changes={"priorities": [None, len(priorities)], "questions": [None, len(questions)]})
    return survey


@transaction.atomic(durable=True)
def update_survey(survey: Survey, *, by, title, opens_at, closes_at, intro="", priorities=None,
                  questions=None) -> Survey:
    """Change a survey. Its title, introduction and times may change at any time (e.g. to keep
    it open longer); its priorities and questions only while it is a draft (None: unchanged)."""
    require(by, survey.local, Perm.BARGAIN)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    details = _clean_details(title, intro, opens_at, closes_at)
    changes = {k: [str(getattr(survey, k)), str(v)] for k, v in details.items()
               if getattr(survey, k) != v}
    if priorities is not None or questions is not None:
        if survey.status != Survey.Status.DRAFT:
            raise ValidationError(_("The survey is published: its priorities and questions "
                                    "can no longer change."))
        new_priorities = (clean_priorities(priorities) if priorities is not None
                          else list(survey.priorities.values_list("label", flat=True)))
        new_questions = (clean_questions(questions) if questions is not None
                         else list(survey.questions.values("text", "kind", "choices",
                                                           "required")))
        _set_items(survey, new_priorities, new_questions)
        changes["priorities"] = [None, len(new_priorities)]
        changes["questions"] = [None, len(new_questions)]
    for key, value in details.items():
        setattr(survey, key, value)
    survey.save(update_fields=list(details))
    record("survey.updated", by=by, affiliate=survey.local, obj=survey, changes=changes)
    return survey


@transaction.atomic(durable=True)
def publish_survey(survey: Survey, *, by) -> Survey:
    """Open the survey to the unit at its times. From now on its priorities and questions stay
    as they are, so every answer is to the same survey."""
    require(by, survey.local, Perm.BARGAIN)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == Survey.Status.PUBLISHED:
        raise ValidationError(_("The survey is already published."))
    if survey.priorities.count() < 2:
        raise ValidationError(_("Add at least two priorities for people to rank before "
                                "publishing."))
    survey.status = Survey.Status.PUBLISHED
    survey.save(update_fields=["status"])
    record("survey.published", by=by, affiliate=survey.local, obj=survey)
    return survey


# --- answering -------------------------------------------------------------------------------


def phase(survey: Survey, now=None) -> str:
    """draft, upcoming, open or closed."""
    now = now or timezone.now()
    if survey.status != Survey.Status.PUBLISHED:
        return "draft"
    if now < survey.opens_at:
        return "upcoming"
    if now < survey.closes_at:
        return "open"
    return "closed"


def may_answer(survey: Survey, person) -> bool:
    """Whether this person is one the survey asks (whatever the time)."""
    return (person is not None and person.local_id == survey.local_id and person.in_unit)


def rank_problem(ranks) -> str | None:
    """What is wrong with a set of ranks (1 = top), or None: each used once, from 1, no gap."""
    ranks = list(ranks)
    if not ranks:
        return _("Rank at least one priority: give “1st” to what matters most to you.")
    if any(r < 1 for r in ranks):
        return _("Ranks start at 1st.")
    counts: dict[int, int] = {}
    for r in ranks:
        counts[r] = counts.get(r, 0) + 1
    doubled = sorted(r for r, n in counts.items() if n > 1)
    if doubled:
        r = doubled[0]
        if counts[r] == 2:
            return _("You gave rank %(rank)s to two priorities: give each rank to one "
                     "priority only.") % {"rank": r}
        return _("You gave rank %(rank)s to %(count)s priorities: give each rank to one "
                 "priority only.") % {"rank": r, "count": counts[r]}
    missing = next(r for r in range(1, max(ranks) + 2) if r not in counts)
    if missing <= max(ranks):
        return _("You gave rank %(given)s but no priority is ranked %(missing)s: number them "
                 "1, 2, 3 … without a gap.") % {"given": max(ranks), "missing": missing}
    return None


def _check_answers(questions, answers: dict) -> tuple[dict, list[str]]:
    values, problems = {}, []
    for q in questions:
        value = clean_text(str(answers.get(q.pk) or ""))
        if not value:
            if q.required:
                problems.append(_("Please answer: “%(q)s”.") % {"q": q.text})
            continue
        if q.kind == Question.Kind.CHOICE and value not in q.choices:
            problems.append(_("Choose one of the answers to “%(q)s”.") % {"q": q.text})
        elif q.kind == Question.Kind.SCALE and value not in SCALE_VALUES:
            problems.append(_("Answer “%(q)s” with a number from 1 to 5.") % {"q": q.text})
        elif q.kind == Question.Kind.TEXT and len(value) > MAX_WRITTEN:
            problems.append(_("Your answer to “%(q)s” is longer than %(n)s characters.")
                            % {"q": q.text, "n": MAX_WRITTEN})
        else:
            values[q.pk] = value
    return values, problems


@transaction.atomic(durable=True)
def answer_survey(survey: Survey, person, *, by, ranks: dict, answers: dict | None = None,
                  ) -> SurveyResponse:
    """Save a person's answers, replacing any they gave before.

    ranks: {priority id: rank} for the priorities they ranked (1 = most important); answers:
    {question id: value} (a choice's label, "1"–"5" for a scale, text). `by` is the person's
    own user, or None (the system)."""
    if by is not None and getattr(by, "person_id", None) != person.pk:
        raise PermissionDenied
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not may_answer(survey, person):
        raise ValidationError(_("Only people in the bargaining unit of this local answer this "
                                "survey."))
    now = timezone.now()
    state = phase(survey, now)
    if state == "draft":
        raise ValidationError(_("This survey is not open yet."))
    if state == "upcoming":
        raise ValidationError(_("This survey opens on %(day)s.") % {
            "day": formats.date_format(timezone.localtime(survey.opens_at), "DATETIME_FORMAT")})
    if state == "closed":
        raise ValidationError(_("This survey is closed: answers can no longer change."))
    priorities = set(survey.priorities.values_list("pk", flat=True))
    ranks = {int(pid): int(rank) for pid, rank in ranks.items() if rank}
    if set(ranks) - priorities:
        raise ValidationError(_("A priority you ranked is not on this survey."))
    problems = []
    problem = rank_problem(ranks.values())
    if problem:
        problems.append(problem)
    questions = list(survey.questions.all())
    values, answer_problems = _check_answers(questions, answers or {})
    problems += answer_problems
    if problems:
        raise ValidationError(problems)
    family_id = None
    if person.job_class_id:
        family_id = type(person).objects.filter(pk=person.pk).values_list(
            "job_class__family_id", flat=True).first()
    response, created = SurveyResponse.objects.select_for_update().get_or_create(
        survey=survey, person=person,
        defaults={"worksite_id": person.worksite_id, "job_family_id": family_id})
    if not created:
        response.worksite_id = person.worksite_id
        response.job_family_id = family_id
        response.save()
        response.rankings.all().delete()
        response.answers.all().delete()
    Ranking.objects.bulk_create(Ranking(response=response, priority_id=pid, rank=rank)
                                for pid, rank in ranks.items())
    Answer.objects.bulk_create(Answer(response=response, question_id=qid, value=value)
                               for qid, value in values.items())
    # Who answered, never what: the log says a response was saved or changed.
    record("survey.answered", by=by, affiliate=survey.local, obj=survey,
           changes={"response": [None, "new" if created else "changed"]})
    return response
