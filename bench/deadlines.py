"""Grievance deadline benchmark behind `make bench`: 100,000 working-day deadlines over three
school years of district closures, by `unionhall.grievances.calendar.deadline` (what every
case page, list, reminder run and feed calls), by numpy's `busday_offset` (what someone
computing business days in Python would reach for), and by a plain day-by-day count. The
three must agree on every date. Writes its section of docs/performance.md.

    python bench/deadlines.py [--n 100000] [--runs 7] [--no-write]
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.report import machine, write_section  # noqa: E402
from unionhall.grievances.calendar import deadline  # noqa: E402

BEGIN, END = "<!-- bench:deadlines:begin -->", "<!-- bench:deadlines:end -->"


def closures(first_year: int, years: int) -> frozenset[dt.date]:
    """A district's closed days: Thanksgiving, winter and spring breaks, Monday holidays."""
    days = set()
    for y in range(first_year, first_year + years):
        days |= {dt.date(y, 11, 26) + dt.timedelta(days=i) for i in range(3)}
        days |= {dt.date(y, 12, 21) + dt.timedelta(days=i) for i in range(12)}
        days |= {dt.date(y + 1, 3, 22) + dt.timedelta(days=i) for i in range(5)}
        days |= {dt.date(y, 9, 7), dt.date(y + 1, 1, 18), dt.date(y + 1, 2, 15),
                 dt.date(y + 1, 5, 31)}
    return frozenset(days)


def by_day(start: dt.date, days: int, closed: frozenset) -> dt.date:
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            counted += 1
    return day


def timed(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rng = random.Random(2026)
    closed = closures(2025, 3)
    base = dt.date(2025, 8, 18)
    cases = [(base + dt.timedelta(days=rng.randrange(650)), rng.choice((5, 10, 14, 15, 20, 30)))
             for _ in range(args.n)]
    holidays = np.array(sorted(closed), dtype="datetime64[D]")
    starts = np.array([s for s, _ in cases], dtype="datetime64[D]")
    offsets = np.array([d for _, d in cases])
    calendar = np.busdaycalendar(holidays=holidays)

    ours, ours_out = timed(lambda: [deadline(s, d, kind="working", closures=closed)
                                    for s, d in cases], args.runs)
    # roll="backward" then n business days is exactly "the n-th working day after start".
    vec, vec_out = timed(lambda: np.busday_offset(starts, offsets, roll="backward",
                                                  busdaycal=calendar), args.runs)
    one, _ = timed(lambda: [np.busday_offset(np.datetime64(s), d, roll="backward",
                                             busdaycal=calendar) for s, d in cases[:10_000]],
                   max(1, args.runs // 2))
    one *= args.n / 10_000
    naive, naive_out = timed(lambda: [by_day(s, d, closed) for s, d in cases],
                             max(1, args.runs // 2))
    assert ours_out == naive_out == [d.astype(dt.date) for d in vec_out], "disagreement"

    per = lambda t: f"{t / args.n * 1e6:.2f} µs"  # noqa: E731
    rows = [
        ("`calendar.deadline` (ours), one call per case", ours, per(ours)),
        ("numpy `busday_offset`, one call per case", one, per(one)),
        ("numpy `busday_offset`, all cases in one array call", vec, per(vec)),
        ("plain day-by-day count", naive, per(naive)),
    ]
    lines = [
        f"{args.n:,} working-day deadlines (5 to 30 days) over three school years with "
        f"{len(closed)} closed days; median of {args.runs} runs; all three agree on every date.",
        "",
        "| how | total | per deadline | vs ours |",
        "|---|---:|---:|---:|",
        *[f"| {name} | {t * 1000:.0f} ms | {p} | {t / ours:.2f}× |" for name, t, p in rows],
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(f"### Grievance deadlines\n\n{machine()}, {dt.date.today()}.\n\n{text}\n",
                      BEGIN, END)


if __name__ == "__main__":
    main()
