"""The pair's page (meetings, goals and check-ins, reflection notes, the exit survey), the
program's results with charts and a CSV, closing a cycle and the mentors' thank-you letters.

Who sees what is in `pair_queries`; who may do what is checked again by each action. The pair
page is for the two people of a published match and for who runs the program (MANAGE_MENTORING),
who sees the meetings, hours and goals but never the reflection notes, the contact details or
anyone's survey answers."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.bargaining import survey_chart
from unionhall.core.decorators import in_local_time, local_view, mfa_setup_url
from unionhall.core.permissions import Perm
from unionhall.core.spreadsheet import safe_row
from unionhall.mentoring import pair_queries as q
from unionhall.mentoring import results as core
from unionhall.mentoring import thanks_pdf
from unionhall.mentoring.actions import pairs as actions
from unionhall.mentoring.models import Goal, Match
from unionhall.mentoring.pair_forms import (
    CheckInForm,
    ExitSurveyForm,
    GoalForm,
    GoalStatusForm,
    MeetingForm,
    NoteForm,
)

FORMS = {"meeting_form": MeetingForm, "goal_form": GoalForm, "note_form": NoteForm}


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _back(request, match: Match, anchor: str = ""):
    url = reverse("pair_detail", kwargs={"local_slug": request.local.slug, "pk": match.pk})
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _pair(request, pk, *, act: bool = False):
    """The match and the viewer; for a write, the viewer must be one of the pair (403 for who
    only runs the program)."""
    match, viewer = q.pair_or_404(request.access, pk)
    if act and not viewer.in_pair:
        raise PermissionDenied
    return match, viewer


def _people(match: Match, viewer: q.Viewer) -> list[dict]:
    """The two people of the pair as the viewer may see them: the pair sees how to reach each
    other; who runs the program sees names, worksite and job only."""
    people = []
    for role, enrollment in (("mentor", match.mentor), ("mentee", match.mentee)):
        info = q.contact(enrollment.person, enrollment)
        if not viewer.in_pair:
            info["email"] = info["phone"] = ""
        info.update(role=role, me=viewer.role == role, enrollment=enrollment,
                    availability=_label(enrollment.availability, "availability"),
                    languages=_label(enrollment.languages, "languages"))
        people.append(info)
    return people


def _label(values, kind: str) -> str:
    from unionhall.mentoring.models import SPOKEN_LANGUAGES, Availability

    choices = dict(Availability.choices) if kind == "availability" else dict(SPOKEN_LANGUAGES)
    return ", ".join(str(choices.get(v, v)) for v in values or ())


def _url(name: str, request) -> str:
    """A page of the program part's, where it is wired ("" otherwise)."""
    try:
        return reverse(name, kwargs={"local_slug": request.local.slug})
    except NoReverseMatch:
        return ""


def _home(request) -> str:
    return _url("mentoring_home", request)


def _reasons(match: Match) -> list[dict]:
    """Why the pair was matched, in words: {"text", "met"} for each criterion the matcher used
    (the program part's wording, so the pair reads what the coordinator read)."""
    from unionhall.mentoring.program_queries import describe_reasons

    sites = {e.worksite_id: e.worksite.name for e in (match.mentor, match.mentee)
             if e.worksite_id}
    out = []
    for item in match.reasons or ():
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("detail"), dict):
            out.extend({"text": r["text"], "met": r["met"]}
                       for r in describe_reasons([item], sites))
        else:
            text = str(item.get("detail") or item.get("criterion") or "")
            if text:
                out.append({"text": text, "met": True})
    return out


def _render_pair(request, match: Match, viewer: q.Viewer, bound: dict | None = None,
                 status: int = 200):
    cycle = match.cycle
    today = q.local_today(request.local)
    meetings = q.meetings(match)
    pair_minutes = sum(m.minutes for m in meetings)
    open_for_work = viewer.in_pair and match.status == Match.Status.PUBLISHED \
        and cycle.closed_at is None
    context = {
        "match": match, "cycle": cycle, "program": cycle.program, "viewer": viewer,
        "people": _people(match, viewer), "reasons": _reasons(match),
        "meetings": meetings, "pair_hours": core.fmt_hours(core.hours(pair_minutes)),
        "goals": q.goals(match), "open_for_work": open_for_work,
        "term_over": q.term_over(cycle, today), "today": today, "home_url": _home(request),
        "names": {match.mentor.person_id: match.mentor.person.first_name,
                  match.mentee.person_id: match.mentee.person.first_name},
    }
    if viewer.role == "mentor" or viewer.manages:
        minutes = q.mentor_minutes(match.mentor)
        cap = cycle.program.paid_hours_cap
        context.update(mentor_hours=core.fmt_hours(core.hours(minutes)), cap=cap,
                       over_cap=cap is not None and core.hours(minutes) > cap,
                       paid_hours=core.fmt_hours(min(core.hours(minutes), cap))
                       if cap is not None else None)
    if viewer.in_pair:
        context["notes"] = q.notes_for_pair(match, viewer)
        context["answered"] = q.has_answered(match, viewer.person_id)
    if viewer.role == "mentor":
        context["letter"] = q.letter_of(match.mentor)
        context["others"] = list(
            Match.objects.filter(mentor=match.mentor, status__in=q.LIVE).exclude(pk=match.pk)
            .select_related("mentee__person").order_by("pk"))
    if open_for_work:
        bound = bound or {}
        context["meeting_form"] = bound.get("meeting_form") or MeetingForm(
            initial={"held_on": today})
        context["goal_form"] = bound.get("goal_form") or GoalForm(first=match.mentee.standards)
        context["note_form"] = bound.get("note_form") or NoteForm()
        context["status_choices"] = Goal.Status.choices
    return render(request, "mentoring/pair_detail.html", context, status=status)


@local_view()
@in_local_time
def pair_detail(request, pk: int):
    match, viewer = _pair(request, pk)
    if not viewer.in_pair and request.access.needs_mfa:
        return redirect(mfa_setup_url(request))
    return _render_pair(request, match, viewer)


def _form_post(request, pk: int, key: str, run, anchor: str, done: str):
    """A form of the pair page: saved and back to the page, or the page again with the
    form's errors."""
    match, viewer = _pair(request, pk, act=True)
    kwargs = {"first": match.mentee.standards} if key == "goal_form" else {}
    form = FORMS[key](request.POST, **kwargs)
    if form.is_valid():
        try:
            run(match, form.cleaned_data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                messages.error(request, _error_text(exc))
                return _back(request, match, anchor)
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            return _back(request, match, anchor)
    return _render_pair(request, match, viewer, {key: form})


@require_POST
@local_view()
@in_local_time
def pair_meeting_add(request, pk: int):
    def run(match, data):
        actions.log_meeting(match, by=request.user, **data)

    return _form_post(request, pk, "meeting_form", run, "meetings", _("Meeting logged."))


@require_POST
@local_view()
def pair_meeting_remove(request, pk: int, meeting_pk: int):
    match, _viewer = _pair(request, pk, act=True)
    meeting = q.meeting_of_or_404(match, meeting_pk)
    try:
        actions.remove_meeting(meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Meeting removed."))
    return _back(request, match, "meetings")


@require_POST
@local_view()
@in_local_time
def pair_goal_add(request, pk: int):
    def run(match, data):
        actions.add_goal(match, by=request.user, **data)

    return _form_post(request, pk, "goal_form", run, "goals", _("Goal added."))


@require_POST
@local_view()
@in_local_time
def pair_goal_status(request, pk: int, goal_pk: int):
    match, _viewer = _pair(request, pk, act=True)
    goal = q.goal_of_or_404(match, goal_pk)
    form = GoalStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose where the goal stands."))
        return _back(request, match, f"goal-{goal.pk}")
    try:
        goal = actions.set_goal_status(goal, form.cleaned_data["status"], by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Goal: %(status)s.") % {"status": goal.get_status_display()})
    return _back(request, match, f"goal-{goal.pk}")


@require_POST
@local_view()
def pair_check_in_add(request, pk: int, goal_pk: int):
    match, _viewer = _pair(request, pk, act=True)
    goal = q.goal_of_or_404(match, goal_pk)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write how it is going (at most %(n)s characters).")
                       % {"n": actions.MAX_CHECK_IN})
        return _back(request, match, f"goal-{goal.pk}")
    try:
        actions.add_check_in(goal, form.cleaned_data["note"], by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Check-in added."))
    return _back(request, match, f"goal-{goal.pk}")


@require_POST
@local_view()
@in_local_time
def pair_note_add(request, pk: int):
    def run(match, data):
        actions.add_reflection(match, data["body"], by=request.user)

    return _form_post(request, pk, "note_form", run, "notes",
                      _("Reflection saved. Only the two of you can read it."))


@local_view()
@in_local_time
def pair_survey(request, pk: int):
    match, viewer = _pair(request, pk, act=True)
    today = q.local_today(request.local)
    term_over = q.term_over(match.cycle, today)
    answered = q.has_answered(match, viewer.person_id)
    form = None
    if term_over and not answered:
        form = ExitSurveyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                actions.submit_exit_survey(match, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return _back(request, match, "survey")
    elif request.method == "POST":
        messages.error(request, _("You have already answered the exit survey. Thank you!")
                       if answered else
                       _("The exit survey opens when the term ends."))
        return _back(request, match, "survey")
    other = match.mentee if viewer.role == "mentor" else match.mentor
    return render(request, "mentoring/pair_survey.html", {
        "match": match, "cycle": match.cycle, "viewer": viewer, "form": form,
        "answered": answered, "term_over": term_over, "other": other.person})


# --- Results ----------------------------------------------------------------------------------


def _pct(value) -> str:
    return "—" if value is None else floatformat(value, 0) + "%"


def _num(value, places: int = 1) -> str:
    return "—" if value is None else floatformat(value, places)


def _chart(rows: list[dict], *, maximum: float, title: str, desc: str, ident: str,
           suffix: str = "") -> str:
    return mark_safe(survey_chart.bar_chart(  # noqa: S308 (the module escapes every text)
        rows, maximum=maximum, title=title, desc=desc, ident=ident, tick_suffix=suffix))


def _charts(summary: core.Results) -> dict:
    blocks = [summary.overall] + summary.by_family
    same = _("The same numbers are in the table next to it.")
    high_rate = max([b.per_pair_month or 0 for b in blocks] + [4])
    high_hours = max([b.hours for b in blocks] + [1])
    charts = {
        "matched": _chart(
            [{"label": b.label, "value": b.matched_share or 0,
              "text": _("%(share)s (%(n)s of %(total)s)") % {
                  "share": _pct(b.matched_share), "n": b.matched, "total": b.mentees}}
             for b in blocks],
            maximum=100, suffix="%", ident="chart-matched",
            title=_("Share of mentees matched"),
            desc=_("For everyone and each job family, the percent of mentees with a published "
                   "match.") + " " + same),
        "meetings": _chart(
            [{"label": b.label, "value": b.per_pair_month or 0,
              "text": _num(b.per_pair_month)} for b in blocks],
            maximum=high_rate, ident="chart-meetings",
            title=_("Meetings per pair per month"),
            desc=_("Meetings logged over the months the pairs have had, for everyone and each "
                   "job family of the mentee.") + " " + same),
        "hours": _chart(
            [{"label": b.label, "value": b.hours, "text": core.fmt_hours(b.hours)}
             for b in blocks],
            maximum=high_hours, ident="chart-hours", title=_("Hours of mentoring"),
            desc=_("Hours the pairs met, for everyone and each job family of the mentee.")
            + " " + same),
        "goals": _chart(
            [{"label": b.label, "value": b.goals_met_share or 0,
              "text": _("%(share)s (%(n)s of %(total)s)") % {
                  "share": _pct(b.goals_met_share), "n": b.goals_met, "total": b.goals}}
             for b in blocks],
            maximum=100, suffix="%", ident="chart-goals", title=_("Goals met"),
            desc=_("The percent of the pairs' goals that were met, for everyone and each job "
                   "family of the mentee.") + " " + same),
    }
    surveys = summary.surveys
    shown = [g for g in [surveys.everyone] + surveys.by_role + surveys.by_family if g.shown]
    if surveys.everyone.shown:
        charts["survey"] = _chart(
            [{"label": g.label, "value": g.overall, "text": _num(g.overall)} for g in shown],
            maximum=5, ident="chart-survey", title=_("How worthwhile was the program (1 to 5)"),
            desc=_("The average answer, for everyone and each group of at least %(n)s people; "
                   "smaller groups are not shown.") % {"n": core.MIN_GROUP} + " " + same)
        charts["again"] = _chart(
            [{"label": g.label, "value": g.would_again_share or 0,
              "text": _pct(g.would_again_share)} for g in shown],
            maximum=100, suffix="%", ident="chart-again",
            title=_("Would take part again"),
            desc=_("The percent who would take part again, for everyone and each group of at "
                   "least %(n)s people.") % {"n": core.MIN_GROUP} + " " + same)
    return charts


def _results(request, cycle):
    today = q.local_today(request.local)
    return q.results(cycle, today, unknown=_("Not on record"), everyone=_("Everyone"))


@local_view(Perm.MANAGE_MENTORING)
@in_local_time
def mentoring_results(request, pk: int):
    cycle = q.cycle_or_404(request.access, pk)
    data = _results(request, cycle)
    summary = data["summary"]
    today = q.local_today(request.local)
    return render(request, "mentoring/results_page.html", {
        "cycle": cycle, "program": cycle.program, "summary": summary, "pairs": data["pairs"],
        "months": data["months"], "charts": _charts(summary), "min_group": core.MIN_GROUP,
        "term_over": q.term_over(cycle, today), "today": today, "home_url": _home(request),
        "blocks": [summary.overall] + summary.by_family,
        "survey_groups": [summary.surveys.everyone] + summary.surveys.by_role
        + summary.surveys.by_family,
        "published": cycle.matches_published_at is not None})


@local_view(Perm.MANAGE_MENTORING)
def mentoring_results_csv(request, pk: int):
    cycle = q.cycle_or_404(request.access, pk)
    data = _results(request, cycle)
    summary = data["summary"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{request.local.slug}-mentoring-{cycle.pk}-results.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    w = csv.writer(response)
    w.writerow(safe_row([_("Results"), cycle.program.name, cycle.name]))
    w.writerow([])
    w.writerow(safe_row([
        _("Group"), _("Mentees"), _("Matched"), _("Matched (%)"), _("Pairs"), _("Meetings"),
        _("Meetings per pair per month"), _("Pairs that never met"), _("Hours"), _("Goals"),
        _("Goals met"), _("Goals met (%)"), _("Goals set aside")]))
    for b in [summary.overall] + summary.by_family:
        w.writerow(safe_row([
            b.label, b.mentees, b.matched, _fix(b.matched_share, 1), b.pairs, b.meetings,
            _fix(b.per_pair_month, 2), b.never_met, _fix(b.hours, 2), b.goals, b.goals_met,
            _fix(b.goals_met_share, 1), b.goals_dropped]))
    w.writerow([])
    w.writerow(safe_row([_("Mentor"), _("Job family"), _("Mentees"), _("Meetings"),
                         _("Hours"), _("Paid hours (up to the cap)")]))
    for m in summary.mentors:
        w.writerow(safe_row([m.label, m.family_label, m.mentees, m.meetings, _fix(m.hours, 2),
                             _fix(m.paid, 2)]))
    w.writerow([])
    w.writerow(safe_row([_("Mentor"), _("Mentee"), _("Meetings"), _("Hours"), _("Goals"),
                         _("Goals met")]))
    for p in data["pairs"]:
        w.writerow(safe_row([p["mentor_name"], p["mentee_name"], p["n_meetings"],
                             _fix(p["hours"], 2), p["n_goals"], p["n_met"]]))
    w.writerow([])
    w.writerow(safe_row([
        _("Exit survey"), _("People"), _("Answers"), _("Worthwhile (1-5)"),
        _("Progress on goals (1-5)"), _("Felt supported (1-5)"), _("Would take part again (%)")]))
    hidden = _("Fewer than %(n)s people: not shown, to keep answers anonymous") % {
        "n": core.MIN_GROUP}
    surveys = summary.surveys
    for g in [surveys.everyone] + surveys.by_role + surveys.by_family:
        if g.shown:
            w.writerow(safe_row([g.label, g.people, g.answers, _fix(g.overall, 2),
                                 _fix(g.goals_progress, 2), _fix(g.support, 2),
                                 _fix(g.would_again_share, 1)]))
        else:
            w.writerow(safe_row([g.label, hidden, "", "", "", "", ""]))
    if surveys.comments:
        w.writerow([])
        w.writerow(safe_row([_("Exit survey comments (without names)")]))
        for comment in surveys.comments:
            w.writerow(safe_row([comment]))
    return response


def _fix(value, places: int) -> str:
    return "" if value is None else f"{value:.{places}f}"


@require_POST
@local_view(Perm.MANAGE_MENTORING)
def mentoring_results_close(request, pk: int):
    cycle = q.cycle_or_404(request.access, pk)
    try:
        cycle = actions.close_cycle(cycle, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The cycle is closed: %(n)s pairs ended. Their records are "
                                    "kept; the exit survey stays open.")
                         % {"n": cycle.ended_matches})
    return redirect("mentoring_results", local_slug=request.local.slug, pk=cycle.pk)


# --- Thank-you letters ------------------------------------------------------------------------


@local_view(Perm.MANAGE_MENTORING)
@in_local_time
def mentoring_thanks_letters(request, pk: int):
    cycle = q.cycle_or_404(request.access, pk)
    mentors = q.mentors_for_letters(cycle)
    for mentor in mentors:
        mentor.hours = core.fmt_hours(core.hours(mentor.minutes))
    preview = actions.letter_text(mentors[0], cycle) if mentors else ""
    today = q.local_today(request.local)
    return render(request, "mentoring/results_thanks.html", {
        "cycle": cycle, "program": cycle.program, "mentors": mentors, "preview": preview,
        "own_text": bool((cycle.program.thank_you_letter or "").strip()),
        "placeholders": ["{" + p + "}" for p in actions.PLACEHOLDERS],
        "to_send": sum(1 for m in mentors if m.letter is None),
        "program_url": _url("mentoring_program_edit", request),
        "term_over": q.term_over(cycle, today)})


@require_POST
@local_view(Perm.MANAGE_MENTORING)
def mentoring_thanks_send(request, pk: int):
    cycle = q.cycle_or_404(request.access, pk)
    try:
        n = actions.send_thank_you_letters(cycle, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if n:
            messages.success(request, actions.letters_sent_message(n))
        else:
            messages.info(request, _("Every mentor already has their letter."))
    return redirect("mentoring_thanks_letters", local_slug=request.local.slug, pk=cycle.pk)


@local_view()
def mentoring_thanks_pdf(request, pk: int, enrollment_pk: int):
    letter = q.letter_or_404(request.access, pk, enrollment_pk)
    own = letter.enrollment.person_id == request.access.person_id
    if not own and request.access.needs_mfa:
        return redirect(mfa_setup_url(request))
    pdf = thanks_pdf.render(thanks_pdf.for_letter(letter))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="thank-you-{letter.enrollment.cycle_id}-'
        f'{letter.enrollment_id}.pdf"')
    return response
