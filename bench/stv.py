"""Scottish STV benchmark behind `make bench`: a generated 1,000,000-ballot election (20
candidates, 5 seats) written as a BLT file with one line per ballot, counted end to end by
`manage.py count_blt --method scottish-stv --json` (its own process: Django start-up, reading the
file, the count, the JSON), and the same ballots through pref_voting's Scottish STV
(`stv_scottish`, the independent implementation the tests cross-check against). Writes its
section of docs/performance.md.

    python bench/stv.py [--ballots 1000000] [--runs 3] [--seed 2007] [--no-pref-voting]
                        [--no-write]

The election is deterministic (seeded): six parties standing 1 to 5 candidates each, voters who
rank some or all of their party's candidates (often only the first), and some who go on to a
second and third party, the way Scottish council ballots look.
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.report import machine, write_section  # noqa: E402

BEGIN, END = "<!-- bench:stv:begin -->", "<!-- bench:stv:end -->"
SEATS = 5

# party, candidates standing, share of first preferences
PARTIES = [("Lab", 5, 0.30), ("SNP", 5, 0.29), ("Con", 4, 0.18), ("LD", 3, 0.11),
           ("Grn", 2, 0.08), ("Ind", 1, 0.04)]
# where a voter's later preferences go, by party (parties in the order above)
AFFINITY = {
    "Lab": [0, 3, 1, 3, 3, 1], "SNP": [3, 0, 1, 1, 4, 1], "Con": [1, 1, 0, 4, 1, 2],
    "LD": [3, 2, 3, 0, 3, 1], "Grn": [3, 5, 1, 2, 0, 1], "Ind": [2, 2, 2, 2, 2, 0],
}


def candidates() -> list[tuple[str, str]]:
    out = []
    for party, n, _ in PARTIES:
        out += [(f"{party} candidate {i + 1}", party) for i in range(n)]
    return out


def generate(ballots: int, seed: int) -> list[tuple[int, ...]]:
    """Ballots as tuples of 1-based candidate numbers."""
    rng = random.Random(seed)
    numbers: dict[str, list[int]] = {}
    k = 1
    for party, n, _ in PARTIES:
        numbers[party] = list(range(k, k + n))
        k += n
    # each candidate's pull within the party (the first listed is the party's favourite)
    pull = {c: 1.0 / (1 + 0.6 * i) for p in numbers.values() for i, c in enumerate(p)}
    names = [p for p, _, _ in PARTIES]
    shares = [s for _, _, s in PARTIES]

    def party_order(party: str) -> list[int]:
        pool = list(numbers[party])
        order = []
        while pool:
            c = rng.choices(pool, weights=[pull[x] for x in pool])[0]
            pool.remove(c)
            order.append(c)
        return order

    # Voters of one party follow a limited number of patterns ("how-to-vote" habits), which is
    # what makes real files repeat: draw each party's orders from a pool of 200 per party.
    orders = {p: [party_order(p) for _ in range(200)] for p in names}
    out = []
    for _ in range(ballots):
        party = rng.choices(names, weights=shares)[0]
        ballot: list[int] = []
        used = {party}
        while True:
            order = rng.choice(orders[party])
            # how far down this party's list the voter goes: often only the first
            depth = 1 if rng.random() < 0.45 else rng.randint(1, len(order))
            ballot += order[:depth]
            if rng.random() < 0.55 or len(used) == len(names):
                break
            weights = [0 if p in used else w for p, w in zip(names, AFFINITY[party],
                                                              strict=True)]
            if not any(weights):
                break
            party = rng.choices(names, weights=weights)[0]
            used.add(party)
        out.append(tuple(ballot))
    return out


def write_blt(path: Path, ballots: list[tuple[int, ...]], cands: list[tuple[str, str]]) -> None:
    with path.open("w") as f:
        f.write(f"{len(cands)} {SEATS}\n")
        f.writelines("1 " + " ".join(map(str, b)) + " 0\n" for b in ballots)
        f.write("0\n")
        f.writelines(f'"{name}" "{party}"\n' for name, party in cands)
        f.write('"Benchmark ward (generated)"\n')


def time_count_blt(path: Path, runs: int) -> tuple[list[float], dict]:
    env = dict(os.environ)
    env.update(DJANGO_SETTINGS_MODULE="bench.settings", PYTHONPATH=str(ROOT),
               DATABASE_URL=f"sqlite:///{path.parent / 'unused.sqlite3'}")
    cmd = [sys.executable, str(ROOT / "manage.py"), "count_blt", str(path),
           "--method", "scottish-stv", "--json", "--seed", "1"]
    times, result = [], {}
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(cmd, env=env, check=True, cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        result = json.loads(out.stdout)
    return times, result


def in_process_split(path: Path) -> dict:
    """Where the time goes, in this process: reading and aggregating, then counting."""
    from unionhall.democracy.blt import read_blt
    from unionhall.democracy.counting import scottish_stv

    start = time.perf_counter()
    election = read_blt(path)
    read = time.perf_counter() - start
    start = time.perf_counter()
    result = scottish_stv(election.ballots, election.candidates, election.seats,
                          rng=random.Random(1))
    count = time.perf_counter() - start
    return {"read": read, "count": count, "distinct": len(election.ballots),
            "rounds": len(result.rounds), "elected": result.elected}


def time_pref_voting(path: Path) -> dict | None:
    """pref_voting's stv_scottish on the same ballots, already aggregated by our reader (its
    profile is built from the distinct ballots with their counts; building it is timed too)."""
    try:
        import pref_voting
        from pref_voting.profiles_with_ties import ProfileWithTies
        from pref_voting.proportional_methods import stv_scottish
    except ImportError:
        return None
    from unionhall.democracy.blt import read_blt

    election = read_blt(path)
    rankings = [{c: r for r, c in enumerate(b, start=1)} for b in election.ballots]
    counts = list(election.ballots.values())
    start = time.perf_counter()
    profile = ProfileWithTies(rankings, rcounts=counts, candidates=election.candidates)
    built = time.perf_counter() - start
    winners = stv_scottish(profile, num_seats=election.seats, rng=random.Random(1))
    total = time.perf_counter() - start
    return {"version": pref_voting.__version__ if hasattr(pref_voting, "__version__") else
            _version("pref_voting"), "build": built, "total": total,
            "elected": sorted(winners)}


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)




def render(n: int, size_mb: float, gen_s: float, times: list[float], split: dict,
           ours: dict, theirs: dict | None, runs: int) -> str:
    med = statistics.median(times)
    lines = [
        BEGIN,
        "## Counting a Scottish STV election",
        "",
        f"Measured {dt.date.today().isoformat()} on {machine()}, with `make bench` "
        f"(`bench/stv.py`): {n:,} generated ballots (seeded; 20 candidates of six parties, "
        f"{SEATS} seats, rankings truncated the way council ballots are), written as a BLT file "
        f"of one line per ballot ({size_mb:.0f} MB; {split['distinct']:,} different ballots; "
        f"generated in {gen_s:.1f} s). "
        "`manage.py count_blt --method scottish-stv --json` runs in its own process: start-up, "
        "reading and aggregating the file, the count and the JSON. Target: under 3 s.",
        "",
        "| step | seconds |",
        "|---|---|",
        f"| `count_blt` end to end, median of {runs} (min–max) | {med:.2f} "
        f"({min(times):.2f}–{max(times):.2f}) |",
        f"| of which reading and aggregating the file (in process) | {split['read']:.2f} |",
        f"| of which the count, {split['rounds']} rounds (in process) | {split['count']:.2f} |",
    ]
    if theirs is not None:
        count_s = theirs["total"] - theirs["build"]
        lines += [
            f"| pref_voting {theirs['version']}: building its `ProfileWithTies` of the "
            f"{split['distinct']:,} different ballots (one run) | {theirs['build']:.2f} |",
            f"| pref_voting {theirs['version']}: `stv_scottish` on that profile (one run) | "
            f"{count_s:.2f} |",
            "",
            "pref_voting is handed the ballots already read and aggregated by our reader (each "
            "different ballot once, with its count), so its figures leave out reading the file, "
            "which ours include. Unionhall end to end against pref_voting's profile and count: "
            f"{theirs['total'] / med:.0f}× faster; the counts alone (in process): "
            f"{count_s / split['count']:.0f}×. "
            "Elected (by number in the file): Unionhall "
            f"{ours['elected']} in that order; pref_voting {theirs['elected']} (sorted): "
            + ("the same candidates." if sorted(ours["elected"]) == theirs["elected"]
               else "**they differ**."),
        ]
    else:
        lines += ["", "pref_voting is not installed; no comparison was run."]
    lines.append(END)
    return "\n".join(lines) + "\n"




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2007)
    parser.add_argument("--no-pref-voting", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "election.blt"
        start = time.perf_counter()
        write_blt(path, generate(args.ballots, args.seed), candidates())
        gen_s = time.perf_counter() - start
        size_mb = path.stat().st_size / 1e6
        print(f"generated {args.ballots:,} ballots ({size_mb:.0f} MB) in {gen_s:.1f} s")
        times, ours = time_count_blt(path, args.runs)
        print("count_blt:", ", ".join(f"{t:.2f} s" for t in times), "elected", ours["elected"])
        split = in_process_split(path)
        print(f"in process: read {split['read']:.2f} s, count {split['count']:.2f} s, "
              f"{split['distinct']:,} distinct ballots")
        theirs = None if args.no_pref_voting else time_pref_voting(path)
        if theirs:
            print(f"pref_voting: {theirs['total']:.2f} s, elected {theirs['elected']}")
    section = render(args.ballots, size_mb, gen_s, times, split, ours, theirs, args.runs)
    if not args.no_write:
        write_section(section, BEGIN, END)
    print(section)


if __name__ == "__main__":
    main()
