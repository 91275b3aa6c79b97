"""Grievance deadlines: a time limit of `days` days of some kind, counted from a date. Pure (no
Django): the pages, the reminders and the tests call the same functions.

    deadline(start, days, *, kind, closures=(), school_days=None) -> date

- kind="calendar": `start` plus `days` days; if that day is a Saturday, a Sunday or in
  `closures`, the deadline moves forward to the next day that is none of those.
- kind="working": counting begins the day after `start`; each Monday to Friday not in
  `closures` counts one; the deadline is the day the count reaches `days`.
- kind="school": as working, but only the dates in `school_days` count.

Decisions, where the contract language leaves room:

- A closure always wins. A date that is in both `school_days` and `closures` never counts:
  the district closing a building on a day it had planned as a school day is exactly the case
  the closure list exists for.
- `school_days` is the whole truth for kind="school": a Saturday in it (a make-up day) counts,
  and a weekday missing from it does not. It is ignored by the other kinds.
- `start` may be any day, a weekend or a closure included: working and school days count from
  the day after it whatever it is.
- `closures` and `school_days` may be any iterable of dates. Each is turned into a frozenset
  once per call and its sorted form is cached per distinct set, so passing the same frozenset
  on every call (as a page listing every open case does) costs a hash lookup, not a sort.
- Past the end of the dates it is given, the module knows nothing: a working-day count running
  past the last closure loaded simply meets no more closures. A school-day count cannot do that
  (every counted day must be listed), so it raises ValueError saying the school calendar does
  not reach far enough instead of looping forever.

Bad input raises ValueError with a message a person can act on, never a silent wrong date:
`days` that is not an int (a bool is refused too) or is below 1; an unknown `kind`;
kind="school" without `school_days`; `start` (or a date in `closures`/`school_days`) that is
not a `datetime.date`, or is a `datetime`, whose time of day would make it never equal to a
closure date; and a count that would run past the last date Python can represent.

Speed: each call is O(log n) in the size of the calendar, plus, for kind="working", one step
per closure that actually falls inside the counted span; weeks are skipped arithmetically.
kind="calendar" walks forward only over the run of weekend and closed days at the end.
`explain` also walks the span a day at a time, but only until it has listed 50 skipped days
(for kind="school", the whole span, which ends within the school calendar given).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

CALENDAR = "calendar"
WORKING = "working"
SCHOOL = "school"
KINDS = (CALENDAR, WORKING, SCHOOL)

# Reasons a day in the counted span did not count, as `explain` reports them.
WEEKEND = "weekend"
CLOSED = "closed"
NO_SCHOOL = "no_school"

MAX_LISTED = 50

_LAST = dt.date.max.toordinal()


class _Closures(NamedTuple):
    days: frozenset[dt.date]
    ordinals: frozenset[int]
    weekdays: tuple[int, ...]  # sorted ordinals of the closures that fall Monday to Friday
    all: tuple[int, ...]  # sorted ordinals of every closure, weekends included


# Date arithmetic on ordinals: ordinal 1 (January 1 of year 1) was a Monday, so an ordinal's
# weekday is (n - 1) % 7 and the weekdays up to n follow from whole weeks plus a remainder.

def _is_weekend(n: int) -> bool:
    return (n - 1) % 7 >= 5


def _weekdays_through(n: int) -> int:
    """Mondays to Fridays among ordinals 1..n."""
    return n // 7 * 5 + min(n % 7, 5)


def _nth_weekday_after(n: int, k: int) -> int:
    """The ordinal of the k-th Monday-to-Friday after ordinal n (k >= 1)."""
    t = _weekdays_through(n) + k - 1
    return t // 5 * 7 + t % 5 + 1


def _date(n: int) -> dt.date:
    if n > _LAST:
        raise ValueError("the deadline would fall after the last date that can be represented "
                         f"({dt.date.max.isoformat()})")
    return dt.date.fromordinal(n)


def _check_date(value, what: str) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError(f"{what} must be a datetime.date (not a datetime), got {value!r}")


@lru_cache(maxsize=64)
def _prepare_closures(days: frozenset) -> _Closures:
    for day in days:
        _check_date(day, "every closure")
    ordinals = sorted(day.toordinal() for day in days)
    return _Closures(days, frozenset(ordinals),
                     tuple(n for n in ordinals if not _is_weekend(n)), tuple(ordinals))


class _School(NamedTuple):
    ordinals: tuple[int, ...]  # sorted ordinals of the school days that count: closures removed
    members: frozenset[int]


@lru_cache(maxsize=64)
def _prepare_school(days: frozenset, closures: frozenset) -> _School:
    # Keyed on the two frozensets because a frozenset caches its hash: a repeated call with the
    # same sets costs no rehashing of a whole school year.
    for day in days:
        _check_date(day, "every school day")
    ordinals = tuple(sorted(day.toordinal() for day in days - closures))
    return _School(ordinals, frozenset(ordinals))


_NO_SCHOOL = _School((), frozenset())


def _frozen(dates: Iterable[dt.date] | None, what: str) -> frozenset:
    try:
        return frozenset(() if dates is None else dates)
    except TypeError as exc:
        raise ValueError(f"{what} must be an iterable of dates: {exc}") from None


def _prepare(kind, closures, school_days) -> tuple[_Closures, _School]:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of days {kind!r}: 'calendar', 'working' or 'school'")
    closed = _prepare_closures(_frozen(closures, "closures"))
    if kind != SCHOOL:
        return closed, _NO_SCHOOL
    if school_days is None:
        raise ValueError("kind='school' needs school_days: the dates the school calendar counts")
    return closed, _prepare_school(_frozen(school_days, "school_days"), closed.days)


def _check_days(days) -> None:
    if not isinstance(days, int) or isinstance(days, bool):
        raise ValueError(f"days must be a whole number (int), got {days!r}")
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")


def _deadline(start: int, days: int, kind: str, closed: _Closures, school: _School) -> int:
    if kind == CALENDAR:
        n = start + days
        while _is_weekend(n) or n in closed.ordinals:
            n += 1
        _date(n)
        return n
    if kind == WORKING:
        # Count whole weeks arithmetically, then re-count only for the closures that fell inside
        # the span: each pass moves past at least one closure, so it ends after at most
        # (closures in the span + 1) passes.
        n, need = start, days
        seen = bisect_right(closed.weekdays, n)
        while True:
            m = _nth_weekday_after(n, need)
            upto = bisect_right(closed.weekdays, m)
            if upto == seen:
                _date(m)
                return m
            n, need, seen = m, upto - seen, upto
    first = bisect_right(school.ordinals, start)
    available = len(school.ordinals) - first
    if available < days:
        raise ValueError(
            f"the school calendar does not reach far enough: it has {available} school "
            f"day{'s' if available != 1 else ''} after {dt.date.fromordinal(start).isoformat()}"
            f" and {days} are needed; add the next school year's calendar")
    return school.ordinals[first + days - 1]


def deadline(start: dt.date, days: int, *, kind: str, closures: Iterable[dt.date] = (),
             school_days: Iterable[dt.date] | None = None) -> dt.date:
    """The last day to act: `days` days of `kind` from `start` (see the module's docstring)."""
    _check_date(start, "start")
    _check_days(days)
    closed, school = _prepare(kind, closures, school_days)
    return dt.date.fromordinal(_deadline(start.toordinal(), days, kind, closed, school))


def business_days_between(a: dt.date, b: dt.date, *, kind: str,
                          closures: Iterable[dt.date] = (),
                          school_days: Iterable[dt.date] | None = None) -> int:
    """How many days that count for `kind` fall after `a`, up to and including `b`; 0 when
    `b` is not after `a`. "Three working days before the deadline" is the day `x` with
    business_days_between(x, due, kind="working", ...) == 3.

    For kind="calendar" every day counts, so this is simply the days from `a` to `b`: the
    forward move off a weekend or closure is part of the deadline rule, not of the count, and
    business_days_between(start, deadline(start, days)) may then exceed `days`. For the working
    and school kinds it is always exactly `days`."""
    _check_date(a, "a")
    _check_date(b, "b")
    closed, school = _prepare(kind, closures, school_days)
    lo, hi = a.toordinal(), b.toordinal()
    if hi <= lo:
        return 0
    if kind == CALENDAR:
        return hi - lo
    if kind == WORKING:
        return (_weekdays_through(hi) - _weekdays_through(lo)
                - (bisect_right(closed.weekdays, hi) - bisect_right(closed.weekdays, lo)))
    return bisect_right(school.ordinals, hi) - bisect_right(school.ordinals, lo)


def _runs(ordinals: Iterable[int]) -> list[tuple[dt.date, dt.date]]:
    """Sorted ordinals as (first, last) date ranges, at most MAX_LISTED of them. A range bridges
    a weekend: a break closed Monday to Friday on both sides of a weekend is one break."""
    runs: list[list[int]] = []
    for n in ordinals:
        if runs and all(_is_weekend(g) for g in range(runs[-1][1] + 1, n)):
            runs[-1][1] = n
        elif len(runs) == MAX_LISTED:
            break
        else:
            runs.append([n, n])
    return [(dt.date.fromordinal(f), dt.date.fromordinal(t)) for f, t in runs]


def explain(start: dt.date, days: int, *, kind: str, closures: Iterable[dt.date] = (),
            school_days: Iterable[dt.date] | None = None) -> dict:
    """The deadline with what a steward needs to see the rule at work, e.g. "10 working days
    from Mar 3 (skipping spring break Mar 24–28)":

    - "due", "start", "days", "kind": the deadline and the rule that gave it;
    - "skipped": the days that did not count, in order, at most the first 50. For the working
      and school kinds, every day after `start` and before "due" that did not count; for
      kind="calendar", the weekend and closed days the deadline moved forward over;
    - "skipped_total": how many days were skipped in all (it may exceed 50);
    - "reasons": the date of each day in "skipped" → "weekend", "closed" or "no_school" (a
      Monday to Friday missing from `school_days`); a closure on a weekend is "closed";
    - "closed": the closures among the skipped days as (first, last) ranges, a range bridging
      a weekend, at most 50 ranges, e.g. [(Mar 24, Mar 28)] for spring break;
    - "no_school": the same for the "no_school" days (kind="school" only, else empty).

    Raises ValueError as `deadline` does."""
    _check_date(start, "start")
    _check_days(days)
    closed, school = _prepare(kind, closures, school_days)
    s = start.toordinal()
    due = _deadline(s, days, kind, closed, school)
    # Every day of the span but the counted ones was skipped; for kind="calendar" the span is
    # only the days moved over, none of which counted. Either way: due - start - days.
    lo = s + days if kind == CALENDAR else s + 1
    total = due - s - days

    def counts(n: int) -> bool:
        if kind == CALENDAR:
            return False  # only the moved-over days are in the span: none of them count
        if kind == WORKING:
            return not _is_weekend(n) and n not in closed.ordinals
        return n in school.members

    def reason(n: int) -> str:
        if n in closed.ordinals:
            return CLOSED
        return WEEKEND if _is_weekend(n) else NO_SCHOOL

    skipped: list[int] = []
    n = lo
    while n < due and len(skipped) < MAX_LISTED:
        if not counts(n):
            skipped.append(n)
        n += 1
    no_school: list[int] = []
    if kind == SCHOOL:
        # Bounded by the school calendar: `due` is one of its dates.
        no_school = [m for m in range(lo, due)
                     if not _is_weekend(m) and m not in closed.ordinals and m not in school.members]
    in_span = closed.all[bisect_left(closed.all, lo):bisect_left(closed.all, due)]
    dates = [dt.date.fromordinal(m) for m in skipped]
    return {
        "due": dt.date.fromordinal(due),
        "start": start,
        "days": days,
        "kind": kind,
        "skipped": dates,
        "skipped_total": total,
        "reasons": {d: reason(m) for d, m in zip(dates, skipped, strict=True)},
        "closed": _runs(in_span),
        "no_school": _runs(no_school),
    }


def working_days_before(day: dt.date, n: int, *, closures: Iterable[dt.date] = ()) -> dt.date:
    """The Monday-to-Friday, not closed, that is `n` such days before `day` (`day` itself for
    n = 0): when to send the reminder "n working days before" a deadline."""
    _check_date(day, "day")
    closed = _frozen(closures, "closures")
    while n > 0:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            n -= 1
    return day
