"""Mentoring matching benchmark behind `make bench`: `matching.assign` (the most mentees matched,
then the best total score) on generated cycles of 10,000 and 100,000 mentees, side by side with
the greedy way (`matching.greedy`) and with networkx's min-cost flow (`max_flow_min_cost`, which
must reach the same number matched and the same total). Writes its section of
docs/performance.md.

    python bench/matching.py [--runs 5] [--big-runs 3] [--seed 9] [--no-networkx]
                             [--no-big] [--no-write]

The data are deterministic (seeded). Mentors number 2 for every 5 mentees at both sizes
(4,000 and 40,000), each taking 1 to 3 mentees, so there are about 0.8 seats per mentee and
not everyone can be matched. Each mentee may be paired with about 20 mentors drawn at random
from all of them: one connected group, the hardest case for the solver (a local's hard rules,
such as the same job family, split a cycle into groups that are solved apart). A pair's score
is whole points out of 100 from the kind of criteria a coordinator sets: same job family 30,
a shared language 15, 10 for each of the mentee's goals among the mentor's strengths (up to
30), a shared free time 15, a different worksite 5, a mentor with more years of service 5.
"""

import argparse
import datetime as dt
import gc
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.report import machine, write_section  # noqa: E402
from unionhall.mentoring import matching  # noqa: E402

BEGIN, END = "<!-- bench:matching:begin -->", "<!-- bench:matching:end -->"
PER_MENTEE = 20
MENTORS_PER_MENTEE = 2 / 5
TARGETS = {10_000: 2.0, 100_000: 30.0}
# networkx is timed at these sizes only (one run each): see render() for why not at 100,000.
NETWORKX_SIZES = (2_500, 10_000)
# Paraeducators, custodial, food service, clerical, transportation, health, technical, security
FAMILY_SHARE = [0.30, 0.18, 0.14, 0.12, 0.10, 0.07, 0.05, 0.04]


def _mask(rng, n: int, bits: int, lo: int, hi: int) -> np.ndarray:
    """n bitmasks with lo to hi of `bits` bits set."""
    count = rng.integers(lo, hi + 1, n)
    keys = rng.random((n, bits))
    ranks = keys.argsort(axis=1).argsort(axis=1)
    chosen = ranks < count[:, None]
    return (chosen * (1 << np.arange(bits))).sum(axis=1)


def _popcount(x: np.ndarray) -> np.ndarray:
    return np.unpackbits(x.astype(np.uint8)[:, None], axis=1).sum(axis=1, dtype=np.int64)


def generate(mentees: int, seed: int) -> tuple[list[dict[int, int]], list[int]]:
    """(sparse score rows, capacities) of one generated cycle."""
    rng = np.random.default_rng(seed)
    mentors = round(mentees * MENTORS_PER_MENTEE)
    sites = max(1, mentors // 25)

    def people(n: int, goals: tuple[int, int], years: tuple[int, int]):
        family = rng.choice(len(FAMILY_SHARE), n, p=FAMILY_SHARE)
        site = rng.integers(0, sites, n)
        lang = ((rng.random(n) < 0.95) * 1 | (rng.random(n) < 0.22) * 2
                | (rng.random(n) < 0.06) * 4)
        free = (rng.random((n, 6)) < 0.45) @ (1 << np.arange(6))
        standards = _mask(rng, n, 8, *goals)
        service = rng.integers(years[0], years[1] + 1, n)
        return family, site, lang, free, standards, service

    e = people(mentees, (1, 3), (0, 8))
    m = people(mentors, (2, 4), (3, 30))
    capacity = rng.integers(1, 4, mentors)
    # about PER_MENTEE mentors each (a mentor drawn twice for the same mentee counts once)
    ei = np.repeat(np.arange(mentees), PER_MENTEE)
    ej = rng.integers(0, mentors, ei.size)
    key = np.sort(ei * mentors + ej)
    key = key[np.r_[True, key[1:] != key[:-1]]]
    ei, ej = key // mentors, key % mentors
    score = (30 * (e[0][ei] == m[0][ej]) + 15 * ((e[2][ei] & m[2][ej]) > 0)
             + 10 * np.minimum(_popcount(e[4][ei] & m[4][ej]), 3)
             + 15 * ((e[3][ei] & m[3][ej]) > 0) + 5 * (e[1][ei] != m[1][ej])
             + 5 * (m[5][ej] > e[5][ei]))
    bounds = np.searchsorted(ei, np.arange(mentees + 1)).tolist()
    js, ss = ej.tolist(), score.tolist()
    rows = [dict(zip(js[a:b], ss[a:b], strict=True))
            for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    return rows, capacity.tolist()


def timed(function, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def networkx_flow(rows, capacity) -> dict:
    """networkx's max_flow_min_cost on source → mentee (1) → mentor (1, cost −score) → sink
    (the mentor's capacity): the largest flow, then the least cost. Timed with building the
    graph."""
    import networkx as nx

    gc.collect()
    start = time.perf_counter()
    graph = nx.DiGraph()
    for i, row in enumerate(rows):
        graph.add_edge("source", ("e", i), capacity=1, weight=0)
        for j, s in row.items():
            graph.add_edge(("e", i), ("m", j), capacity=1, weight=-s)
    for j, c in enumerate(capacity):
        graph.add_edge(("m", j), "sink", capacity=c, weight=0)
    built = time.perf_counter() - start
    flow = nx.max_flow_min_cost(graph, "source", "sink")
    seconds = time.perf_counter() - start
    return {"version": nx.__version__, "seconds": seconds, "build": built,
            "matched": sum(flow["source"].values()), "total": -nx.cost_of_flow(graph, flow)}


def measure(mentees: int, seed: int, runs: int, with_networkx: bool) -> dict:
    start = time.perf_counter()
    rows, capacity = generate(mentees, seed)
    gen_s = time.perf_counter() - start
    pairs = sum(len(r) for r in rows)
    print(f"{mentees:,} mentees, {len(capacity):,} mentors, {sum(capacity):,} seats, "
          f"{pairs:,} allowed pairs, generated in {gen_s:.1f} s", flush=True)
    parse_times, _ = timed(lambda: matching._parse(rows, capacity), runs)
    ours_times, ours = timed(lambda: matching.assign(rows, capacity), runs)
    greedy_times, theirs = timed(lambda: matching.greedy(rows, capacity), runs)
    for result in (ours, theirs):  # within every mentor's capacity
        taken = np.bincount([j for j in result if j is not None], minlength=len(capacity))
        assert (taken <= np.array(capacity)).all()
    out = {
        "mentees": mentees, "mentors": len(capacity), "seats": sum(capacity), "pairs": pairs,
        "runs": runs, "parse": parse_times,
        "assign": ours_times, "assign_matched": sum(r is not None for r in ours),
        "assign_total": matching.total(rows, ours),
        "greedy": greedy_times, "greedy_matched": sum(r is not None for r in theirs),
        "greedy_total": matching.total(rows, theirs), "networkx": None,
    }
    print(f"  assign: {', '.join(f'{t:.2f}' for t in ours_times)} s; "
          f"{out['assign_matched']:,} matched, total {out['assign_total']:,}", flush=True)
    print(f"  greedy: {', '.join(f'{t:.2f}' for t in greedy_times)} s; "
          f"{out['greedy_matched']:,} matched, total {out['greedy_total']:,}", flush=True)
    if with_networkx:
        out["networkx"] = networkx_flow(rows, capacity)
        print(f"  networkx: {out['networkx']['seconds']:.1f} s; "
              f"{out['networkx']['matched']:,} matched, total {out['networkx']['total']:,}",
              flush=True)
    return out


def _med(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f})"


def render(results: list[dict], nx_only: list[dict]) -> str:
    lines = [
        BEGIN,
        "## Mentoring matching",
        "",
        f"Measured {dt.date.today().isoformat()} on {machine()}, with `make bench` "
        "(`bench/matching.py`): `matching.assign` (`unionhall/mentoring/matching.py`: the most "
        "mentees matched, then the largest total score; SciPy's sparse assignment solver, "
        "LAPJVsp, on mentees × mentors' seats) on generated cycles, in process. Two mentors for "
        "every five mentees at both sizes, each taking 1 to 3 mentees (about 0.8 seats per "
        "mentee); about 20 allowed mentors per mentee drawn at random from all of them (one "
        "connected group: nothing to split, the solver's hardest case); scores in whole points "
        "out of 100 from job family, language, goals covered, shared free time, worksite and "
        "years of service. Targets: `assign` under 2 s for 10,000 mentees, under 30 s for "
        "100,000. The machine is shared and noisy: read medians and ratios.",
        "",
        "| mentees · mentors (seats) · allowed pairs | way | median s (min–max) | matched | "
        "total score |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        size = (f"{r['mentees']:,} · {r['mentors']:,} ({r['seats']:,}) · {r['pairs']:,}")
        lines.append(f"| {size} | `assign`, {r['runs']} runs | {_med(r['assign'])} | "
                     f"{r['assign_matched']:,} | {r['assign_total']:,} |")
        lines.append(f"| | of which reading and checking the rows | {_med(r['parse'])} | | |")
        lines.append(f"| | greedy (best pairs first), {r['runs']} runs | {_med(r['greedy'])} | "
                     f"{r['greedy_matched']:,} | {r['greedy_total']:,} |")
        nx_run = r["networkx"]
        if nx_run:
            lines.append(f"| | networkx {nx_run['version']} `max_flow_min_cost`, 1 run "
                         f"(graph built in {nx_run['build']:.1f} s) | {nx_run['seconds']:.1f} | "
                         f"{nx_run['matched']:,} | {nx_run['total']:,} |")
    for r in nx_only:
        size = (f"{r['mentees']:,} · {r['mentors']:,} ({r['seats']:,}) · {r['pairs']:,}")
        nx_run = r["networkx"]
        lines.append(f"| {size} | `assign`, {r['runs']} runs | {_med(r['assign'])} | "
                     f"{r['assign_matched']:,} | {r['assign_total']:,} |")
        lines.append(f"| | networkx {nx_run['version']} `max_flow_min_cost`, 1 run | "
                     f"{nx_run['seconds']:.1f} | {nx_run['matched']:,} | {nx_run['total']:,} |")
    lines.append("")
    notes = []
    for r in results:
        med = statistics.median(r["assign"])
        target = TARGETS.get(r["mentees"])
        if target:
            notes.append(f"{r['mentees']:,} mentees: `assign` {med:.2f} s, target {target:g} s: "
                         f"{'met' if med < target else '**not met**'}.")
        extra = r["assign_matched"] - r["greedy_matched"]
        left = (f"leaves {extra:,} more {'mentee' if extra == 1 else 'mentees'} without a mentor"
                if extra else "matches as many mentees")
        lost = r["assign_total"] - r["greedy_total"]
        notes.append(
            f"Greedy takes {statistics.median(r['greedy']) / med:.2f}× the time of `assign`, "
            f"{left}, and its total is {lost:,} points lower "
            f"({100 * lost / r['assign_total']:.1f}%).")
    lines.append(" ".join(notes))
    lines.append("")
    checked = [r for r in results + nx_only if r["networkx"]]
    agree = all(r["networkx"]["matched"] == r["assign_matched"]
                and r["networkx"]["total"] == r["assign_total"] for r in checked)
    if checked:
        small, large = min(checked, key=lambda r: r["mentees"]), \
            max(checked, key=lambda r: r["mentees"])
        verdict = ("reaches the same number matched and the same total at every size" if agree
                   else "**does not agree with `assign`**")
        speedup = large["networkx"]["seconds"] / statistics.median(large["assign"])
        text = (f"networkx's min-cost flow (the largest flow, then the least cost: the same "
                f"question) {verdict}; `assign` is {speedup:.0f}× faster at "
                f"{large['mentees']:,} mentees.")
        if large is not small:
            growth = large["networkx"]["seconds"] / small["networkx"]["seconds"]
            size = large["mentees"] / small["mentees"]
            exponent = np.log(growth) / np.log(size)
            guess = large["networkx"]["seconds"] * (100_000 / large["mentees"]) ** exponent
            text += (f" Its time grew {growth:.1f}× from {small['mentees']:,} to "
                     f"{large['mentees']:,} mentees ({size:.0f}× the data, about n^"
                     f"{exponent:.1f}); at that rate 100,000 mentees would take about "
                     f"{guess / 60:.0f} minutes, so it is not run there.")
        lines.append(text)
        lines.append("")
    big = [r for r in results if r["mentees"] >= 100_000]
    small = [r for r in results if r["mentees"] < 100_000]
    if big and small:
        b, s = big[0], small[0]
        lines.append(
            f"From {s['mentees']:,} to {b['mentees']:,} mentees (10× the pairs) `assign` took "
            f"{statistics.median(b['assign']) / statistics.median(s['assign']):.0f}× as long. "
            "LAPJVsp as SciPy implements it passes over every column of a group once for each "
            "row it places, so one connected group of "
            f"{b['seats']:,} seats × {b['mentees']:,} mentees costs in "
            "proportion to their product: a cycle whose hard rules split it into groups (job "
            "families, worksites) is solved group by group, in far less.")
        lines.append("")
    lines.append(END)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs at 10,000 mentees")
    parser.add_argument("--big-runs", type=int, default=3, help="runs at 100,000 mentees")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--no-networkx", action="store_true")
    parser.add_argument("--no-big", action="store_true", help="skip the 100,000-mentee run")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with_nx = not args.no_networkx
    if with_nx:
        try:
            import networkx  # noqa: F401
        except ImportError:
            print("networkx is not installed: no comparison")
            with_nx = False
    results = [measure(10_000, args.seed, args.runs, with_nx and 10_000 in NETWORKX_SIZES)]
    if not args.no_big:
        results.append(measure(100_000, args.seed, args.big_runs, False))
    nx_only = []
    if with_nx:
        for size in NETWORKX_SIZES:
            if size != 10_000:
                nx_only.append(measure(size, args.seed, args.runs, True))
    section = render(results, nx_only)
    if not args.no_write:
        write_section(section, BEGIN, END)
    print(section)


if __name__ == "__main__":
    main()
