"""Density and coverage reads: a fixed number of grouped queries, whatever the size of the data.

Aggregates only (no one's personal data) except `coverage`, which names building reps and is
for those who organize the whole local.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, F, Q, When
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.models import Affiliate, JobFamily, Role, RoleAssignment, Worksite
from unionhall.core.permissions import Access, Perm
from unionhall.members.models import MembershipChange, MembershipStatus, Person
from unionhall.organizing import density as d
from unionhall.organizing.models import OrganizingSettings

MEMBER = MembershipStatus.MEMBER
DEFAULT_GOAL = OrganizingSettings._meta.get_field("density_goal").default
DEFAULT_RATIO = OrganizingSettings._meta.get_field("rep_ratio").default
TREND_MONTHS = 24
NO_FAMILY = ""


def family_label(code: str | None) -> str:
    if code in JobFamily.Code.values:
        return str(JobFamily.Code(code).label)
    return _("No job family")


def local_settings(local) -> dict:
    """The local's goal and rep ratio (the defaults when it has no settings row). One query."""
    row = (OrganizingSettings.objects.filter(local=local)
           .values("density_goal", "rep_ratio").first())
    return row or {"density_goal": DEFAULT_GOAL, "rep_ratio": DEFAULT_RATIO}


# --- A local ----------------------------------------------------------------------------------


def local_density(local, *, today: dt.date | None = None) -> dict:
    """Totals, per worksite (with goals), per job family, worksite × family and the trend.

    Five queries: settings, worksites with their goals, one grouped count of the unit by
    worksite × family, and two for the trend."""
    settings = local_settings(local)
    local_goal = settings["density_goal"]
    sites = list(Worksite.objects.filter(local=local)
                 .values("id", "name", "goal__density_goal").order_by("name"))
    cells = list(
        Person.objects.filter(local=local, in_unit=True)
        .values("worksite_id", family=F("job_class__family__code"))
        .annotate(people=Count("id"), members=Count("id", filter=Q(membership__status=MEMBER)))
        .order_by()
    )
    by_site: dict[int | None, dict] = {}
    by_family: dict[str, dict] = {}
    matrix: dict[tuple[int | None, str], dict] = {}
    for cell in cells:
        family = cell["family"] or NO_FAMILY
        for bucket, key in ((by_site, cell["worksite_id"]), (by_family, family),
                            (matrix, (cell["worksite_id"], family))):
            row = bucket.setdefault(key, {"people": 0, "members": 0})
            row["people"] += cell["people"]
            row["members"] += cell["members"]

    worksites = []
    for site in sites:
        counts = by_site.get(site["id"], {"people": 0, "members": 0})
        own = site["goal__density_goal"]
        goal = own if own is not None else local_goal
        worksites.append(d.with_density(
            {"id": site["id"], "name": site["name"], "own_goal": own, **counts}, goal))
    if None in by_site:
        worksites.append(d.with_density(
            {"id": None, "name": _("No worksite"), "own_goal": None, **by_site[None]}, None))

    families = [
        d.with_density({"code": code, "name": family_label(code), **by_family[code]})
        for code in [*JobFamily.Code.values, NO_FAMILY] if code in by_family
    ]
    family_codes = [f["code"] for f in families]
    site_names = {s["id"]: s["name"] for s in worksites}
    matrix_rows = []
    for site in worksites:
        row_cells = []
        for code in family_codes:
            counts = matrix.get((site["id"], code))
            row_cells.append(d.with_density(counts) if counts else None)
        if any(row_cells):
            matrix_rows.append({"id": site["id"], "name": site_names[site["id"]],
                                "cells": row_cells})

    total = d.with_density(d.totals(list(by_site.values())), local_goal)
    today = today or timezone.localdate()
    trend = _trend({"local": local}, today=today, people_now=total["people"],
                   members_now=total["members"])
    return {
        "local": local, "total": total, "goal": local_goal, "worksites": worksites,
        "families": families, "matrix": {"families": families, "rows": matrix_rows},
        "trend": trend, "trend_change": d.trend_change(trend),
    }


def _trend(persons: dict, *, today: dt.date, people_now: int, members_now: int) -> list[dict]:
    """Month-end members and people over the last 24 months: two grouped queries.

    See organizing/density.py for the walk and the approximations it makes."""
    months = d.last_months(today, TREND_MONTHS)
    start = dt.date(*months[0], 1)  # the first day of the window
    to_member = Q(to_status=MEMBER) & ~Q(from_status=MEMBER)
    from_member = Q(from_status=MEMBER) & ~Q(to_status=MEMBER)
    person_filter = {f"person__{k}": v for k, v in persons.items()}
    net: dict[d.Month, int] = {}
    for month, joined, left_ in (
        MembershipChange.objects.filter(effective__gte=start, effective__lte=today,
                                        **person_filter)
        .filter(to_member | from_member)
        .annotate(month=TruncMonth("effective"))
        .values("month")
        .annotate(joined=Count("id", filter=to_member), left=Count("id", filter=from_member))
        .values_list("month", "joined", "left")
        .order_by()
    ):
        net[d.month_of(month)] = joined - left_

    # Who left the unit (and when) and who was hired inside the window, grouped small.
    left_in_window = Q(in_unit=False, left_unit_on__gte=start, left_unit_on__lte=today)
    hired_in_window = Q(in_unit=True, hire_date__gte=start, hire_date__lte=today)
    left: dict[d.Month, tuple[int, int]] = {}
    hired: dict[d.Month, int] = {}
    former_members_now = former_members_before = 0
    for in_unit, left_month, hired_month, people, members in (
        Person.objects.filter(**persons)
        .filter(Q(in_unit=False) | hired_in_window)
        .annotate(
            left_month=Case(When(left_in_window, then=TruncMonth("left_unit_on"))),
            hired_month=Case(When(hired_in_window, then=TruncMonth("hire_date"))),
        )
        .values("in_unit", "left_month", "hired_month")
        .annotate(people=Count("id"), members=Count("id", filter=Q(membership__status=MEMBER)))
        .values_list("in_unit", "left_month", "hired_month", "people", "members")
        .order_by()
    ):
        if not in_unit:
            former_members_now += members
            if left_month is None:
                former_members_before += members
            else:
                key = d.month_of(left_month)
                was = left.get(key, (0, 0))
                left[key] = (was[0] + people, was[1] + members)
        elif hired_month is not None:
            key = d.month_of(hired_month)
            hired[key] = hired.get(key, 0) + people
    return d.monthly_trend(
        today=today, months=TREND_MONTHS, members_now=members_now, people_now=people_now,
        net_changes=net, former_members_now=former_members_now, left=left,
        former_members_before=former_members_before, hired=hired)


# --- A state ----------------------------------------------------------------------------------


def state_or_404(slug: str) -> Affiliate:
    return get_object_or_404(Affiliate.objects.select_related("parent"), slug=slug,
                             kind=Affiliate.Kind.STATE)


def can_view_state(user, state: Affiliate) -> bool:
    """State staff of this state, national staff of its national, superusers. One query."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(
        Q(affiliate=state, role=Role.STATE_STAFF)
        | Q(affiliate_id=state.parent_id, role=Role.NATIONAL_STAFF),
        user=user,
    ).exists()


def state_density(state: Affiliate) -> dict:
    """Per local (with its goal) and per job family across the state's locals.

    Three queries, however many locals: the locals with their goals, one grouped count of the
    state's unit by local × job class and membership, and the job classes' families."""
    from unionhall.core.models import JobClass

    state_locals = list(
        Affiliate.objects.filter(parent=state, kind=Affiliate.Kind.LOCAL)
        .values("id", "slug", "name", "organizing_settings__density_goal").order_by("name")
    )
    # Grouped by job class (the person_local_unit_job index) and joined with memberships only;
    # families are mapped in Python from a small query on job classes.
    counts = list(
        Person.objects.filter(local__parent=state, local__kind=Affiliate.Kind.LOCAL, in_unit=True)
        .values("local_id", "job_class_id")
        .annotate(people=Count("id"), members=Count("id", filter=Q(membership__status=MEMBER)))
        .values_list("local_id", "job_class_id", "people", "members")
        .order_by()
    )
    class_family = dict(
        JobClass.objects.filter(local__parent=state).values_list("id", "family__code"))
    by_local: dict[int, dict] = {}
    by_family: dict[str, dict] = {}
    for local_id, class_id, people, members in counts:
        family = class_family.get(class_id) or NO_FAMILY
        for bucket, key in ((by_local, local_id), (by_family, family)):
            row = bucket.setdefault(key, {"people": 0, "members": 0})
            row["people"] += people
            row["members"] += members
    locals_ = []
    for loc in state_locals:
        goal = loc["organizing_settings__density_goal"]
        goal = goal if goal is not None else DEFAULT_GOAL
        locals_.append(d.with_density(
            {"id": loc["id"], "slug": loc["slug"], "name": loc["name"],
             **by_local.get(loc["id"], {"people": 0, "members": 0})}, goal))
    families = [
        d.with_density({"code": code, "name": family_label(code), **by_family[code]})
        for code in [*JobFamily.Code.values, NO_FAMILY] if code in by_family
    ]
    total = d.with_density(d.totals(locals_))
    below = sum(1 for loc in locals_ if loc["people"] and not loc["met"])
    return {"state": state, "total": total, "locals": locals_, "families": families,
            "below_goal": below}


# --- Coverage ---------------------------------------------------------------------------------


def coverage(access: Access) -> dict:
    """Building reps and the coworkers they cover, by the worksites they are assigned.

    Only by worksite: RoleAssignment.worksites is what the data model holds (explicit lists of
    coworkers are not modelled). Where several reps share a worksite, each carries an equal
    share of its people. Three queries."""
    if access.worksites_for(Perm.ORGANIZE) is not None:
        raise Http404
    local = access.local
    ratio = local_settings(local)["rep_ratio"]
    sites = list(
        Worksite.objects.filter(local=local)
        .annotate(people=Count("persons", filter=Q(persons__in_unit=True)))
        .values("id", "name", "people").order_by("name")
    )
    through = RoleAssignment.worksites.through
    links = list(
        through.objects.filter(roleassignment__affiliate=local,
                               roleassignment__role=Role.BUILDING_REP)
        .values_list("roleassignment_id", "worksite_id", "roleassignment__user__email",
                     "roleassignment__user__person__preferred_name",
                     "roleassignment__user__person__legal_first_name",
                     "roleassignment__user__person__legal_last_name")
        .order_by("roleassignment_id")
    )
    reps: dict[int, dict] = {}
    reps_at: dict[int, list[int]] = {}
    for rid, site_id, email, preferred, first, last in links:
        name = f"{preferred or first} {last}" if last else email
        rep = reps.setdefault(rid, {"id": rid, "name": name, "email": email, "sites": []})
        rep["sites"].append(site_id)
        reps_at.setdefault(site_id, []).append(rid)
    site_by_id = {s["id"]: s for s in sites}
    worksites = []
    for site in sites:
        n_reps = len(reps_at.get(site["id"], []))
        per_rep = round(site["people"] / n_reps, 1) if n_reps else None
        worksites.append({
            **site, "reps": [reps[r]["name"] for r in reps_at.get(site["id"], [])],
            "rep_count": n_reps, "per_rep": per_rep,
            "over": per_rep is not None and per_rep > ratio,
        })
    rep_rows = []
    for rep in reps.values():
        covered = sum(site_by_id[s]["people"] / len(reps_at[s]) for s in rep["sites"]
                      if s in site_by_id)
        covered = round(covered)
        rep_rows.append({
            "name": rep["name"], "email": rep["email"],
            "worksites": sorted(site_by_id[s]["name"] for s in rep["sites"] if s in site_by_id),
            "people": covered, "over": covered > ratio, "excess": max(0, covered - ratio),
        })
    rep_rows.sort(key=lambda r: (-r["people"], r["name"].casefold()))
    uncovered = [w for w in worksites if not w["rep_count"]]
    return {
        "ratio": ratio, "worksites": worksites, "reps": rep_rows,
        "uncovered": uncovered,
        "uncovered_people": sum(w["people"] for w in uncovered),
        "over": [r for r in rep_rows if r["over"]],
    }
