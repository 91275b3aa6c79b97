"""The bargaining survey's pages: the list, drafting and publishing (the team), answering
(everyone in the unit), the results with charts, and the results as CSV (the team).

Who may: the bargaining team (Perm.BARGAIN) drafts, edits and publishes, and sees the results
at any time and the CSV. Anyone whose own Person is in the local and in the unit answers while
the survey is open. Everyone with standing in the local sees a published survey, and its
results (the ranking overall and by group, the choice and scale answers, never the written
ones) once it has closed. Nobody sees anyone's own answers but their own.
"""

import csv
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.bargaining import queries, survey_chart
from unionhall.bargaining import survey_queries as sq
from unionhall.bargaining.actions import survey as actions
from unionhall.bargaining.survey_forms import (
    AnswerForm,
    QuestionFormSet,
    SurveyForm,
    questions_from,
    questions_initial,
)
from unionhall.bargaining.survey_results import MIN_GROUP
from unionhall.core.decorators import in_local_time, local_view
from unionhall.core.permissions import Perm
from unionhall.core.spreadsheet import safe_row


def _back(survey, name: str = "survey_detail"):
    return redirect(name, local_slug=survey.local.slug, pk=survey.pk)


@local_view()
@in_local_time
def survey_list(request):
    access = request.access
    now = timezone.now()
    surveys = list(sq.surveys_listed(access))
    for survey in surveys:
        survey.phase = actions.phase(survey, now)
        survey.results_visible = survey.phase != "draft" and sq.results_visible(
            access, survey, now)
    return render(request, "bargaining/survey_list.html", {
        "surveys": surveys, "team": queries.is_team(access)})


def _new_window(local) -> tuple[dt.datetime, dt.datetime]:
    """Tomorrow at 6:00 for two weeks, in the local's time (the view activates it)."""
    tz = timezone.get_current_timezone()
    opens = dt.datetime.combine(local.today() + dt.timedelta(days=1), dt.time(6, 0), tz)
    return opens, opens + dt.timedelta(days=14, hours=12)


@local_view(Perm.BARGAIN)
@in_local_time
def survey_new(request):
    opens, closes = _new_window(request.local)
    form = SurveyForm(request.POST or None, initial={"opens_at": opens, "closes_at": closes})
    formset = QuestionFormSet(request.POST or None, prefix="q")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            survey = actions.create_survey(request.local, by=request.user,
                                           questions=questions_from(formset),
                                           **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Survey saved as a draft. Check it, then publish it "
                                        "for the unit to answer."))
            return _back(survey)
    return render(request, "bargaining/survey_form.html",
                  {"form": form, "formset": formset, "survey": None})


@local_view(Perm.BARGAIN)
@in_local_time
def survey_edit(request, pk: int):
    survey = queries.survey_or_404(request.access, pk)
    frozen = survey.status == survey.Status.PUBLISHED
    initial = {"title": survey.title, "intro": survey.intro, "opens_at": survey.opens_at,
               "closes_at": survey.closes_at,
               "priorities": "\n".join(survey.priorities.values_list("label", flat=True))}
    form = SurveyForm(request.POST or None, initial=initial, frozen=frozen)
    formset = None if frozen else QuestionFormSet(
        request.POST or None, prefix="q", initial=questions_initial(survey))
    if (request.method == "POST" and form.is_valid()
            and (formset is None or formset.is_valid())):
        data = dict(form.cleaned_data)
        try:
            actions.update_survey(
                survey, by=request.user, title=data["title"], intro=data["intro"],
                opens_at=data["opens_at"], closes_at=data["closes_at"],
                priorities=None if frozen else data["priorities"],
                questions=None if frozen else questions_from(formset))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Survey saved."))
            return _back(survey)
    return render(request, "bargaining/survey_form.html", {
        "form": form, "formset": formset, "survey": survey, "frozen": frozen,
        "priorities": survey.priorities.all() if frozen else (),
        "questions": survey.questions.all() if frozen else ()})


@require_POST
@local_view(Perm.BARGAIN)
@in_local_time
def survey_publish(request, pk: int):
    survey = queries.survey_or_404(request.access, pk)
    try:
        actions.publish_survey(survey, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Published: people in the unit can answer it from "
                                    "%(opens)s. Its priorities and questions can no longer "
                                    "change.") % {"opens": _when(survey.opens_at)})
    return _back(survey)


def _when(value) -> str:
    from django.utils import formats

    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


@local_view()
@in_local_time
def survey_detail(request, pk: int):
    access = request.access
    survey = sq.survey_with_items(access, pk)
    state = actions.phase(survey)
    person = sq.answering_person(access, survey)
    response, ranks, answers = sq.saved_answers(survey, person)
    form = None
    if person is not None and state == "open":
        form = AnswerForm(request.POST if request.method == "POST" else None, survey=survey,
                          initial=AnswerForm.initial_from(ranks, answers))
        if request.method == "POST" and form.is_valid():
            try:
                actions.answer_survey(survey, person, by=request.user, ranks=form.ranks(),
                                      answers=form.answers())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you: your answers are saved. You can change "
                                            "them until %(closes)s.")
                                 % {"closes": _when(survey.closes_at)})
                return _back(survey)
    elif request.method == "POST":
        messages.error(request, _("This survey is closed.") if state == "closed" else
                       _("Only people in the bargaining unit of this local answer this survey.")
                       if state == "open" else _("This survey is not open yet."))
        return _back(survey)
    team = queries.is_team(access)
    preview = None
    if form is None and team and state in ("draft", "upcoming"):
        preview = AnswerForm(survey=survey)
    return render(request, "bargaining/survey_detail.html", {
        "survey": survey, "state": state, "form": form, "preview": preview,
        "response": response, "asked": person is not None, "team": team,
        "results_visible": state != "draft" and sq.results_visible(access, survey)})


# --- results ---------------------------------------------------------------------------------


def _num(value, places: int = 1) -> str:
    return "—" if value is None else floatformat(value, places)


def _ranking_chart(ranking, n: int, title: str, ident: str) -> str:
    rows = [{"label": p.label, "value": p.score, "top": p.place <= 3 and p.points > 0,
             "text": ("★ " if p.place <= 3 and p.points > 0 else "")
             + _("%(score)s · %(share)s%% top 3") % {"score": _num(p.score),
                                                    "share": _num(p.top3_share, 0)}}
            for p in ranking.priorities]
    desc = _("Each priority's score from 0 to %(n)s (points per respondent: 1st of %(n)s "
             "counts %(n)s points, last 1) and the share who put it in their top 3, highest "
             "first; the top three are marked with a star. %(count)s responses. The same "
             "numbers are in the table below.") % {"n": n, "count": ranking.respondents}
    return mark_safe(survey_chart.bar_chart(  # noqa: S308 (the module escapes every text)
        rows, maximum=n, title=title, desc=desc, ident=ident, ticks=min(n, 4) or 1))


def _question_chart(result, ident: str) -> str:
    rows = [{"label": c.label, "value": c.share,
             "text": _("%(count)s (%(share)s%%)") % {"count": c.count,
                                                    "share": _num(c.share, 0)}}
            for c in result.counts]
    desc = _("How many gave each answer, out of %(n)s who answered. The same numbers are in the "
             "table below.") % {"n": result.answered}
    return mark_safe(survey_chart.bar_chart(  # noqa: S308
        rows, maximum=100, title=result.text, desc=desc, ident=ident, tick_suffix="%"))


@local_view()
@in_local_time
def survey_results(request, pk: int):
    access = request.access
    survey = sq.survey_with_items(access, pk)
    if not sq.results_visible(access, survey):
        raise PermissionDenied
    team = queries.is_team(access)
    data = sq.results(survey, written=team, unknown_label=_("Not on record"))
    n = len(survey.priority_list)
    by = request.GET.get("by")
    by = by if by in (sq.FAMILY, sq.WORKSITE) else sq.FAMILY
    shown = team or data["respondents"] >= MIN_GROUP
    groups = []
    if shown:
        for i, group in enumerate(data["groups"][by]):
            chart = _ranking_chart(group.ranking, n, group.label, f"g{i}") if group.shown else ""
            groups.append((group, chart))
    questions = []
    if shown:
        for i, result in enumerate(data["questions"]):
            chart = _question_chart(result, f"q{i}") if result.kind != "text" else ""
            questions.append((result, chart))
    return render(request, "bargaining/survey_results.html", {
        "survey": survey, "state": actions.phase(survey), "team": team, "shown": shown,
        "respondents": data["respondents"], "overall": data["overall"],
        "overall_chart": _ranking_chart(data["overall"], n, _("Priorities of everyone who "
                                                              "answered"), "overall")
        if shown else "",
        "by": by, "groups": groups, "questions": questions, "min_group": MIN_GROUP})


@local_view(Perm.BARGAIN)
def survey_results_csv(request, pk: int):
    survey = sq.survey_with_items(request.access, pk)
    data = sq.results(survey, written=True, text_cap=None, unknown_label=_("Not on record"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{request.local.slug}-survey-{survey.pk}-results.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(safe_row([
        _("Section"), _("Group"), _("Priority or question"), _("Answer"), _("Responses"),
        _("Place"), _("Score"), _("Ranked it"), _("In top 3"), _("In top 3 (%)"),
        _("Mean rank"), _("Count"), _("Share (%)"), _("Mean")]))

    def ranking_rows(section, group, ranking):
        for p in ranking.priorities:
            writer.writerow(safe_row([
                section, group, p.label, "", ranking.respondents, p.place, _fix(p.score, 2),
                p.ranked, p.top3, _fix(p.top3_share, 1), _fix(p.mean_rank, 2), "", "", ""]))

    ranking_rows(_("Priorities"), _("Everyone"), data["overall"])
    hidden = _("Fewer than %(n)s responses: not shown, to keep answers anonymous") % {
        "n": MIN_GROUP}
    for key, section in ((sq.FAMILY, _("Priorities by job family")),
                         (sq.WORKSITE, _("Priorities by worksite"))):
        for group in data["groups"][key]:
            if group.shown:
                ranking_rows(section, group.label, group.ranking)
            else:
                writer.writerow(safe_row([section, group.label, hidden] + [""] * 11))
    for result in data["questions"]:
        if result.kind == "text":
            for text in result.texts:
                writer.writerow(safe_row([_("Question"), _("Everyone"), result.text, text,
                                          result.answered] + [""] * 9))
            continue
        for count in result.counts:
            writer.writerow(safe_row([
                _("Question"), _("Everyone"), result.text, count.label, result.answered,
                "", "", "", "", "", "", count.count, _fix(count.share, 1),
                _fix(result.mean, 2) if result.mean is not None else ""]))
    return response


def _fix(value, places: int) -> str:
    return "" if value is None else f"{value:.{places}f}"
