"""Benchmark of sending an email to a whole local: 3,800 people.

    python bench/bulk_email.py [--persons 3800] [--runs 5]
    bash scripts/with_postgres.sh .venv/bin/python bench/bulk_email.py

Builds a fresh database (var/bench/bulk_email.sqlite3, or a new one in the PostgreSQL server
of DATABASE_URL) with one local: 150 worksites, the nine job families, `persons` people (about
88% with a personal email, a fifth reading Spanish, 70% members), with a fast generator (no
per-row ORM saves). Then times, `runs` times each, with the task queue in the database
(bench.settings):

- ours: `comms.actions.send_message` on a new draft to everyone: one transaction that writes
  one Delivery per person and the message's status, then queues ONE task on commit;
- the naive way: what bargaining updates do today: one `core.mail.queue_email` per person
  (the text rendered once per language), i.e. one task row per email, each queued on commit.

The clock covers the whole call, commit and on-commit queueing included; the worker sends
nothing here. It also checks that the preview counted the people the send wrote. Results go to
docs/performance.md between the bench:bulk_email markers, one part per database (the other
database's last results are kept in var/bench/).
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "var" / "bench"
from bench.report import machine, write_section  # noqa: E402

BEGIN, END = "<!-- bench:bulk_email:begin -->", "<!-- bench:bulk_email:end -->"
SERVER_URL = os.environ.get("DATABASE_URL", "")
POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))
BACKEND = "postgresql" if POSTGRES else "sqlite"
TARGET_S = 5.0
FAMILIES = ["clerical", "custodial", "food", "health", "paraeducators", "security", "trades",
            "technical", "transportation"]
FAMILY_WEIGHTS = [12, 14, 14, 6, 30, 3, 4, 5, 12]
BODY = ("Route bidding for next school year opens **Monday at 6 a.m.**\n\n"
        "Come to the meeting on Thursday at 3:30 p.m. in the break room at the terminal, and "
        "bring your questions about split shifts.\n\n- Seniority list\n- Field-trip runs\n")


def fresh_database() -> str:
    if POSTGRES:
        import psycopg

        with psycopg.connect(SERVER_URL, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_bulk_email")
            conn.execute("CREATE DATABASE bench_bulk_email")
        return SERVER_URL.rsplit("/", 1)[0] + "/bench_bulk_email"
    DATA.mkdir(parents=True, exist_ok=True)
    for stale in DATA.glob("bulk_email.sqlite3*"):
        stale.unlink()
    return f"sqlite:///{DATA / 'bulk_email.sqlite3'}"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def generate(persons: int, seed: int = 8) -> dict:
    """One local with worksites, job classes, people and memberships, inserted in bulk."""
    from django.db import transaction

    from bench.density import insert
    from unionhall.core.models import Affiliate, JobClass, JobFamily, Worksite
    from unionhall.members.models import Membership, Person

    rng = random.Random(seed)
    today = dt.date.today()
    start = time.perf_counter()
    with transaction.atomic():
        national = Affiliate.objects.create(kind="national", slug="nea", name="NEA")
        state = Affiliate.objects.create(kind="state", slug="bench-state", name="Bench State EA",
                                         parent=national)
        local = Affiliate.objects.create(kind="local", slug="bench-local", name="Bench ESP",
                                         parent=state)
        family_ids = dict(JobFamily.objects.values_list("code", "id"))
        insert(Worksite, [{"id": i + 1, "local_id": local.pk, "name": f"School {i}",
                           "kind": "elementary"} for i in range(150)])
        insert(JobClass, [{"id": c + 1, "local_id": local.pk, "title": f"{f.title()} I",
                           "family_id": family_ids[f]} for c, f in enumerate(FAMILIES)])
        people, memberships = [], []
        for pid in range(1, persons + 1):
            spanish = rng.random() < 0.2
            people.append({
                "id": pid, "local_id": local.pk, "employee_id": f"E{pid:07d}",
                "legal_first_name": f"First{pid}", "legal_last_name": f"Last{pid}",
                "personal_email": f"person{pid}@example.org" if rng.random() < 0.88 else "",
                "language": "es" if spanish else "en",
                "worksite_id": rng.randint(1, 150),
                "job_class_id": rng.choices(range(1, len(FAMILIES) + 1), FAMILY_WEIGHTS)[0],
                "fte": Decimal("1.000"), "hire_date": today - dt.timedelta(days=rng.randint(
                    10, 9000)), "in_unit": True})
            memberships.append({"id": pid, "person_id": pid, "since": today,
                                "status": "member" if rng.random() < 0.7 else "non_member"})
        insert(Person, people)
        insert(Membership, memberships)
    if POSTGRES:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"local": local, "seconds": time.perf_counter() - start, "persons": persons}


def _draft(local, n: int):
    from unionhall.comms import actions

    message = actions.create_message(local, by=None, topic="events", language="en",
                                     subject=f"Route bids open Monday ({n})", body=BODY,
                                     audience={})
    actions.set_translation(message, "es", "La licitación de rutas abre el lunes",
                            "Vengan a la reunión del jueves.", by=None)
    return message


def _clear_tasks() -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()


def time_ours(local, runs: int) -> dict:
    from django_tasks_db.models import DBTaskResult

    from unionhall.comms import actions, queries
    from unionhall.comms.models import Delivery

    samples, agree = [], True
    for n in range(runs):
        message = _draft(local, n)
        preview = queries.preview(message)
        start = time.perf_counter()
        actions.send_message(message, by=None)
        samples.append(time.perf_counter() - start)
        deliveries = Delivery.objects.filter(message=message)
        agree &= (deliveries.count() == preview["total"]
                  and deliveries.filter(status="no_email").count() == preview["no_email"])
        tasks = DBTaskResult.objects.count()
        assert tasks == 1, tasks
        _clear_tasks()
    return {**_stats(samples), "emails": preview["with_email"], "people": preview["total"],
            "tasks": 1, "preview_agrees": agree}


def _naive_send(local, message) -> int:
    """One queued email task per person, as bargaining updates do (rendered per language)."""
    from django.db import transaction
    from django.template import Context, Template
    from django.utils import translation

    from unionhall.comms import queries
    from unionhall.core import markdown
    from unionhall.core.mail import queue_email

    html_template = Template("<h1>{{ subject }}</h1>{{ body|safe }}<p>{{ footer }}</p>")
    rendered = {}
    n = 0
    with transaction.atomic():
        for address, language in (queries.recipients(message).exclude(address="")
                                  .values_list("address", "language").iterator(
                                      chunk_size=2000)):
            if language not in rendered:
                with translation.override(language):
                    rendered[language] = (
                        message.subject, markdown.plain(message.body),
                        html_template.render(Context({
                            "subject": message.subject, "body": markdown.render(message.body),
                            "footer": "Change what you get on your preferences page."})))
            subject, text, html = rendered[language]
            queue_email(address, subject, text, html)
            n += 1
    return n


def time_naive(local, runs: int) -> dict:
    from django_tasks_db.models import DBTaskResult

    samples, tasks = [], 0
    for n in range(runs):
        message = _draft(local, 100 + n)
        start = time.perf_counter()
        emails = _naive_send(local, message)
        samples.append(time.perf_counter() - start)
        tasks = DBTaskResult.objects.count()
        assert tasks == emails, (tasks, emails)
        _clear_tasks()
    return {**_stats(samples), "emails": emails, "tasks": tasks}


def _stats(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {"median_s": round(statistics.median(samples), 3), "min_s": round(samples[0], 3),
            "max_s": round(samples[-1], 3), "runs": len(samples)}


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0]
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def render(results: dict) -> str:
    lines = [BEGIN, "## Email to a whole local", "",
             "`bench/bulk_email.py`: one local of generated people (150 worksites, about 88% "
             "with an email, a fifth reading Spanish), a message to everyone with a Spanish "
             "translation. *Ours* is `send_message`: one transaction writing one Delivery per "
             "person, then one task queued on commit (the worker sends at "
             "COMMS_EMAILS_PER_MINUTE). *Naive* is what bargaining updates do today: one "
             "`queue_email` task per person, each queued on commit. The time covers the whole "
             f"call, commit included; the median of the runs. Target: ours under {TARGET_S:g} s "
             "for 3,800 people.", ""]
    for backend in sorted(results):
        r = results[backend]
        ours, naive = r["ours"], r["naive"]
        ratio = naive["median_s"] / ours["median_s"] if ours["median_s"] else float("inf")
        lines += [
            f"### {r['database']}", "",
            f"Measured {r['date']} on {r['machine']}: {r['persons']:,} people "
            f"({ours['emails']:,} with an email); generated in {r['seconds']:.1f} s; "
            f"{ours['runs']} runs each.", "",
            "| way | median s (min–max) | task rows queued | preview = sent |",
            "|---|---|---|---|",
            f"| ours: send_message | {ours['median_s']:.3f} ({ours['min_s']:.3f}–"
            f"{ours['max_s']:.3f}) | {ours['tasks']} | "
            f"{'yes' if ours['preview_agrees'] else 'NO'} |",
            f"| naive: queue_email per person | {naive['median_s']:.3f} "
            f"({naive['min_s']:.3f}–{naive['max_s']:.3f}) | {naive['tasks']:,} | — |", "",
            f"Naive / ours: {ratio:.1f}× (median). Target met: "
            f"{'yes' if ours['median_s'] < TARGET_S else 'NO'}.", ""]
    lines.append(END)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=3800)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django(fresh_database())
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    built = generate(args.persons)
    print(f"generated {built['persons']:,} people in {built['seconds']:.1f} s", flush=True)
    ours = time_ours(built["local"], args.runs)
    print(f"ours: median {ours['median_s']:.3f} s", flush=True)
    naive = time_naive(built["local"], args.runs)
    print(f"naive: median {naive['median_s']:.3f} s", flush=True)

    DATA.mkdir(parents=True, exist_ok=True)
    store = DATA / "bulk_email-results.json"
    results = json.loads(store.read_text()) if store.exists() else {}
    results[BACKEND] = {"persons": built["persons"], "seconds": built["seconds"],
                        "ours": ours, "naive": naive, "database": database_version(),
                        "date": dt.date.today().isoformat(), "machine": machine()}
    store.write_text(json.dumps(results, indent=1))
    section = render(results)
    write_section(section, BEGIN, END)
    print(section)
    if ours["median_s"] >= TARGET_S or not ours["preview_agrees"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
