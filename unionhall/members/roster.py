"""The district's HR roster export, read and compared with the roster on record. Pure: no Django.

1. `read_roster(data, ...)`: bytes of a CSV (UTF-8 with or without BOM, or Windows-1252; comma,
   semicolon or tab) or an XLSX/XLS workbook (its first sheet) → typed records, one per data
   row, keyed by employee id, with every bad row reported as `row N, column C: message` (N is the
   row's line in the file, the header being line 1; C the column's header as written).
2. `plan_changes(roster, existing, ...)`: the records against the persons on record (plain dicts
   keyed by the same normalized employee id) → who is created, updated (field by field),
   unchanged, and who has left the unit.
3. `possible_duplicates(...)`: new persons with a close name at the same worksite as someone on
   record, for staff to merge.

A cell left blank never clears a value on record: HR exports leave out what they do not know,
and a member's own email or phone is worth more than a blank.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# The Person fields a roster may carry, with the headers (normalized: lower case letters and
# digits only) that name each.
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": ("employeeid", "empid", "employeenumber", "employeeno", "empno", "empnumber",
                    "employeenum", "employeeidnumber", "staffid", "personnelnumber"),
    "legal_first_name": ("firstname", "legalfirstname", "givenname", "first"),
    "legal_last_name": ("lastname", "legallastname", "surname", "familyname", "last"),
    "preferred_name": ("preferredname", "preferredfirstname", "nickname"),
    "worksite": ("worklocation", "site", "school", "building", "worksite", "location",
                 "worksitename", "sitename", "schoolname", "buildingname"),
    "job_class": ("jobtitle", "position", "jobclass", "title", "positiontitle", "jobclassification",
                  "classification"),
    "fte": ("fte", "ftepercent", "fulltimeequivalent"),
    "hire_date": ("hiredate", "dateofhire", "datehired", "originalhiredate", "startdate"),
    "personal_email": ("email", "personalemail", "emailaddress", "personalemailaddress",
                       "homeemail"),
    "mobile_phone": ("phone", "cellphone", "mobile", "mobilephone", "cell", "phonenumber",
                     "cellphonenumber", "mobilephonenumber", "homephone"),
    "street": ("address", "street", "homeaddress", "streetaddress", "address1", "addressline1",
               "homestreet", "homestreetaddress"),
    "city": ("city", "homecity"),
    "state": ("state", "homestate"),
    "postal_code": ("zip", "zipcode", "postalcode", "postcode", "homezip", "homezipcode"),
    "language": ("language", "preferredlanguage", "primarylanguage"),
}
HEADER_FIELDS: dict[str, str] = {
    alias: name for name, aliases in ALIASES.items() for alias in aliases
}
REQUIRED = ("employee_id", "legal_first_name", "legal_last_name")
LABELS = {"employee_id": "employee id", "legal_first_name": "first name",
          "legal_last_name": "last name"}
# The longest value each text field holds (the model's max_length).
MAX_LENGTH = {
    "employee_id": 40, "legal_first_name": 100, "legal_last_name": 100, "preferred_name": 100,
    "personal_email": 254, "mobile_phone": 30, "street": 200, "city": 100, "state": 50,
    "postal_code": 20, "worksite": 200, "job_class": 200,
}
LANGUAGE_NAMES = {
    "en": ("en", "eng", "english", "inglés", "ingles"),
    "es": ("es", "spa", "spanish", "español", "espanol", "castellano"),
}
# Whoever has left the unit with one of these statuses is someone staff should call.
FOLLOW_UP_STATUSES = frozenset({"member", "pending"})
DELIMITERS = (",", ";", "\t")
EMAIL = re.compile(r"^[^@\s,;<>()\[\]\"]+@[^@\s,;<>()\[\]\"]+\.[^@\s,;<>()\[\]\"]+$")
US_DATE = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
THOUSANDTH = Decimal("0.001")


@dataclass(frozen=True)
class Problem:
    """A bad row (an error) or something set aside (a warning). Row 0: the file as a whole."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        if self.column:
            return f"row {self.row}, column {self.column}: {self.message}"
        return f"row {self.row}: {self.message}"

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Roster:
    rows: int = 0  # data rows read, blank lines not counted
    fields: tuple[str, ...] = ()  # the Person fields the file has a column for
    records: list[dict] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_worksites: list[str] = field(default_factory=list)
    new_job_classes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    creates: list[dict] = field(default_factory=list)  # records of new employee ids
    updates: list[tuple[int, dict]] = field(default_factory=list)  # (pk, {field: (old, new)})
    unchanged: int = 0
    left: list[int] = field(default_factory=list)  # pks newly out of the unit
    follow_up: list[int] = field(default_factory=list)  # those of `left` staff should call


@dataclass
class Summary:
    """What an import did, or would do (a dry run), or why it did nothing (errors)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    left: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_worksites: list[str] = field(default_factory=list)
    new_job_classes: list[str] = field(default_factory=list)
    possible_duplicates: int = 0
    dry_run: bool = False
    import_id: int | None = None

    def as_dict(self) -> dict:
        return {
            "rows": self.rows, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "left": self.left,
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
            "new_worksites": self.new_worksites, "new_job_classes": self.new_job_classes,
            "possible_duplicates": self.possible_duplicates, "dry_run": self.dry_run,
        }


# ---------------------------------------------------------------------------------------------
# Small parsers, each usable on its own


def normalize_header(text: object) -> str:
    """Lower case letters and digits only: "E-mail", "EMAIL " and "e mail" are one header."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def field_for_header(text: object) -> str | None:
    return HEADER_FIELDS.get(normalize_header(text))


def normalize_id(value: str) -> str:
    """The key an employee id is compared by: no case, spaces or leading zeros."""
    key = "".join(value.split()).upper().lstrip("0")
    return key or ("0" if value.strip() else "")


def normalize_name(text: str) -> str:
    """How worksite names and job titles are compared: no case, single spaces."""
    return " ".join(text.casefold().split())


def plain_name(text: str) -> str:
    """Lower case without accents, for comparing people's names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def cell_text(value: object) -> str:
    """A cell as trimmed text; a whole number read from a spreadsheet loses its ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _century(year: int) -> int:
    # Two-digit years as strptime reads them: 69–99 are 1969–1999, 00–68 are 2000–2068.
    return year + (1900 if year >= 69 else 2000)


def parse_date(value: object) -> dt.date:
    """M/D/YYYY, MM/DD/YY, YYYY-MM-DD (an optional time after is ignored), a spreadsheet date
    cell, or a spreadsheet day number. Raises ValueError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's day numbers, 1900-01-01 to 9999-12-31
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(value)
    text = str(value).strip()
    if match := ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := US_DATE.match(text):
        month, day, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year = _century(year)
    else:
        raise ValueError(text)
    return dt.date(year, month, day)


def parse_fte(value: object) -> Decimal:
    """A number from 0 to 1 ("0.5", ".75", "1"), or a percentage ("50%"). Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError(value)
    text = str(value).strip().replace(",", ".") if not isinstance(value, float) else repr(value)
    percent = text.endswith("%")
    try:
        number = Decimal(text.rstrip("%").strip())
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    if percent:
        number /= 100
    if not 0 <= number <= 1:
        raise ValueError(text)
    return number.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


def is_email(text: str) -> bool:
    return len(text) <= 254 and EMAIL.match(text) is not None


def language_code(text: str, languages: Iterable[str] = ("en", "es")) -> str | None:
    key = text.strip().casefold()
    for code in languages:
        if key == code or key in LANGUAGE_NAMES.get(code, ()):
            return code
    return None


# ---------------------------------------------------------------------------------------------
# Bytes to rows


class NotARoster(ValueError):
    """The file cannot be read as a table at all."""


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Five byte values cp1252 leaves undefined; Latin-1 reads every byte.
        return data.decode("latin-1")


def _delimiter(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return max(DELIMITERS, key=line.count)
    return ","


def table_rows(data: bytes, filename: str = "") -> Iterator[tuple[int, list]]:
    """(line, cells) for every non-blank row of the file; line 1 is the file's first line."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        yield from _workbook_rows(data)
        return
    if b"\x00" in data[:65536]:
        raise NotARoster("This is not a CSV or XLSX file.")
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    line = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                yield line, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        raise NotARoster(f"The file cannot be read as CSV near line {reader.line_num}: "
                         f"{exc}.") from None


def _workbook_rows(data: bytes) -> Iterator[tuple[int, list]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # noqa: BLE001 - calamine raises several kinds for a broken file
        raise NotARoster(f"The spreadsheet cannot be read: {exc}.") from None
    for index, cells in enumerate(rows, start=1):
        if any(cell_text(c) for c in cells):
            yield index, cells


# ---------------------------------------------------------------------------------------------
# Rows to records


def read_roster(data: bytes, *, filename: str = "", worksites: Iterable[str] = (),
                job_classes: Iterable[str] = (), create_worksites: bool = False,
                languages: Iterable[str] = ("en", "es")) -> Roster:
    """Every row checked; `records` hold only the fields the file has a non-blank value for,
    plus "key" (the normalized employee id) and "line". Worksites and job titles come out in
    the spelling on record when they match one (without case or extra spaces)."""
    out = Roster()
    if not data.strip():
        out.errors.append(Problem(0, "", "The file is empty."))
        return out
    rows = table_rows(data, filename)
    try:
        header_line, header = next(rows)
    except StopIteration:
        out.errors.append(Problem(0, "", "The file is empty."))
        return out
    except NotARoster as exc:
        out.errors.append(Problem(0, "", str(exc)))
        return out

    columns: list[tuple[int, str, str]] = []  # (index, field, header as written)
    taken: dict[str, str] = {}
    for index, raw in enumerate(header):
        written = cell_text(raw)
        if not written:
            continue
        name = field_for_header(written)
        if name is None:
            out.warnings.append(Problem(header_line, written, "unknown column, ignored"))
        elif name in taken:
            out.warnings.append(Problem(header_line, written,
                                        f"same field as column {taken[name]}, ignored"))
        else:
            taken[name] = written
            columns.append((index, name, written))
    if "employee_id" not in taken:
        out.errors.append(Problem(0, "", "This is not a roster: no employee id column was found "
                                         "(looked for Employee ID, Emp ID, Employee Number)."))
        return out
    missing = [LABELS[name] for name in REQUIRED if name not in taken]
    if missing:
        out.errors.append(Problem(header_line, "", "no column for " + " or ".join(missing)))
        return out
    out.fields = tuple(name for _i, name, _w in columns if name != "employee_id")

    site_names = {normalize_name(n): n for n in worksites}
    class_names = {normalize_name(n): n for n in job_classes}
    languages = tuple(languages)
    dates: dict[object, dt.date] = {}
    ftes: dict[object, Decimal] = {}
    first_line: dict[str, int] = {}
    errors, records = out.errors, out.records
    width = max(i for i, _n, _w in columns) + 1
    try:
        for line, cells in rows:
            out.rows += 1
            if len(cells) < width:
                cells = list(cells) + [""] * (width - len(cells))
            record: dict = {"line": line}
            for index, name, written in columns:
                value = cells[index]
                text = value.strip() if isinstance(value, str) else cell_text(value)
                if not text:
                    if name in REQUIRED:
                        errors.append(Problem(line, written, f"no {LABELS[name]}"))
                    continue
                limit = MAX_LENGTH.get(name)
                if limit is not None and len(text) > limit:
                    errors.append(Problem(line, written,
                                          f"longer than {limit} characters"))
                    continue
                if name == "employee_id":
                    key = normalize_id(text)
                    if key in first_line:
                        errors.append(Problem(line, written, f"employee id {text} is also on "
                                                             f"row {first_line[key]}"))
                    else:
                        first_line[key] = line
                    record["key"] = key
                    record["employee_id"] = text
                elif name == "hire_date":
                    cache_key = value if not isinstance(value, str) else text
                    day = dates.get(cache_key)
                    if day is None:
                        try:
                            day = dates[cache_key] = parse_date(value if not isinstance(
                                value, str) else text)
                        except (ValueError, OverflowError):
                            errors.append(Problem(line, written, f"cannot read the date {text!r} "
                                                  "(use M/D/YYYY or YYYY-MM-DD)"))
                            continue
                    record[name] = day
                elif name == "fte":
                    cache_key = value if not isinstance(value, str) else text
                    fte = ftes.get(cache_key)
                    if fte is None:
                        try:
                            fte = ftes[cache_key] = parse_fte(value)
                        except ValueError:
                            errors.append(Problem(line, written, f"FTE {text!r} is not a number "
                                                                 "from 0 to 1"))
                            continue
                    record[name] = fte
                elif name == "personal_email":
                    if not is_email(text):
                        errors.append(Problem(line, written, f"{text!r} is not an email address"))
                        continue
                    record[name] = text
                elif name == "worksite":
                    known = site_names.get(normalize_name(text))
                    if known is None:
                        if create_worksites:
                            known = site_names[normalize_name(text)] = text
                            out.new_worksites.append(text)
                        else:
                            errors.append(Problem(line, written, f"unknown worksite {text!r} (add "
                                                  "it first, or import with --create-worksites)"))
                            continue
                    record[name] = known
                elif name == "job_class":
                    known = class_names.get(normalize_name(text))
                    if known is None:
                        known = class_names[normalize_name(text)] = text
                        out.new_job_classes.append(text)
                    record[name] = known
                elif name == "language":
                    code = language_code(text, languages)
                    if code is None:
                        out.warnings.append(Problem(line, written, f"unknown language {text!r}, "
                                                    "ignored"))
                        continue
                    record[name] = code
                else:
                    record[name] = text
            records.append(record)
    except NotARoster as exc:
        errors.append(Problem(0, "", str(exc)))
    if not out.rows and not errors:
        errors.append(Problem(0, "", "The file has no rows under its header."))
    if out.errors:
        out.records = []
    return out


# ---------------------------------------------------------------------------------------------
# Records against the roster on record


def plan_changes(roster: Roster, existing: dict[str, dict], *, partial: bool = False) -> Plan:
    """`existing` maps normalized employee ids to the persons on record: dicts with "pk",
    "in_unit", "left_unit_on", "status" (membership) and the Person fields (worksite and job
    class by name). Persons without an employee id cannot be matched and are left alone."""
    plan = Plan()
    fields = roster.fields
    seen = set()
    for record in roster.records:
        key = record["key"]
        old = existing.get(key)
        if old is None:
            plan.creates.append(record)
            continue
        seen.add(key)
        changes = {}
        for name in fields:
            new = record.get(name)
            if new is not None and old[name] != new:
                changes[name] = (old[name], new)
        if not old["in_unit"]:
            changes["in_unit"] = (False, True)
            changes["left_unit_on"] = (old["left_unit_on"], None)
        if changes:
            plan.updates.append((old["pk"], changes))
        else:
            plan.unchanged += 1
    if not partial:
        for key, old in existing.items():
            if key not in seen and old["in_unit"]:
                plan.left.append(old["pk"])
                if old.get("status") in FOLLOW_UP_STATUSES:
                    plan.follow_up.append(old["pk"])
    return plan


DUPLICATE_THRESHOLD = 90.0


def possible_duplicates(new: Iterable[tuple[object, str, str, str | None]],
                        existing: Iterable[tuple[int, str, str, str | None]],
                        threshold: float = DUPLICATE_THRESHOLD) -> list[tuple[object, int, float]]:
    """(new key, existing pk, score) for each new person whose "first last" is close to that of
    someone on record at the same worksite. Only worksites with new persons are compared."""
    from rapidfuzz import fuzz, process

    wanted = defaultdict(list)
    for key, first, last, site in new:
        if site:
            wanted[site].append((key, plain_name(f"{first} {last}")))
    if not wanted:
        return []
    pool: dict[str, tuple[list[int], list[str]]] = {}
    for pk, first, last, site in existing:
        if site in wanted:
            pks, names = pool.setdefault(site, ([], []))
            pks.append(pk)
            names.append(plain_name(f"{first} {last}"))
    found = []
    for site, people in wanted.items():
        if site not in pool:
            continue
        pks, names = pool[site]
        for key, name in people:
            for _choice, score, index in process.extract(
                    name, names, scorer=fuzz.token_sort_ratio, score_cutoff=threshold,
                    limit=None):
                found.append((key, pks[index], float(score)))
    return found


def plain_value(value: object) -> object:
    """A value as JSON keeps it in a change history."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
