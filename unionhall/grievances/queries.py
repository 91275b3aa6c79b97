"""Reads for grievances, scoped to a local and to the viewer."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.shortcuts import get_object_or_404

from unionhall.core.models import Role
from unionhall.core.permissions import Perm
from unionhall.grievances import steps
from unionhall.grievances.models import (
    CalendarDay,
    CaseStep,
    Extension,
    Grievance,
    SchoolYear,
    StepRule,
)


def procedure(local) -> list[steps.Rule]:
    return [steps.Rule(position=r.position, name=r.name, days=r.days, kind=r.kind,
                       starts_from=r.starts_from)
            for r in StepRule.objects.filter(local=local).order_by("position")]


def district_calendar(local) -> steps.DistrictCalendar:
    """Every school year of the local in one calendar: two queries."""
    years = tuple(SchoolYear.objects.filter(local=local).values_list("starts", "ends"))
    closed, no_school, labels = set(), set(), {}
    for day, kind, label in CalendarDay.objects.filter(school_year__local=local).values_list(
            "day", "kind", "label"):
        (closed if kind == CalendarDay.Kind.CLOSED else no_school).add(day)
        if label:
            labels[day] = label
    return steps.DistrictCalendar(closed=frozenset(closed), no_school=frozenset(no_school),
                                  years=years, labels=labels)


# --- Cases: who sees which ------------------------------------------------------------------


def sees_all(access) -> bool:
    return access.can(Perm.VIEW_ALL_GRIEVANCES)


def cases_for(access):
    """The cases the viewer may see: every case for the chair and the officers; for anyone
    else the cases they are a steward on or a grievant in. Nobody else sees a case at all."""
    cases = Grievance.objects.filter(local=access.local)
    if sees_all(access):
        return cases
    mine = Q()
    if access.can(Perm.HANDLE_GRIEVANCES) and access.user_id is not None:
        mine |= Q(stewards=access.user_id)
    if access.person_id is not None:
        mine |= Q(grievants=access.person_id)
    if not mine:
        return cases.none()
    return cases.filter(pk__in=Grievance.objects.filter(mine).values("pk"))


def handles(access, case) -> bool:
    """May work the case: record steps, notes, files. The chair and officers, and its stewards
    (while they still hold a steward's role in the local)."""
    if sees_all(access):
        return True
    return (access.can(Perm.HANDLE_GRIEVANCES) and access.user_id is not None
            and case.stewards.filter(pk=access.user_id).exists())


def case_record(case, *, handler: bool):
    """The case's timeline and files as the viewer may see them: all for who handles it, the
    shared ones for a grievant."""
    timeline = case.timeline.order_by("at", "id")
    documents = case.documents.order_by("uploaded_at", "id")
    if not handler:
        timeline, documents = timeline.filter(shared=True), documents.filter(shared=True)
    return timeline, documents


def open_cases_as_grievant(access) -> list:
    if access.person_id is None:
        return []
    return list(cases_for(access).filter(grievants=access.person_id,
                                         status=Grievance.Status.OPEN).order_by("number"))


def case_or_404(access, number: str) -> Grievance:
    return get_object_or_404(cases_for(access).select_related("worksite", "job_family"),
                             number=number)


def steward_choices(local):
    """Users who may be assigned to a case: whoever holds a steward's, the chair's or an
    officer's role in the local."""
    from django.contrib.auth import get_user_model

    return (get_user_model().objects
            .filter(role_assignments__affiliate=local,
                    role_assignments__role__in=[Role.STEWARD, Role.GRIEVANCE_CHAIR,
                                                Role.OFFICER])
            .distinct().order_by("name", "email"))


def chairs(local):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(role_assignments__affiliate=local,
                                           role_assignments__role=Role.GRIEVANCE_CHAIR)


# --- Due dates ------------------------------------------------------------------------------


@dataclass
class CaseDeadlines:
    """A case's steps with what happened at each and its due date."""

    case: Grievance
    rows: list  # StepRow

    @property
    def pending(self):
        """The step the union must act on next, if it has a due date."""
        for row in self.rows:
            if row.record is None or row.record.filed_on is None:
                return row if row.due.due is not None else None
        return None


@dataclass
class StepRow:
    due: steps.Due
    record: CaseStep | None
    extensions: list

    @property
    def filed_late(self) -> bool:
        return bool(self.record and self.record.filed_on and self.due.due
                    and self.record.filed_on > self.due.due)


def deadlines(cases, *, local, district=None) -> list[CaseDeadlines]:
    """Due dates for many cases of one local, in a fixed number of queries."""
    cases = list(cases)
    rules = procedure(local)
    district = district or district_calendar(local)
    school_days = district.school_days() if any(r.kind == "school" for r in rules) else None
    records: dict[int, dict[int, CaseStep]] = defaultdict(dict)
    for step in CaseStep.objects.filter(grievance__in=[c.pk for c in cases]):
        records[step.grievance_id][step.position] = step
    extensions: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for ext in Extension.objects.filter(grievance__in=[c.pk for c in cases]).order_by("id"):
        extensions[ext.grievance_id][ext.position].append(ext)
    out = []
    for case in cases:
        mine = records[case.pk]
        exts = extensions[case.pk]
        dues = steps.due_dates(
            rules, incident=case.incident_on, knowledge=case.learned_on,
            filed=case.filed_on,
            answers={p: s.answered_on for p, s in mine.items() if s.answered_on},
            extensions={p: e[-1].new_due for p, e in exts.items() if e},
            district=district, school_days=school_days)
        out.append(CaseDeadlines(case, [StepRow(d, mine.get(d.rule.position),
                                                exts.get(d.rule.position, []))
                                        for d in dues]))
    return out


@dataclass
class Upcoming:
    case: Grievance
    row: StepRow

    @property
    def due(self) -> dt.date:
        return self.row.due.due


def upcoming(access, today: dt.date, *, within_days: int = 7) -> dict:
    """Open cases whose next step is overdue or due within `within_days`, for the viewer's
    home page: all cases for the chair and officers, a steward's own cases."""
    if not access.can(Perm.HANDLE_GRIEVANCES):
        return {"overdue": [], "soon": []}
    cases = cases_for(access).filter(status=Grievance.Status.OPEN).order_by("number")
    if not sees_all(access):
        cases = cases.filter(stewards=access.user_id)
    horizon = today + dt.timedelta(days=within_days)
    overdue, soon = [], []
    for entry in deadlines(cases, local=access.local):
        row = entry.pending
        if row is None:
            continue
        if row.due.due < today:
            overdue.append(Upcoming(entry.case, row))
        elif row.due.due <= horizon:
            soon.append(Upcoming(entry.case, row))
    overdue.sort(key=lambda u: u.due)
    soon.sort(key=lambda u: u.due)
    return {"overdue": overdue, "soon": soon}


# --- Finding grievants ----------------------------------------------------------------------


def find_people(local, lines: list[str]) -> tuple[list, list[str]]:
    """People of the local named one per line by employee id or by full name (exact, any
    case). Returns (people, lines not found or not unique): a name matching two people must be
    given by employee id instead."""
    from django.db.models import Value
    from django.db.models.functions import Concat, Lower

    from unionhall.members.models import Person

    wanted = [line.strip() for line in lines if line.strip()]
    if not wanted:
        return [], []
    lowered = [w.lower() for w in wanted]
    people = (Person.objects.filter(local=local)
              .select_related("worksite", "job_class__family")
              .annotate(legal=Lower(Concat("legal_first_name", Value(" "), "legal_last_name")),
                        known=Lower(Concat("preferred_name", Value(" "), "legal_last_name")))
              .filter(Q(employee_id__in=wanted) | Q(legal__in=lowered) | Q(known__in=lowered)))
    found, problems = [], []
    for text, low in zip(wanted, lowered, strict=True):
        matches = [p for p in people if p.employee_id == text or low in (p.legal, p.known)]
        if len(matches) == 1:
            if matches[0] not in found:
                found.append(matches[0])
        else:
            problems.append(text)
    return found, problems
