"""The pages that set up grievances: the local's procedure (its steps and their time limits) and
its district calendar (school years, the days the district is closed or has no school).

Only who sets the grievance rules (SET_GRIEVANCE_RULES: officers, the grievance chair, the
local admin) sees them. A form with a mistake comes back with the mistake on it (400); a change
that is made redirects with a message (302).
"""

import datetime as dt
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from unionhall.core.decorators import local_view
from unionhall.core.models import Worksite
from unionhall.core.permissions import Perm
from unionhall.grievances import actions, closures, events
from unionhall.grievances.models import CalendarDay, DayKind, SchoolYear, StartEvent, StepRule
from unionhall.grievances.setup_forms import (
    CalendarDayForm,
    CalendarImportForm,
    RemoveDayForm,
    SchoolYearForm,
    StepFormSet,
)

SETUP = Perm.SET_GRIEVANCE_RULES


def _status(*forms) -> int:
    return 400 if any(f.is_bound and not f.is_valid() for f in forms) else 200


def _posted(request):
    """The form data of a POST, even an empty one (which is a mistake to show, not a GET)."""
    return request.POST if request.method == "POST" else None


def _error_text(exc) -> str:
    return " ".join(exc.messages)


# --- The procedure ---------------------------------------------------------------------------


def _steps(local) -> list[StepRule]:
    rules = list(StepRule.objects.filter(local=local).order_by("position"))
    for rule in rules:
        rule.time_limit = events.rule_text(rule)
    return rules


@local_view(SETUP)
def procedure(request):
    local = request.local
    rules = _steps(local)
    initial = [{"name": r.name, "days": r.days, "kind": r.kind, "starts_from": r.starts_from,
                "article": r.article} for r in rules]
    formset = StepFormSet(_posted(request), initial=initial, prefix="steps")
    error = None
    if request.method == "POST" and formset.is_valid():
        try:
            actions.set_procedure(local, formset.rules(), by=request.user)
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            messages.success(request, _("The grievance procedure is saved."))
            return redirect("grievance_procedure", local_slug=local.slug)
    status = 400 if error or _status(formset) == 400 else 200
    return render(request, "grievances/setup/procedure.html", {
        "rules": rules, "formset": formset, "error": error,
        "example": events.rule_text(StepRule(days=10, kind=DayKind.WORKING,
                                             starts_from=StartEvent.KNOWLEDGE)),
    }, status=status)


# --- The district calendar -------------------------------------------------------------------


def _years(local):
    closed, no_school = CalendarDay.Kind.CLOSED, CalendarDay.Kind.NO_SCHOOL
    return (SchoolYear.objects.filter(local=local).order_by("-starts")
            .annotate(closed=Count("days", filter=Q(days__kind=closed)),
                      no_school=Count("days", filter=Q(days__kind=no_school))))


def _year_or_404(local, pk) -> SchoolYear:
    return get_object_or_404(SchoolYear.objects.select_related("local"), local=local, pk=pk)


@local_view(SETUP)
def calendar(request):
    local = request.local
    initial = {}
    editing = request.GET.get("year")
    if request.method == "GET" and editing and editing.isdigit():
        year = _year_or_404(local, int(editing))
        initial = {"name": year.name, "starts": year.starts, "ends": year.ends}
    form = SchoolYearForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            year = actions.save_school_year(local, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("School year %(name)s is saved.") % {"name": year.name})
            return redirect("grievance_school_year", local_slug=local.slug, pk=year.pk)
    return render(request, "grievances/setup/calendar.html", {
        "years": _years(local), "form": form, "editing": bool(initial)}, status=_status(form))


# --- A school year ---------------------------------------------------------------------------


def holiday_state(local) -> str | None:
    """The state whose public holidays the district keeps: the one state the local's worksites
    give in their addresses, if they all agree. None: the US federal holidays only."""
    states = {}
    for written in (Worksite.objects.filter(local=local).exclude(state="")
                    .values_list("state", flat=True)):
        written = " ".join(written.split())
        states.setdefault(written.upper(), written)
    if len(states) != 1:
        return None
    code, written = states.popitem()
    return code if len(code) <= 3 else written


def _months(year: SchoolYear) -> list[tuple[dt.date, list[CalendarDay]]]:
    days = list(year.days.order_by("day"))
    return [(month, list(group))
            for month, group in groupby(days, key=lambda d: d.day.replace(day=1))]


def _year_page(request, year, *, day_form=None, import_form=None, status=200):
    months = _months(year)
    counts = {kind: sum(1 for _m, days in months for d in days if d.kind == kind)
              for kind in CalendarDay.Kind.values}
    return render(request, "grievances/setup/school_year.html", {
        "year": year, "months": months, "closed": counts[CalendarDay.Kind.CLOSED],
        "no_school": counts[CalendarDay.Kind.NO_SCHOOL],
        "day_form": day_form or CalendarDayForm(),
        "import_form": import_form or CalendarImportForm(),
        "holiday_state": holiday_state(year.local)}, status=status)


def _back(year: SchoolYear, anchor: str = ""):
    url = reverse("grievance_school_year", kwargs={"local_slug": year.local.slug, "pk": year.pk})
    return redirect(url + (f"#{anchor}" if anchor else ""))


@local_view(SETUP)
def school_year(request, pk: int):
    """The days of one school year; POST adds or changes a day or a break."""
    year = _year_or_404(request.local, pk)
    if request.method != "POST":
        return _year_page(request, year)
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        first, last = data["first"], data["last"]
        try:
            if last is None or last == first:
                actions.set_calendar_day(year, first, kind=data["kind"], label=data["label"],
                                         by=request.user)
                count = 1
            else:
                count = actions.set_calendar_days(year, first, last, kind=data["kind"],
                                                  label=data["label"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, ngettext("%(n)s day is set on the calendar.",
                                               "%(n)s days are set on the calendar.",
                                               count) % {"n": count})
            return _back(year, "days-h")
    return _year_page(request, year, day_form=form, status=400)


@require_POST
@local_view(SETUP)
def calendar_day_remove(request, pk: int):
    year = _year_or_404(request.local, pk)
    form = RemoveDayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a day to remove."))
        return _year_page(request, year, status=400)
    day = form.cleaned_data["day"]
    actions.remove_calendar_day(year, day, by=request.user)
    messages.success(request, _("%(day)s is off the calendar.") % {"day": day.isoformat()})
    return _back(year, "days-h")


@require_POST
@local_view(SETUP)
def calendar_import(request, pk: int):
    year = _year_or_404(request.local, pk)
    form = CalendarImportForm(request.POST, request.FILES)
    if form.is_valid():
        replace = form.cleaned_data["replace"]
        try:
            count = actions.import_calendar(year, form.cleaned_data["closures"],
                                            replace=replace, by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            done = ngettext("%(n)s day imported.", "%(n)s days imported.", count) % {"n": count}
            if replace:
                done += " " + _("The days that were there before were replaced.")
            messages.success(request, done)
            return _back(year, "days-h")
    return _year_page(request, year, import_form=form, status=400)


@require_POST
@local_view(SETUP)
def calendar_holidays(request, pk: int):
    """Add the public holidays within the year as closed days; days already on the calendar
    keep what they say."""
    year = _year_or_404(request.local, pk)
    state = holiday_state(year.local)
    try:
        found = closures.public_holidays(year.starts, year.ends, state)
    except ValueError:  # the worksites' state is not one the holidays package knows
        state = None
        found = closures.public_holidays(year.starts, year.ends)
    there = set(year.days.values_list("day", flat=True))
    new = [c for c in found if c.day not in there]
    if new:
        actions.import_calendar(year, new, replace=False, by=request.user)
    where = (_("US federal and %(state)s holidays") % {"state": state} if state
             else _("US federal holidays"))
    messages.success(request, ngettext(
        "%(n)s public holiday added (%(where)s).", "%(n)s public holidays added (%(where)s).",
        len(new)) % {"n": len(new), "where": where}
        + (" " + ngettext("%(n)s was already on the calendar and was left as it is.",
                          "%(n)s were already on the calendar and were left as they are.",
                          len(found) - len(new)) % {"n": len(found) - len(new)}
           if len(found) > len(new) else ""))
    return _back(year, "days-h")
