"""Every write to the grievance procedure and the district calendar."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.permissions import Perm, require
from unionhall.grievances import steps
from unionhall.grievances.models import CalendarDay, DayKind, SchoolYear, StartEvent, StepRule

PROBLEMS = {
    "empty": lambda: _("The procedure needs at least one step."),
    "positions": lambda: _("Steps are numbered 1, 2, 3… without gaps."),
    "first_from_answer": lambda: _("The first step cannot run from the employer's answer at a "
                                   "previous step."),
    "days": lambda: _("Every step needs a time limit of at least one day."),
}


@transaction.atomic(durable=True)
def set_procedure(local, rules: list[dict], *, by) -> list[StepRule]:
    """Replace the local's grievance steps with `rules` (name, days, kind, starts_from and an
    optional contract section), in order."""
    require(by, local, Perm.SET_GRIEVANCE_RULES)
    for n, rule in enumerate(rules, 1):
        if rule.get("kind") not in DayKind.values:
            raise ValidationError(_("Step %(n)s: choose calendar, working or school days.")
                                  % {"n": n})
        if rule.get("starts_from") not in StartEvent.values:
            raise ValidationError(_("Step %(n)s: choose what the time limit runs from.")
                                  % {"n": n})
        if not str(rule.get("name", "")).strip():
            raise ValidationError(_("Step %(n)s needs a name.") % {"n": n})
    pure = [steps.Rule(position=n, name=r["name"], days=int(r["days"]), kind=r["kind"],
                       starts_from=r["starts_from"]) for n, r in enumerate(rules, 1)]
    problems = steps.check_rules(pure)
    if problems:
        raise ValidationError([PROBLEMS[p]() for p in problems])
    before = list(StepRule.objects.filter(local=local).values_list("name", "days", "kind"))
    StepRule.objects.filter(local=local).delete()
    created = StepRule.objects.bulk_create([
        StepRule(local=local, position=r.position, name=r.name.strip(), days=r.days,
                 kind=r.kind, starts_from=r.starts_from,
                 article=str(rules[r.position - 1].get("article", "")).strip())
        for r in pure])
    record("grievances.procedure_set", by=by, affiliate=local, changes={
        "steps": [[f"{n} {d} {k}" for n, d, k in before],
                  [f"{r.name} {r.days} {r.kind}" for r in pure]]})
    return created


@transaction.atomic(durable=True)
def save_school_year(local, *, name: str, starts: dt.date, ends: dt.date, by) -> SchoolYear:
    require(by, local, Perm.SET_GRIEVANCE_RULES)
    if ends <= starts:
        raise ValidationError(_("A school year ends after it starts."))
    if (ends - starts).days > 400:
        raise ValidationError(_("A school year lasts at most 400 days."))
    year, created = SchoolYear.objects.update_or_create(
        local=local, name=name.strip(), defaults={"starts": starts, "ends": ends})
    outside = year.days.exclude(day__range=(starts, ends))
    if outside.exists():
        raise ValidationError(_("Some calendar days fall outside %(start)s–%(end)s: remove "
                                "them first.") % {"start": starts, "end": ends})
    record("grievances.school_year_saved", by=by, affiliate=local, obj=year,
           changes={"span": [None, f"{starts} – {ends}"], "created": [None, created]})
    return year


@transaction.atomic(durable=True)
def import_calendar(year: SchoolYear, closures, *, by, replace: bool = True) -> int:
    """Put imported closures (from `grievances.closures`) into the school year, replacing its
    days if `replace`. A day outside the year is refused and nothing is written."""
    require(by, year.local, Perm.SET_GRIEVANCE_RULES)
    outside = [c for c in closures if not year.starts <= c.day <= year.ends]
    if outside:
        raise ValidationError(_("%(day)s (%(label)s) is outside the school year %(year)s "
                                "(%(start)s–%(end)s); nothing was imported.") % {
            "day": outside[0].day, "label": outside[0].label or "—", "year": year.name,
            "start": year.starts, "end": year.ends})
    if replace:
        year.days.all().delete()
    else:
        year.days.filter(day__in=[c.day for c in closures]).delete()
    CalendarDay.objects.bulk_create([
        CalendarDay(school_year=year, day=c.day, kind=c.kind, label=c.label[:100])
        for c in closures])
    record("grievances.calendar_imported", by=by, affiliate=year.local, obj=year,
           changes={"days": [None, len(closures)], "replace": [None, replace]})
    return len(closures)


@transaction.atomic(durable=True)
def set_calendar_day(year: SchoolYear, day: dt.date, *, kind: str, label: str = "",
                     by) -> CalendarDay:
    require(by, year.local, Perm.SET_GRIEVANCE_RULES)
    if not year.starts <= day <= year.ends:
        raise ValidationError(_("%(day)s is outside the school year %(year)s.") % {
            "day": day, "year": year.name})
    if kind not in CalendarDay.Kind.values:
        raise ValidationError(_("Choose closed or no school."))
    entry, _created = CalendarDay.objects.update_or_create(
        school_year=year, day=day, defaults={"kind": kind, "label": label.strip()[:100]})
    record("grievances.calendar_day_set", by=by, affiliate=year.local, obj=entry,
           changes={"kind": [None, kind]})
    return entry


@transaction.atomic(durable=True)
def remove_calendar_day(year: SchoolYear, day: dt.date, *, by) -> None:
    require(by, year.local, Perm.SET_GRIEVANCE_RULES)
    year.days.filter(day=day).delete()
    record("grievances.calendar_day_removed", by=by, affiliate=year.local, obj=year,
           changes={"day": [str(day), None]})


@transaction.atomic(durable=True)
def set_calendar_days(year: SchoolYear, first: dt.date, last: dt.date, *, kind: str,
                      label: str = "", by) -> int:
    """Mark every Monday to Friday from `first` to `last` (a break: "Winter break") as `kind`,
    replacing what those days said before. All of them or, on a mistake, none. Returns how
    many days were set."""
    require(by, year.local, Perm.SET_GRIEVANCE_RULES)
    if last < first:
        raise ValidationError(_("The last day (%(last)s) is before the first (%(first)s).") % {
            "first": first, "last": last})
    for day in (first, last):
        if not year.starts <= day <= year.ends:
            raise ValidationError(_("%(day)s is outside the school year %(year)s.") % {
                "day": day, "year": year.name})
    if kind not in CalendarDay.Kind.values:
        raise ValidationError(_("Choose closed or no school."))
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    days = [d for d in days if d.weekday() < 5]
    if not days:
        raise ValidationError(_("There is no Monday to Friday from %(first)s to %(last)s.") % {
            "first": first, "last": last})
    label = label.strip()[:100]
    year.days.filter(day__in=days).delete()
    CalendarDay.objects.bulk_create([
        CalendarDay(school_year=year, day=d, kind=kind, label=label) for d in days])
    record("grievances.calendar_days_set", by=by, affiliate=year.local, obj=year,
           changes={"days": [None, f"{first} – {last}"], "count": [None, len(days)],
                    "kind": [None, kind]})
    return len(days)
