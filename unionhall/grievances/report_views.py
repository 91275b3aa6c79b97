"""Grievance reports for the grievance chair and the officers: the breakdowns on a page, and
one row per case as CSV. Thin: the form, report_queries for the rows, reporting for the
numbers."""

import csv

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from unionhall.core.decorators import in_local_time, local_view
from unionhall.core.permissions import Perm
from unionhall.core.spreadsheet import safe_row
from unionhall.grievances import reporting
from unionhall.grievances.models import Grievance
from unionhall.grievances.report_forms import ReportFilterForm
from unionhall.grievances.report_queries import procedure_steps, report_cases


def _step_label(position: int, name: str) -> str:
    return name or _("Step %(n)s") % {"n": position}


def _article_label(key) -> str:
    if key is None:
        return _("No article cited")
    return _("Article %(n)s") % {"n": key} if key.isdigit() else key


def _state_label(state: str) -> str:
    return {
        reporting.TO_FILE: _("to be filed or appealed"),
        reporting.AWAITING_ANSWER: _("awaiting the employer's answer"),
        reporting.ANSWERED: _("answered at the last step"),
    }[state]


def _current_label(case: reporting.Case, procedure) -> str:
    now = reporting.current_step(case, procedure)
    if now is None:
        return ""
    return _("%(step)s (%(state)s)") % {"step": _step_label(now.position, now.name),
                                       "state": _state_label(now.state)}


def _form(request):
    return ReportFilterForm(request.GET or None, local=request.local)


def _article_chart(rows):
    bars = [(_article_label(r.key), r.total) for r in rows]
    desc = _("The number of cases citing each article of the contract; a case citing several "
             "articles counts under each. The same numbers are in the table below.")
    return mark_safe(reporting.count_chart(bars, title=_("Cases by contract article"),  # noqa: S308
                                           desc=desc, ident="articles"))


@local_view(Perm.VIEW_ALL_GRIEVANCES)
@in_local_time
def grievance_reports(request):
    form = _form(request)
    context = {"local": request.local, "form": form, "report": None,
               "query": request.GET.urlencode()}
    if form.is_bound and not form.is_valid():
        return render(request, "grievances/reports/index.html", context)
    procedure = procedure_steps(request.local)
    cases = report_cases(request.access, **form.filters())
    report = reporting.build(cases, procedure, outcomes=Grievance.Outcome.values)
    outcome_labels = dict(Grievance.Outcome.choices)
    context.update({
        "report": report,
        "articles": [{"label": _article_label(r.key), "row": r} for r in report.articles],
        "article_chart": _article_chart([r for r in report.articles if r.key is not None]),
        "worksites": [{"label": r.key or _("No worksite recorded"), "row": r}
                      for r in report.worksites],
        "job_families": [{"label": r.key or _("No job family recorded"), "row": r}
                         for r in report.job_families],
        "current_steps": [{"label": _step_label(r.position, r.name), "row": r}
                          for r in report.current_steps],
        "outcomes": [{"label": outcome_labels.get(r.outcome, r.outcome), "row": r}
                     for r in report.outcomes],
        "step_times": [{"label": _step_label(r.position, r.name), "row": r}
                       for r in report.step_times],
    })
    return render(request, "grievances/reports/index.html", context)


# The export is for the chair and the officers, who may open every case anyway; still, it
# keeps to what a report needs. It leaves out the grievants' names (and the group's name), the
# stewards and the story of what happened: the case number leads back to all of that, and a
# file that travels by email or sits in a downloads folder should not carry it.
CSV_COLUMNS = (
    ("number", lambda: _("Number")),
    ("title", lambda: _("Title")),
    ("status", lambda: _("Status")),
    ("outcome", lambda: _("Outcome")),
    ("grievant_kind", lambda: _("Grievant")),
    ("worksite", lambda: _("Worksite")),
    ("job_family", lambda: _("Job family")),
    ("articles", lambda: _("Contract sections")),
    ("article_numbers", lambda: _("Articles")),
    ("incident_on", lambda: _("Date of the incident")),
    ("learned_on", lambda: _("Date the grievant learned of it")),
    ("filed_on", lambda: _("Date filed")),
    ("closed_on", lambda: _("Date closed")),
    ("current_step", lambda: _("Current step")),
    ("days_open", lambda: _("Days open")),
    ("remedy_sought", lambda: _("Remedy sought")),
    ("remedy_obtained", lambda: _("Remedy obtained")),
)


def _iso(day) -> str:
    return day.isoformat() if day else ""


@local_view(Perm.VIEW_ALL_GRIEVANCES)
@in_local_time
def grievance_reports_csv(request):
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("These filters are not valid: %(errors)s") % {
            "errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
            content_type="text/plain; charset=utf-8")
    procedure = procedure_steps(request.local)
    cases = report_cases(request.access, **form.filters())
    today = timezone.localdate()
    labels = {**dict(Grievance.Status.choices), **dict(Grievance.Outcome.choices),
              **dict(Grievance.GrievantKind.choices)}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{request.local.slug}-grievances-{today:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(safe_row(label() for _key, label in CSV_COLUMNS))
    for case in cases:
        writer.writerow(safe_row([
            case.number, case.title, labels.get(case.status, case.status),
            labels.get(case.outcome, case.outcome), labels.get(case.grievant_kind, ""),
            case.worksite, case.job_family, "; ".join(case.articles),
            "; ".join(reporting.case_articles(case)), _iso(case.incident_on),
            _iso(case.learned_on), _iso(case.filed_on), _iso(case.closed_on),
            _current_label(case, procedure), reporting.days_open(case, today),
            case.remedy_sought, case.remedy_obtained,
        ]))
    return response
