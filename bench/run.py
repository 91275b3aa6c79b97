"""Benchmarks behind `make bench`: build the benchmark databases, time the main pages, and write
the results with the date and machine into docs/performance.md.

    python bench/run.py [--sizes 3800,100000] [--runs 15] [--rebuild]

On SQLite by default (files kept in var/bench/ between runs). With DATABASE_URL pointing at
PostgreSQL (`bash scripts/with_postgres.sh python bench/run.py`), each size gets a fresh database
in that server.
"""

import argparse
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "var" / "bench"
SERVER_URL = os.environ.get("DATABASE_URL", "")
POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))
BACKEND = "postgresql" if POSTGRES else "sqlite"
sys.path.insert(0, str(ROOT))
from bench.report import machine, write_section  # noqa: E402

BEGIN, END = f"<!-- bench:pages:{BACKEND}:begin -->", f"<!-- bench:pages:{BACKEND}:end -->"


def django_env(url: str) -> dict:
    env = dict(os.environ)
    env.update(DJANGO_SETTINGS_MODULE="bench.settings", DATABASE_URL=url, PYTHONPATH=str(ROOT))
    return env


def database_url(persons: int, rebuild: bool) -> tuple[str, bool]:
    """Where a size's data lives, and whether it must be built."""
    if POSTGRES:
        import psycopg

        name = f"bench_{persons}"
        with psycopg.connect(SERVER_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        return SERVER_URL.rsplit("/", 1)[0] + "/" + name, True
    db = DATA / f"demo-{persons}.sqlite3"
    if rebuild or not db.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        for stale in DATA.glob(f"demo-{persons}.sqlite3*"):
            stale.unlink()
        return f"sqlite:///{db}", True
    return f"sqlite:///{db}", False


def build(persons: int, rebuild: bool) -> tuple[str, float | None]:
    """The benchmark database for a size, and how long seeding took (None if it was kept)."""
    url, fresh = database_url(persons, rebuild)
    env = django_env(url)
    manage = [sys.executable, str(ROOT / "manage.py")]
    # A kept database still gets this checkout's schema (new indexes included).
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    if not fresh:
        return url, None
    start = time.perf_counter()
    subprocess.run([*manage, "seed_demo", "--persons", str(persons)], env=env, check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    if POSTGRES:
        subprocess.run([*manage, "dbshell", "--", "-c", "ANALYZE"], env=env, check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
    return url, time.perf_counter() - start


def database_version(url: str) -> str:
    if not POSTGRES:
        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(url) as conn:
        return "PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0]




def render(results: dict[int, dict], seeds: dict[int, float | None], runs: int,
           database: str) -> str:
    sizes = sorted(results)
    head = " | ".join(f"{n:,} persons: median ms (min–max) · queries" for n in sizes)
    lines = [
        BEGIN,
        f"## Page timings on {database}",
        "",
        f"Measured {dt.date.today().isoformat()} on {machine()}, with `make bench` "
        f"({runs} timed requests per page after 2 warm-ups, in-process through Django's test "
        "client with DEBUG off). The machine is shared and noisy: read medians and ratios.",
        "",
        f"| page | {head} |",
        "|---|" + "---|" * len(sizes),
    ]

    def cell(r):
        return f"{r['median_ms']:.1f} ({r['min_ms']:.1f}–{r['max_ms']:.1f}) · {r['queries']}"

    for label in results[sizes[0]]["pages"]:
        lines.append(f"| {label} | " + " | ".join(cell(results[n]["pages"][label])
                                                  for n in sizes) + " |")
    lines += [
        "",
        "### Side by side with the Django admin",
        "",
        "The same table in Django's admin changelist (what a local gets from a generic tool; "
        "100 rows a page against our 50, no role scoping). Ratio = ours / admin, per median.",
        "",
        "| page | " + " | ".join(f"{n:,}: ours · admin · ratio" for n in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for label in results[sizes[0]]["admin"]:
        row = []
        for n in sizes:
            ours = results[n]["pages"][label]["median_ms"]
            theirs = results[n]["admin"][label]["median_ms"]
            row.append(f"{ours:.1f} · {theirs:.1f} · {ours / theirs:.2f}")
        lines.append(f"| {label} | " + " | ".join(row) + " |")
    seeded = [f"{n:,} persons in {s:.1f} s" for n, s in sorted(seeds.items()) if s is not None]
    if seeded:
        lines += ["", "Building the demo local with `seed_demo`: " + "; ".join(seeded) + "."]
    lines.append(END)
    return "\n".join(lines) + "\n"




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="3800,100000")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    results, seeds = {}, {}
    for persons in [int(s) for s in args.sizes.split(",")]:
        url, seeds[persons] = build(persons, args.rebuild)
        out = subprocess.run([sys.executable, str(ROOT / "bench" / "pages.py"), str(args.runs)],
                             env=django_env(url), check=True, cwd=ROOT, capture_output=True,
                             text=True)
        results[persons] = json.loads(out.stdout)
        print(f"{persons:,} persons: done")
    section = render(results, seeds, args.runs, database_version(url))
    write_section(section, BEGIN, END)
    print(section)


if __name__ == "__main__":
    main()
