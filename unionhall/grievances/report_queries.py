"""Reads for the grievance reports: the cases of a local as plain rows for `reporting`, in a
fixed number of queries (the procedure, the cases with their worksite and job family, and
their steps), whatever the number of cases."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Prefetch

from unionhall.grievances import reporting
from unionhall.grievances.models import CaseStep, Grievance, StepRule
from unionhall.grievances.queries import cases_for


def procedure_steps(local) -> list[reporting.Step]:
    """The local's procedure: one query."""
    return [reporting.Step(position, name) for position, name in
            StepRule.objects.filter(local=local).order_by("position")
            .values_list("position", "name")]


def report_cases(access, *, filed_from: dt.date | None = None,
                 filed_to: dt.date | None = None, status: str = "",
                 worksite=None) -> list[reporting.Case]:
    """The cases the viewer may see (every case of the local, for the chair and the officers),
    as rows: two queries.

    The dates filter on the filing at step 1 (`Grievance.filed_on`), the contract's own date,
    not on the day the case was entered in Unionhall (often later, for a case filed on paper).
    With either date given, a case not filed yet is left out."""
    cases = (cases_for(access)
             .select_related("worksite", "job_family")
             .defer("what_happened")
             .prefetch_related(Prefetch("steps", queryset=CaseStep.objects.order_by("position")
                                        .only("grievance", "position", "filed_on",
                                              "answered_on")))
             .order_by("number"))
    if filed_from is not None:
        cases = cases.filter(filed_on__gte=filed_from)
    if filed_to is not None:
        cases = cases.filter(filed_on__lte=filed_to)
    if status:
        cases = cases.filter(status=status)
    if worksite is not None:
        cases = cases.filter(worksite=worksite)
    zone = ZoneInfo(access.local.time_zone)
    return [_row(case, zone) for case in cases]


def _row(case: Grievance, zone) -> reporting.Case:
    return reporting.Case(
        number=case.number, status=case.status, outcome=case.outcome,
        worksite=case.worksite.name if case.worksite else "",
        job_family=str(case.job_family) if case.job_family else "",
        articles=tuple(str(a) for a in case.articles or ()),
        steps=tuple(reporting.StepRecord(s.position, s.filed_on, s.answered_on)
                    for s in case.steps.all()),
        incident_on=case.incident_on, learned_on=case.learned_on, filed_on=case.filed_on,
        closed_on=case.closed_on,
        opened_on=case.opened_at.astimezone(zone).date() if case.opened_at else None,
        title=case.title, grievant_kind=case.grievant_kind, remedy_sought=case.remedy_sought,
        remedy_obtained=case.remedy_obtained)
