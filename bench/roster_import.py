"""Roster import benchmark behind `make bench`: a 100,000-row HR export imported with
`manage.py import_roster` into an empty SQLite database, re-imported unchanged, and the same file
through django-import-export (the library a Django developer would reach for). Writes its section
of docs/performance.md.

    python bench/roster_import.py [--rows 100000] [--runs 3] [--iie-rows N] [--no-write]

Each timed step runs in its own process on a fresh, migrated SQLite database in a temporary
directory, with bench.settings (DEBUG off). Wall time and the process's peak memory (its own
rusage from wait4) are recorded; medians are reported.
"""

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "var" / "bench"
from bench.report import machine, write_section  # noqa: E402

BEGIN, END = "<!-- bench:roster:begin -->", "<!-- bench:roster:end -->"
SLUG = "lakeview"
HEADERS = ["Employee ID", "Legal First Name", "Last Name", "Preferred Name", "Work Location",
           "Job Title", "FTE", "Hire Date", "Personal Email", "Cell Phone", "Home Address",
           "City", "State", "Zip Code", "Preferred Language"]

# The bench-only django-import-export resource: a plain ModelResource for Person, worksite and
# job class looked up by name, employee id as the key. Run in the child process.
IIE_SCRIPT = r"""
import sys, time
import django
django.setup()
import tablib
from import_export import fields, resources, widgets
from unionhall.core.models import Affiliate, JobClass, Worksite
from unionhall.members.models import Person

local = Affiliate.objects.get(slug=sys.argv[2])


class PersonResource(resources.ModelResource):
    employee_id = fields.Field(attribute="employee_id", column_name="Employee ID")
    legal_first_name = fields.Field(attribute="legal_first_name", column_name="Legal First Name")
    legal_last_name = fields.Field(attribute="legal_last_name", column_name="Last Name")
    preferred_name = fields.Field(attribute="preferred_name", column_name="Preferred Name")
    personal_email = fields.Field(attribute="personal_email", column_name="Personal Email")
    mobile_phone = fields.Field(attribute="mobile_phone", column_name="Cell Phone")
    worksite = fields.Field(attribute="worksite", column_name="Work Location",
                            widget=widgets.ForeignKeyWidget(Worksite, field="name"))
    job_class = fields.Field(attribute="job_class", column_name="Job Title",
                             widget=widgets.ForeignKeyWidget(JobClass, field="title"))
    fte = fields.Field(attribute="fte", column_name="FTE", widget=widgets.DecimalWidget())
    hire_date = fields.Field(attribute="hire_date", column_name="Hire Date",
                             widget=widgets.DateWidget(format="%m/%d/%Y"))

    class Meta:
        model = Person
        fields = ("employee_id", "legal_first_name", "legal_last_name", "preferred_name",
                  "personal_email", "mobile_phone", "worksite", "job_class", "fte", "hire_date")
        import_id_fields = ("employee_id",)

    def before_save_instance(self, instance, row, **kwargs):
        instance.local = local


with open(sys.argv[1], encoding="utf-8-sig") as f:
    dataset = tablib.Dataset().load(f.read(), format="csv")
start = time.perf_counter()
result = PersonResource().import_data(dataset, dry_run=False, raise_errors=True)
elapsed = time.perf_counter() - start
assert not result.has_errors() and not result.has_validation_errors()
print(elapsed)
"""

SETUP_SCRIPT = r"""
import sys
import django
django.setup()
from unionhall.core.actions import create_local
from unionhall.core.models import JobClass, Worksite
local = create_local(sys.argv[1], name="Lakeview ESP", time_zone="America/Chicago")
if len(sys.argv) > 2:  # django-import-export cannot create worksites or job classes
    import csv
    with open(sys.argv[2], encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    Worksite.objects.bulk_create([Worksite(local=local, name=n)
                                  for n in sorted({r["Work Location"] for r in rows})])
    JobClass.objects.bulk_create([JobClass(local=local, title=t)
                                  for t in sorted({r["Job Title"] for r in rows})])
"""


def write_csv(rows: int) -> Path:
    """A deterministic HR export of `rows` ESPs (the demo generator's people), cached."""
    path = DATA / f"roster-{rows}.csv"
    if path.exists():
        return path
    from unionhall.core.demo import build_demo

    DATA.mkdir(parents=True, exist_ok=True)
    demo = build_demo(persons=rows, accounts=False)
    sites = [s["name"] for s in demo.worksites]
    language = {"en": "English", "es": "Spanish"}
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADERS)
        for p in demo.persons:
            hire = p["hire_date"]
            out.writerow([p["employee_id"], p["legal_first_name"], p["legal_last_name"],
                          p["preferred_name"], sites[p["worksite"]], p["job_class"],
                          str(p["fte"]), f"{hire.month}/{hire.day}/{hire.year}",
                          p["personal_email"], p["mobile_phone"], p["street"], p["city"],
                          p["state"], p["postal_code"], language[p["language"]]])
    tmp.rename(path)
    return path


def env_for(db: Path) -> dict:
    env = dict(os.environ)
    env.update(DJANGO_SETTINGS_MODULE="bench.settings", DATABASE_URL=f"sqlite:///{db}",
               PYTHONPATH=str(ROOT))
    return env


def measured(cmd: list[str], env: dict) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and stdout of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024, out


def template_db(work: Path) -> Path:
    """A migrated, empty database, copied for every run."""
    db = work / "template.sqlite3"
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0", "--skip-checks"],
                   env=env_for(db), cwd=ROOT, check=True)
    return db


def fresh(template: Path, work: Path, name: str, *setup_args: str) -> Path:
    db = work / f"{name}.sqlite3"
    shutil.copy(template, db)
    subprocess.run([sys.executable, "-c", SETUP_SCRIPT, SLUG, *setup_args], env=env_for(db),
                   cwd=ROOT, check=True)
    return db


def ours(template: Path, work: Path, path: Path, run: int) -> dict:
    db = fresh(template, work, f"ours-{run}")
    cmd = [sys.executable, str(ROOT / "manage.py"), "import_roster", str(path), "--local", SLUG,
           "--create-worksites", "--json", "--skip-checks"]
    first = measured(cmd, env_for(db))
    again = measured(cmd, env_for(db))
    a, b = json.loads(first[2]), json.loads(again[2])
    assert a["created"] == a["rows"] and not a["errors"], a
    assert b["unchanged"] == b["rows"], b
    db.unlink()
    return {"import_s": first[0], "import_mb": first[1], "again_s": again[0],
            "again_mb": again[1]}


def theirs(template: Path, work: Path, path: Path) -> dict:
    db = fresh(template, work, "iie", str(path))
    elapsed, mb, out = measured([sys.executable, "-c", IIE_SCRIPT, str(path), SLUG],
                                env_for(db))
    db.unlink()
    return {"wall_s": elapsed, "import_s": float(out.strip().splitlines()[-1]), "mb": mb}




def render(rows: int, runs: list[dict], iie: dict, iie_rows: int) -> str:
    import sqlite3

    def med(key):
        return statistics.median(r[key] for r in runs)

    def span(key):
        values = sorted(r[key] for r in runs)
        return f"{statistics.median(values):.2f} ({values[0]:.2f}–{values[-1]:.2f})"

    scale = rows / iie_rows
    iie_full = iie["wall_s"] * scale
    label = (f"{iie['wall_s']:.1f} s at {iie_rows:,} rows → about {iie_full:.0f} s at {rows:,} "
             f"(extrapolated linearly, ×{scale:g})" if iie_rows != rows
             else f"{iie['wall_s']:.1f}")
    ratio = iie_full / med("import_s")
    lines = [
        BEGIN,
        f"## Roster import on SQLite {sqlite3.sqlite_version}",
        "",
        f"Measured {dt.date.today().isoformat()} on {machine()}, with `make bench` "
        f"(`bench/roster_import.py`): a {rows:,}-row HR export (CSV, 15 columns, the demo "
        "generator's people) imported by `manage.py import_roster --create-worksites` into an "
        "empty database, then imported again unchanged. Each step is its own process on a fresh "
        "migrated SQLite database (bench settings, DEBUG off); wall time includes starting "
        "Django, reading the file, checking every row and writing persons, memberships, their "
        "history and the audit entry. Peak memory is the process's maximum resident set. "
        f"Median of {len(runs)} runs (min–max).",
        "",
        "| step | seconds | peak memory (MB) |",
        "|---|---|---|",
        f"| import into an empty database | {span('import_s')} | {med('import_mb'):.0f} |",
        f"| re-import, nothing changed | {span('again_s')} | {med('again_mb'):.0f} |",
        "",
        "### Side by side with django-import-export",
        "",
        "The same file through django-import-export 4.4.3 (`ModelResource.import_data`, "
        "dry_run=False, a plain resource for Person with worksite and job class by name through "
        "`ForeignKeyWidget`, employee id as the import id; worksites and job classes created "
        "beforehand, since it cannot create them; no memberships or history written), "
        "one run, wall time of its own process.",
        "",
        "| tool | seconds | peak memory (MB) |",
        "|---|---|---|",
        f"| Unionhall `import_roster` | {med('import_s'):.2f} | {med('import_mb'):.0f} |",
        f"| django-import-export | {label} | {iie['mb']:.0f} (at {iie_rows:,} rows) |",
        "",
        f"Unionhall is {ratio:.0f}× faster on the first import.",
        END,
    ]
    return "\n".join(lines) + "\n"




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--iie-rows", type=int, default=10_000,
                        help="rows for django-import-export (extrapolated to --rows)")
    parser.add_argument("--no-write", action="store_true", help="print, do not edit the docs")
    args = parser.parse_args()
    path = write_csv(args.rows)
    iie_path = write_csv(args.iie_rows) if args.iie_rows != args.rows else path
    with tempfile.TemporaryDirectory(prefix="roster-bench-") as tmp:
        work = Path(tmp)
        template = template_db(work)
        runs = []
        for run in range(args.runs):
            runs.append(ours(template, work, path, run))
            print(f"run {run + 1}: {json.dumps({k: round(v, 2) for k, v in runs[-1].items()})}",
                  flush=True)
        iie = theirs(template, work, iie_path)
        print(f"django-import-export at {args.iie_rows} rows: "
              f"{json.dumps({k: round(v, 2) for k, v in iie.items()})}", flush=True)
    section = render(args.rows, runs, iie, args.iie_rows)
    print(section)
    if not args.no_write:
        write_section(section, BEGIN, END)


if __name__ == "__main__":
    main()
