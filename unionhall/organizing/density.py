"""Density arithmetic: percentages, distance to a goal, sorting and the monthly trend.

Pure Python (no Django), so it is tested on its own. Rows are plain dicts with at least
`people` (everyone in the unit) and `members`.

The trend walks backwards from today's known numbers, a month at a time:

* members at the end of month M = members now (in the unit, plus former persons still recorded
  as members) − the net membership changes dated after M (+1 for a change to "member", −1 for a
  change away from it), − former persons still recorded as members who had left the unit by M.
* people at the end of month M = people in the unit now + those who left the unit after M
  (`left_unit_on`) − those still in the unit who were hired after M (`hire_date`).

Approximations, written down: a former person with no `left_unit_on` counts as having left
before the window; someone who moved in and out of the unit is counted by their latest stint;
a worksite or job change is not replayed (the trend is for the whole local, not per worksite);
a person's status while outside the unit is taken to be their current one.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

Month = tuple[int, int]  # (year, month)


def pct(part: int, whole: int) -> float:
    """Part of whole in percent, one decimal; 0 when there is no one."""
    return round(100 * part / whole, 1) if whole else 0.0


def members_needed(members: int, people: int, goal: int | None) -> int:
    """How many more members reach the goal (0 when it is met or there is no goal)."""
    if goal is None or not people:
        return 0
    # Integer arithmetic: ceil(goal% of people) without float surprises.
    target = -(-goal * people // 100)
    return max(0, target - members)


def with_density(row: dict, goal: int | None = None) -> dict:
    """The row plus density, its goal, points below the goal and members needed."""
    density = pct(row["members"], row["people"])
    gap = round(max(0.0, goal - density), 1) if goal is not None else None
    return {**row, "density": density, "goal": goal, "gap": gap,
            "needed": members_needed(row["members"], row["people"], goal),
            "met": goal is not None and row["people"] > 0 and gap == 0}


def totals(rows: list[dict]) -> dict:
    people = sum(r["people"] for r in rows)
    members = sum(r["members"] for r in rows)
    return {"people": people, "members": members}


# --- Sorting ----------------------------------------------------------------------------------


def parse_sort(value: str | None, allowed: list[str], default: str) -> tuple[str, bool]:
    """A `?sort=` value ("density" or "-density") as (key, descending); unknown keys fall back."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value.lstrip("-")
    if key not in allowed:
        key = default.lstrip("-")
        descending = default.startswith("-")
    return key, descending


def sort_rows(rows: list[dict], key: str, descending: bool = False) -> list[dict]:
    """Rows by a column; text ignores case, missing values go last either way, ties by name."""

    def value(row):
        v = row.get(key)
        if isinstance(v, str):
            v = v.casefold()
        return v

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    present.sort(key=lambda r: str(r.get("name", "")).casefold())
    present.sort(key=value, reverse=descending)
    return present + missing


def sort_headers(columns: list[tuple[str, str, bool]], key: str, descending: bool, param: str,
                 keep: dict[str, str]) -> list[dict]:
    """Header cells for a sortable table: (key, label, numeric) to label, link and aria-sort.

    A link sorts by its column, flipping the direction when it already does; `keep` holds the
    other query parameters (another table's sort) so they survive the click."""
    cells = []
    for col, label, numeric in columns:
        active = col == key
        if active:
            target = col if descending else f"-{col}"
            aria = "descending" if descending else "ascending"
        else:
            # Numbers start with the largest, names with A.
            target = f"-{col}" if numeric else col
            aria = None
        query = urlencode({**{k: v for k, v in keep.items() if v}, param: target})
        cells.append({"key": col, "label": label, "url": "?" + query, "aria_sort": aria,
                      "numeric": numeric, "active": active})
    return cells


# --- Trend ------------------------------------------------------------------------------------


def month_of(day: dt.date) -> Month:
    return (day.year, day.month)


def previous(month: Month, n: int = 1) -> Month:
    index = month[0] * 12 + (month[1] - 1) - n
    return (index // 12, index % 12 + 1)


def month_end(month: Month) -> dt.date:
    year, m = month
    first_next = dt.date(year + (m == 12), m % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def last_months(today: dt.date, n: int) -> list[Month]:
    """The n months ending with today's, oldest first."""
    current = month_of(today)
    return [previous(current, i) for i in range(n - 1, -1, -1)]


def monthly_trend(*, today: dt.date, months: int, members_now: int, people_now: int,
                  net_changes: dict[Month, int], former_members_now: int = 0,
                  left: dict[Month, tuple[int, int]] | None = None,
                  former_members_before: int = 0,
                  hired: dict[Month, int] | None = None) -> list[dict]:
    """Members, people and density at the end of each of the last `months` months.

    members_now / people_now: in the unit today. net_changes: per month, changes to "member"
    minus changes away from it (all persons of the local, former ones included).
    former_members_now: persons no longer in the unit whose status is still "member".
    left: per month (inside the window), (persons who left the unit then, of whom members now).
    former_members_before: former persons still "member" who left before the window or on an
    unknown date. hired: per month (inside the window), persons in the unit hired then.
    The last point is today, not the end of the current month.
    """
    left = left or {}
    hired = hired or {}
    window = last_months(today, months)
    all_members = members_now + former_members_now  # members among every person, today
    points = []
    later_net = 0  # net changes dated after the month being computed
    later_left_people = 0
    later_hired = 0
    for month in reversed(window):
        # Former members who had left by the end of this month were not in the unit then.
        gone_members = former_members_before + sum(
            members for m, (_people, members) in left.items() if m <= month)
        members = all_members - later_net - gone_members
        people = people_now + later_left_people - later_hired
        members = max(0, min(members, people))
        end = today if month == window[-1] else month_end(month)
        points.append({"month": month, "date": end, "members": members, "people": max(0, people),
                       "density": pct(members, max(0, people))})
        later_net += net_changes.get(month, 0)
        later_left_people += left.get(month, (0, 0))[0]
        later_hired += hired.get(month, 0)
    points.reverse()
    return points


def trend_change(points: list[dict]) -> dict | None:
    """Members and density now against the start of the window."""
    if len(points) < 2:
        return None
    first, last = points[0], points[-1]
    return {"members": last["members"] - first["members"],
            "density": round(last["density"] - first["density"], 1)}

