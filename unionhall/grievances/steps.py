"""Due dates of a case's steps, from the local's procedure, the case's dates and the district
calendar. Pure (no Django): the pages, the reminders and the tests call the same function.

A step's time limit runs from an event: the incident, when the grievant learned of it, the
filing of the grievance, or the employer's answer at the previous step. Until that event has
happened the step has no due date yet, and says what it waits for. An extension agreed by
both sides replaces the computed date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from unionhall.grievances import calendar


@dataclass(frozen=True)
class Rule:
    position: int
    name: str
    days: int
    kind: str  # calendar, working, school
    starts_from: str  # incident, knowledge, filing, answer


@dataclass(frozen=True)
class DistrictCalendar:
    """Closed days (no work, no school), days without school, and the school years' spans."""

    closed: frozenset[dt.date] = frozenset()
    no_school: frozenset[dt.date] = frozenset()
    years: tuple[tuple[dt.date, dt.date], ...] = ()
    labels: Mapping[dt.date, str] = field(default_factory=dict, compare=False)

    def school_days(self) -> frozenset[dt.date]:
        days = set()
        for starts, ends in self.years:
            day = starts
            while day <= ends:
                if day.weekday() < 5 and day not in self.closed and day not in self.no_school:
                    days.add(day)
                day += dt.timedelta(days=1)
        return frozenset(days)


@dataclass
class Due:
    rule: Rule
    start: dt.date | None  # the event the limit runs from
    computed: dt.date | None
    extended_to: dt.date | None = None
    waiting_for: str | None = None  # the event not yet happened
    error: str | None = None  # e.g. the calendar does not reach that far
    skipped: list = field(default_factory=list)
    closed: list = field(default_factory=list)  # (first, last) closures counted over
    no_school: list = field(default_factory=list)  # (first, last) days without school

    @property
    def due(self) -> dt.date | None:
        return self.extended_to or self.computed


def check_rules(rules: Sequence[Rule]) -> list[str]:
    """What is wrong with a procedure, as codes: empty, gaps, answer on the first step."""
    problems = []
    if not rules:
        problems.append("empty")
    if [r.position for r in rules] != list(range(1, len(rules) + 1)):
        problems.append("positions")
    if rules and rules[0].starts_from == "answer":
        problems.append("first_from_answer")
    if any(r.days < 1 for r in rules):
        problems.append("days")
    return problems


def due_dates(rules: Sequence[Rule], *, incident: dt.date | None, knowledge: dt.date | None,
              filed: dt.date | None, answers: Mapping[int, dt.date],
              extensions: Mapping[int, dt.date], district: DistrictCalendar,
              school_days: frozenset[dt.date] | None = None) -> list[Due]:
    """Each step's due date. `answers[n]` is the date of the employer's answer at step n;
    `extensions[n]` an agreed new due date for step n."""
    events = {"incident": incident, "knowledge": knowledge or incident, "filing": filed}
    out = []
    for rule in rules:
        start = (answers.get(rule.position - 1) if rule.starts_from == "answer"
                 else events.get(rule.starts_from))
        entry = Due(rule=rule, start=start, computed=None,
                    extended_to=extensions.get(rule.position))
        if start is None:
            entry.waiting_for = rule.starts_from
            out.append(entry)
            continue
        if rule.kind == "school" and school_days is None:
            school_days = district.school_days()
        try:
            detail = calendar.explain(start, rule.days, kind=rule.kind,
                                      closures=district.closed,
                                      school_days=school_days if rule.kind == "school" else None)
        except ValueError as exc:
            entry.error = str(exc)
        else:
            entry.computed = detail["due"]
            entry.skipped = detail["skipped"]
            entry.closed = detail["closed"]
            entry.no_school = detail["no_school"]
        out.append(entry)
    return out
