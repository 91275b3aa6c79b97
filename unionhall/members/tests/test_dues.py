"""Unified dues, the pure core: rate choice, membership years, pro-rating, exact paychecks."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from unionhall.members.dues import (
    DuesError,
    Policy,
    Rate,
    fte_from_hours,
    membership_year,
    months_remaining,
    pay_period_of,
    quote,
    split,
    split_levels,
)

D = Decimal
SEP1_2025 = dt.date(2025, 9, 1)


def rate(level, cents, lo="0", hi="1", category="full_time", label=None,
         since=dt.date(2020, 9, 1), until=None):
    return Rate(level=level, category=category, label=label or f"{level} {category}",
                min_fte=D(lo), max_fte=D(hi), yearly_cents=cents, effective_from=since,
                effective_until=until)


# A realistic local: NEA-like ESP rates, a state association and the local's own.
REALISTIC = [
    rate("national", 21000, "0.5", "1", "full_time", "NEA ESP full time"),
    rate("national", 10500, "0", "0.499", "part_time", "NEA ESP part time"),
    rate("state", 40000, "0.75", "1", "full_time", "State full time"),
    rate("state", 30000, "0.5", "0.749", "part_time", "State three-quarter time"),
    rate("state", 20000, "0", "0.499", "part_time", "State part time"),
    rate("local", 25000, "0.5", "1", "full_time", "Local full time"),
    rate("local", 12500, "0", "0.499", "part_time", "Local part time"),
]


# --- Hypothesis -------------------------------------------------------------------------------

ftes = st.integers(0, 1000).map(lambda n: D(n) / 1000)
dates = st.dates(dt.date(2001, 1, 1), dt.date(2098, 12, 31))
policies = st.builds(Policy, year_start_month=st.integers(1, 12),
                     year_start_day=st.integers(1, 28), pay_periods=st.integers(1, 53),
                     proration=st.sampled_from(["pay_periods", "months", "none"]))
cents = st.integers(0, 200_000)


@st.composite
def level_rates(draw, level):
    """A level's rates: full coverage of 0..1 in one or two bands, sometimes an overlap."""
    since = dt.date(2000, 1, 1)
    if draw(st.booleans()):
        rates = [rate(level, draw(cents), "0", "1", "flat", since=since)]
    else:
        cut = D(draw(st.integers(1, 1000))) / 1000
        rates = [rate(level, draw(cents), "0", str(cut - D("0.001")), "part_time", since=since),
                 rate(level, draw(cents), str(cut), "1", "full_time", since=since)]
    if draw(st.booleans()):  # an overlapping, narrower special band
        lo = D(draw(st.integers(0, 1000))) / 1000
        hi = D(draw(st.integers(int(lo * 1000), 1000))) / 1000
        rates.append(rate(level, draw(cents), str(lo), str(hi), "special", since=since))
    return rates


@st.composite
def rate_sets(draw):
    rates = []
    for level in ("national", "state", "local"):
        if draw(st.integers(0, 4)):  # most locals have every level
            rates += draw(level_rates(level))
    return rates


@given(rate_sets(), ftes, dates, policies)
def test_every_sum_adds_up_exactly(rates, fte, on, policy):
    q = quote(rates, fte=fte, on=on, policy=policy)
    assert sum(q.schedule) == q.prorated_cents == sum(p.prorated_cents for p in q.parts)
    assert sum(q.yearly_schedule) == q.yearly_cents == sum(p.yearly_cents for p in q.parts)
    for part in q.parts:
        assert sum(part.schedule) == part.prorated_cents
        assert sum(part.yearly_schedule) == part.yearly_cents
        assert len(part.schedule) == len(q.schedule)
    for i, total in enumerate(q.schedule):
        assert total == sum(p.schedule[i] for p in q.parts)
    for i, total in enumerate(q.yearly_schedule):
        assert total == sum(p.yearly_schedule[i] for p in q.parts)


@given(rate_sets(), ftes, dates, policies)
def test_paychecks_are_non_negative_and_even_to_the_cent(rates, fte, on, policy):
    q = quote(rates, fte=fte, on=on, policy=policy)
    assert q.prorated_cents >= 0 and all(c >= 0 for c in q.schedule)
    assert 1 <= q.paychecks == policy.pay_periods - q.first_period <= policy.pay_periods
    # The total follows the written rule: floor for all, one more cent for the first ones.
    assert list(q.schedule) == split(q.prorated_cents, q.paychecks)
    assert list(q.yearly_schedule) == split(q.yearly_cents, policy.pay_periods)
    for part in q.parts:
        assert all(c >= 0 for c in part.schedule)
        assert max(part.schedule) - min(part.schedule) <= 1
        assert max(part.yearly_schedule) - min(part.yearly_schedule) <= 1


@given(rate_sets(), ftes, dates, policies)
def test_prorated_is_at_most_yearly_and_the_whole_year_on_its_first_day(rates, fte, on, policy):
    q = quote(rates, fte=fte, on=on, policy=policy)
    assert q.prorated_cents <= q.yearly_cents
    for part in q.parts:
        assert part.prorated_cents <= part.yearly_cents
    first = quote(rates, fte=fte, on=q.year_start, policy=policy)
    assert first.prorated_cents == first.yearly_cents == q.yearly_cents
    assert first.schedule == first.yearly_schedule and first.paychecks == policy.pay_periods


@given(rate_sets(), ftes, dates, st.integers(0, 400), policies)
def test_joining_later_in_the_year_never_costs_more(rates, fte, on, days, policy):
    later = on + dt.timedelta(days=days)
    assume(membership_year(on, policy) == membership_year(later, policy))
    early_q, late_q = (quote(rates, fte=fte, on=d, policy=policy) for d in (on, later))
    assert late_q.prorated_cents <= early_q.prorated_cents
    assert late_q.paychecks <= early_q.paychecks
    for early_part, late_part in zip(early_q.parts, late_q.parts, strict=True):
        assert late_part.prorated_cents <= early_part.prorated_cents


@given(dates, policies)
def test_the_membership_year_holds_the_day_and_runs_one_year(on, policy):
    start, end = membership_year(on, policy)
    assert start <= on <= end
    assert (start.month, start.day) == (policy.year_start_month, policy.year_start_day)
    assert end + dt.timedelta(days=1) == start.replace(year=start.year + 1)
    assert 365 <= (end - start).days + 1 <= 366
    assert 1 <= months_remaining(on, policy) <= 12
    assert months_remaining(start, policy) == 12 and months_remaining(end, policy) == 1
    assert pay_period_of(start, policy) == 0
    assert pay_period_of(end, policy) == policy.pay_periods - 1


@given(st.lists(cents, max_size=4), st.integers(1, 53))
def test_split_levels_adds_up_per_level_and_per_paycheck(amounts, n):
    rows = split_levels(amounts, n)
    assert [sum(row) for row in rows] == amounts
    assert [sum(col) for col in zip(*rows, strict=True)] == (split(sum(amounts), n)
                                                              if amounts else [])
    assert all(max(row) - min(row) <= 1 for row in rows)


@given(rate_sets(), ftes, dates, policies)
def test_the_category_asked_for_is_charged_where_it_covers_the_fte(rates, fte, on, policy):
    q = quote(rates, fte=fte, on=on, policy=policy, category="special")
    for part in q.parts:
        level_specials = [r for r in rates if r.level == part.level
                          and r.category == "special" and r.covers(fte)]
        if level_specials:
            assert part.category == "special"


# --- Membership year boundaries --------------------------------------------------------------


def test_august_31_ends_the_year_and_september_1_starts_the_next():
    policy = Policy()
    assert membership_year(dt.date(2025, 8, 31), policy) == (dt.date(2024, 9, 1),
                                                              dt.date(2025, 8, 31))
    assert membership_year(SEP1_2025, policy) == (SEP1_2025, dt.date(2026, 8, 31))
    last, first = (quote(REALISTIC, fte=1, on=d, policy=policy)
                   for d in (dt.date(2025, 8, 31), SEP1_2025))
    # Each level's share is rounded down on its own: 875 + 1666 + 1041.
    assert last.paychecks == 1 and last.prorated_cents == 3582 == last.schedule[0]
    assert first.paychecks == 24 and first.prorated_cents == 86000


def test_a_leap_year_has_366_days_and_still_24_periods():
    policy = Policy()
    start, end = membership_year(dt.date(2024, 2, 29), policy)
    assert (start, end) == (dt.date(2023, 9, 1), dt.date(2024, 8, 31))
    assert (end - start).days + 1 == 366
    assert pay_period_of(dt.date(2024, 8, 31), policy) == 23
    # Day 182 of 366 is the first of the year's second half: 182 * 24 // 366 == 11.
    assert pay_period_of(dt.date(2024, 3, 1), policy) == 11
    assert pay_period_of(dt.date(2024, 3, 2), policy) == 12


def test_a_custom_start_month_and_day():
    policy = Policy(year_start_month=7, year_start_day=15, pay_periods=12, proration="months")
    assert membership_year(dt.date(2025, 7, 14), policy) == (dt.date(2024, 7, 15),
                                                              dt.date(2025, 7, 14))
    assert membership_year(dt.date(2025, 7, 15), policy)[0] == dt.date(2025, 7, 15)
    assert months_remaining(dt.date(2025, 8, 14), policy) == 12
    assert months_remaining(dt.date(2025, 8, 15), policy) == 11
    assert months_remaining(dt.date(2026, 1, 1), policy) == 7  # Dec 15 - Jan 14 is month 6


# --- Realistic numbers -----------------------------------------------------------------------


def test_full_time_for_a_whole_year_over_24_paychecks():
    q = quote(REALISTIC, fte=D("1"), on=SEP1_2025, policy=Policy(pay_periods=24))
    assert [(p.level, p.label, p.yearly_cents) for p in q.parts] == [
        ("national", "NEA ESP full time", 21000), ("state", "State full time", 40000),
        ("local", "Local full time", 25000)]
    assert q.yearly_cents == q.prorated_cents == 86000
    # 86000 / 24 = 3583.33: 3583 each, the first 8 paychecks 3584.
    assert q.schedule == (3584,) * 8 + (3583,) * 16
    national, state, local = q.parts
    assert national.schedule == (875,) * 24
    assert state.schedule == (1667,) * 16 + (1666,) * 8
    assert local.schedule == (1042,) * 8 + (1041,) * 8 + (1042,) * 8
    assert q.year_start == SEP1_2025 and q.year_end == dt.date(2026, 8, 31)


def test_half_time_and_26_paychecks():
    q = quote(REALISTIC, fte="0.5", on=SEP1_2025, policy=Policy(pay_periods=26))
    assert [p.yearly_cents for p in q.parts] == [21000, 30000, 25000]
    q = quote(REALISTIC, fte="0.375", on=SEP1_2025, policy=Policy(pay_periods=26))
    assert [p.label for p in q.parts] == ["NEA ESP part time", "State part time",
                                          "Local part time"]
    assert q.yearly_cents == 10500 + 20000 + 12500 == 43000
    # 43000 / 26 = 1653.85: 1653 each, the first 22 paychecks 1654.
    assert q.schedule == (1654,) * 22 + (1653,) * 4


def test_a_january_join_by_pay_periods_and_by_months():
    # Jan 31 is day 152 of 365: period 152 * 24 // 365 = 9, so 15 paychecks remain.
    by_periods = quote(REALISTIC, fte=1, on=dt.date(2026, 1, 31), policy=Policy())
    assert (by_periods.first_period, by_periods.paychecks) == (9, 15)
    assert [p.prorated_cents for p in by_periods.parts] == [13125, 25000, 15625]
    assert by_periods.prorated_cents == 53750
    assert by_periods.schedule == (3584,) * 5 + (3583,) * 10
    # By months: January counts, so 8 of 12 months remain.
    by_months = quote(REALISTIC, fte=1, on=dt.date(2026, 1, 31),
                      policy=Policy(proration="months"))
    assert [p.prorated_cents for p in by_months.parts] == [14000, 26666, 16666]
    assert by_months.paychecks == 15 and sum(by_months.schedule) == 57332
    no_proration = quote(REALISTIC, fte=1, on=dt.date(2026, 1, 31),
                         policy=Policy(proration="none"))
    assert no_proration.prorated_cents == 86000 and no_proration.paychecks == 15


# --- Choosing the rate -----------------------------------------------------------------------


def test_bands_include_both_ends():
    rates = [rate("local", 100, "0", "0.499", "part_time"), rate("local", 200, "0.5", "1")]
    assert quote(rates, fte="0.499", on=SEP1_2025).yearly_cents == 100
    assert quote(rates, fte="0.5", on=SEP1_2025).yearly_cents == 200
    assert quote(rates, fte="0", on=SEP1_2025).yearly_cents == 100
    assert quote(rates, fte="1", on=SEP1_2025).yearly_cents == 200


def test_the_narrowest_overlapping_band_wins_then_the_newest():
    rates = [rate("local", 100, "0", "1", "flat"), rate("local", 200, "0.75", "1", "senior"),
             rate("local", 300, "0.75", "1", "senior", since=dt.date(2024, 9, 1))]
    assert quote(rates, fte="0.8", on=SEP1_2025).parts[0].yearly_cents == 300
    assert quote(rates, fte="0.5", on=SEP1_2025).parts[0].yearly_cents == 100
    assert quote(list(reversed(rates)), fte="0.8", on=SEP1_2025).yearly_cents == 300


def test_a_category_asked_for_is_preferred_and_others_fall_back():
    rates = [rate("national", 21000, "0.5", "1"),
             rate("local", 25000, "0.5", "1"),
             rate("local", 5000, "0", "1", "substitute", "Local substitute")]
    q = quote(rates, fte=1, on=SEP1_2025, category="substitute")
    assert [(p.level, p.category, p.yearly_cents) for p in q.parts] == [
        ("national", "full_time", 21000), ("local", "substitute", 5000)]
    assert quote(rates, fte=1, on=SEP1_2025).yearly_cents == 46000


def test_the_rate_in_force_at_the_start_of_the_year_holds_all_year():
    rates = [rate("local", 25000, until=dt.date(2025, 12, 31)),
             rate("local", 30000, since=dt.date(2026, 1, 1))]
    assert quote(rates, fte=1, on=dt.date(2026, 3, 1)).yearly_cents == 25000
    assert quote(rates, fte=1, on=dt.date(2026, 9, 1)).yearly_cents == 30000


def test_a_rate_that_starts_mid_year_applies_from_its_start():
    rates = [rate("national", 21000), rate("local", 25000, since=dt.date(2025, 11, 1))]
    q = quote(rates, fte=1, on=dt.date(2025, 11, 1), policy=Policy(proration="none"))
    assert [p.level for p in q.parts] == ["national", "local"]
    with pytest.raises(DuesError) as caught:
        quote(rates, fte=1, on=dt.date(2025, 10, 1))
    assert (caught.value.code, caught.value.level) == ("no_rate", "local")


def test_a_level_without_rates_is_absent_and_no_rates_cost_nothing():
    q = quote([rate("national", 21000), rate("local", 25000)], fte=1, on=SEP1_2025)
    assert [p.level for p in q.parts] == ["national", "local"]
    empty = quote([], fte=1, on=SEP1_2025)
    assert empty.yearly_cents == 0 and empty.schedule == (0,) * 24


def test_clear_errors():
    with pytest.raises(DuesError, match="No state dues rate covers FTE 0.3") as caught:
        quote([rate("national", 1), rate("state", 1, "0.5", "1")], fte="0.3", on=SEP1_2025)
    assert caught.value.code == "no_rate" and caught.value.level == "state"
    for bad in ("1.001", "-0.1", "NaN", "abc", None):
        with pytest.raises(DuesError) as caught:
            quote(REALISTIC, fte=bad, on=SEP1_2025)
        assert caught.value.code == "fte"
    with pytest.raises(DuesError, match="in force"):
        quote([rate("local", 1, until=dt.date(2021, 8, 31))], fte=1, on=SEP1_2025)
    with pytest.raises(DuesError):
        quote(REALISTIC, fte=1, on=SEP1_2025, policy=Policy(pay_periods=0))
    with pytest.raises(DuesError):
        quote(REALISTIC, fte=1, on=SEP1_2025, policy=Policy(proration="weekly"))


def test_hours_become_fte():
    assert fte_from_hours(20, 40) == D("0.5")
    assert fte_from_hours("37.5", 40) == D("0.938")
    assert fte_from_hours(45, 40) == D("1")
