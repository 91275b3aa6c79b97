"""The district calendar's closures, read from the files districts publish: a CSV a person
keeps in a spreadsheet, or an iCalendar (.ics) export or feed. Pure Python (no Django), so the
import page, the seeding command and the tests share one reader.

    parse(data, filename) -> list[Closure]      # sniffs CSV or iCalendar
    parse_csv(data) / parse_ics(data) -> list[Closure]
    public_holidays(first, last, subdivision=None) -> list[Closure]

Every result is sorted by date with one Closure per date. A file either reads whole or raises
CalendarImportError saying where (row or line, and column) and what is wrong: a calendar that
silently lost a row would move a grievance deadline.

Decisions where the issue left room:

- CSV: a date given twice with the same kind is merged (different labels are joined with
  "; "); with different kinds it is refused, since one of the two rows is a typo only a person
  can settle. A header must name a date column and a label column (the label cells may be
  blank): a label column under another name would otherwise be dropped without a word. Columns
  the reader does not know are ignored, so a district's export can be used as it is.
- iCalendar: overlapping events are normal in a district feed (a "Christmas Day" inside a
  "Winter break"), so they are merged, not refused: `closed` wins over `no_school` on the same
  date, and the labels of the winning kind are joined. Cancelled events (STATUS:CANCELLED) and
  cancelled or moved occurrences (EXDATE, RECURRENCE-ID) are left out. A repeating event is
  expanded over at most 400 days from its first occurrence: an open-ended rule ("every year")
  cannot be listed whole, and one calendar covers one school year. Only rules that are sure to
  match again soon are read (see _rule_parts): FREQ DAILY to YEARLY with INTERVAL, COUNT, UNTIL,
  BYDAY, BYMONTHDAY up to 28 and, yearly, BYMONTH; others (BYSETPOS, hourly, ...) are refused
  with a message asking for the dates as single events. Times given in UTC are read
  in the calendar's X-WR-TIMEZONE where it names one, as calendar programs show them.
- Labels are at most 100 characters (CalendarDay.label): a longer CSV label is refused, a longer
  iCalendar SUMMARY or a joined label is shortened with an ellipsis.

icalendar, dateutil and holidays are imported inside the functions that use them: together they
take a good part of a second to import, which every web and worker process would otherwise pay
at start for a page a local uses once a year.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import PurePosixPath

CLOSED = "closed"
NO_SCHOOL = "no_school"
KINDS = (CLOSED, NO_SCHOOL)

MAX_SPAN_DAYS = 400
MAX_LABEL = 100
# The rules read repeat daily at most, so 401 occurrences fit the window; this is a guard.
_MAX_OCCURRENCES = 1000


@dataclass(frozen=True)
class Closure:
    day: date
    kind: str
    label: str

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")


class CalendarImportError(ValueError):
    """A file that cannot be read as a calendar. `line` is the CSV row (counting the header as
    row 1, as a spreadsheet numbers it) or the iCalendar line; `column` the CSV column's header.
    Either is None where unknown; `detail` is the message without the place."""

    def __init__(self, detail: str, *, line: int | None = None, column: str | None = None,
                 unit: str = "line"):
        self.detail = detail
        self.line = line
        self.column = column
        self.unit = unit
        place = []
        if line is not None:
            place.append(f"{unit} {line}")
        if column:
            place.append(f"column {column}")
        super().__init__(f"{', '.join(place)}: {detail}" if place else detail)


def _row_error(detail: str, row: int, column: str | None = None) -> CalendarImportError:
    return CalendarImportError(detail, line=row, column=column, unit="row")


# Reading the bytes.

def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise CalendarImportError(
            "the file contains NUL bytes, so it is not a text file (a workbook or UTF-16 text?); "
            "save it as CSV UTF-8 or export it as .ics")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Excel on Windows saves "CSV (Comma delimited)" in Windows-1252.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CalendarImportError("the file is neither UTF-8 nor Windows-1252 text",
                                  line=line) from None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _clip_label(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "…"


def _kind_name(kind: str) -> str:
    return "no school" if kind == NO_SCHOOL else kind


# Collecting dates.

@dataclass
class _Day:
    kind: str
    where: int | None
    labels: list[str] = field(default_factory=list)


def _closures(days: dict[date, _Day]) -> list[Closure]:
    return [Closure(day, days[day].kind, _clip_label("; ".join(days[day].labels)))
            for day in sorted(days)]


def _span(first: date, last: date) -> Iterator[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


# CSV.

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_US_DATE_SHORT_YEAR = re.compile(r"\d{1,2}/\d{1,2}/\d{2}")

_KIND_WORDS = {
    "closed": CLOSED,
    "closure": CLOSED,
    "holiday": CLOSED,
    "no school": NO_SCHOOL,
    "non school": NO_SCHOOL,
    "non school day": NO_SCHOOL,
}
_KIND_HELP = "closed, closure, holiday, no school, non-school day"

_START_NAMES = ("date", "start", "start date")
_END_NAMES = ("end", "end date")
_LABEL_NAMES = ("label", "name", "description")  # the first present is used


def _words(text: str) -> str:
    """Lower case, with '_' and '-' read as spaces: 'No_School' and 'no-school' are 'no school'."""
    return " ".join(re.sub(r"[_\-]", " ", text).lower().split())


def _csv_date(raw: str, row: int, column: str) -> date:
    match = _ISO_DATE.fullmatch(raw)
    if match:
        year, month, day = match.groups()
    else:
        match = _US_DATE.fullmatch(raw)
        month, day, year = match.groups() if match else (0, 0, 0)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        pass
    hint = "; a two-digit year is ambiguous" if _US_DATE_SHORT_YEAR.fullmatch(raw) else ""
    raise _row_error(f"'{_short(raw)}' is not a date (YYYY-MM-DD or MM/DD/YYYY){hint}",
                     row, column)


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    row = 0
    while True:
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _row_error(f"not valid CSV ({exc})", row) from None
        yield row, [cell.strip() for cell in cells]


def _csv_header(row: int, cells: list[str]) -> dict[str, tuple[int, str]]:
    """Where each column the reader uses is: role -> (index, the header as the file writes it)."""
    found: dict[str, tuple[int, str]] = {}
    for index, name in enumerate(cells):
        words = _words(name)
        if not words:
            continue
        if words in found:
            raise _row_error(f"the header names column '{name}' twice", row, name)
        found[words] = (index, name)
    starts = [found[name] for name in _START_NAMES if name in found]
    if len(starts) > 1:
        raise _row_error(
            f"the header has both '{starts[0][1]}' and '{starts[1][1]}': use 'date' for single "
            "days, or 'start' with an optional 'end' for ranges", row)
    if not starts:
        listed = ", ".join(f"'{_short(c, 30)}'" for c in cells if c) or "nothing"
        raise _row_error(
            "the first row must be a header with a 'date' column (or 'start' with an optional "
            f"'end'), 'label' and optionally 'kind'; it has {listed}", row)
    columns = {"start": starts[0]}
    ends = [found[name] for name in _END_NAMES if name in found]
    if len(ends) > 1:
        raise _row_error(f"the header has both '{ends[0][1]}' and '{ends[1][1]}'", row)
    if ends:
        columns["end"] = ends[0]
    if "kind" in found:
        columns["kind"] = found["kind"]
    labels = [found[name] for name in _LABEL_NAMES if name in found]
    if not labels:
        raise _row_error("the header has no 'label' column (or 'name' or 'description'); "
                         "its cells may be left blank", row)
    columns["label"] = labels[0]
    return columns


def _cell(cells: list[str], column: tuple[int, str]) -> tuple[str, str]:
    """A row's value in `column` (short rows end in blanks) and the column's header."""
    index, name = column
    return (cells[index] if index < len(cells) else ""), name


def parse_csv(data: bytes) -> list[Closure]:
    """Closures from a CSV with a header row; see the module docstring for the columns."""
    rows = _csv_rows(_decode(data))
    header = None
    for row, cells in rows:
        if any(cells):
            header = (row, cells)
            break
    if header is None:
        raise CalendarImportError(
            "the file is empty; the first row must be a header: date, kind, label")
    header_row, header_cells = header
    columns = _csv_header(header_row, header_cells)
    width = len(header_cells)

    days: dict[date, _Day] = {}
    for row, cells in rows:
        if not any(cells):
            continue
        if any(cells[width:]):
            raise _row_error(
                f"{len(cells)} cells but the header has {width} columns; a value containing "
                "a comma must be in double quotes", row)

        raw, start_column = _cell(cells, columns["start"])
        if not raw:
            raise _row_error("the date is missing", row, start_column)
        first = _csv_date(raw, row, start_column)
        last = first
        if "end" in columns:
            raw_end, end_column = _cell(cells, columns["end"])
            if raw_end:
                last = _csv_date(raw_end, row, end_column)
                if last < first:
                    raise _row_error(f"'{raw_end}' is before the start, {first.isoformat()}",
                                     row, end_column)
                length = (last - first).days + 1
                if length > MAX_SPAN_DAYS:
                    raise _row_error(f"the range is {length} days; at most {MAX_SPAN_DAYS} "
                                     "are allowed", row, end_column)
        kind = CLOSED
        if "kind" in columns:
            raw_kind, kind_column = _cell(cells, columns["kind"])
            if raw_kind:
                kind = _KIND_WORDS.get(_words(raw_kind))
                if kind is None:
                    raise _row_error(f"'{_short(raw_kind)}' is not a kind ({_KIND_HELP})",
                                     row, kind_column)
        label, label_column = _cell(cells, columns["label"])
        label = " ".join(label.split())
        if len(label) > MAX_LABEL:
            raise _row_error(f"the label is {len(label)} characters; at most {MAX_LABEL}",
                             row, label_column)

        for day in _span(first, last):
            known = days.get(day)
            if known is None:
                days[day] = _Day(kind, row, [label] if label else [])
            elif known.kind != kind:
                raise _row_error(
                    f"{day.isoformat()} is '{_kind_name(kind)}' here but "
                    f"'{_kind_name(known.kind)}' in row {known.where}; a date has one kind",
                    row, start_column)
            elif label and label not in known.labels:
                known.labels.append(label)
    return _closures(days)


# iCalendar.

_NO_SCHOOL_WORDS = ("no school", "non school", "teacher work", "professional development",
                    "staff development", "inservice", "in service")

# The properties whose damage would change which dates are read; a broken LOCATION or X-
# property is the library's to ignore.
_PROPERTIES_USED = frozenset({"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE",
                              "RECURRENCE-ID", "SUMMARY", "CATEGORIES", "STATUS", "UID"})


class _Problem(Exception):
    """What is wrong with one event, and which property says it, for the line number."""

    def __init__(self, prop: str, detail: str):
        super().__init__(detail)
        self.prop = prop


@dataclass
class _EventLines:
    begin: int
    properties: dict[str, int] = field(default_factory=dict)


def _content_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfolded content lines with the number of the physical line each starts on."""
    current: str | None = None
    start = 0
    for number, physical in enumerate(text.split("\n"), start=1):
        if not physical:
            continue  # the library skips blank lines, even between a line and its fold
        if physical[0] in " \t" and current is not None:
            current += physical[1:]
            continue
        if current is not None:
            yield start, current
        current, start = physical, number
    if current is not None:
        yield start, current


def _outline(text: str) -> list[_EventLines]:
    """Check the file's shape line by line, which the library does not report by line, and
    note where each VEVENT and its properties are so later errors can name a line."""
    from icalendar.parser import Contentline

    events: list[_EventLines] = []
    stack: list[tuple[str, int, _EventLines | None]] = []
    seen_any = False
    for number, line in _content_lines(text):
        seen_any = True
        try:
            name, _params, value = Contentline(line).parts()
        except Exception:  # whatever the library objects to, it is this one line
            raise CalendarImportError(
                f"'{_short(line)}' is not an iCalendar line (NAME:value)", line=number) from None
        name = name.upper()
        if name == "BEGIN":
            component = value.strip().upper()
            if not stack and component != "VCALENDAR":
                raise CalendarImportError(f"expected BEGIN:VCALENDAR, found '{_short(line)}'",
                                          line=number)
            event = _EventLines(number) if component == "VEVENT" else None
            if event is not None:
                events.append(event)
            stack.append((component, number, event))
        elif name == "END":
            component = value.strip().upper()
            if not stack:
                raise CalendarImportError(f"END:{component} has no BEGIN:{component}",
                                          line=number)
            opened, opened_line, _event = stack.pop()
            if component != opened:
                raise CalendarImportError(
                    f"END:{component} does not close BEGIN:{opened} (line {opened_line})",
                    line=number)
        elif not stack:
            raise CalendarImportError(
                f"'{_short(line)}' is outside BEGIN:VCALENDAR … END:VCALENDAR", line=number)
        elif stack[-1][2] is not None:
            stack[-1][2].properties.setdefault(name, number)
    if not seen_any:
        raise CalendarImportError("the file is empty")
    if stack:
        opened, opened_line, _event = stack[-1]
        raise CalendarImportError(f"BEGIN:{opened} is never closed by END:{opened}",
                                  line=opened_line)
    return events


def _zone(name: object) -> tzinfo | None:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(str(name).strip())
    except Exception:  # an unknown or malformed zone name is as good as none
        return None


def _local(value: date | datetime, zone: tzinfo | None) -> datetime:
    """A start or end as wall-clock time where the event happens: the dates it covers are the
    dates on that clock."""
    if isinstance(value, datetime):
        if value.tzinfo is not None and zone is not None:
            value = value.astimezone(zone)
        return value.replace(tzinfo=None)
    return datetime.combine(value, time())


_FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY")  # dateutil's numbering: YEARLY is 0
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_BYDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")


class _UnreadRule(ValueError):
    """A valid RRULE outside the subset read; the person can list its dates instead."""


def _rule_parts(rule, first: datetime) -> dict:
    """The RRULE as dateutil.rrule.rrule's arguments, for the rules sure to match again soon.

    dateutil looks for a rule's next occurrence up to the year 9999 without returning, so a
    rule that can never match again ("every February 30th", "the 5th Monday in years 28 apart")
    costs seconds per event, and a file of them minutes. Rather than guess which rules are
    such, only a safe subset is read, which covers what district calendars write: weekly
    meetings, "every weekday", "the 4th Thursday of November".
    """
    values = {name.upper(): value for name, value in rule.items()
              if not name.upper().startswith("X-")}
    unread = sorted(set(values) - {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY",
                                   "BYMONTH", "BYMONTHDAY"})
    if unread:
        raise _UnreadRule(f"{', '.join(unread)} is not read")

    def one(name, default=None):
        given = values.get(name, [])
        if len(given) > 1:
            raise ValueError(f"{name} is given {len(given)} times")
        return given[0] if given else default

    freq = str(one("FREQ", "")).upper()
    if not freq:
        raise ValueError("it has no FREQ")
    if freq not in _FREQUENCIES:
        raise _UnreadRule(f"FREQ={freq} is not read")
    interval = int(one("INTERVAL", 1))
    count = one("COUNT")
    if interval < 1 or (count is not None and int(count) < 1):
        raise ValueError("INTERVAL and COUNT must be at least 1")
    wkst = str(one("WKST", "MO")).upper()
    if wkst not in _WEEKDAYS:
        raise ValueError(f"WKST={wkst} is not a weekday")

    weekdays: list[tuple[int, int | None]] = []
    for written in values.get("BYDAY", []):
        match = _BYDAY.fullmatch(str(written).upper())
        if not match:
            raise ValueError(f"BYDAY={written} is not a weekday such as MO or 4TH")
        weekdays.append((_WEEKDAYS.index(match[2]), int(match[1]) if match[1] else None))
    months = []
    for written in values.get("BYMONTH", []):
        if not str(written).isdigit() or not 1 <= int(str(written)) <= 12:
            raise ValueError(f"BYMONTH={written} is not a month (1 to 12)")
        months.append(int(str(written)))
    monthdays = [int(day) for day in values.get("BYMONTHDAY", [])]

    # Each refusal below is a rule dateutil might search to the year 9999.
    if months and freq != "YEARLY":
        raise _UnreadRule("BYMONTH is read only with FREQ=YEARLY")
    if monthdays and freq not in ("MONTHLY", "YEARLY"):
        raise _UnreadRule("BYMONTHDAY is read only with FREQ=MONTHLY or YEARLY")
    for day in monthdays:
        if not 1 <= abs(day) <= 28:
            raise _UnreadRule(f"BYMONTHDAY={day} is not read, since not every month has it")
    if weekdays and monthdays:
        raise _UnreadRule("BYDAY and BYMONTHDAY together are not read")
    limit = 52 if freq == "YEARLY" and not months else 4
    for (_day, n), written in zip(weekdays, values.get("BYDAY", []), strict=True):
        if n is not None and freq not in ("MONTHLY", "YEARLY"):
            raise _UnreadRule(f"BYDAY={written}, a numbered weekday, is read only with "
                              "FREQ=MONTHLY or YEARLY")
        if n is not None and not 1 <= abs(n) <= limit:
            raise _UnreadRule(f"BYDAY={written} is not read, since not every "
                              f"{'year' if limit == 52 else 'month'} has it")
    if (freq == "DAILY" and weekdays and interval % 7 == 0
            and first.weekday() not in {day for day, _n in weekdays}):
        raise ValueError("it never falls on one of its BYDAY weekdays")
    if freq == "YEARLY" and months and not weekdays and not monthdays and first.day > 28:
        raise _UnreadRule("BYMONTH with a DTSTART after the 28th is not read")
    return {
        "freq": _FREQUENCIES.index(freq),
        "interval": interval,
        "count": None if count is None else int(count),
        "wkst": _WEEKDAYS.index(wkst),
        "byweekday": weekdays or None,
        "bymonth": months or None,
        "bymonthday": monthdays or None,
        "until": values.get("UNTIL", [None])[0],
    }


def _expand(rule, first: datetime, zone: tzinfo | None, all_day: bool) -> list[datetime]:
    from dateutil.rrule import rrule, weekday

    parts = _rule_parts(rule, first)
    until = parts.pop("until")
    # The expansion runs on naive wall-clock times (and dateutil refuses an UNTIL whose time
    # zone differs from DTSTART's), so UNTIL is brought onto the same clock. A date-only UNTIL
    # on a timed event still includes that date.
    if isinstance(until, datetime):
        until = _local(until, zone)
    elif until is not None:
        until = datetime.combine(until, time() if all_day else time.max)
    if parts["byweekday"]:
        parts["byweekday"] = [weekday(day, n) for day, n in parts["byweekday"]]
    # UNTIL is applied here rather than by dateutil, which warns when a rule has both COUNT
    # and UNTIL (RFC 5545 forbids it; stopping at whichever comes first is the kind reading).
    horizon = first + timedelta(days=MAX_SPAN_DAYS)
    if until is not None:
        horizon = min(horizon, until)
    starts = []
    for start in rrule(dtstart=first, cache=False, **parts):
        if start > horizon:
            break
        if len(starts) == _MAX_OCCURRENCES:
            raise ValueError(f"it repeats more than {_MAX_OCCURRENCES} times")
        starts.append(start)
    return starts


def _last_day(start: datetime, length: timedelta, all_day: bool) -> date:
    if length <= timedelta(0):
        return start.date()
    # DTEND is exclusive: an all-day event ends on the day before it, a timed one just before.
    return (start + length - (timedelta(days=1) if all_day else timedelta(microseconds=1))).date()


def _event_kind(summary: str, categories: Iterable[str]) -> str:
    text = _words(" ".join([summary, *categories]))
    return NO_SCHOOL if any(word in text for word in _NO_SCHOOL_WORDS) else CLOSED


def _event_dates(event, calendar_zone: tzinfo | None,
                 moved: dict[str, list[date | datetime]]) -> set[date]:
    from icalendar import is_utc

    start = event.start
    end = event.end
    all_day = not isinstance(start, datetime)
    zone = None
    if not all_day and start.tzinfo is not None:
        zone = calendar_zone if calendar_zone is not None and is_utc(start) else start.tzinfo
    first = _local(start, zone)
    length = _local(end, zone) - first
    end_prop = "DURATION" if "DURATION" in event else "DTEND"
    if length < timedelta(0):
        raise _Problem(end_prop, f"it ends ({end}) before it starts ({start})")
    days = (_last_day(first, length, all_day) - first.date()).days + 1
    if days > MAX_SPAN_DAYS:
        raise _Problem(end_prop,
                       f"it lasts {days} days; a closure may last at most {MAX_SPAN_DAYS}")

    # DTSTART is the first occurrence even where the rule would not produce it, as calendar
    # programs show it (RFC 5545 leaves that case undefined).
    starts = {first}
    for rule in event.rrules:
        try:
            starts.update(_expand(rule, first, zone, all_day))
        except _UnreadRule as exc:
            raise _Problem("RRULE", f"its RRULE cannot be read: {exc} (only FREQ=DAILY, WEEKLY, "
                           "MONTHLY or YEARLY with INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY up "
                           "to 28 and yearly BYMONTH are); list those dates as single events "
                           "instead") from None
        except Exception as exc:  # dateutil's and the library's objections alike
            raise _Problem("RRULE", f"its RRULE cannot be read: {exc}") from None
    for extra, _end in event.rdates:
        starts.add(_local(extra, zone))

    skipped = list(event.exdates)
    if event.get("RECURRENCE-ID") is None:
        skipped += moved.get(str(event.get("UID", "")), [])
    skipped_times = {_local(value, zone) for value in skipped}
    skipped_days = {value for value in skipped if not isinstance(value, datetime)}
    covered = set()
    for occurrence in starts:
        if occurrence in skipped_times or occurrence.date() in skipped_days:
            continue
        covered.update(_span(occurrence.date(), _last_day(occurrence, length, all_day)))
    return covered


def _all(event, prop: str) -> list:
    """Every value of `prop`: the library gives a list only when the property repeats."""
    value = event.get(prop)
    return [] if value is None else value if isinstance(value, list) else [value]


_DATE_PROPERTIES = frozenset({"DTSTART", "DTEND", "EXDATE", "RDATE", "RECURRENCE-ID"})


def _broken(event, prop: str, problem: str) -> str:
    value = event.get(prop)
    if prop in _DATE_PROPERTIES and isinstance(value, str):
        return (f"{prop} '{_short(value)}' is not a date (YYYYMMDD) or a date and time "
                "(YYYYMMDDTHHMMSS)")
    return f"{prop or 'a line'} could not be read: {problem}"


def _event_name(event) -> str:
    summary = " ".join(str(event.get("SUMMARY", "")).split())
    return f"event '{_short(summary)}'" if summary else "an event with no SUMMARY"


def parse_ics(data: bytes) -> list[Closure]:
    """Closures from an iCalendar file: every date each VEVENT covers (see the module
    docstring for repeating, cancelled and overlapping events)."""
    import icalendar

    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n")
    outline = _outline(text)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # an upload must end in a message, never a server error
        raise CalendarImportError(f"not a valid iCalendar file ({exc})") from None

    found = []
    for calendar in calendars:
        calendar_zone = _zone(calendar["X-WR-TIMEZONE"]) if "X-WR-TIMEZONE" in calendar else None
        found.extend((event, calendar_zone) for event in calendar.walk("VEVENT"))
    # The outline and the library walk the same file in the same order; should they ever
    # disagree, errors lose their line numbers rather than name a wrong one.
    lines = outline if len(outline) == len(found) else [_EventLines(0)] * len(found)

    for (event, _), where in zip(found, lines, strict=True):
        for prop, problem in event.errors:
            prop = (prop or "").upper()
            if not prop or prop in _PROPERTIES_USED:
                raise CalendarImportError(
                    f"in {_event_name(event)}, {_broken(event, prop, problem)}",
                    line=where.properties.get(prop) or where.begin or None)

    # A RECURRENCE-ID event replaces one occurrence of the repeating event with the same UID.
    moved: dict[str, list[date | datetime]] = {}
    for event, _ in found:
        for recurrence_id in _all(event, "RECURRENCE-ID"):
            moved.setdefault(str(event.get("UID", "")), []).append(recurrence_id.dt)

    days: dict[date, _Day] = {}
    for (event, calendar_zone), where in zip(found, lines, strict=True):
        if str(event.get("STATUS", "")).strip().upper() == "CANCELLED":
            continue
        if "DTSTART" not in event:
            raise CalendarImportError(f"{_event_name(event)} has no DTSTART",
                                      line=where.begin or None)
        try:
            covered = _event_dates(event, calendar_zone, moved)
            summary = " ".join(str(event.get("SUMMARY", "")).split())
            kind = _event_kind(summary, [str(c) for c in event.categories])
        except _Problem as problem:
            raise CalendarImportError(
                f"in {_event_name(event)}, {problem}",
                line=where.properties.get(problem.prop) or where.begin or None) from None
        except Exception as exc:  # an impossible DTSTART/DTEND pair, as the library words it
            raise CalendarImportError(
                f"in {_event_name(event)}, {exc}",
                line=where.properties.get("DTSTART") or where.begin or None) from None
        label = _clip_label(summary)
        for day in covered:
            known = days.get(day)
            if known is None or (kind == CLOSED and known.kind == NO_SCHOOL):
                days[day] = _Day(kind, where.begin, [label] if label else [])
            elif kind == known.kind and label and label not in known.labels:
                known.labels.append(label)
    return _closures(days)


# Either.

_ICS_SUFFIXES = {".ics", ".ical", ".icalendar", ".ifb"}
_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".numbers"}


def parse(data: bytes, filename: str) -> list[Closure]:
    """Closures from an uploaded file: iCalendar if its content says so (whatever its name) or
    it is named .ics, otherwise CSV."""
    head = data[:1024]
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    if head.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        return parse_ics(data)
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix in _ICS_SUFFIXES:
        return parse_ics(data)
    # ZIP (xlsx, ods) and OLE (xls) signatures: the likeliest wrong upload deserves its own
    # message rather than "NUL bytes".
    if suffix in _WORKBOOK_SUFFIXES or head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise CalendarImportError(
            "this is a spreadsheet workbook, not a CSV file: save it as CSV UTF-8 and "
            "upload that")
    return parse_csv(data)


# Seeding.

def public_holidays(year_start: date, year_end: date,
                    subdivision: str | None = None) -> list[Closure]:
    """US public holidays (with the observed weekday of one falling on a weekend) from
    `year_start` to `year_end` inclusive, as `closed` closures for a person to review.
    `subdivision` is a state or territory code ("CA") or name ("California") and adds its own
    holidays."""
    import holidays

    if year_end < year_start:
        raise ValueError(f"the end {year_end} is before the start {year_start}")
    code = None
    if subdivision and subdivision.strip():
        wanted = subdivision.strip().upper()
        by_name = {name.upper(): alias for name, alias in holidays.US.subdivisions_aliases.items()}
        code = by_name.get(wanted, wanted)
        if code not in holidays.US.subdivisions:
            raise ValueError(f"'{subdivision}' is not a US state or territory (a code such as "
                             "'CA' or a name such as 'California')")
    found = holidays.country_holidays(
        "US", subdiv=code, years=range(year_start.year, year_end.year + 1))
    return [Closure(day, CLOSED, _clip_label(name)) for day, name in sorted(found.items())
            if year_start <= day <= year_end]
