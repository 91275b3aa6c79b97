"""Unified dues: what a member owes each affiliate level for a membership year, and per paycheck.

Pure: no Django import. `members.queries.dues_quote` loads the rates and the local's policy and
calls `quote()`; the join page, the card and the payroll export show what it returns.

The rules, written down
-----------------------
Money is integer cents everywhere; nothing here uses floats.

Membership year. It starts on the policy's (month, day) (September 1 by default; the day is
at most 28, so it exists every year) and ends the day before the next start. The year holding a
date `on` starts on the last start date on or before `on`: with a September 1 start, August 31
belongs to the year that began the previous September, September 1 starts a new one.

Which rate, per level. Each level (national, state, local) that has any rate at all charges
exactly one rate; a level with no rates is simply absent (a local whose state charges nothing).
- Date: the rate in force on the first day of the membership year. Dues are set per
  membership year: everyone who is a member in the same year owes the same yearly amount, and
  a mid-year join only pays less of it, so joining later never costs more. If the level has no
  rate in force on that first day (a rate that first starts during the year, e.g. a new local
  set up in November), the rate in force on `on` is used instead.
- FTE band: a rate covers an FTE when min_fte <= fte <= max_fte (both ends inclusive, so
  adjacent bands are written 0.000-0.499 and 0.500-1.000). Hours-based part-time bands are
  written as FTE: hours / full-time hours (see `fte_from_hours`).
- Category: when a category is asked for and the level has a rate of that category covering
  the FTE, only that category's rates are considered; otherwise all the level's rates are.
- Overlaps: the narrowest band wins (max_fte - min_fte smallest: the most specific rate), then
  the latest effective_from, then category and label in alphabetical order, so the choice
  never depends on the order rates were given in.
- No rate in force covering the FTE at a level that has rates is an error (`DuesError`), as
  is an FTE outside 0..1: a quote never silently leaves a level out.

Pay periods. The membership year's days are cut into `pay_periods` equal slices: day t of the
year (0 for its first day) falls in period t * n // days_in_year. A member pays one paycheck
per period from the period they join in (it counts: they are represented from the day they
join) to the last period of the year; a member all year pays all n.

Pro-rating a mid-year join, per level, rounded down to the cent (never more than the exact
share):
- "pay_periods": yearly * remaining periods // n, remaining including the join's period;
- "months": yearly * remaining months // 12, remaining whole months of the membership year
  including the current one (a month runs from the start day to the day before it, the next
  calendar month);
- "none": the full yearly amount, whatever the date.
The amount a member joining on the first day owes is the yearly amount in every mode.

Per paycheck. An amount A over n paychecks: every paycheck gets A // n cents and the first
A % n paychecks one cent more, so they add up to A exactly and differ by at most one cent.
The total per paycheck follows this rule for the total amount. Each level's part follows it
for the level's amount, with the levels' extra cents laid end to end (national's first, then
state's from the next paycheck on, wrapping around), so each level's paychecks also differ by at
most one cent, add up to that level's amount, and the levels' parts of each paycheck add up to
that paycheck's total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

LEVELS = ("national", "state", "local")
PRORATIONS = ("pay_periods", "months", "none")


class DuesError(ValueError):
    """A quote that cannot be given; `code` says why ("fte", "no_rate", "policy")."""

    def __init__(self, message: str, *, code: str, level: str | None = None):
        super().__init__(message)
        self.code = code
        self.level = level


@dataclass(frozen=True)
class Rate:
    level: str  # "national" | "state" | "local"
    category: str  # e.g. "full_time", "part_time", or one a local defines
    label: str
    min_fte: Decimal
    max_fte: Decimal
    yearly_cents: int
    effective_from: dt.date
    effective_until: dt.date | None = None  # the last day in force; None: open-ended

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until)

    def covers(self, fte: Decimal) -> bool:
        return self.min_fte <= fte <= self.max_fte


@dataclass(frozen=True)
class Policy:
    year_start_month: int = 9
    year_start_day: int = 1
    pay_periods: int = 24
    proration: str = "pay_periods"  # "pay_periods" | "months" | "none"

    def check(self) -> None:
        if not 1 <= self.year_start_month <= 12 or not 1 <= self.year_start_day <= 28:
            raise DuesError("The membership year starts on a day 1-28 of a month 1-12.",
                            code="policy")
        if not 1 <= self.pay_periods <= 53:
            raise DuesError("Pay periods a year must be 1 to 53.", code="policy")
        if self.proration not in PRORATIONS:
            raise DuesError(f"Unknown pro-rating rule {self.proration!r}.", code="policy")


@dataclass(frozen=True)
class LevelPart:
    """What one level charges: its rate, the yearly and pro-rated amounts, and per paycheck."""

    level: str
    category: str
    label: str
    yearly_cents: int
    prorated_cents: int
    schedule: tuple[int, ...]  # the joiner's remaining paychecks, this level's part of each
    yearly_schedule: tuple[int, ...]  # a whole year's n paychecks, this level's part of each


@dataclass(frozen=True)
class DuesQuote:
    on: dt.date
    fte: Decimal
    year_start: dt.date
    year_end: dt.date  # the last day of the membership year
    proration: str
    pay_periods: int  # n, paychecks in a whole year
    first_period: int  # 0-based period the join falls in
    parts: tuple[LevelPart, ...]  # in LEVELS order, levels without rates left out
    yearly_cents: int
    prorated_cents: int
    schedule: tuple[int, ...]  # per remaining paycheck, the total of the levels' parts
    yearly_schedule: tuple[int, ...]  # per paycheck of a whole year

    @property
    def paychecks(self) -> int:
        """Paychecks left in the membership year, the join's own included."""
        return len(self.schedule)

    @property
    def per_paycheck_cents(self) -> int:
        """The largest paycheck of the remaining ones (the others are at most a cent less)."""
        return max(self.schedule, default=0)


def fte_from_hours(hours: Decimal | int | str, full_time_hours: Decimal | int | str) -> Decimal:
    """An hours-based position as FTE (3 decimals, capped at 1), for bands written in FTE."""
    full = Decimal(full_time_hours)
    if full <= 0:
        raise DuesError("Full-time hours must be more than zero.", code="fte")
    return min(Decimal(1), Decimal(hours) / full).quantize(Decimal("0.001"))


def membership_year(on: dt.date, policy: Policy) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the membership year holding `on`."""
    start = dt.date(on.year, policy.year_start_month, policy.year_start_day)
    if start > on:
        start = start.replace(year=on.year - 1)
    return start, start.replace(year=start.year + 1) - dt.timedelta(days=1)


def pay_period_of(on: dt.date, policy: Policy) -> int:
    """The 0-based pay period `on` falls in: its year's days cut into n equal slices."""
    start, end = membership_year(on, policy)
    days = (end - start).days + 1
    return (on - start).days * policy.pay_periods // days


def months_remaining(on: dt.date, policy: Policy) -> int:
    """Whole months of the membership year left, the current one included (12 on its first day)."""
    start, _end = membership_year(on, policy)
    elapsed = (on.year - start.year) * 12 + on.month - start.month
    if on.day < start.day:
        elapsed -= 1
    return 12 - elapsed


def split(amount: int, n: int) -> list[int]:
    """`amount` cents over n paychecks: amount // n each, the first amount % n one cent more."""
    return split_levels([amount], n)[0] if n else []


def split_levels(amounts: list[int], n: int) -> list[list[int]]:
    """Each amount over n paychecks, the extra cents laid end to end across the amounts.

    Each list differs by at most one cent between paychecks and sums to its amount; the lists'
    sums per paycheck are exactly `split(sum(amounts), n)`.
    """
    if n <= 0:
        raise DuesError("There must be at least one paycheck.", code="policy")
    out, offset = [], 0
    for amount in amounts:
        if amount < 0:
            raise DuesError("Amounts are never negative.", code="rate")
        base, extra = divmod(amount, n)
        row = [base] * n
        for i in range(offset, offset + extra):
            row[i % n] += 1
        offset = (offset + extra) % n
        out.append(row)
    return out


def pick_rate(rates: list[Rate], *, level: str, fte: Decimal, year_start: dt.date,
              on: dt.date, category: str | None = None) -> Rate:
    """The one rate `level` charges (see the module's rules); DuesError if none covers the FTE."""
    mine = [r for r in rates if r.level == level]
    in_force = [r for r in mine if r.in_force(year_start)] or [r for r in mine if r.in_force(on)]
    if not in_force:
        raise DuesError(f"No {level} dues rate is in force on {on.isoformat()}.",
                        code="no_rate", level=level)
    covering = [r for r in in_force if r.covers(fte)]
    if category is not None:
        covering = [r for r in covering if r.category == category] or covering
    if not covering:
        raise DuesError(f"No {level} dues rate covers FTE {fte}.", code="no_rate", level=level)
    return min(covering, key=lambda r: (r.max_fte - r.min_fte, -r.effective_from.toordinal(),
                                        r.category, r.label))


def _fte(value) -> Decimal:
    try:
        fte = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise DuesError(f"FTE {value!r} is not a number.", code="fte") from None
    if not fte.is_finite() or not Decimal(0) <= fte <= Decimal(1):
        raise DuesError(f"FTE must be between 0 and 1, not {value}.", code="fte")
    return fte


def _prorate(yearly: int, *, proration: str, periods_left: int, n: int, months_left: int) -> int:
    if proration == "pay_periods":
        return yearly * periods_left // n
    if proration == "months":
        return yearly * months_left // 12
    return yearly


def quote(rates, *, fte, on: dt.date, policy: Policy = Policy(),
          category: str | None = None) -> DuesQuote:
    """Dues for someone at `fte` joining on `on`: per level and in total, per paycheck."""
    policy.check()
    fte = _fte(fte)
    rates = list(rates)
    for rate in rates:
        if rate.level not in LEVELS:
            raise DuesError(f"Unknown level {rate.level!r}.", code="rate")
    start, end = membership_year(on, policy)
    n = policy.pay_periods
    first = pay_period_of(on, policy)
    periods_left, months_left = n - first, months_remaining(on, policy)
    chosen = [pick_rate(rates, level=level, fte=fte, year_start=start, on=on, category=category)
              for level in LEVELS if any(r.level == level for r in rates)]
    prorated = [_prorate(r.yearly_cents, proration=policy.proration, periods_left=periods_left,
                         n=n, months_left=months_left) for r in chosen]
    schedules = split_levels(prorated, periods_left)
    yearly_schedules = split_levels([r.yearly_cents for r in chosen], n)
    parts = tuple(
        LevelPart(level=r.level, category=r.category, label=r.label,
                  yearly_cents=r.yearly_cents, prorated_cents=p, schedule=tuple(s),
                  yearly_schedule=tuple(ys))
        for r, p, s, ys in zip(chosen, prorated, schedules, yearly_schedules, strict=True)
    )
    return DuesQuote(
        on=on, fte=fte, year_start=start, year_end=end, proration=policy.proration,
        pay_periods=n, first_period=first, parts=parts,
        yearly_cents=sum(r.yearly_cents for r in chosen), prorated_cents=sum(prorated),
        schedule=_column_sums(schedules, periods_left),
        yearly_schedule=_column_sums(yearly_schedules, n),
    )


def _column_sums(rows: list[list[int]], n: int) -> tuple[int, ...]:
    return tuple(sum(row[i] for row in rows) for i in range(n))
