"""Payroll deductions and the district's remittance: the pure part. No Django import.

`members.actions.payroll.export_deductions` loads the members and calls `expected_amount` and
`render_rows`; `members.actions.payroll.import_remittance` reads the district's file with
`read_remittance` and sorts its rows with `match_remittance`.

The rules, written down
-----------------------
Which paycheck. A pay date is paycheck `dues.pay_period_of(pay_date)` (0-based) of its
membership year: the year's days cut into the local's `pay_periods` equal slices.

What a member owes on a paycheck. Their yearly dues (the rates in force on the first day of the
membership year, at their FTE) over the year's n paychecks, `dues.split`: paycheck i gets
yearly // n cents and the first yearly % n paychecks one cent more, so a member all year pays
exactly the yearly amount. A member whose card was signed during the year pays what the card
quoted: the pro-rated amount over the paychecks from the signing date's period on, and nothing
on the paychecks before it.

Revocation window. A card can be revoked between `opens_days` and `closes_days` days (both
inclusive) before each anniversary of its signing; the first anniversary is one year after the
signing (February 29 falls on February 28 in other years).

Matching the remittance. Rows are matched on employee id (compared without case, spaces or
leading zeros); several rows for one employee id are added up (an adjustment line). A row is
- "ok" when the person was owed exactly the amount received,
- "amount_differs" when the person was owed a different amount,
- "not_owed" when the employee id is a person of the local who was owed nothing,
- "unmatched" when no person of the local has that employee id.
Whoever was owed something and has no row is "missing".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from unionhall.members import dues

COLUMNS = ("employee_id", "last_name", "first_name", "deduction_code", "amount", "pay_date")
DEFAULT_HEADERS = {
    "employee_id": "Employee ID", "last_name": "Last Name", "first_name": "First Name",
    "deduction_code": "Deduction Code", "amount": "Amount", "pay_date": "Pay Date",
}
AMOUNT_FORMATS = ("dollars", "cents")
KINDS = ("unmatched", "amount_differs", "not_owed")


class PayrollError(ValueError):
    pass


# --- Which paycheck, how much -------------------------------------------------------------------


def period_of(pay_date: dt.date, policy: dues.Policy) -> int:
    """The 0-based paycheck of the membership year a pay date is."""
    return dues.pay_period_of(pay_date, policy)


def expected_amount(rates, *, fte, pay_date: dt.date, policy: dues.Policy,
                    signed_on: dt.date | None = None) -> int:
    """Cents a member at `fte` owes on the paycheck of `pay_date` (see the module's rules).

    Raises dues.DuesError when the rates do not cover the FTE.
    """
    start, _end = dues.membership_year(pay_date, policy)
    period = period_of(pay_date, policy)
    if signed_on is not None and signed_on > start:
        joined = dues.quote(rates, fte=fte, on=signed_on, policy=policy)
        if period < joined.first_period:
            return 0
        return joined.schedule[period - joined.first_period]
    whole = dues.quote(rates, fte=fte, on=start, policy=policy)
    return dues.split(whole.yearly_cents, policy.pay_periods)[period]


# --- The deduction file -------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    deduction_code: str = "UNION"
    columns: tuple[tuple[str, str], ...] = tuple((k, DEFAULT_HEADERS[k]) for k in COLUMNS[:5])
    amount_format: str = "dollars"
    include_header: bool = True

    def check(self) -> list[str]:
        problems = []
        keys = [key for key, _header in self.columns]
        if not keys:
            problems.append("Choose at least one column.")
        unknown = [k for k in keys if k not in COLUMNS]
        if unknown:
            problems.append(f"Unknown columns: {', '.join(unknown)}.")
        if len(set(keys)) != len(keys):
            problems.append("A column is listed twice.")
        if "employee_id" not in keys or "amount" not in keys:
            problems.append("The file needs the employee id and amount columns.")
        if self.amount_format not in AMOUNT_FORMATS:
            problems.append("The amount is in dollars or in cents.")
        return problems


@dataclass(frozen=True)
class Line:
    employee_id: str
    last_name: str
    first_name: str
    amount_cents: int


def format_amount(cents: int, amount_format: str) -> str:
    if amount_format == "cents":
        return str(cents)
    return f"{cents // 100}.{cents % 100:02d}"


def render_rows(lines, layout: Layout, pay_date: dt.date) -> list[list[str]]:
    """The deduction file's rows (header first when the layout has one), as plain strings."""
    rows = [[header for _key, header in layout.columns]] if layout.include_header else []
    for line in lines:
        values = {
            "employee_id": line.employee_id, "last_name": line.last_name,
            "first_name": line.first_name, "deduction_code": layout.deduction_code,
            "amount": format_amount(line.amount_cents, layout.amount_format),
            "pay_date": pay_date.isoformat(),
        }
        rows.append([values[key] for key, _header in layout.columns])
    return rows


# --- The remittance file ------------------------------------------------------------------------

ID_HEADERS = {"employeeid", "empid", "employeenumber", "employeeno", "empno", "employee",
              "eeid", "eenumber", "staffid", "id", "employeeidnumber", "workerid"}
AMOUNT_HEADERS = {"amount", "deduction", "deductionamount", "amt", "dues", "duesamount",
                  "remitted", "remittedamount", "amountremitted", "total", "deducted",
                  "amountdeducted", "uniondues"}


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def normalize_id(value: str) -> str:
    """An employee id as compared: no case, no spaces, no leading zeros ("E 0012" = "e12")."""
    text = re.sub(r"\s", "", value or "").lower()
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", text)


@dataclass(frozen=True)
class RemittanceRow:
    row: int  # the line in the file, 1 for the header
    employee_id: str
    cents: int


@dataclass
class ParsedRemittance:
    rows: list[RemittanceRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_amount(text: str, amount_format: str = "dollars") -> int:
    """Cents from "12.34", "$1,234.50", "(12.00)" is refused; a whole number is read as the
    layout's format (dollars or cents)."""
    raw = text.strip().replace("$", "").replace(",", "").replace(" ", "")
    if not raw:
        raise PayrollError("the amount is empty")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise PayrollError(f"{text.strip()!r} is not an amount") from None
    if not value.is_finite() or value < 0:
        raise PayrollError(f"{text.strip()!r} is not an amount of zero or more")
    if "." not in raw and amount_format == "cents":
        return int(value)
    cents = value * 100
    if cents != cents.to_integral_value():
        raise PayrollError(f"{text.strip()!r} has fractions of a cent")
    return int(cents)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_remittance(data: bytes, *, amount_format: str = "dollars") -> ParsedRemittance:
    """The district's remittance CSV: an employee id and an amount column, found by header."""
    out = ParsedRemittance()
    text = _decode(data)
    if not text.strip():
        out.errors.append("row 1: the file is empty")
        return out
    first_line = text.lstrip().splitlines()[0]
    delimiter = max(",;\t|", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        out.errors.append("row 1: the file has no header row")
        return out
    keys = [_key(h) for h in header]
    id_col = next((i for i, k in enumerate(keys) if k in ID_HEADERS), None)
    amount_col = next((i for i, k in enumerate(keys) if k in AMOUNT_HEADERS), None)
    if id_col is None:
        out.errors.append("row 1: no employee id column (a header like \"Employee ID\")")
    if amount_col is None:
        out.errors.append("row 1: no amount column (a header like \"Amount\" or \"Deduction\")")
    if out.errors:
        return out
    id_name, amount_name = header[id_col].strip(), header[amount_col].strip()
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        employee_id = values[id_col].strip() if id_col < len(values) else ""
        amount = values[amount_col] if amount_col < len(values) else ""
        bad = False
        if not employee_id:
            out.errors.append(f"row {number}, column {id_name}: the employee id is empty")
            bad = True
        try:
            cents = parse_amount(amount, amount_format)
        except PayrollError as exc:
            out.errors.append(f"row {number}, column {amount_name}: {exc}")
            bad = True
        if not bad:
            out.rows.append(RemittanceRow(number, employee_id, cents))
    return out


@dataclass(frozen=True)
class Owed:
    person_id: int
    cents: int


@dataclass(frozen=True)
class Outcome:
    row: int
    employee_id: str
    person_id: int | None
    expected_cents: int | None
    received_cents: int
    kind: str  # "ok" | "unmatched" | "amount_differs" | "not_owed"


@dataclass
class Matched:
    outcomes: list[Outcome] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)  # person ids owed something, no row

    @property
    def ok(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == "ok"]

    @property
    def exceptions(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind != "ok"]


def match_remittance(rows: list[RemittanceRow], *, owed: dict[str, Owed],
                     people: dict[str, int]) -> Matched:
    """Sort remittance rows (see the module's rules).

    `owed`: normalized employee id → what the person was owed this pay date (cents > 0);
    `people`: normalized employee id → person id, for everyone of the local.
    """
    totals: dict[str, list] = {}
    for r in rows:
        key = normalize_id(r.employee_id)
        if key in totals:
            totals[key][2] += r.cents
        else:
            totals[key] = [r.row, r.employee_id, r.cents]
    out = Matched()
    for key, (row, employee_id, received) in totals.items():
        due = owed.get(key)
        if due is not None:
            kind = "ok" if received == due.cents else "amount_differs"
            out.outcomes.append(Outcome(row, employee_id, due.person_id, due.cents, received,
                                        kind))
        elif key in people:
            out.outcomes.append(Outcome(row, employee_id, people[key], 0, received, "not_owed"))
        else:
            out.outcomes.append(Outcome(row, employee_id, None, None, received, "unmatched"))
    out.missing = [due.person_id for key, due in owed.items() if key not in totals]
    return out


# --- The card's revocation window ---------------------------------------------------------------


def _anniversary(signed: dt.date, year: int) -> dt.date:
    if signed.month == 2 and signed.day == 29:
        try:
            return dt.date(year, 2, 29)
        except ValueError:
            return dt.date(year, 2, 28)
    return signed.replace(year=year)


def revocation_window(signed: dt.date, on: dt.date, *, opens_days: int,
                      closes_days: int) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the card's revocation window that is open on `on` or comes
    next: the window before the first anniversary whose window has not closed by `on`."""
    if opens_days < closes_days:
        raise PayrollError("The revocation window opens before it closes.")
    year = max(signed.year + 1, on.year)
    while True:
        anniversary = _anniversary(signed, year)
        closes = anniversary - dt.timedelta(days=closes_days)
        if closes >= on:
            return anniversary - dt.timedelta(days=opens_days), closes
        year += 1


def in_window(signed: dt.date, on: dt.date, *, opens_days: int, closes_days: int) -> bool:
    opens, closes = revocation_window(signed, on, opens_days=opens_days,
                                      closes_days=closes_days)
    return opens <= on <= closes
