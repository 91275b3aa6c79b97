"""The roster reader and planner on their own: bytes in, records, problems and plans out."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unionhall.members import roster
from unionhall.members.roster import Problem, plan_changes, read_roster

HEADER = "Employee ID,First Name,Last Name,Site,Job Title,FTE,Hire Date,Email\n"
SITES = ["Alder Elementary", "Birch Middle School"]


def read(text: str, **kwargs) -> roster.Roster:
    kwargs.setdefault("worksites", SITES)
    return read_roster(text.encode("utf-8"), filename="roster.csv", **kwargs)


def messages(result) -> list[str]:
    return [str(p) for p in result.errors]


# --- headers ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "field"), [
    ("Employee ID", "employee_id"), ("Emp ID", "employee_id"), ("EMPLOYEE NUMBER", "employee_id"),
    ("EmpID", "employee_id"), ("emp_id", "employee_id"), ("First Name", "legal_first_name"),
    ("Legal First Name", "legal_first_name"), ("Last Name", "legal_last_name"),
    ("Preferred Name", "preferred_name"), ("Work Location", "worksite"), ("Site", "worksite"),
    ("School", "worksite"), ("Building", "worksite"), ("Worksite", "worksite"),
    ("Job Title", "job_class"), ("Position", "job_class"), ("Job Class", "job_class"),
    ("FTE", "fte"), ("Hire Date", "hire_date"), ("Email", "personal_email"),
    ("Personal Email", "personal_email"), ("E-mail", "personal_email"),
    ("Phone", "mobile_phone"), ("Cell Phone", "mobile_phone"), ("Mobile", "mobile_phone"),
    ("Mobile Phone", "mobile_phone"), ("Address", "street"), ("Street", "street"),
    ("Home Address", "street"), ("City", "city"), ("State", "state"), ("Zip", "postal_code"),
    ("ZIP Code", "postal_code"), ("Postal Code", "postal_code"), ("Language", "language"),
    ("Preferred Language", "language"), ("Favorite Color", None),
])
def test_header_aliases(header, field):
    assert roster.field_for_header(header) == field


noise = st.text(alphabet=" -_.:/()#'\t", max_size=3)


@given(st.sampled_from(sorted(roster.HEADER_FIELDS)), st.data())
def test_headers_match_without_case_spaces_or_punctuation(alias, data):
    # Any casing, with spaces or punctuation between the letters, names the same field.
    mangled = "".join(
        data.draw(noise) + (c.upper() if data.draw(st.booleans()) else c) for c in alias
    ) + data.draw(noise)
    assert roster.field_for_header(mangled) == roster.HEADER_FIELDS[alias]


# --- dates and numbers -----------------------------------------------------------------------

@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_iso_and_us_dates_read_back(day):
    assert roster.parse_date(day.isoformat()) == day
    assert roster.parse_date(f"{day.month}/{day.day}/{day.year:04d}") == day
    assert roster.parse_date(f"{day.month:02d}/{day.day:02d}/{day.year:04d}") == day


@given(st.dates(min_value=dt.date(1969, 1, 1), max_value=dt.date(2068, 12, 31)))
def test_two_digit_years_read_as_1969_to_2068(day):
    assert roster.parse_date(f"{day.month:02d}/{day.day:02d}/{day.year % 100:02d}") == day


@pytest.mark.parametrize("value", ["13/1/2020", "2/30/2020", "2020-13-01", "yesterday", "1.2.2020",
                                   "", "8/20"])
def test_unreadable_dates_raise(value):
    with pytest.raises(ValueError):
        roster.parse_date(value)


def test_spreadsheet_dates():
    assert roster.parse_date(dt.datetime(2015, 8, 20, 0, 0)) == dt.date(2015, 8, 20)
    assert roster.parse_date(dt.date(2015, 8, 20)) == dt.date(2015, 8, 20)
    assert roster.parse_date(42236.0) == dt.date(2015, 8, 20)  # Excel's day number
    assert roster.parse_date("2015-08-20 00:00:00") == dt.date(2015, 8, 20)


@pytest.mark.parametrize(("value", "fte"), [("1", "1.000"), ("0.5", "0.500"), (".75", "0.750"),
                                            ("0", "0.000"), ("50%", "0.500"), (0.8, "0.800"),
                                            (1, "1.000"), ("0,5", "0.500")])
def test_fte(value, fte):
    assert roster.parse_fte(value) == Decimal(fte)


@pytest.mark.parametrize("value", ["1.5", "-0.1", "full", "NaN", "inf", "150%", True])
def test_bad_fte(value):
    with pytest.raises(ValueError):
        roster.parse_fte(value)


@given(st.decimals(min_value=0, max_value=1, places=3))
def test_fte_in_range_reads_back(value):
    assert roster.parse_fte(str(value)) == value


def test_emails():
    assert roster.is_email("ana.pena@example.org")
    for bad in ("ana", "ana@", "@example.org", "ana@example", "ana @example.org",
                "ana@@example.org"):
        assert not roster.is_email(bad), bad


# --- reading files ---------------------------------------------------------------------------

def test_reads_typed_records_with_line_numbers():
    result = read(HEADER + "1001,Ana,Peña,alder elementary,Para,0.5,8/20/2015,ana@example.org\n"
                  "\n,,,,,,,\n"
                  "1002,  Bob ,Smith,Birch Middle School,Custodian,,2019-01-02,\n")
    assert result.errors == []
    assert result.rows == 2
    ana, bob = result.records
    assert ana == {"line": 2, "key": "1001", "employee_id": "1001", "legal_first_name": "Ana",
                   "legal_last_name": "Peña", "worksite": "Alder Elementary", "job_class": "Para",
                   "fte": Decimal("0.500"), "hire_date": dt.date(2015, 8, 20),
                   "personal_email": "ana@example.org"}
    # Blank lines are skipped but still counted in line numbers; blank cells are left out.
    assert bob["line"] == 5 and bob["legal_first_name"] == "Bob" and "fte" not in bob
    assert result.new_job_classes == ["Para", "Custodian"]


def test_every_bad_row_reported_with_line_and_column():
    result = read("Emp ID,First Name,Last Name,School,FTE,Hire Date,E-mail\n"
                  "1,Ana,Peña,Alder Elementary,1,8/20/2015,ana@example.org\n"
                  ",Bob,Smith,Alder Elementary,1,8/20/2015,\n"
                  "1,Cy,Jones,Alder Elementary,1,8/20/2015,\n"
                  "3,Di,Lee,Alder Elementary,1.5,8/20/2015,\n"
                  "4,Ed,Kim,Nowhere High,1,8/20/2015,\n"
                  "5,Flo,Ray,Alder Elementary,1,31/12/2015,\n"
                  "6,Gus,Orr,Alder Elementary,1,8/20/2015,gus@\n"
                  "7,,Orr,Alder Elementary,1,8/20/2015,\n")
    assert messages(result) == [
        "row 3, column Emp ID: no employee id",
        "row 4, column Emp ID: employee id 1 is also on row 2",
        "row 5, column FTE: FTE '1.5' is not a number from 0 to 1",
        "row 6, column School: unknown worksite 'Nowhere High' (add it first, or import with "
        "--create-worksites)",
        "row 7, column Hire Date: cannot read the date '31/12/2015' (use M/D/YYYY or YYYY-MM-DD)",
        "row 8, column E-mail: 'gus@' is not an email address",
        "row 9, column First Name: no first name",
    ]
    assert result.records == []  # nothing to write from a bad file
    assert result.rows == 8


def test_new_worksites_allowed_when_asked():
    result = read(HEADER + "1,Ana,Peña,Nowhere High,,,,\n2,Bo,Li,NOWHERE HIGH,,,,\n",
                  create_worksites=True)
    assert result.errors == []
    assert result.new_worksites == ["Nowhere High"]
    assert [r["worksite"] for r in result.records] == ["Nowhere High", "Nowhere High"]


def test_unknown_columns_are_warnings():
    result = read("Employee ID,First Name,Last Name,Shoe Size,Email,Personal Email\n"
                  "1,Ana,Peña,7,a@example.org,b@example.org\n")
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        "row 1, column Shoe Size: unknown column, ignored",
        "row 1, column Personal Email: same field as column Email, ignored",
    ]
    assert result.records[0]["personal_email"] == "a@example.org"


def test_ids_compared_without_case_spaces_or_leading_zeros():
    result = read(HEADER + "00123,Ana,Peña,,,,,\nE7,Bo,Li,,,,,\n123,Cy,Li,,,,,\ne7,Di,Li,,,,,\n")
    assert messages(result) == ["row 4, column Employee ID: employee id 123 is also on row 2",
                                "row 5, column Employee ID: employee id e7 is also on row 3"]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty."),
    (b"\n\n  \n", "The file is empty."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV or XLSX file."),
    (b"Name,Address\nAna,1 Main St\n", "This is not a roster: no employee id column was found "
                                       "(looked for Employee ID, Emp ID, Employee Number)."),
    (b"Employee ID,First Name,Last Name\n", "The file has no rows under its header."),
    (b"PK\x03\x04garbage", None),
])
def test_not_a_roster(data, message):
    result = read_roster(data)
    assert len(result.errors) == 1 and result.errors[0].row == 0
    if message:
        assert str(result.errors[0]) == message


def test_missing_name_columns():
    result = read_roster(b"Employee ID,First Name\n1,Ana\n")
    assert messages(result) == ["row 1: no column for last name"]


def test_utf8_bom_and_windows_1252():
    text = HEADER.replace("Employee ID", "Employee ID") + "1,José,Peña,,,,,\n"
    bom = read_roster(b"\xef\xbb\xbf" + text.encode("utf-8"))
    cp1252 = read_roster(text.encode("cp1252"))
    for result in (bom, cp1252):
        assert result.errors == []
        assert result.records[0]["legal_last_name"] == "Peña"
        assert result.records[0]["legal_first_name"] == "José"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolons_and_tabs(delimiter):
    text = (HEADER + '1,"Ana, María",Peña,,,0.5,,\n').replace(",", delimiter)
    result = read_roster(text.encode("utf-8"))
    assert result.errors == []
    assert result.records[0]["legal_first_name"] == "Ana" + delimiter + " María"
    assert result.records[0]["fte"] == Decimal("0.5")


def test_quoted_line_breaks_keep_line_numbers():
    result = read_roster(b'Employee ID,First Name,Last Name,Address\n1,Ana,Pe,"1 Main St\nApt 2"\n'
                         b"2,Bo,Li,\n,Cy,Li,\n")
    assert messages(result) == ["row 5, column Employee ID: no employee id"]


def test_language_names():
    result = read("Employee ID,First Name,Last Name,Preferred Language\n"
                  "1,Ana,Pe,Spanish\n2,Bo,Li,english\n3,Cy,Li,Klingon\n4,Di,Li,ES\n")
    assert [r.get("language") for r in result.records] == ["es", "en", None, "es"]
    assert [str(w) for w in result.warnings] == [
        "row 4, column Preferred Language: unknown language 'Klingon', ignored"]


def test_too_long_values():
    result = read(f"Employee ID,First Name,Last Name\n1,{'A' * 101},Pe\n")
    assert messages(result) == ["row 2, column First Name: longer than 100 characters"]


def xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_typed_cells():
    data = xlsx([
        ["Employee Number", "Legal First Name", "Last Name", "Building", "FTE", "Hire Date",
         "Zip Code"],
        [1001, "Ana", "Peña", "Alder Elementary", 0.5, dt.datetime(2015, 8, 20), 90001],
        [None, None, None, None, None, None, None],
        ["E2", "Bo", "Li", "Birch Middle School", 1, "8/20/2015", "02134"],
        [None, "Cy", "Li", "Birch Middle School", 1, "8/20/2015", None],
    ])
    result = read_roster(data, filename="roster.xlsx", worksites=SITES)
    assert messages(result) == ["row 5, column Employee Number: no employee id"]
    result = read_roster(xlsx([
        ["Employee Number", "Legal First Name", "Last Name", "Building", "FTE", "Hire Date",
         "Zip Code"],
        [1001, "Ana", "Peña", "Alder Elementary", 0.5, dt.datetime(2015, 8, 20), 90001],
    ]), worksites=SITES)
    assert result.records == [{
        "line": 2, "key": "1001", "employee_id": "1001", "legal_first_name": "Ana",
        "legal_last_name": "Peña", "worksite": "Alder Elementary", "fte": Decimal("0.500"),
        "hire_date": dt.date(2015, 8, 20), "postal_code": "90001"}]


# --- planning --------------------------------------------------------------------------------

def on_record(pk, employee_id, **fields):
    base = {"pk": pk, "employee_id": employee_id, "legal_first_name": "A", "legal_last_name": "B",
            "worksite": "Alder Elementary", "job_class": None, "fte": Decimal("1.000"),
            "hire_date": None, "personal_email": "", "in_unit": True, "left_unit_on": None,
            "status": "non_member"}
    return roster.normalize_id(employee_id), {**base, **fields}


def test_plan():
    existing = dict([
        on_record(1, "1"), on_record(2, "2"), on_record(3, "3", status="member"),
        on_record(4, "4"), on_record(5, "5", in_unit=False, left_unit_on=dt.date(2024, 6, 1)),
        on_record(6, "6", in_unit=False),
    ])
    parsed = read(HEADER + "1,A,B,Alder Elementary,,1,,\n"  # unchanged
                  "2,A,B,Birch Middle School,,0.5,,\n"  # moved, part time
                  "5,A,B,,,,,\n"  # back in the unit
                  "7,New,Person,,,,,\n")
    plan = plan_changes(parsed, existing)
    assert plan.unchanged == 1
    assert [r["key"] for r in plan.creates] == ["7"]
    assert plan.updates == [
        (2, {"worksite": ("Alder Elementary", "Birch Middle School"),
             "fte": (Decimal("1.000"), Decimal("0.500"))}),
        (5, {"in_unit": (False, True), "left_unit_on": (dt.date(2024, 6, 1), None)}),
    ]
    assert plan.left == [3, 4] and plan.follow_up == [3]
    partial = plan_changes(parsed, existing, partial=True)
    assert partial.left == [] and partial.follow_up == []


def test_possible_duplicates_only_at_the_same_worksite():
    found = roster.possible_duplicates(
        [("n1", "Jose", "Pena", "Alder"), ("n2", "Ann", "Lee", "Alder"),
         ("n3", "Mary", "Smith", None)],
        [(10, "José", "Peña", "Alder"), (11, "Jose", "Pena", "Birch"),
         (12, "Pena", "Jose", "Alder"), (13, "Mary", "Smith", "Alder")])
    assert sorted((key, pk) for key, pk, _score in found) == [("n1", 10), ("n1", 12)]
    assert all(score >= 90 for *_rest, score in found)


def test_problem_text():
    assert str(Problem(3, "FTE", "bad")) == "row 3, column FTE: bad"
    assert str(Problem(1, "", "bad")) == "row 1: bad"
    assert str(Problem(0, "", "Not a roster.")) == "Not a roster."
