"""Benchmark of the bargaining search: 20,000 transcript segments, a 60-article contract, 200
proposals and 100 updates; SQLite FTS5 and PostgreSQL full-text search against Django's
`icontains` (LIKE '%word%'), the search someone would otherwise write.

    python bench/search.py [--segments 20000] [--runs 9]
    bash scripts/with_postgres.sh .venv/bin/python bench/search.py

Builds a fresh database (a new one in the PostgreSQL server of DATABASE_URL, or
var/bench/search.sqlite3) with invented text: words drawn from a vocabulary with Zipf-like
frequencies (common words, bargaining words, some Spanish, a long tail of rare words). Times
the import of the segments through `bulk_create` with the search index kept up to date (the
FTS5 triggers; the GIN index) and, in a transaction rolled back, without it. Then times
`unionhall.bargaining.search.search()` as a member for 30 queries (common and rare words, two
words, prefixes, phrases, section numbers, Spanish without accents, nonsense, junk): one
warm-up, then `runs` timed calls each; the median and 90th percentile over all calls; and
the same for an `icontains` search over the same columns with the same visibility. The
results go to docs/performance.md between the bench:search markers, one part per database
(the other database's last results are kept in var/bench/).
"""

import argparse
import datetime as dt
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "var" / "bench"
from bench.report import machine, write_section  # noqa: E402

BEGIN, END = "<!-- bench:search:begin -->", "<!-- bench:search:end -->"
SERVER_URL = os.environ.get("DATABASE_URL", "")
POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))
BACKEND = "postgresql" if POSTGRES else "sqlite"

FUNCTION = ("the and to of a we that in is for it on you this be are with have as not at "
            "they our what but so can do if will there about from an by one all would "
            "just like think or said know because when more going them was".split())
BARGAINING = """district union members contract time pay wages step steps increase salary
hours day week year school staff employees paraeducators paraeducator paras custodians
custodian bus drivers driver route routes food service clerical secretary nurse technology
proposal proposals counter article section language table team session agreement tentative
insurance health dental vision premium premiums deductible sick leave personal vacation
holiday holidays calendar training trainings certification professional development
evaluation discipline grievance arbitration seniority layoff recall transfer posting vacancy
overtime compensatory substitute coverage lunch break duty safety lift ladder restraint
behavior classroom student students special education inclusion bargaining survey priority
priorities ratification vote strike budget fund funds reserve revenue enrollment cost
percent retro retroactive stipend longevity ladder placement schedule workday summer
extended year contract language association recognition dues payroll deduction retirement
pension benefits cap employer share cola inflation market comparison comparable neighboring
districts superintendent board principal supervisor management rights past practice
memorandum understanding side letter mediation mediator impasse factfinding cooling fairness
respect dignity workload caseload ratio hiring retention shortage vacancies recruitment
mileage reimbursement uniform uniforms boots tools equipment heat cooling ventilation
asbestos custodial nights weekend shift differential callback standby minimum guarantee
probation probationary permanent temporary seasonal hourly monthly annual""".split()
SPANISH = ("capacitación salario horas trabajo trabajadores sindicato distrito contrato "
           "propuesta aumento seguro médico vacaciones días escuela maestros autobús "
           "conductores limpieza cocina personal pagada pagado derechos respeto votación").split()
TITLES = """Recognition|Definitions|Union Rights|Management Rights|Dues Deduction|Hours of Work|
Overtime|Wages|Longevity|Health Insurance|Retirement|Sick Leave|Personal Leave|Bereavement
Leave|Vacation|Holidays|Leaves of Absence|Seniority|Layoff and Recall|Transfers|Vacancies and
Posting|Evaluation|Discipline|Grievance Procedure|Arbitration|Safety|Uniforms and Tools|Mileage|
Professional Development|Paid Training|Substitutes|Bus Routes|Field Trips|Food Service|
Custodial Shifts|Clerical Workload|Paraeducator Assignments|Special Education Support|
Student Behavior|Inclusion|Summer Work|Extended Year|Calendar|Inclement Weather|Technology|
Personnel Files|Job Descriptions|Classification|Reclassification|Probation|Labor Management
Committee|Joint Committees|No Strike|Savings Clause|Complete Agreement|Duration|Printing|
Side Letters|Memoranda|Appendix Salary Schedule""".replace("\n", " ").split("|")
SPEAKERS = ["Lara Okafor", "Steve Bell", "Rosa Delgado", "Tom Reyes", "Ming Zhou",
            "Dana Whitfield", "Carlos Mendes", "Priya Shah", "Mediator", "Superintendent Hale",
            "Janet Cole (HR)", "Andre Boyd"]


def fresh_database() -> str:
    if POSTGRES:
        import psycopg

        with psycopg.connect(SERVER_URL, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_search")
            conn.execute("CREATE DATABASE bench_search")
        return SERVER_URL.rsplit("/", 1)[0] + "/bench_search"
    DATA.mkdir(parents=True, exist_ok=True)
    for stale in DATA.glob("search.sqlite3*"):
        stale.unlink()
    return f"sqlite:///{DATA / 'search.sqlite3'}"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


class Words:
    """Invented text: words by Zipf-like frequency over common words, bargaining words,
    Spanish words and a long tail of rare made-up words."""

    def __init__(self, rng: random.Random, tail: int = 6000):
        syllables = ["ba", "ko", "ri", "len", "tor", "mi", "sa", "vel", "qu", "dra", "po",
                     "nex", "lu", "fam", "ti", "gor", "pe", "zan", "wu", "hol"]
        made_up = set()
        while len(made_up) < tail:
            made_up.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
        self.rare = sorted(made_up)
        rng.shuffle(self.rare)
        spanish = list(SPANISH)
        self.vocabulary = FUNCTION + BARGAINING[:60] + spanish[:8] + BARGAINING[60:] + \
            spanish[8:] + self.rare
        self.weights = [1 / (rank + 1) ** 1.05 for rank in range(len(self.vocabulary))]
        self.rng = rng

    def sentence(self, low: int, high: int) -> str:
        words = self.rng.choices(self.vocabulary, self.weights, k=self.rng.randint(low, high))
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def text(self, low: int, high: int) -> str:
        n = self.rng.randint(low, high)
        out, count = [], 0
        while count < n:
            sentence = self.sentence(6, 22)
            out.append(sentence)
            count += sentence.count(" ") + 1
        return " ".join(out)


def build(n_segments: int, seed: int = 2026) -> dict:
    from django.db import transaction

    from unionhall.bargaining.models import (
        Article,
        Contract,
        Post,
        Proposal,
        Section,
        Session,
    )
    from unionhall.core.models import Affiliate

    rng = random.Random(seed)
    words = Words(rng)
    with transaction.atomic():
        national = Affiliate.objects.create(kind="national", slug="nea", name="NEA")
        state = Affiliate.objects.create(kind="state", slug="bench-state", name="Bench State",
                                         parent=national)
        local = Affiliate.objects.create(kind="local", slug="bench-local", name="Bench ESP",
                                         parent=state)
        old = Contract.objects.create(local=local, name="2020-2023", slug="2020-2023",
                                      status="superseded", starts_on=dt.date(2020, 7, 1))
        contract = Contract.objects.create(local=local, name="2023-2026", slug="2023-2026",
                                           status="in_force", starts_on=dt.date(2023, 7, 1))
        sections = 0
        for c in (contract, old):
            for a, title in enumerate(TITLES[:60], start=1):
                article = Article.objects.create(contract=c, number=str(a), title=title.strip(),
                                                 position=a)
                n = 7 if a % 3 else 6  # 60 articles, 400 sections
                Section.objects.bulk_create(
                    Section(contract=c, article=article, number=f"{a}.{s}",
                            title=words.sentence(2, 4).rstrip("."), text=words.text(60, 250),
                            position=s) for s in range(1, n + 1))
                sections += n if c is contract else 0
        start_day = dt.date(2025, 1, 8)
        sessions = [Session.objects.create(
            local=local, held_on=start_day + dt.timedelta(days=7 * i), title=f"Session {i + 1}",
            video_url=f"https://www.youtube.com/watch?v=bench{i}", published=i % 10 != 9)
            for i in range(40)]
        proposals = []
        for i in range(200):
            side = "union" if i % 2 == 0 else "district"
            proposals.append(Proposal(
                local=local, label=f"{'U' if side == 'union' else 'D'}-{i // 2 + 1}",
                side=side, contract=contract, article_number=str(i % 60 + 1),
                title=TITLES[i % 60].strip(), text=words.text(50, 200),
                rationale=words.text(10, 60), published=i % 10 != 0))
        Proposal.objects.bulk_create(proposals)
        Post.objects.bulk_create(Post(
            local=local, title=words.sentence(5, 8).rstrip("."), slug=f"update-{i}",
            body=words.text(100, 400), status="published" if i % 10 else "draft",
            published_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC) + dt.timedelta(days=i))
            for i in range(100))
    segments = make_segments(words, sessions, n_segments)
    return {"local": local, "contract": contract, "sessions": sessions, "segments": segments,
            "sections": sections, "words": words}


def make_segments(words: Words, sessions, n: int) -> list:
    from unionhall.bargaining.models import TranscriptSegment

    per = -(-n // len(sessions))
    out = []
    for i in range(n):
        session = sessions[i // per]
        position = i % per
        out.append(TranscriptSegment(session=session, position=position, start=position * 7.5,
                                     speaker=words.rng.choice(SPEAKERS),
                                     text=words.text(8, 50)))
    return out


def import_segments(segments) -> float:
    """Seconds to bulk_create the segments in one transaction, the search index kept."""
    from django.db import transaction

    from unionhall.bargaining.models import TranscriptSegment

    start = time.perf_counter()
    with transaction.atomic():
        TranscriptSegment.objects.bulk_create(segments)
    return time.perf_counter() - start


def import_without_index(segments) -> float:
    """The same import with the triggers (SQLite) or the GIN index (PostgreSQL) dropped, in a
    transaction rolled back afterwards: the DDL is undone with it."""
    from django.db import connection, transaction

    from unionhall.bargaining.models import TranscriptSegment

    fresh = [TranscriptSegment(session=s.session, position=s.position, start=s.start,
                               speaker=s.speaker, text=s.text) for s in segments]
    table = "bargaining_transcriptsegment"

    class Rollback(Exception):
        pass

    elapsed = 0.0
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                if POSTGRES:
                    cursor.execute(f"DROP INDEX {table}_fts")
                else:
                    for event in ("ai", "ad", "au"):
                        cursor.execute(f"DROP TRIGGER {table}_fts_{event}")
            start = time.perf_counter()
            TranscriptSegment.objects.bulk_create(fresh)
            elapsed = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return elapsed


QUERIES = [
    # (category, query)
    ("common word", "district"), ("common word", "time"), ("common word", "pay"),
    ("common word", "members"),
    ("mid word", "seniority"), ("mid word", "overtime"), ("mid word", "insurance"),
    ("mid word", "grievance"),
    ("rare word", "arbitration"), ("rare word", "asbestos"), ("rare word", "RARE1"),
    ("rare word", "RARE2"),
    ("two words", "paid training"), ("two words", "bus drivers"), ("two words", "sick leave"),
    ("two words", "health insurance"), ("two words", "step increase"),
    ("prefix", "parae"), ("prefix", "senio"), ("prefix", "retir"),
    ("phrase", '"sick leave"'), ("phrase", '"bus route"'),
    ("section number", "7.3"), ("section number", "section 42.5"), ("section number", "art. 12"),
    ("Spanish, no accents", "capacitacion"), ("Spanish, no accents", "votacion salario"),
    ("nonsense", "xqzzyv"), ("nonsense", "zzkkq wages"),
    ("junk", '"unbalanced AND (NEAR* -:'),
]


def queries_for(words: Words) -> list[tuple[str, str]]:
    rare = words.rare[2500:2502]  # words of the tail that occur a few times
    return [(cat, {"RARE1": rare[0], "RARE2": rare[1]}.get(q, q)) for cat, q in QUERIES]


def naive_search(access, q: str, limit: int = 20) -> dict:
    """What one writes without full-text search: every word in any column, with icontains,
    the same visibility, a count and the newest `limit` rows of each kind. No ranking and no
    snippets, so it does less than search()."""
    from django.db.models import Q

    from unionhall.bargaining import queries
    from unionhall.bargaining.models import Post, Proposal, Section, TranscriptSegment

    words = re.findall(r"[^\W_]+", q)[:10]
    if not words:
        return {}
    visible = queries.visible(access)
    tables = {"section": (Section, ("number", "title", "text")),
              "segment": (TranscriptSegment, ("speaker", "text")),
              "proposal": (Proposal, ("label", "title", "text", "rationale")),
              "post": (Post, ("title", "body"))}
    out = {}
    for kind, (model, columns) in tables.items():
        cond = Q()
        for w in words:
            any_column = Q()
            for c in columns:
                any_column |= Q(**{f"{c}__icontains": w})
            cond &= any_column
        qs = model.objects.filter(visible[kind]).filter(cond)
        out[kind] = (qs.count(), list(qs.order_by("-id").values_list("id", flat=True)[:limit]))
    return out


def time_calls(fn, queries: list[tuple[str, str]], runs: int) -> dict:
    per_query, samples = [], []
    for category, q in queries:
        fn(q)  # warm-up
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - start) * 1000)
        samples += times
        per_query.append({"category": category, "q": q,
                          "median_ms": round(statistics.median(times), 2)})
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 2),
            "p90_ms": round(samples[int(0.9 * (len(samples) - 1))], 2),
            "max_ms": round(samples[-1], 2), "queries": per_query}


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0]
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def measure(n_segments: int, runs: int) -> dict:
    from django.db import connection

    from unionhall.bargaining.search import search
    from unionhall.core.models import Role
    from unionhall.core.permissions import Access

    built = build(n_segments)
    without_index = import_without_index(built["segments"])  # rolled back
    with_index = import_segments(built["segments"])
    if POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"imported {n_segments:,} segments in {with_index:.2f} s "
          f"({without_index:.2f} s without the search index)", flush=True)
    access = Access(local=built["local"], user_id=None, roles=frozenset({Role.MEMBER}))
    queries = queries_for(built["words"])
    hits = {q: search(access, q).total for _c, q in queries}
    ours = time_calls(lambda q: search(access, q), queries, runs)
    naive = time_calls(lambda q: naive_search(access, q), queries, max(3, runs // 3))
    for row in ours["queries"]:
        row["matches"] = hits[row["q"]]
    for ours_row, naive_row in zip(ours["queries"], naive["queries"], strict=True):
        ours_row["icontains_ms"] = naive_row["median_ms"]
    return {"segments": n_segments, "sections": built["sections"], "proposals": 200,
            "posts": 100, "import_s": round(with_index, 2),
            "import_without_index_s": round(without_index, 2), "search": ours,
            "icontains": {k: naive[k] for k in ("median_ms", "p90_ms", "max_ms")},
            "runs": runs, "database": database_version(), "date": dt.date.today().isoformat(),
            "machine": machine()}


def render(results: dict) -> str:
    lines = [BEGIN, "## Bargaining search", "",
             "`bench/search.py`: one local with a 60-article contract in force (400 sections) "
             "and its previous version, 20,000 transcript segments over 40 sessions (4 not "
             "published), 200 proposals and 100 updates, all invented text with Zipf-like word "
             "frequencies. `search()` as a member (only what a member may read), 30 queries "
             "of every kind, one warm-up then the timed calls; compared with `icontains` "
             "over the same columns and visibility (LIKE '%word%': no ranking, no snippets, "
             "so it does less). Target: median under 50 ms on both databases.", "",
             "On PostgreSQL the search reads a stored, weighted `search_vector` column with a "
             "GIN index (migration 0002_search). A first design with GIN indexes on the "
             "`to_tsvector(...)` expression measured median 171 ms, p90 417 ms here: ranking "
             "re-parses every matching row, and the planner, taking to_tsvector for cheap, "
             "filtered the small tables by parsing every row.", ""]
    for backend in sorted(results):
        r = results[backend]
        s, n = r["search"], r["icontains"]
        lines += [
            f"### {r['database']}", "",
            f"Measured {r['date']} on {r['machine']}; {r['runs']} timed calls per query.", "",
            f"- `search()`: median **{s['median_ms']:.1f} ms**, p90 {s['p90_ms']:.1f} ms, "
            f"slowest {s['max_ms']:.1f} ms.",
            f"- `icontains`: median {n['median_ms']:.1f} ms, p90 {n['p90_ms']:.1f} ms: "
            f"{n['median_ms'] / s['median_ms']:.1f}× the median of `search()`, "
            f"{n['p90_ms'] / s['p90_ms']:.1f}× its p90.",
            f"- Import of {r['segments']:,} segments with `bulk_create`: {r['import_s']:.2f} s "
            f"with the search index kept up to date, {r['import_without_index_s']:.2f} s "
            f"without it.", "",
            "| query | kind | matches | search() ms | icontains ms |", "|---|---|---:|---:|---:|"]
        for q in s["queries"]:
            shown = q["q"].replace("|", "\\|")
            lines.append(f"| `{shown}` | {q['category']} | {q['matches']:,} | "
                         f"{q['median_ms']:.1f} | {q['icontains_ms']:.1f} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--segments", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    setup_django(fresh_database())
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    result = measure(args.segments, args.runs)
    DATA.mkdir(parents=True, exist_ok=True)
    store = DATA / "search-results.json"
    results = json.loads(store.read_text()) if store.exists() else {}
    results[BACKEND] = result
    section = render(results)
    if not args.no_write:
        store.write_text(json.dumps(results, indent=1))
        write_section(section, BEGIN, END)
    print(section)


if __name__ == "__main__":
    main()
