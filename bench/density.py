"""Benchmark of the density dashboards: one state with 300 locals × 1,000 persons (300,000).

    python bench/density.py [--locals 300] [--persons 1000] [--runs 15]
    bash scripts/with_postgres.sh .venv/bin/python bench/density.py

Builds a fresh database (a new one in the PostgreSQL server of DATABASE_URL, or
var/bench/density.sqlite3) with a fast generator (COPY on PostgreSQL, executemany on SQLite;
no per-row ORM saves), then times the state density page, a local's density page and its
CSV through Django's test client with DEBUG off (bench.settings): the median of `runs`
requests after 2 warm-ups, and the queries each runs. The results go to docs/performance.md
between the bench:density markers, one row per database (the other database's last results are
kept in var/bench/).
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DATA = ROOT / "var" / "bench"
from bench.report import machine, timed, write_section  # noqa: E402

BEGIN, END = "<!-- bench:density:begin -->", "<!-- bench:density:end -->"
SERVER_URL = os.environ.get("DATABASE_URL", "")
POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))
BACKEND = "postgresql" if POSTGRES else "sqlite"
FAMILIES = ["clerical", "custodial", "food", "health", "paraeducators", "security", "trades",
            "technical", "transportation"]
FAMILY_WEIGHTS = [12, 14, 14, 6, 30, 3, 4, 5, 12]


def fresh_database() -> str:
    if POSTGRES:
        import psycopg

        with psycopg.connect(SERVER_URL, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_density")
            conn.execute("CREATE DATABASE bench_density")
        return SERVER_URL.rsplit("/", 1)[0] + "/bench_density"
    DATA.mkdir(parents=True, exist_ok=True)
    for stale in DATA.glob("density.sqlite3*"):
        stale.unlink()
    return f"sqlite:///{DATA / 'density.sqlite3'}"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def _plain(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    return value


def insert(model, rows: list[dict]) -> None:
    """Rows of field values (by attname) into a model's table, defaults filled in, fast."""
    from django.db import connection

    now = dt.datetime.now(dt.UTC)
    fields = [f for f in model._meta.concrete_fields
              if not (f.primary_key and rows and f.attname not in rows[0])]
    columns = [f.column for f in fields]
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()  # "" for text fields without a default
    values = ([_plain(row[f.attname] if f.attname in row else defaults[f.attname])
               for f in fields] for row in rows)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if POSTGRES:
            raw = cursor.cursor
            with raw.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                for row in values:
                    copy.write_row(row)
            raw.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))")
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})',
                               list(values))


def generate(n_locals: int, per_local: int, seed: int = 7) -> dict:
    """The state, its locals, worksites, job classes, persons, memberships and histories."""
    from django.db import transaction

    from unionhall.accounts.models import User
    from unionhall.core.models import Affiliate, JobClass, JobFamily, RoleAssignment, Worksite
    from unionhall.members.models import Membership, MembershipChange, Person
    from unionhall.organizing.models import OrganizingSettings, WorksiteGoal

    rng = random.Random(seed)
    today = dt.date.today()
    start = time.perf_counter()
    with transaction.atomic():
        national = Affiliate.objects.create(kind="national", slug="nea", name="NEA")
        state = Affiliate.objects.create(kind="state", slug="bench-state", name="Bench State EA",
                                         parent=national)
        family_ids = dict(JobFamily.objects.values_list("code", "id"))
        insert(Affiliate, [{"id": 100 + i, "kind": "local", "slug": f"local-{i:03d}",
                            "name": f"Local {i:03d} ESP", "parent_id": state.pk}
                           for i in range(n_locals)])
        local_ids = [100 + i for i in range(n_locals)]
        sites, classes = {}, {}
        site_rows, class_rows, goal_rows = [], [], []
        for i, local_id in enumerate(local_ids):
            sites[local_id] = [i * 20 + s + 1 for s in range(12)]
            for s, site_id in enumerate(sites[local_id]):
                site_rows.append({"id": site_id, "local_id": local_id, "name": f"School {s}",
                                  "kind": "elementary"})
                if s % 3 == 0:
                    goal_rows.append({"worksite_id": site_id, "density_goal": 75})
            classes[local_id] = [i * 10 + c + 1 for c in range(len(FAMILIES))]
            for c, class_id in enumerate(classes[local_id]):
                class_rows.append({"id": class_id, "local_id": local_id,
                                   "title": f"{FAMILIES[c].title()} I",
                                   "family_id": family_ids[FAMILIES[c]]})
        insert(Worksite, site_rows)
        insert(JobClass, class_rows)
        insert(WorksiteGoal, goal_rows)
        insert(OrganizingSettings, [{"local_id": lid, "density_goal": rng.choice([60, 70, 80])}
                                    for lid in local_ids[::2]])
        persons, memberships, changes = [], [], []
        pid = 0
        window = today - dt.timedelta(days=700)
        for local_id in local_ids:
            p_member = rng.uniform(0.4, 0.9)
            for _ in range(per_local):
                pid += 1
                hire = today - dt.timedelta(days=rng.randint(10, 9000))
                former = rng.random() < 0.04
                person = {"id": pid, "local_id": local_id, "employee_id": f"E{pid:07d}",
                          "legal_first_name": f"First{pid}", "legal_last_name": f"Last{pid}",
                          "worksite_id": rng.choice(sites[local_id]),
                          "job_class_id": rng.choices(classes[local_id], FAMILY_WEIGHTS)[0],
                          "fte": Decimal("1.000"), "hire_date": hire, "in_unit": not former,
                          "left_unit_on": (today - dt.timedelta(days=rng.randint(1, 900))
                                           if former else None)}
                persons.append(person)
                member = rng.random() < p_member
                joined = max(hire, today - dt.timedelta(days=rng.randint(1, 3000)))
                status = "member" if member else "non_member"
                memberships.append({"id": pid, "person_id": pid, "status": status,
                                    "since": joined})
                changes.append({"person_id": pid, "from_status": "", "to_status": "non_member",
                                "effective": hire})
                if member:
                    changes.append({"person_id": pid, "from_status": "non_member",
                                    "to_status": "member", "effective": joined})
                elif joined > window and rng.random() < 0.2:
                    # Joined, then resigned inside the window.
                    changes.append({"person_id": pid, "from_status": "non_member",
                                    "to_status": "member", "effective": joined - dt.timedelta(
                                        days=60)})
                    changes.append({"person_id": pid, "from_status": "member",
                                    "to_status": "non_member", "effective": joined})
        insert(Person, persons)
        insert(Membership, memberships)
        insert(MembershipChange, changes)
        staff = User.objects.create_user("state@bench.example.org", "pw")
        RoleAssignment.objects.create(user=staff, affiliate=state, role="state_staff")
        officer = User.objects.create_user("officer@bench.example.org", "pw")
        RoleAssignment.objects.create(user=officer, affiliate_id=local_ids[0], role="officer")
    if POSTGRES:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"seconds": time.perf_counter() - start, "persons": len(persons),
            "changes": len(changes), "locals": n_locals,
            "state": state.slug, "local": f"local-{0:03d}"}




def measure(built: dict, runs: int) -> dict:
    from django.test import Client

    from unionhall.accounts.models import User

    def client_for(email):
        client = Client()
        client.force_login(User.objects.get(email=email))
        return client

    staff = client_for("state@bench.example.org")
    officer = client_for("officer@bench.example.org")
    local = built["local"]
    return {
        "state density page (state staff)": timed(staff, f"/s/{built['state']}/density/", runs),
        "state density, sorted by name": timed(staff, f"/s/{built['state']}/density/?sort=name",
                                               runs),
        "local density page (officer)": timed(officer, f"/l/{local}/density/", runs),
        "local density CSV": timed(officer, f"/l/{local}/density.csv", runs),
        "local coverage page": timed(officer, f"/l/{local}/coverage/", runs),
    }


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0]
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def render(results: dict) -> str:

    lines = [BEGIN, "## Density dashboards", "",
             "`bench/density.py`: one state with generated locals (12 worksites and 9 job "
             "classes each, about 4% former persons, membership histories over the last two "
             "years), built with COPY / executemany. Median of the timed requests after 2 "
             "warm-ups, in-process through Django's test client with DEBUG off "
             "(bench.settings); the query count includes the session and permission lookups. "
             "Target: the state page under 300 ms on PostgreSQL with 300 locals and 300,000 "
             "persons, with a query count that does not grow with the data.", ""]
    for backend in sorted(results):
        r = results[backend]
        lines += [f"### {r['database']}", "",
                  f"Measured {r['date']} on {r['machine'] if 'machine' in r else machine()}: "
                  f"{r['locals']:,} locals, {r['persons']:,} persons, "
                  f"{r['changes']:,} membership changes; generated in {r['seconds']:.1f} s; "
                  f"{r['runs']} timed requests per page.", "",
                  "| page | median ms (min–max) | queries |", "|---|---|---|"]
        for label, t in r["pages"].items():
            lines.append(f"| {label} | {t['median_ms']:.1f} ({t['min_ms']:.1f}–"
                         f"{t['max_ms']:.1f}) | {t['queries']} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines) + "\n"




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--locals", type=int, default=300)
    parser.add_argument("--persons", type=int, default=1000, help="persons per local")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    setup_django(fresh_database())
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    built = generate(args.locals, args.persons)
    print(f"generated {built['persons']:,} persons in {built['seconds']:.1f} s", flush=True)
    pages = measure(built, args.runs)

    DATA.mkdir(parents=True, exist_ok=True)
    store = DATA / "density-results.json"
    results = json.loads(store.read_text()) if store.exists() else {}
    results[BACKEND] = {**{k: built[k] for k in ("persons", "changes", "locals", "seconds")},
                        "pages": pages, "runs": args.runs, "database": database_version(),
                        "date": dt.date.today().isoformat(), "machine": machine()}
    store.write_text(json.dumps(results, indent=1))
    section = render(results)
    write_section(section, BEGIN, END)
    print(section)


if __name__ == "__main__":
    main()
