"""Density dashboards (a local, a state), their CSV, the goals form and rep coverage. Thin."""

import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.decorators import local_view
from unionhall.core.models import Worksite
from unionhall.core.permissions import INHERITED_ROLES, Perm
from unionhall.core.spreadsheet import safe_row
from unionhall.organizing import charts
from unionhall.organizing import density as d
from unionhall.organizing.dashboard import (
    can_view_state,
    coverage,
    local_density,
    state_density,
    state_or_404,
)


def _columns(name_label: str, goal: bool = True):
    cols = [("name", name_label, False), ("people", _("People"), True),
            ("members", _("Members"), True), ("density", _("Density"), True)]
    if goal:
        cols += [("goal", _("Goal"), True), ("gap", _("Points to goal"), True),
                 ("needed", _("Members needed"), True)]
    return cols


def _sorted_table(request, rows, columns, param, other, default="-density"):
    key, descending = d.parse_sort(request.GET.get(param), [c[0] for c in columns], default)
    keep = {p: request.GET.get(p, "") for p in other}
    return {"rows": d.sort_rows(rows, key, descending),
            "headers": d.sort_headers(columns, key, descending, param, keep)}


def _month_label(month) -> str:
    import datetime as dt

    return formats.date_format(dt.date(month[0], month[1], 1), "M Y")


def _trend_chart(trend, goal, title):
    points = [{"label": _month_label(p["month"]), "value": p["density"],
               "detail": _("%(month)s: %(members)s of %(people)s (%(density)s%%)") % {
                   "month": _month_label(p["month"]), "members": p["members"],
                   "people": p["people"], "density": p["density"]}} for p in trend]
    first, last = trend[0], trend[-1]
    desc = _("Density went from %(start)s%% in %(from)s to %(end)s%% in %(to)s; the goal is "
             "%(goal)s%%. The numbers for every month are in the table below.") % {
        "start": first["density"], "from": _month_label(first["month"]),
        "end": last["density"], "to": _month_label(last["month"]), "goal": goal}
    return mark_safe(charts.line_chart(points, title=title, desc=desc, goal=goal,  # noqa: S308
                                       goal_label=_("Goal"), ident="trend"))


def _bar_chart(rows, title, ident, with_goal=True):
    bars = [{"label": r["name"], "value": r["density"],
             "goal": r["goal"] if with_goal else None,
             "note": _("%(members)s of %(people)s") % {"members": r["members"],
                                                      "people": r["people"]}}
            for r in rows]
    if with_goal:
        below = [r["name"] for r in rows if r["people"] and not r["met"]]
        desc = _("Density of each row with its goal; %(below)s of %(n)s below goal. The same "
                 "numbers are in the table below.") % {"below": len(below), "n": len(rows)}
    else:
        desc = _("Density of each row. The same numbers are in the table below.")
    return mark_safe(charts.bar_chart(bars, title=title, desc=desc,  # noqa: S308
                                      goal_label=_("goal"), ident=ident))


@local_view(Perm.VIEW_LOCAL)
def density_local(request):
    data = local_density(request.local)
    sites = _sorted_table(request, data["worksites"], _columns(_("Worksite")), "sort",
                          ["fsort"])
    families = _sorted_table(request, data["families"], _columns(_("Job family"), goal=False),
                             "fsort", ["sort"])
    access = request.access
    return render(request, "organizing/density.html", {
        **data,
        "sites": sites,
        "family_table": families,
        "site_chart": _bar_chart(sites["rows"], _("Density by worksite"), "sites"),
        "family_chart": _bar_chart(families["rows"], _("Density by job family"), "families",
                                   with_goal=False),
        "trend_chart": _trend_chart(data["trend"], data["goal"],
                                    _("Density at the end of each month")),
        "trend_rows": [{**p, "label": _month_label(p["month"])} for p in data["trend"]],
        "can_set_goals": access.can(Perm.MANAGE_PEOPLE),
        "state": request.local.parent if (access.roles & INHERITED_ROLES
                                          or request.user.is_superuser) else None,
    })


@local_view(Perm.VIEW_LOCAL)
def density_csv(request):
    data = local_density(request.local)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{request.local.slug}-density-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(safe_row([_("Section"), _("Worksite"), _("Job family"), _("People"),
                              _("Members"), _("Density (%)"), _("Goal (%)"),
                              _("Points to goal"), _("Members needed")]))

    def line(section, site, family, row):
        writer.writerow(safe_row([section, site, family, row["people"], row["members"],
                                  row["density"], row.get("goal", ""), row.get("gap", ""),
                                  row.get("needed", "") if row.get("goal") is not None else ""]))

    line(_("Local"), "", "", data["total"])
    for row in data["worksites"]:
        line(_("Worksite"), row["name"], "", row)
    for row in data["families"]:
        line(_("Job family"), "", row["name"], row)
    families = data["matrix"]["families"]
    for row in data["matrix"]["rows"]:
        for family, cell in zip(families, row["cells"], strict=True):
            if cell:
                line(_("Worksite × job family"), row["name"], family["name"], cell)
    for point in data["trend"]:
        writer.writerow(safe_row([_("Month end"), point["date"].isoformat(), "",
                                  point["people"], point["members"], point["density"],
                                  "", "", ""]))
    return response


@require_POST
@local_view(Perm.MANAGE_PEOPLE)
def density_goals(request):
    from unionhall.organizing.actions import set_density_goal, set_worksite_goal

    local = request.local
    problems = []

    def percent(field):
        raw = request.POST.get(field, "").strip()
        if raw == "":
            return None
        try:
            value = int(raw)
        except ValueError:
            value = -1
        if not 0 <= value <= 100:
            problems.append(raw)
            return False
        return value

    local_goal = percent("local_goal")
    if local_goal is not None and local_goal is not False:
        set_density_goal(local, local_goal, by=request.user)
    for site in Worksite.objects.filter(local=local).select_related("goal"):
        field = f"goal_{site.pk}"
        if field not in request.POST:
            continue
        value = percent(field)
        if value is False:
            continue
        current = getattr(site, "goal", None)
        if (current.density_goal if current else None) != value:
            try:
                set_worksite_goal(site, value, by=request.user)
            except ValidationError as error:
                problems.append(str(error))
    if problems:
        messages.error(request, _("A goal is a whole number from 0 to 100; these were not "
                                  "saved: %(values)s") % {"values": ", ".join(problems)})
    else:
        messages.success(request, _("Goals saved."))
    return redirect("density_local", local_slug=local.slug)


@local_view(Perm.ORGANIZE)
def density_coverage(request):
    if request.access.worksites_for(Perm.ORGANIZE) is not None:
        raise PermissionDenied
    data = coverage(request.access)
    return render(request, "organizing/density_coverage.html", data)


def density_state(request, state_slug):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    state = state_or_404(state_slug)
    if not can_view_state(request.user, state):
        raise PermissionDenied
    data = state_density(state)
    local_cols = _columns(_("Local"))
    table = _sorted_table(request, data["locals"], local_cols, "sort", ["fsort"])
    families = _sorted_table(request, data["families"], _columns(_("Job family"), goal=False),
                             "fsort", ["sort"])
    return render(request, "organizing/density_state.html", {
        **data, "table": table, "family_table": families,
        "family_chart": _bar_chart(families["rows"], _("Density by job family"), "families",
                                   with_goal=False),
    })
