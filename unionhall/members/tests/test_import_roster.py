"""Importing the district's HR roster: `manage.py import_roster` and the import_roster action."""

import datetime as dt
import hashlib
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from unionhall.core.models import AuditEntry, JobClass, Worksite
from unionhall.members.actions import import_roster
from unionhall.members.models import (
    Membership,
    MembershipChange,
    Person,
    PersonChange,
    PossibleDuplicate,
    RosterImport,
)

HEADER = ("Employee ID,Legal First Name,Last Name,Work Location,Job Title,FTE,Hire Date,"
          "Personal Email,Cell Phone\n")


def roster_of(people, extra: str = "") -> str:
    """The world's persons as the district would export them, plus extra lines."""
    lines = [HEADER]
    for p in people:
        lines.append(f"{p.employee_id},{p.legal_first_name},{p.legal_last_name},"
                     f"{p.worksite.name},{p.job_class.title},{p.fte},"
                     f"{p.hire_date:%m/%d/%Y},{p.personal_email},{p.mobile_phone}\n")
    return "".join(lines) + extra


def everyone(world):
    return [*world.people_a, *world.people_b]


def run(tmp_path, text, *args, data: bytes | None = None, name="roster.csv"):
    """The command's exit status and its stdout, stderr."""
    path = tmp_path / name
    path.write_bytes(data if data is not None else text.encode("utf-8"))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_roster", str(path), "--local", "lakeview", *args, stdout=out,
                     stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def run_json(tmp_path, text, *args, **kwargs):
    status, out, _err = run(tmp_path, text, "--json", *args, **kwargs)
    return status, json.loads(out)


def counts():
    return (Person.objects.count(), Membership.objects.count(), MembershipChange.objects.count(),
            PersonChange.objects.count(), RosterImport.objects.count(),
            Worksite.objects.count(), JobClass.objects.count(),
            AuditEntry.objects.filter(verb="roster.imported").count(),
            list(Person.objects.order_by("pk").values_list("in_unit", "legal_last_name", "fte")))


def test_new_people_created_with_membership_and_history(world, tmp_path):
    text = roster_of(everyone(world),
                     "900001,Ana,Peña,Alder Elementary,Paraeducator I,0.5,8/20/2015,"
                     "ana@example.org,555-0199\n")
    status, summary = run_json(tmp_path, text)
    assert status == 0
    assert summary == {"rows": 7, "created": 1, "updated": 0, "unchanged": 6, "left": 0,
                       "errors": [], "warnings": [], "new_worksites": [], "new_job_classes": [],
                       "possible_duplicates": 0, "dry_run": False}
    ana = Person.objects.get(employee_id="900001")
    assert (ana.legal_first_name, ana.legal_last_name, ana.worksite, ana.fte, ana.hire_date,
            ana.personal_email, ana.mobile_phone, ana.in_unit, ana.language) == (
        "Ana", "Peña", world.site_a, Decimal("0.500"), dt.date(2015, 8, 20), "ana@example.org",
        "555-0199", True, "en")
    assert ana.local == world.local and ana.job_class.title == "Paraeducator I"
    assert ana.membership.status == "non_member"
    change = ana.membership_changes.get()
    assert (change.from_status, change.to_status, change.effective) == (
        "", "non_member", timezone.localdate())
    imported = RosterImport.objects.get()
    assert (imported.filename, imported.rows, imported.created, imported.unchanged,
            imported.left, imported.partial) == ("roster.csv", 7, 1, 6, 0, False)
    entry = AuditEntry.objects.get(verb="roster.imported")
    assert entry.affiliate == world.local and entry.actor is None
    assert entry.changes["created"] == [None, 1] and entry.changes["rows"] == [None, 7]


def test_text_output(world, tmp_path):
    status, out, err = run(tmp_path, roster_of(everyone(world), "900001,Ana,Peña,Alder "
                                               "Elementary,Bus Driver,1,,,\n"))
    assert status == 0 and err == ""
    assert "Imported 7 rows: 1 new, 0 updated, 6 unchanged, 0 marked as having left" in out
    assert "New job classes (assign each a job family): Bus Driver" in out


def test_reimport_unchanged(world, tmp_path):
    text = roster_of(everyone(world), "900001,Ana,Peña,Alder Elementary,Bus Driver,1,,,\n")
    run_json(tmp_path, text)
    before = PersonChange.objects.count()
    status, summary = run_json(tmp_path, text)
    assert status == 0
    assert (summary["rows"], summary["created"], summary["updated"], summary["unchanged"],
            summary["left"]) == (7, 0, 0, 7, 0)
    assert PersonChange.objects.count() == before
    assert RosterImport.objects.count() == 2


def test_changed_fields_kept_in_history(world, tmp_path):
    moved = world.people_a[2]
    moved.worksite, moved.fte = world.site_b, Decimal("0.75")  # as the district now has it
    text = roster_of(everyone(world))
    status, summary = run_json(tmp_path, text)
    assert status == 0 and summary["updated"] == 1 and summary["unchanged"] == 5
    moved.refresh_from_db()
    assert moved.worksite == world.site_b and moved.fte == Decimal("0.750")
    change = PersonChange.objects.get(person=moved)
    assert change.source == "import" and change.by is None
    assert change.roster_import == RosterImport.objects.get()
    assert change.changes == {"worksite": ["Alder Elementary", "Birch Middle School"],
                              "fte": ["1.000", "0.750"]}


def test_blank_cells_do_not_clear(world, tmp_path):
    person = world.people_a[0]
    text = roster_of(everyone(world)).replace(f",{person.personal_email},", ",,")
    status, summary = run_json(tmp_path, text)
    assert status == 0 and summary["unchanged"] == 6
    person.refresh_from_db()
    assert person.personal_email


def test_full_roster_marks_who_left_and_flags_members(world, tmp_path):
    gone_member = world.people_a[0]
    gone = world.people_b[1]
    Membership.objects.filter(person=gone).update(status="non_member")
    staying = [p for p in everyone(world) if p not in (gone_member, gone)]
    status, summary = run_json(tmp_path, roster_of(staying))
    assert status == 0 and summary["left"] == 2 and summary["unchanged"] == 4
    gone_member.refresh_from_db()
    gone.refresh_from_db()
    today = timezone.localdate()
    assert (gone_member.in_unit, gone_member.left_unit_on) == (False, today)
    assert gone_member.follow_up.startswith("Missing from the district's roster")
    assert (gone.in_unit, gone.left_unit_on, gone.follow_up) == (False, today, "")
    assert Person.objects.filter(pk=gone.pk).exists()  # never deleted
    assert PersonChange.objects.get(person=gone).changes == {
        "in_unit": [True, False], "left_unit_on": [None, today.isoformat()]}
    # The other local's people are not touched.
    world.outsider_person.refresh_from_db()
    assert world.outsider_person.in_unit

    # Marked once: importing the same roster again leaves no one newly.
    status, summary = run_json(tmp_path, roster_of(staying))
    assert summary["left"] == 0 and summary["unchanged"] == 4

    # Back on the roster: back in the unit.
    status, summary = run_json(tmp_path, roster_of(everyone(world)))
    assert summary["updated"] == 2 and summary["left"] == 0
    gone.refresh_from_db()
    assert (gone.in_unit, gone.left_unit_on) == (True, None)
    assert PersonChange.objects.filter(person=gone).first().changes == {
        "in_unit": [False, True], "left_unit_on": [today.isoformat(), None]}


def test_partial_roster_leaves_no_one(world, tmp_path):
    status, summary = run_json(tmp_path, roster_of(world.people_a[:1]), "--partial")
    assert status == 0 and summary["left"] == 0 and summary["unchanged"] == 1
    assert Person.objects.filter(in_unit=False).count() == 0
    assert RosterImport.objects.get().partial


def test_persons_without_an_employee_id_are_left_alone(world, tmp_path):
    Person.objects.filter(pk=world.people_b[2].pk).update(employee_id=None)
    status, summary = run_json(tmp_path, roster_of(everyone(world)[:5]))
    assert summary["left"] == 0
    assert Person.objects.filter(in_unit=False).count() == 0


def test_bad_file_writes_nothing_and_reports_every_row(world, tmp_path):
    before = counts()
    text = roster_of(everyone(world),
                     ",No,Id,Alder Elementary,Paraeducator I,1,8/20/2015,,\n"
                     "900001,Ana,Peña,Alder Elementary,Paraeducator I,2,8/20/2015,,\n"
                     "900001,Ana,Twice,Alder Elementary,Paraeducator I,1,8/20/2015,,\n"
                     "900002,Bo,Li,Nowhere High,Paraeducator I,1,8/20/2015,,\n"
                     "900003,Cy,Li,Alder Elementary,New Title,1,the 5th,,\n"
                     "900004,Di,Li,Alder Elementary,Paraeducator I,1,8/20/2015,di@,\n")
    status, summary = run_json(tmp_path, text)
    assert status == 1
    assert summary["errors"] == [
        {"row": 8, "column": "Employee ID", "message": "no employee id"},
        {"row": 9, "column": "FTE", "message": "FTE '2' is not a number from 0 to 1"},
        {"row": 10, "column": "Employee ID", "message": "employee id 900001 is also on row 9"},
        {"row": 11, "column": "Work Location",
         "message": "unknown worksite 'Nowhere High' (add it first, or import with "
                    "--create-worksites)"},
        {"row": 12, "column": "Hire Date",
         "message": "cannot read the date 'the 5th' (use M/D/YYYY or YYYY-MM-DD)"},
        {"row": 13, "column": "Personal Email", "message": "'di@' is not an email address"},
    ]
    assert summary["rows"] == 12 and summary["created"] == 0
    assert counts() == before

    status, out, err = run(tmp_path, text)
    assert status == 1 and out == ""
    assert "row 9, column FTE: FTE '2' is not a number from 0 to 1" in err.splitlines()
    assert "6 problem(s) in 12 rows; nothing was imported." in err
    assert counts() == before


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty."),
    (b"\x00\x01\x02\xff\xfe binary", "This is not a CSV or XLSX file."),
    (b"Name,Phone\nAna,555\n", "This is not a roster: no employee id column"),
    (b"PK\x03\x04not really a workbook", "The spreadsheet cannot be read"),
])
def test_not_a_roster_is_refused_with_a_message(world, tmp_path, data, message):
    before = counts()
    status, out, err = run(tmp_path, "", data=data)
    assert status == 1 and message in err and "Traceback" not in err
    status, summary = run_json(tmp_path, "", data=data)
    assert status == 1 and summary["errors"][0]["row"] == 0
    assert message in summary["errors"][0]["message"]
    assert counts() == before


def test_dry_run_writes_nothing(world, tmp_path):
    before = counts()
    text = roster_of(everyone(world)[1:], "900001,Ana,Peña,Nowhere High,Bus Driver,1,,,\n")
    status, summary = run_json(tmp_path, text, "--dry-run", "--create-worksites")
    assert status == 0
    assert (summary["created"], summary["unchanged"], summary["left"], summary["dry_run"],
            summary["new_worksites"], summary["new_job_classes"]) == (
        1, 5, 1, True, ["Nowhere High"], ["Bus Driver"])
    assert counts() == before
    status, out, _err = run(tmp_path, text, "--dry-run", "--create-worksites")
    assert "Would import 6 rows: 1 new" in out
    assert counts() == before


def test_create_worksites(world, tmp_path):
    text = roster_of(everyone(world), "900001,Ana,Peña,Cedar High,Paraeducator I,1,,,\n"
                                      "900002,Bo,Li,CEDAR HIGH,Paraeducator I,1,,,\n")
    status, summary = run_json(tmp_path, text)
    assert status == 1 and not Worksite.objects.filter(name="Cedar High").exists()
    status, summary = run_json(tmp_path, text, "--create-worksites")
    assert status == 0 and summary["new_worksites"] == ["Cedar High"]
    site = Worksite.objects.get(local=world.local, name="Cedar High")
    assert set(Person.objects.filter(worksite=site).values_list("employee_id", flat=True)) == {
        "900001", "900002"}


def test_unknown_job_title_becomes_a_job_class_without_family(world, tmp_path):
    text = roster_of(everyone(world), "900001,Ana,Peña,Alder Elementary,Bus Driver,1,,,\n"
                                      "900002,Bo,Li,Alder Elementary,paraeducator  i,1,,,\n")
    status, summary = run_json(tmp_path, text)
    assert summary["new_job_classes"] == ["Bus Driver"]
    driver = JobClass.objects.get(local=world.local, title="Bus Driver")
    assert driver.family is None
    assert Person.objects.get(employee_id="900001").job_class == driver
    assert Person.objects.get(employee_id="900002").job_class.title == "Paraeducator I"


def test_possible_duplicates(world, tmp_path):
    known = world.people_a[0]
    Person.objects.filter(pk=known.pk).update(legal_first_name="José", legal_last_name="Peña")
    text = roster_of(everyone(world),
                     "900001,Jose,Pena,Alder Elementary,Paraeducator I,1,,,\n"
                     "900002,Jose,Pena,Birch Middle School,Paraeducator I,1,,,\n"
                     "900003,Mary,Smith,Alder Elementary,Paraeducator I,1,,,\n")
    status, summary = run_json(tmp_path, text.replace(f"{known.legal_first_name},"
                                                      f"{known.legal_last_name}", "José,Peña"))
    assert status == 0 and summary["possible_duplicates"] == 1
    pair = PossibleDuplicate.objects.get()
    assert pair.person.employee_id == "900001" and pair.candidate == known
    assert pair.local == world.local and pair.score >= 90 and pair.resolution == ""


def test_bom_and_windows_1252_files(world, tmp_path):
    text = roster_of(everyone(world), "900001,José,Peña,Alder Elementary,Paraeducator I,1,,,\n")
    status, _summary = run_json(tmp_path, "", data=b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert status == 0
    assert Person.objects.get(employee_id="900001").legal_last_name == "Peña"
    text = text.replace("900001", "900002")
    status, summary = run_json(tmp_path, "", data=text.encode("cp1252"))
    assert status == 0
    assert Person.objects.get(employee_id="900002").legal_first_name == "José"


def test_header_aliases_and_extra_columns(world, tmp_path):
    text = ("EmpID;first name;LAST NAME;School;Position;Zip;Mobile;Home Address;City;State;"
            "Preferred Language;Badge Color\n"
            "900001;Ana;Peña;Alder Elementary;Cook;90001;555-0111;1 Elm St;Lakeview;CA;"
            "Spanish;red\n")
    status, summary = run_json(tmp_path, text, "--partial")
    assert status == 0 and summary["created"] == 1
    assert summary["warnings"] == [{"row": 1, "column": "Badge Color",
                                    "message": "unknown column, ignored"}]
    ana = Person.objects.get(employee_id="900001")
    assert (ana.postal_code, ana.mobile_phone, ana.street, ana.city, ana.state, ana.language) == (
        "90001", "555-0111", "1 Elm St", "Lakeview", "CA", "es")


def test_xlsx_file(world, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Employee Number", "First Name", "Last Name", "Site", "FTE", "Hire Date"])
    sheet.append([900001, "Ana", "Peña", "Alder Elementary", 0.5, dt.datetime(2015, 8, 20)])
    sheet.append([900002, "Bo", "Li", "Birch Middle School", 2, dt.datetime(2015, 8, 20)])
    out = io.BytesIO()
    book.save(out)
    status, summary = run_json(tmp_path, "", "--partial", data=out.getvalue(),
                               name="roster.xlsx")
    assert status == 1
    assert summary["errors"] == [{"row": 3, "column": "FTE",
                                  "message": "FTE '2' is not a number from 0 to 1"}]
    sheet["E3"] = 1
    out = io.BytesIO()
    book.save(out)
    status, summary = run_json(tmp_path, "", "--partial", data=out.getvalue(),
                               name="roster.xlsx")
    assert status == 0 and summary["created"] == 2
    ana = Person.objects.get(employee_id="900001")
    assert (ana.fte, ana.hire_date, ana.worksite) == (Decimal("0.500"), dt.date(2015, 8, 20),
                                                      world.site_a)


def test_bad_usage_exits_2(world, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(roster_of(everyone(world)))
    with pytest.raises(CommandError) as raised:
        call_command("import_roster", str(path), "--local", "nowhere")
    assert raised.value.returncode == 2
    with pytest.raises(CommandError) as raised:
        call_command("import_roster", str(tmp_path / "missing.csv"), "--local", "lakeview")
    assert raised.value.returncode == 2


@pytest.mark.parametrize("persona", ["member", "rep", "steward", "officer", "state", "outsider"])
def test_who_may_not_import(world, persona):
    with pytest.raises(PermissionDenied):
        import_roster(world.local, roster_of(everyone(world)).encode(), filename="r.csv",
                      by=world.users[persona])
    assert RosterImport.objects.count() == 0


def test_local_admin_imports(world):
    admin = world.users["admin"]
    summary = import_roster(world.local, roster_of(everyone(world)[1:]).encode(),
                            filename="r.csv", by=admin)
    assert summary.left == 1
    assert RosterImport.objects.get().by == admin
    assert AuditEntry.objects.get(verb="roster.imported").actor == admin
    assert PersonChange.objects.get().by == admin


def _generated(n: int, start: int = 900000) -> str:
    def word(i, salt):  # names that are not alike, so no possible duplicates
        return hashlib.sha256(f"{salt}{i}".encode()).hexdigest()[:10]

    sites = ("Birch Middle School", "Alder Elementary")
    rows = [f"{start + i},{word(start + i, 'f')},{word(start + i, 'l')},{sites[i % 2]}"
            f",Paraeducator I,1,8/20/2015,p{i}@example.org,555-01{i % 100:02d}\n"
            for i in range(n)]
    return HEADER + "".join(rows)


def _queries(world, text: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        summary = import_roster(world.local, text.encode(), filename="r.csv", partial=True)
    assert not summary.errors
    return [q["sql"].split()[0] for q in captured.captured_queries]


def test_query_count_does_not_grow_with_rows(world):
    # New persons: 200 and 400 rows (one executemany batch each) take the same queries.
    small = _queries(world, _generated(200))
    large = _queries(world, _generated(400, start=800000))
    assert len(small) == len(large) < 25
    # Changed persons: one bulk update per set of changed fields, in batches.
    small = _queries(world, _generated(200).replace(",1,8/20/2015", ",0.5,8/20/2015"))
    large = _queries(world, _generated(400, start=800000).replace(",1,8/20/2015",
                                                                 ",0.5,8/20/2015"))
    assert len(large) - len(small) <= 2 and len(large) < 30
    assert Person.objects.filter(fte=Decimal("0.5")).count() == 600
    assert PersonChange.objects.count() == 600

