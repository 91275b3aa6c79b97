"""Reading the district calendar from CSV and iCalendar files, and seeding public holidays.
No database: the reader is pure Python. Every calendar here is invented."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionhall.grievances.closures import (
    CLOSED,
    NO_SCHOOL,
    CalendarImportError,
    Closure,
    parse,
    parse_csv,
    parse_ics,
    public_holidays,
)

D = dt.date


def csv_bytes(*lines, encoding="utf-8"):
    return "\r\n".join(lines).encode(encoding)


def ics_bytes(*events, head=()):
    """A calendar around `events` (each a list of content lines), with CRLF as RFC 5545 has."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Lakeview USD//Test//EN", *head]
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def days(closures):
    return [c.day for c in closures]


def span(first, last):
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


# CSV: what reads.

def test_csv_single_dates_in_both_formats_sorted():
    data = csv_bytes(
        "date,kind,label",
        "11/26/2026,holiday,Thanksgiving",
        "2026-09-07,closed,Labor Day",
        "1/4/2027,no school,Teacher workday",
    )
    assert parse_csv(data) == [
        Closure(D(2026, 9, 7), CLOSED, "Labor Day"),
        Closure(D(2026, 11, 26), CLOSED, "Thanksgiving"),
        Closure(D(2027, 1, 4), NO_SCHOOL, "Teacher workday"),
    ]


def test_csv_ranges_are_inclusive_and_a_blank_end_is_one_day():
    data = csv_bytes(
        "Start,End,Kind,Name",
        "2026-12-21,2027-01-01,closed,Winter break",
        "2027-03-15,,no_school,Conference day",
    )
    closures = parse_csv(data)
    assert days(closures) == [*span(D(2026, 12, 21), D(2027, 1, 1)), D(2027, 3, 15)]
    assert {c.label for c in closures[:-1]} == {"Winter break"}
    assert closures[-1] == Closure(D(2027, 3, 15), NO_SCHOOL, "Conference day")


def test_csv_a_range_of_400_days_is_allowed():
    data = csv_bytes("start,end,label", "2026-07-01,2027-08-04,Everything")
    assert len(parse_csv(data)) == 400


@pytest.mark.parametrize(("written", "kind"), [
    ("closed", CLOSED), ("Closure", CLOSED), ("HOLIDAY", CLOSED), ("  holiday ", CLOSED),
    ("no school", NO_SCHOOL), ("No School", NO_SCHOOL), ("no_school", NO_SCHOOL),
    ("Non-school day", NO_SCHOOL), ("NON-SCHOOL DAY", NO_SCHOOL), ("", CLOSED),
])
def test_csv_kinds_are_normalized(written, kind):
    data = csv_bytes("date,kind,label", f"2026-10-12,{written},A day")
    assert parse_csv(data) == [Closure(D(2026, 10, 12), kind, "A day")]


def test_csv_without_a_kind_column_everything_is_closed():
    data = csv_bytes("date,description", "2026-10-12,Fall holiday")
    assert parse_csv(data) == [Closure(D(2026, 10, 12), CLOSED, "Fall holiday")]


def test_csv_utf8_with_a_bom():
    data = b"\xef\xbb\xbf" + csv_bytes("date,label", "2026-11-02,Día de los Muertos")
    assert parse_csv(data) == [Closure(D(2026, 11, 2), CLOSED, "Día de los Muertos")]


def test_csv_windows_1252_as_excel_saves_it():
    data = csv_bytes("date,label", "2026-11-02,Día de los Muertos – no buses",
                     encoding="cp1252")
    assert b"\x96" in data  # the en dash, which is not UTF-8
    assert parse_csv(data)[0].label == "Día de los Muertos – no buses"


def test_csv_extra_columns_blank_rows_quotes_and_short_rows():
    data = csv_bytes(
        "date,label,kind,notes",
        "",
        '2026-11-11,"Veterans Day, observed",closed,from the board',
        ",,,",
        "2026-11-27,Day after",  # a short row: the missing kind is blank, so closed
        "2026-12-04,Snow make-up,,",  # Excel's trailing empty cells
    )
    assert parse_csv(data) == [
        Closure(D(2026, 11, 11), CLOSED, "Veterans Day, observed"),
        Closure(D(2026, 11, 27), CLOSED, "Day after"),
        Closure(D(2026, 12, 4), CLOSED, "Snow make-up"),
    ]


def test_csv_header_only_is_an_empty_calendar():
    assert parse_csv(csv_bytes("date,kind,label")) == []


def test_csv_identical_duplicates_merge_and_same_kind_labels_join():
    data = csv_bytes(
        "start,end,kind,label",
        "2026-12-21,2026-12-31,closed,Winter break",
        "2026-12-25,,holiday,Christmas Day",
        "2026-12-25,,closed,Christmas Day",
        "2026-12-21,,closed,Winter break",
    )
    closures = {c.day: c for c in parse_csv(data)}
    assert len(closures) == 11
    assert closures[D(2026, 12, 25)].label == "Winter break; Christmas Day"
    assert closures[D(2026, 12, 21)].label == "Winter break"


def test_csv_a_date_with_two_kinds_is_refused():
    data = csv_bytes(
        "date,kind,label",
        "2026-10-09,closed,Fall break",
        "2026-10-12,closed,Fall break",
        "2026-10-09,no school,Teacher workday",
    )
    with pytest.raises(CalendarImportError) as caught:
        parse_csv(data)
    assert str(caught.value) == (
        "row 4, column date: 2026-10-09 is 'no school' here but 'closed' in row 2; "
        "a date has one kind")
    assert (caught.value.line, caught.value.column) == (4, "date")


# CSV: what is refused, and where.

@pytest.mark.parametrize(("lines", "message", "row", "column"), [
    (["date,kind,label", "2026-09-07,,Labor Day", "2026-10-12,,Fall", "2026-13-01,,Oops"],
     "row 4, column date: '2026-13-01' is not a date (YYYY-MM-DD or MM/DD/YYYY)", 4, "date"),
    (["Date,Label", "2/30/2027,Nope"],
     "row 2, column Date: '2/30/2027' is not a date (YYYY-MM-DD or MM/DD/YYYY)", 2, "Date"),
    (["date,label", "12/25/26,Christmas"],
     "row 2, column date: '12/25/26' is not a date (YYYY-MM-DD or MM/DD/YYYY); "
     "a two-digit year is ambiguous", 2, "date"),
    (["date,label", "Dec 25 2026,Christmas"],
     "row 2, column date: 'Dec 25 2026' is not a date (YYYY-MM-DD or MM/DD/YYYY)", 2, "date"),
    (["date,label", ",Forgot the date"],
     "row 2, column date: the date is missing", 2, "date"),
    (["start,end,label", "2026-12-21,2026-12-20,Backwards"],
     "row 2, column end: '2026-12-20' is before the start, 2026-12-21", 2, "end"),
    (["start,end,label", "2026-12-21,13/01/2027,Bad end"],
     "row 2, column end: '13/01/2027' is not a date (YYYY-MM-DD or MM/DD/YYYY)", 2, "end"),
    (["start,end,label", "2026-07-01,2027-08-05,Too long"],
     "row 2, column end: the range is 401 days; at most 400 are allowed", 2, "end"),
    (["date,kind,label", "2026-10-12,snow day,Storm"],
     "row 2, column kind: 'snow day' is not a kind "
     "(closed, closure, holiday, no school, non-school day)", 2, "kind"),
    (["date,label", "2026-11-11,Veterans Day, observed"],
     "row 2: 3 cells but the header has 2 columns; a value containing a comma must be in "
     "double quotes", 2, None),
    (["date,label", "2026-11-11," + "x" * 101],
     "row 2, column label: the label is 101 characters; at most 100", 2, "label"),
    (["2026-11-11,closed,Veterans Day"],
     "row 1: the first row must be a header with a 'date' column (or 'start' with an optional "
     "'end'), 'label' and optionally 'kind'; it has '2026-11-11', 'closed', 'Veterans Day'",
     1, None),
    (["date,kind,event"],
     "row 1: the header has no 'label' column (or 'name' or 'description'); its cells may be "
     "left blank", 1, None),
    (["date,start,label"],
     "row 1: the header has both 'date' and 'start': use 'date' for single days, or 'start' "
     "with an optional 'end' for ranges", 1, None),
    (["date,label,Date"], "row 1, column Date: the header names column 'Date' twice", 1, "Date"),
    ([], "the file is empty; the first row must be a header: date, kind, label", None, None),
    (["", "", "date,label", "", "2026-13-01,x"],
     "row 5, column date: '2026-13-01' is not a date (YYYY-MM-DD or MM/DD/YYYY)", 5, "date"),
])
def test_csv_errors_say_row_and_column(lines, message, row, column):
    with pytest.raises(CalendarImportError) as caught:
        parse_csv(csv_bytes(*lines))
    assert str(caught.value) == message
    assert (caught.value.line, caught.value.column) == (row, column)
    assert isinstance(caught.value, ValueError)


def test_csv_rows_count_as_a_spreadsheet_shows_them_even_with_a_multiline_cell():
    data = csv_bytes("date,label", '2026-11-11,"Veterans Day', 'observed"', "2026-99-01,x")
    with pytest.raises(CalendarImportError, match=r"^row 3, column date: '2026-99-01'"):
        parse_csv(data)


def test_csv_not_text_is_refused():
    with pytest.raises(CalendarImportError, match="neither UTF-8 nor Windows-1252") as caught:
        parse_csv(b"date,label\r\n2026-11-11,caf\x81\r\n")
    assert caught.value.line == 2
    with pytest.raises(CalendarImportError, match="NUL bytes"):
        parse_csv("date,label\r\n".encode("utf-16"))


# iCalendar.

def test_ics_all_day_event_covers_start_to_the_day_before_dtend():
    data = ics_bytes([
        "UID:winter@lakeview.example", "DTSTART;VALUE=DATE:20261221",
        "DTEND;VALUE=DATE:20270104", "SUMMARY:Winter break",
    ])
    closures = parse_ics(data)
    assert days(closures) == span(D(2026, 12, 21), D(2027, 1, 3))
    assert {(c.kind, c.label) for c in closures} == {(CLOSED, "Winter break")}


def test_ics_all_day_event_without_dtend_is_one_day_and_duration_counts_days():
    data = ics_bytes(
        ["UID:a", "DTSTART;VALUE=DATE:20260907", "SUMMARY:Labor Day"],
        ["UID:b", "DTSTART;VALUE=DATE:20261125", "DURATION:P3D", "SUMMARY:Thanksgiving break"],
    )
    assert days(parse_ics(data)) == [D(2026, 9, 7), *span(D(2026, 11, 25), D(2026, 11, 27))]


def test_ics_timed_events_cover_the_dates_on_their_own_clock():
    data = ics_bytes(
        # 22:00 to 02:00 Chicago time: two dates there, though both are one date in UTC.
        ["UID:a", "DTSTART;TZID=America/Chicago:20261009T220000",
         "DTEND;TZID=America/Chicago:20261010T020000", "SUMMARY:Network maintenance closure"],
        # 8:00 to 15:00 Chicago is 13:00 to 20:00 UTC: one date.
        ["UID:b", "DTSTART;TZID=America/Chicago:20261123T080000",
         "DTEND;TZID=America/Chicago:20261123T150000", "SUMMARY:Staff Development"],
        # Ends exactly at midnight: the next day is not covered.
        ["UID:c", "DTSTART:20261201T120000", "DTEND:20261202T000000", "SUMMARY:Half day"],
    )
    assert parse_ics(data) == [
        Closure(D(2026, 10, 9), CLOSED, "Network maintenance closure"),
        Closure(D(2026, 10, 10), CLOSED, "Network maintenance closure"),
        Closure(D(2026, 11, 23), NO_SCHOOL, "Staff Development"),
        Closure(D(2026, 12, 1), CLOSED, "Half day"),
    ]


def test_ics_utc_times_are_read_in_the_calendars_time_zone():
    # 03:00 UTC on the 10th is 22:00 on the 9th in Chicago, as Google Calendar would show it.
    event = ["UID:a", "DTSTART:20261010T030000Z", "DURATION:PT1H", "SUMMARY:Storm closure"]
    assert days(parse_ics(ics_bytes(event, head=["X-WR-TIMEZONE:America/Chicago"]))) == [
        D(2026, 10, 9)]
    assert days(parse_ics(ics_bytes(event))) == [D(2026, 10, 10)]
    assert days(parse_ics(ics_bytes(event, head=["X-WR-TIMEZONE:Not/AZone"]))) == [
        D(2026, 10, 10)]


def test_ics_weekly_rrule_with_count():
    data = ics_bytes([
        "UID:pd@lakeview.example", "DTSTART;VALUE=DATE:20260902",
        "RRULE:FREQ=WEEKLY;COUNT=4", "SUMMARY:Early release - teacher work time",
    ])
    closures = parse_ics(data)
    assert days(closures) == [D(2026, 9, 2), D(2026, 9, 9), D(2026, 9, 16), D(2026, 9, 23)]
    assert {c.kind for c in closures} == {NO_SCHOOL}


def test_ics_rrule_with_until_byday_exdate_and_a_moved_occurrence():
    data = ics_bytes(
        ["UID:inservice@lakeview.example", "DTSTART;TZID=America/New_York:20260105T080000",
         "DTEND;TZID=America/New_York:20260105T120000",
         "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260121T130000Z",
         "EXDATE;TZID=America/New_York:20260107T080000", "SUMMARY:In-service"],
        # The Monday the 12th moved to Tuesday the 13th.
        ["UID:inservice@lakeview.example",
         "RECURRENCE-ID;TZID=America/New_York:20260112T080000",
         "DTSTART;TZID=America/New_York:20260113T080000",
         "DTEND;TZID=America/New_York:20260113T120000", "SUMMARY:In-service (moved)"],
    )
    closures = parse_ics(data)
    assert days(closures) == [D(2026, 1, 5), D(2026, 1, 13), D(2026, 1, 14), D(2026, 1, 19),
                              D(2026, 1, 21)]
    assert closures[1].label == "In-service (moved)"


def test_ics_an_open_ended_rule_is_read_for_400_days():
    data = ics_bytes(["UID:a", "DTSTART;VALUE=DATE:20260704", "RRULE:FREQ=YEARLY",
                      "SUMMARY:Independence Day"])
    assert days(parse_ics(data)) == [D(2026, 7, 4), D(2027, 7, 4)]
    data = ics_bytes(["UID:b", "DTSTART;VALUE=DATE:20260701", "RRULE:FREQ=DAILY",
                      "SUMMARY:Summer"])
    assert days(parse_ics(data)) == span(D(2026, 7, 1), D(2027, 8, 5))


def test_ics_yearly_and_monthly_rules_a_district_writes():
    data = ics_bytes(
        ["UID:a", "DTSTART;VALUE=DATE:20261126", "DTEND;VALUE=DATE:20261128",
         "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "SUMMARY:Thanksgiving break"],
        ["UID:b", "DTSTART;VALUE=DATE:20260904", "RRULE:FREQ=MONTHLY;BYDAY=1FR;COUNT=3",
         "SUMMARY:Teacher workday"],
        ["UID:c", "DTSTART;VALUE=DATE:20260915", "RRULE:FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15,-1"
         ";UNTIL=20261130", "SUMMARY:Staff development"],
    )
    closures = {c.day: c.kind for c in parse_ics(data)}
    assert [d for d, k in closures.items() if k == CLOSED] == [
        D(2026, 11, 26), D(2026, 11, 27), D(2027, 11, 25), D(2027, 11, 26)]
    assert [d for d, k in closures.items() if k == NO_SCHOOL] == [
        D(2026, 9, 4), D(2026, 9, 15), D(2026, 9, 30), D(2026, 10, 2), D(2026, 11, 6),
        D(2026, 11, 15), D(2026, 11, 30)]


@pytest.mark.parametrize(("rule", "reason"), [
    ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "BYSETPOS is not read"),
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "BYMONTH is read only with FREQ=YEARLY"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "BYMONTHDAY=30 is not read"),
    ("FREQ=MONTHLY;BYDAY=5MO", "BYDAY=5MO is not read, since not every month has it"),
    ("FREQ=YEARLY;BYDAY=53MO", "BYDAY=53MO is not read, since not every year has it"),
    ("FREQ=WEEKLY;BYDAY=1MO", "BYDAY=1MO, a numbered weekday, is read only with FREQ=MONTHLY"),
    ("FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=1", "BYDAY and BYMONTHDAY together are not read"),
    ("FREQ=DAILY;INTERVAL=14;BYDAY=TU", "it never falls on one of its BYDAY weekdays"),
    ("COUNT=3", "it has no FREQ"),
])
def test_ics_rules_that_could_search_for_ever_are_refused_at_once(rule, reason):
    # 2026-12-21 is a Monday; each of these rules is valid RFC 5545.
    data = ics_bytes(["UID:a", "DTSTART;VALUE=DATE:20261221", f"RRULE:{rule}",
                      "SUMMARY:Rule"])
    with pytest.raises(CalendarImportError, match="^line 7: in event 'Rule', its RRULE") as caught:
        parse_ics(data)
    assert reason in str(caught.value)


def test_ics_rdate_adds_dates_and_dtstart_counts_even_off_the_rule():
    data = ics_bytes(["UID:a", "DTSTART;VALUE=DATE:20270102",  # a Saturday
                      "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2", "RDATE;VALUE=DATE:20270120,20270122",
                      "SUMMARY:Snow make-up: no school"])
    assert days(parse_ics(data)) == [D(2027, 1, 2), D(2027, 1, 4), D(2027, 1, 11),
                                     D(2027, 1, 20), D(2027, 1, 22)]


def test_ics_count_and_until_together_stop_at_the_first_reached():
    data = ics_bytes(["UID:a", "DTSTART;VALUE=DATE:20261221",
                      "RRULE:FREQ=DAILY;COUNT=10;UNTIL=20261223", "SUMMARY:Break"])
    assert days(parse_ics(data)) == span(D(2026, 12, 21), D(2026, 12, 23))


def test_ics_folded_lines_are_unfolded():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:fold@lakeview.example\r\n"
        b"DTSTART;VALUE=DA\r\n TE:20261012\r\n"
        b"SUMMARY:Indigenous Peoples\xe2\x80\x99 Day \xe2\x80\x93 district offi\r\n"
        b"\tces closed\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    label = "Indigenous Peoples\u2019 Day \u2013 district offices closed"
    assert parse_ics(data) == [Closure(D(2026, 10, 12), CLOSED, label)]


def test_ics_plain_newlines_and_escaped_text():
    data = ics_bytes(["UID:a", "DTSTART;VALUE=DATE:20261111",
                      r"SUMMARY:Veterans Day\, observed\nNo buses"]).replace(b"\r\n", b"\n")
    assert parse_ics(data) == [Closure(D(2026, 11, 11), CLOSED, "Veterans Day, observed No buses")]


@pytest.mark.parametrize(("lines", "kind"), [
    (["SUMMARY:No School - Teacher Workday"], NO_SCHOOL),
    (["SUMMARY:Teacher work day"], NO_SCHOOL),
    (["SUMMARY:PROFESSIONAL DEVELOPMENT"], NO_SCHOOL),
    (["SUMMARY:Staff development (students off)"], NO_SCHOOL),
    (["SUMMARY:Inservice"], NO_SCHOOL),
    (["SUMMARY:District in-service"], NO_SCHOOL),
    (["SUMMARY:Conference day", "CATEGORIES:Calendar,No School"], NO_SCHOOL),
    (["SUMMARY:Memorial Day", "CATEGORIES:Holiday"], CLOSED),
    (["SUMMARY:Spring break"], CLOSED),
    ([], CLOSED),
])
def test_ics_kind_from_summary_and_categories(lines, kind):
    data = ics_bytes(["UID:a", "DTSTART;VALUE=DATE:20270301", *lines])
    [closure] = parse_ics(data)
    assert closure.kind == kind


def test_ics_overlapping_events_merge_and_closed_wins():
    data = ics_bytes(
        ["UID:a", "DTSTART;VALUE=DATE:20261221", "DTEND;VALUE=DATE:20261224",
         "SUMMARY:No school - winter recess"],
        ["UID:b", "DTSTART;VALUE=DATE:20261222", "SUMMARY:District closed - boiler repair"],
        ["UID:c", "DTSTART;VALUE=DATE:20261222", "SUMMARY:Holiday party canceled"],
        ["UID:d", "DTSTART;VALUE=DATE:20261223", "SUMMARY:Teacher workday"],
    )
    assert parse_ics(data) == [
        Closure(D(2026, 12, 21), NO_SCHOOL, "No school - winter recess"),
        Closure(D(2026, 12, 22), CLOSED,
                "District closed - boiler repair; Holiday party canceled"),
        Closure(D(2026, 12, 23), NO_SCHOOL, "No school - winter recess; Teacher workday"),
    ]


def test_ics_cancelled_events_are_left_out():
    data = ics_bytes(
        ["UID:a", "DTSTART;VALUE=DATE:20270215", "SUMMARY:Presidents Day"],
        ["UID:b", "DTSTART;VALUE=DATE:20270216", "SUMMARY:Snow day", "STATUS:CANCELLED"],
    )
    assert days(parse_ics(data)) == [D(2027, 2, 15)]


def test_ics_long_summary_is_shortened_to_fit_the_label():
    [closure] = parse_ics(ics_bytes(["UID:a", "DTSTART;VALUE=DATE:20270215",
                                     "SUMMARY:" + "Presidents Day " * 10]))
    assert len(closure.label) == 100
    assert closure.label.endswith("…")


VALID = ["UID:a", "DTSTART;VALUE=DATE:20261221", "DTEND;VALUE=DATE:20261224",
         "SUMMARY:Winter break"]


@pytest.mark.parametrize(("data", "message", "line"), [
    (ics_bytes(["UID:a", "DTSTART;VALUE=DATE:2026122", "SUMMARY:Winter break"]),
     "line 6: in event 'Winter break', DTSTART '2026122' is not a date (YYYYMMDD) or a date "
     "and time (YYYYMMDDTHHMMSS)", 6),
    (ics_bytes(VALID, ["UID:b", "DTSTART;VALUE=DATE:20270101", "SUMMARY New Year"]),
     "line 13: 'SUMMARY New Year' is not an iCalendar line (NAME:value)", 13),
    (ics_bytes(["UID:a", "SUMMARY:Winter break"]),
     "line 4: event 'Winter break' has no DTSTART", 4),
    (ics_bytes(["UID:a", "DTSTART;VALUE=DATE:20261224", "DTEND;VALUE=DATE:20261221",
                "SUMMARY:Backwards"]),
     "line 7: in event 'Backwards', it ends (2026-12-21) before it starts (2026-12-24)", 7),
    (ics_bytes(["UID:a", "DTSTART;VALUE=DATE:20260101", "DTEND;VALUE=DATE:20270301",
                "SUMMARY:Forever"]),
     "line 7: in event 'Forever', it lasts 424 days; a closure may last at most 400", 7),
    (ics_bytes(["UID:a", "DTSTART;VALUE=DATE:20261221", "DTEND:20261222T100000"]),
     "line 6: in an event with no SUMMARY, DTSTART and DTEND must be of the same type, "
     "either date or datetime.", 6),
    (ics_bytes(["UID:a", "DTSTART:20261221T000000", "RRULE:FREQ=HOURLY", "SUMMARY:Bells"]),
     "line 7: in event 'Bells', its RRULE cannot be read: FREQ=HOURLY is not read (only "
     "FREQ=DAILY, WEEKLY, MONTHLY or YEARLY with INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY up "
     "to 28 and yearly BYMONTH are); list those dates as single events instead", 7),
    (ics_bytes(["UID:a", "DTSTART;VALUE=DATE:20261221", "RRULE:FREQ=DAILY;INTERVAL=0",
                "SUMMARY:Never"]),
     "line 7: in event 'Never', its RRULE cannot be read: INTERVAL and COUNT must be at "
     "least 1", 7),
    (ics_bytes(["UID:a", "DTSTART:20261221T000000", "RRULE:FREQ=FORTNIGHTLY",
                "SUMMARY:Bells"]),
     "line 7: in event 'Bells', RRULE could not be read: Expected frequency, got: FORTNIGHTLY",
     7),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261221\r\nEND:VTODO\r\n"
     b"END:VCALENDAR\r\n",
     "line 4: END:VTODO does not close BEGIN:VEVENT (line 2)", 4),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261221\r\n",
     "line 3: BEGIN:VEVENT is never closed by END:VEVENT", 3),
    (b"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261221\r\nEND:VEVENT\r\n",
     "line 1: expected BEGIN:VCALENDAR, found 'BEGIN:VEVENT'", 1),
    (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nSUMMARY:stray\r\n",
     "line 3: 'SUMMARY:stray' is outside BEGIN:VCALENDAR \u2026 END:VCALENDAR", 3),
    (b"<!DOCTYPE html>\r\n<html><body>Sign in</body></html>\r\n",
     "line 1: '<!DOCTYPE html>' is not an iCalendar line (NAME:value)", 1),
    (b"", "the file is empty", None),
    (b"\r\n\r\n", "the file is empty", None),
])
def test_ics_malformed_files_are_refused_with_the_line(data, message, line):
    with pytest.raises(CalendarImportError) as caught:
        parse_ics(data)
    assert str(caught.value) == message
    assert caught.value.line == line
    assert caught.value.column is None


def test_ics_an_empty_calendar_is_empty():
    assert parse_ics(ics_bytes()) == []


# Either, by content or name.

CSV_DATA = csv_bytes("date,label", "2026-11-26,Thanksgiving")
ICS_DATA = ics_bytes(["UID:a", "DTSTART;VALUE=DATE:20261126", "SUMMARY:Thanksgiving"])
THANKSGIVING = [Closure(D(2026, 11, 26), CLOSED, "Thanksgiving")]


@pytest.mark.parametrize(("data", "filename"), [
    (CSV_DATA, "closures.csv"),
    (CSV_DATA, "closures.CSV"),
    (CSV_DATA, "closures"),
    (CSV_DATA, "calendar.txt"),
    (ICS_DATA, "district.ics"),
    (ICS_DATA, "basic.ICS"),
    (ICS_DATA, "download"),  # a feed saved without a name
    (ICS_DATA, "calendar.csv"),  # the content decides
    (b"\xef\xbb\xbf\r\n  " + ICS_DATA, "calendar.txt"),
    (ICS_DATA, "C:\\Users\\rep\\Downloads\\calendar.ics"),
])
def test_parse_sniffs_the_format(data, filename):
    assert parse(data, filename) == THANKSGIVING


def test_parse_ics_name_with_other_content_gets_the_icalendar_error():
    with pytest.raises(CalendarImportError, match="^line 1: 'date,label' is not an iCalendar"):
        parse(CSV_DATA, "closures.ics")


@pytest.mark.parametrize(("data", "filename"), [
    (b"PK\x03\x04" + b"\x00" * 40, "closures.xlsx"),
    (b"PK\x03\x04" + b"\x00" * 40, "closures.csv"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 40, "closures"),
    (CSV_DATA, "closures.ods"),
])
def test_parse_refuses_a_workbook_with_advice(data, filename):
    with pytest.raises(CalendarImportError, match="save it as CSV UTF-8"):
        parse(data, filename)


# Whatever arrives, the answer is closures or CalendarImportError, never another exception.

@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["x.csv", "x.ics", "x"]))
def test_any_bytes_give_closures_or_a_calendar_error(data, filename):
    try:
        parse(data, filename)
    except CalendarImportError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_damaged_calendars_give_closures_or_a_calendar_error(data):
    sample = bytearray(ics_bytes(
        ["UID:a", "DTSTART;TZID=America/Chicago:20261009T220000",
         "DTEND;TZID=America/Chicago:20261010T020000", "RRULE:FREQ=WEEKLY;COUNT=3",
         "EXDATE;TZID=America/Chicago:20261016T220000", "SUMMARY:Closed"],
        ["UID:a", "RECURRENCE-ID;TZID=America/Chicago:20261023T220000",
         "DTSTART;VALUE=DATE:20261024", "SUMMARY:Moved"],
    ))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(sample) - 1))
        sample[at] = data.draw(st.sampled_from(b":;=,\r\n 0129ZTXAB\\\""))
    try:
        parse_ics(bytes(sample))
    except CalendarImportError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="0123456789-/,\" abcloseduyQ\n", max_size=12),
                         max_size=5), max_size=6))
def test_any_csv_rows_give_closures_or_a_calendar_error(rows):
    text = "start,end,kind,label\r\n" + "\r\n".join(",".join(row) for row in rows)
    try:
        parse_csv(text.encode())
    except CalendarImportError:
        pass


# Seeding.

def test_public_holidays_of_a_school_year():
    closures = public_holidays(D(2026, 7, 1), D(2027, 6, 30))
    by_day = {c.day: c for c in closures}
    assert by_day[D(2026, 11, 26)] == Closure(D(2026, 11, 26), CLOSED, "Thanksgiving Day")
    assert by_day[D(2026, 12, 25)] == Closure(D(2026, 12, 25), CLOSED, "Christmas Day")
    assert D(2027, 1, 1) in by_day
    assert D(2026, 1, 1) not in by_day and D(2027, 7, 4) not in by_day
    assert days(closures) == sorted(by_day)
    assert {c.kind for c in closures} == {CLOSED}


def test_public_holidays_include_the_observed_weekday():
    closures = public_holidays(D(2027, 12, 1), D(2027, 12, 31))
    assert Closure(D(2027, 12, 24), CLOSED, "Christmas Day (observed)") in closures


def test_public_holidays_of_a_state():
    for name in ("CA", "ca", "California"):
        state = {c.day: c.label for c in
                 public_holidays(D(2026, 7, 1), D(2027, 6, 30), subdivision=name)}
        assert state[D(2026, 11, 26)] == "Thanksgiving Day"
        assert state[D(2027, 3, 31)] == "Cesar Chavez Day"
    assert D(2027, 3, 31) not in days(public_holidays(D(2026, 7, 1), D(2027, 6, 30)))


@pytest.mark.parametrize(("first", "last", "subdivision", "message"), [
    (D(2026, 7, 1), D(2027, 6, 30), "XX", "'XX' is not a US state or territory"),
    (D(2027, 7, 1), D(2026, 6, 30), None, "is before the start"),
])
def test_public_holidays_refuse_bad_arguments(first, last, subdivision, message):
    with pytest.raises(ValueError, match=message):
        public_holidays(first, last, subdivision)


def test_a_closure_has_a_known_kind():
    with pytest.raises(ValueError, match="kind must be one of closed, no_school"):
        Closure(D(2026, 1, 1), "snow", "Snow day")
