"""Reads for grievances, scoped to a local."""

from unionhall.grievances import steps
from unionhall.grievances.models import CalendarDay, SchoolYear, StepRule


def procedure(local) -> list[steps.Rule]:
    return [steps.Rule(position=r.position, name=r.name, days=r.days, kind=r.kind,
                       starts_from=r.starts_from)
            for r in StepRule.objects.filter(local=local).order_by("position")]


def district_calendar(local) -> steps.DistrictCalendar:
    """Every school year of the local in one calendar: two queries."""
    years = tuple(SchoolYear.objects.filter(local=local).values_list("starts", "ends"))
    closed, no_school = set(), set()
    for day, kind in CalendarDay.objects.filter(school_year__local=local).values_list(
            "day", "kind"):
        (closed if kind == CalendarDay.Kind.CLOSED else no_school).add(day)
    return steps.DistrictCalendar(closed=frozenset(closed), no_school=frozenset(no_school),
                                  years=years)
