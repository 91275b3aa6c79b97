"""The pages that set up the grievance procedure and the district calendar, as the officer
setting them up sees them."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.factories import make_user
from unionhall.core.models import AuditEntry
from unionhall.grievances import actions
from unionhall.grievances.models import CalendarDay, SchoolYear, StepRule
from unionhall.grievances.setup_forms import MAX_UPLOAD

pytestmark = pytest.mark.django_db

D = dt.date
PROCEDURE = [
    {"name": "Step 1: supervisor", "days": 10, "kind": "working", "starts_from": "knowledge",
     "article": "12.3"},
    {"name": "Step 2: human resources", "days": 10, "kind": "working", "starts_from": "answer",
     "article": ""},
    {"name": "Arbitration", "days": 30, "kind": "calendar", "starts_from": "answer",
     "article": "12.6"},
]


def url(name, **kwargs):
    return reverse(name, kwargs={"local_slug": "lakeview", **kwargs})


def steps_post(rows, *, initial=0, extra=2):
    """The formset's POST data: `rows` are dicts of a row's fields (ORDER, DELETE included)."""
    data = {"steps-TOTAL_FORMS": str(max(len(rows), initial + extra)),
            "steps-INITIAL_FORMS": str(initial), "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "20"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            if key == "DELETE":
                if value:
                    data[f"steps-{i}-DELETE"] = "on"
            else:
                data[f"steps-{i}-{key}"] = "" if value is None else str(value)
    return data


def saved_steps(world):
    return list(StepRule.objects.filter(local=world.local).order_by("position")
                .values_list("position", "name", "days", "kind", "starts_from", "article"))


def make_year(world, local=None, name="2026–27"):
    return actions.save_school_year(local or world.local, name=name, starts=D(2026, 8, 17),
                                    ends=D(2027, 6, 4), by=None)


def year_url(name, year):
    return reverse(name, kwargs={"local_slug": year.local.slug, "pk": year.pk})


def days_of(year):
    return dict(CalendarDay.objects.filter(school_year=year).values_list("day", "kind"))


def page_text(response):
    return response.content.decode()


# --- The procedure ---------------------------------------------------------------------------


def test_an_empty_procedure_prompts_to_set_it_up(world, as_user):
    response = as_user("officer").get(url("grievance_procedure"))
    assert response.status_code == 200
    html = page_text(response)
    assert "no grievance procedure yet" in html
    assert "10 working days from when the grievant learned of it" in html  # the example
    assert html.count("New step") == 2


def test_the_officer_enters_the_steps(world, as_user):
    client = as_user("officer")
    response = client.post(url("grievance_procedure"), steps_post(
        [{**PROCEDURE[0], "ORDER": 1}, {**PROCEDURE[1], "ORDER": 2}]), follow=True)
    assert response.redirect_chain[-1][1] == 302
    assert saved_steps(world) == [
        (1, "Step 1: supervisor", 10, "working", "knowledge", "12.3"),
        (2, "Step 2: human resources", 10, "working", "answer", "")]
    html = page_text(response)
    assert "The grievance procedure is saved." in html
    assert "10 working days from the employer&#x27;s answer at the previous step" in html
    assert "no grievance procedure yet" not in html
    assert AuditEntry.objects.filter(verb="grievances.procedure_set").count() == 1


def test_a_procedure_the_action_refuses_is_shown_with_the_input_kept(world, as_user):
    actions.set_procedure(world.local, PROCEDURE, by=None)
    before = saved_steps(world)
    response = as_user("officer").post(url("grievance_procedure"), steps_post(
        [{**PROCEDURE[1], "name": "Appeal to the board", "ORDER": 1}]))
    assert response.status_code == 400
    html = page_text(response)
    assert "The procedure was not saved." in html
    assert "first step cannot run from the employer" in html
    assert 'value="Appeal to the board"' in html
    assert saved_steps(world) == before


def test_a_named_step_without_its_time_limit_is_marked(world, as_user):
    response = as_user("officer").post(url("grievance_procedure"), steps_post(
        [{"name": "Step 1", "days": "", "kind": "", "starts_from": "incident", "ORDER": 1}]))
    assert response.status_code == 400
    html = page_text(response)
    assert "Enter the number of days the contract allows." in html
    assert "Choose calendar, working or school days." in html
    assert 'value="Step 1"' in html
    assert saved_steps(world) == []


def test_deleting_reordering_and_dropping_blank_rows(world, as_user):
    actions.set_procedure(world.local, PROCEDURE, by=None)
    rows = [{**PROCEDURE[0], "ORDER": 1},
            {**PROCEDURE[1], "ORDER": 2, "DELETE": True},
            {**PROCEDURE[2], "ORDER": 3},
            # A new step put between 1 and arbitration; a blank row and a nameless one dropped.
            {"name": "Step 2: superintendent", "days": 15, "kind": "school",
             "starts_from": "answer", "ORDER": 2},
            {"name": "", "days": "", "kind": "", "starts_from": "", "ORDER": ""},
            {"name": "  ", "days": 5, "kind": "working", "starts_from": "answer", "ORDER": 9}]
    response = as_user("officer").post(url("grievance_procedure"),
                                       steps_post(rows, initial=3, extra=3))
    assert response.status_code == 302
    assert [s[1] for s in saved_steps(world)] == [
        "Step 1: supervisor", "Step 2: superintendent", "Arbitration"]


def test_removing_every_step_is_refused(world, as_user):
    actions.set_procedure(world.local, PROCEDURE[:1], by=None)
    response = as_user("officer").post(url("grievance_procedure"), steps_post(
        [{**PROCEDURE[0], "ORDER": 1, "DELETE": True}], initial=1))
    assert response.status_code == 400
    assert "at least one step" in page_text(response)
    assert len(saved_steps(world)) == 1


def test_the_grievance_chair_sets_up_the_procedure(world, client):
    chair = make_user("chair@example.org", roles=[(world.local, "grievance_chair")])
    client.force_login(chair)
    assert client.get(url("grievance_procedure")).status_code == 200
    assert client.get(url("grievance_calendar")).status_code == 200


# --- School years ----------------------------------------------------------------------------


def test_adding_a_school_year(world, as_user):
    client = as_user("officer")
    assert "No school year yet" in page_text(client.get(url("grievance_calendar")))
    response = client.post(url("grievance_calendar"), {
        "name": "2026–27", "starts": "2026-08-17", "ends": "2027-06-04"}, follow=True)
    year = SchoolYear.objects.get(local=world.local)
    assert (year.name, year.starts, year.ends) == ("2026–27", D(2026, 8, 17), D(2027, 6, 4))
    assert response.redirect_chain[-1][0] == year_url("grievance_school_year", year)
    assert "School year 2026–27 is saved." in page_text(response)
    listing = page_text(client.get(url("grievance_calendar")))
    assert year_url("grievance_school_year", year) in listing


def test_the_list_counts_closed_and_no_school_days(world, as_user):
    year = make_year(world)
    actions.set_calendar_day(year, D(2026, 11, 26), kind="closed", by=None)
    actions.set_calendar_day(year, D(2026, 11, 27), kind="closed", by=None)
    actions.set_calendar_day(year, D(2026, 10, 9), kind="no_school", by=None)
    response = as_user("officer").get(url("grievance_calendar"))
    years = list(response.context["years"])
    assert [(y.name, y.closed, y.no_school) for y in years] == [("2026–27", 2, 1)]


def test_changing_a_school_years_dates(world, as_user):
    year = make_year(world)
    client = as_user("officer")
    form = page_text(client.get(url("grievance_calendar") + f"?year={year.pk}"))
    assert 'value="2026-08-17"' in form
    client.post(url("grievance_calendar"), {
        "name": "2026–27", "starts": "2026-08-19", "ends": "2027-06-04"})
    year.refresh_from_db()
    assert year.starts == D(2026, 8, 19)
    assert SchoolYear.objects.filter(local=world.local).count() == 1


def test_a_school_year_that_ends_before_it_starts_is_refused(world, as_user):
    response = as_user("officer").post(url("grievance_calendar"), {
        "name": "2026–27", "starts": "2027-06-04", "ends": "2026-08-17"})
    assert response.status_code == 400
    assert "The last day comes after the first day." in page_text(response)
    assert not SchoolYear.objects.exists()


# --- Days ------------------------------------------------------------------------------------


def test_adding_one_day(world, as_user):
    year = make_year(world)
    response = as_user("officer").post(year_url("grievance_school_year", year), {
        "first": "2026-11-11", "kind": "closed", "label": "Veterans Day"}, follow=True)
    assert days_of(year) == {D(2026, 11, 11): "closed"}
    html = page_text(response)
    assert "1 day is set on the calendar." in html
    assert "Veterans Day" in html and "November 2026" in html and "Wednesday" in html


def test_adding_a_break_skips_the_weekends(world, as_user):
    year = make_year(world)
    actions.set_calendar_day(year, D(2026, 12, 21), kind="no_school", label="Old", by=None)
    response = as_user("officer").post(year_url("grievance_school_year", year), {
        "first": "2026-12-19", "last": "2027-01-03", "kind": "closed",
        "label": "Winter break"}, follow=True)
    days = days_of(year)
    assert sorted(days) == [D(2026, 12, 21), D(2026, 12, 22), D(2026, 12, 23), D(2026, 12, 24),
                            D(2026, 12, 25), D(2026, 12, 28), D(2026, 12, 29),
                            D(2026, 12, 30), D(2026, 12, 31), D(2027, 1, 1)]
    assert set(days.values()) == {"closed"}
    assert "10 days are set on the calendar." in page_text(response)
    assert AuditEntry.objects.filter(verb="grievances.calendar_days_set").count() == 1


def test_a_break_running_past_the_year_writes_nothing(world, as_user):
    year = make_year(world)
    response = as_user("officer").post(year_url("grievance_school_year", year), {
        "first": "2027-06-01", "last": "2027-06-30", "kind": "closed", "label": "Summer"})
    assert response.status_code == 400
    assert "is outside the school year" in page_text(response)
    assert days_of(year) == {}


def test_a_weekend_only_range_is_refused(world, as_user):
    year = make_year(world)
    response = as_user("officer").post(year_url("grievance_school_year", year), {
        "first": "2026-11-14", "last": "2026-11-15", "kind": "closed"})
    assert response.status_code == 400
    assert "There is no Monday to Friday" in page_text(response)


def test_removing_a_day(world, as_user):
    year = make_year(world)
    actions.set_calendar_day(year, D(2026, 11, 11), kind="closed", by=None)
    actions.set_calendar_day(year, D(2026, 11, 26), kind="closed", by=None)
    client = as_user("officer")
    page = page_text(client.get(year_url("grievance_school_year", year)))
    assert year_url("grievance_calendar_day_remove", year) in page
    response = client.post(year_url("grievance_calendar_day_remove", year),
                           {"day": "2026-11-11"}, follow=True)
    assert days_of(year) == {D(2026, 11, 26): "closed"}
    assert "2026-11-11 is off the calendar." in page_text(response)


def test_removing_without_a_day_says_so(world, as_user):
    year = make_year(world)
    response = as_user("officer").post(year_url("grievance_calendar_day_remove", year),
                                       {"day": "not a date"})
    assert response.status_code == 400
    assert "Choose a day to remove." in page_text(response)


# --- Import ----------------------------------------------------------------------------------


def csv_file(*lines, name="calendar.csv"):
    return SimpleUploadedFile(name, "\r\n".join(lines).encode(), content_type="text/csv")


def ics_file(*events, name="district.ics"):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Lakeview USD//Test//EN"]
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return SimpleUploadedFile(name, ("\r\n".join(lines) + "\r\n").encode(),
                              content_type="text/calendar")


def test_importing_a_csv(world, as_user):
    year = make_year(world)
    actions.set_calendar_day(year, D(2026, 10, 9), kind="no_school", by=None)
    response = as_user("officer").post(year_url("grievance_calendar_import", year), {
        "file": csv_file("date,kind,label", "2026-11-26,closed,Thanksgiving",
                         "2026-11-27,closed,Thanksgiving", "2027-02-12,no school,Workday"),
    }, follow=True)
    assert days_of(year) == {D(2026, 10, 9): "no_school", D(2026, 11, 26): "closed",
                             D(2026, 11, 27): "closed", D(2027, 2, 12): "no_school"}
    assert "3 days imported." in page_text(response)


def test_importing_an_ics_replacing_the_days_there(world, as_user):
    year = make_year(world)
    actions.set_calendar_day(year, D(2026, 10, 9), kind="no_school", by=None)
    response = as_user("officer").post(year_url("grievance_calendar_import", year), {
        "file": ics_file(["UID:a", "DTSTART;VALUE=DATE:20261221", "DTEND;VALUE=DATE:20261224",
                          "SUMMARY:Winter break"]),
        "replace": "on"}, follow=True)
    assert days_of(year) == {D(2026, 12, 21): "closed", D(2026, 12, 22): "closed",
                             D(2026, 12, 23): "closed"}
    html = page_text(response)
    assert "3 days imported." in html and "were replaced" in html


def test_an_ics_named_otherwise_is_read_by_its_content(world, as_user):
    year = make_year(world)
    upload = ics_file(["UID:a", "DTSTART;VALUE=DATE:20261111", "SUMMARY:Veterans Day"],
                      name="export.txt")
    as_user("officer").post(year_url("grievance_calendar_import", year), {"file": upload})
    assert days_of(year) == {D(2026, 11, 11): "closed"}


def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_written(world, as_user):
    year = make_year(world)
    actions.set_calendar_day(year, D(2026, 10, 9), kind="no_school", by=None)
    response = as_user("officer").post(year_url("grievance_calendar_import", year), {
        "file": csv_file("date,kind,label", "2026-11-26,closed,Thanksgiving",
                         "2026-13-01,closed,Oops"),
        "replace": "on"})
    assert response.status_code == 400
    html = page_text(response)
    assert "Nothing was imported." in html
    assert "Row 3, column date: &#x27;2026-13-01&#x27; is not a date" in html
    assert days_of(year) == {D(2026, 10, 9): "no_school"}


def test_a_bad_ics_line_is_reported_by_line(world, as_user):
    year = make_year(world)
    response = as_user("officer").post(year_url("grievance_calendar_import", year), {
        "file": ics_file(["UID:a", "DTSTART;VALUE=DATE:2026111", "SUMMARY:Veterans Day"])})
    assert response.status_code == 400
    assert "Line 6" in page_text(response)
    assert days_of(year) == {}


def test_a_day_outside_the_year_is_refused(world, as_user):
    year = make_year(world)
    response = as_user("officer").post(year_url("grievance_calendar_import", year), {
        "file": csv_file("date,label", "2026-11-26,Thanksgiving", "2027-07-05,Summer")})
    assert response.status_code == 400
    assert "outside the school year" in page_text(response)
    assert days_of(year) == {}


def test_an_oversize_upload_is_refused(world, as_user):
    year = make_year(world)
    big = b"date,label\r\n" + b"2026-11-26,Thanksgiving\r\n" * (MAX_UPLOAD // 20)
    assert len(big) > MAX_UPLOAD
    response = as_user("officer").post(year_url("grievance_calendar_import", year), {
        "file": SimpleUploadedFile("calendar.csv", big, content_type="text/csv")})
    assert response.status_code == 400
    assert "a calendar file may be at most 1.0" in page_text(response)
    assert days_of(year) == {}


@pytest.mark.parametrize(("name", "data", "message"), [
    ("calendar.csv", b"", "The submitted file is empty."),
    ("calendar.xlsx", b"PK\x03\x04" + b"\x00" * 100, "this is a spreadsheet workbook"),
    ("calendar.csv", "date,label\r\n2026-11-26,Día".encode("utf-16"), "NUL bytes"),
    ("calendar.csv", b"date,label\r\n2026-11-26,caf\x81\r\n", "neither UTF-8"),
    ("calendar.ics", b"BEGIN:VCALENDAR\r\nthis is not\r\n", "Line 2"),
    ("calendar.csv", b"date,kind,label\r\n", "The file lists no days"),
])
def test_a_users_mistake_is_a_message_never_a_server_error(world, as_user, name, data, message):
    year = make_year(world)
    actions.set_calendar_day(year, D(2026, 10, 9), kind="no_school", by=None)
    response = as_user("officer").post(year_url("grievance_calendar_import", year), {
        "file": SimpleUploadedFile(name, data), "replace": "on"})
    assert response.status_code == 400
    assert message in page_text(response)
    assert days_of(year) == {D(2026, 10, 9): "no_school"}


# --- Public holidays -------------------------------------------------------------------------


def test_adding_the_federal_holidays_keeps_the_days_there(world, as_user):
    year = make_year(world)
    actions.set_calendar_day(year, D(2026, 11, 26), kind="no_school", label="Ours",
                             by=None)
    response = as_user("officer").post(year_url("grievance_calendar_holidays", year),
                                       follow=True)
    entries = {d.day: d for d in CalendarDay.objects.filter(school_year=year)}
    assert entries[D(2026, 12, 25)].kind == "closed"
    assert entries[D(2026, 12, 25)].label == "Christmas Day"
    assert D(2027, 1, 18) in entries  # Martin Luther King Jr. Day
    assert (entries[D(2026, 11, 26)].kind, entries[D(2026, 11, 26)].label) == (
        "no_school", "Ours")
    assert D(2027, 3, 31) not in entries  # Cesar Chavez Day is California's
    assert all(year.starts <= day <= year.ends for day in entries)
    html = page_text(response)
    assert "public holidays added (US federal holidays)" in html
    assert "1 was already on the calendar" in html
    # A second time adds nothing and changes nothing.
    as_user("officer").post(year_url("grievance_calendar_holidays", year))
    assert CalendarDay.objects.filter(school_year=year).count() == len(entries)


def test_the_worksites_state_adds_its_holidays(world, as_user):
    world.site_a.state = "CA"
    world.site_a.save()
    world.site_b.state = "ca "
    world.site_b.save()
    year = make_year(world)
    client = as_user("officer")
    assert "those of CA" in page_text(client.get(year_url("grievance_school_year", year)))
    response = client.post(year_url("grievance_calendar_holidays", year), follow=True)
    assert CalendarDay.objects.get(school_year=year, day=D(2027, 3, 31)).label == (
        "Cesar Chavez Day")
    assert "US federal and CA holidays" in page_text(response)


def test_an_unknown_state_falls_back_to_the_federal_holidays(world, as_user):
    world.site_a.state = "Ontario"
    world.site_a.save()
    year = make_year(world)
    response = as_user("officer").post(year_url("grievance_calendar_holidays", year),
                                       follow=True)
    assert CalendarDay.objects.filter(school_year=year, day=D(2026, 12, 25)).exists()
    assert "(US federal holidays)" in page_text(response)


@pytest.mark.parametrize("name", ["grievance_procedure", "grievance_calendar",
                                  "grievance_school_year"])
def test_an_empty_post_is_the_page_with_a_message(world, as_user, name):
    year = make_year(world)
    kwargs = {"pk": year.pk} if name == "grievance_school_year" else {}
    response = as_user("officer").post(url(name, **kwargs), {})
    assert response.status_code == 400
    assert 'role="alert"' in page_text(response)
    assert not StepRule.objects.exists() and not CalendarDay.objects.exists()


# --- Scoping ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "method", "data"), [
    ("grievance_school_year", "get", None),
    ("grievance_school_year", "post", {"first": "2026-11-11", "kind": "closed"}),
    ("grievance_calendar_day_remove", "post", {"day": "2026-11-11"}),
    ("grievance_calendar_import", "post", None),
    ("grievance_calendar_holidays", "post", None),
])
def test_another_locals_school_year_is_not_found(world, as_user, name, method, data):
    theirs = make_year(world, local=world.other_local)
    actions.set_calendar_day(theirs, D(2026, 11, 11), kind="closed", by=None)
    mine = reverse(name, kwargs={"local_slug": "lakeview", "pk": theirs.pk})
    client = as_user("officer")
    response = client.get(mine) if method == "get" else client.post(mine, data or {})
    assert response.status_code == 404
    assert days_of(theirs) == {D(2026, 11, 11): "closed"}


def test_another_locals_year_is_not_offered_for_editing(world, as_user):
    theirs = make_year(world, local=world.other_local)
    response = as_user("officer").get(url("grievance_calendar") + f"?year={theirs.pk}")
    assert response.status_code == 404


# --- Spanish ---------------------------------------------------------------------------------


def test_the_pages_render_in_spanish(world, as_user):
    year = make_year(world)
    actions.set_calendar_day(year, D(2026, 11, 11), kind="closed", label="Veterans Day",
                             by=None)
    actions.set_procedure(world.local, PROCEDURE, by=None)
    client = as_user("officer")
    # The middleware leaves Spanish active in this thread; `override` puts back what was.
    with translation.override("en"):
        for page in (url("grievance_procedure"), url("grievance_calendar"),
                     year_url("grievance_school_year", year)):
            response = client.get(page, HTTP_ACCEPT_LANGUAGE="es")
            assert response.status_code == 200, page
            assert '<html lang="es">' in page_text(response)
        # A form with mistakes, too.
        response = client.post(url("grievance_procedure"), steps_post(
            [{"name": "Paso 1", "days": "", "ORDER": 1}]), HTTP_ACCEPT_LANGUAGE="es")
        assert response.status_code == 400
        assert '<html lang="es">' in page_text(response)
