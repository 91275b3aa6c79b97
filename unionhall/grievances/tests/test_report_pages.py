"""The grievance reports page and its CSV: the counts, the filters, the export, who may see
them, and a query count that does not grow with the number of cases."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import WorksiteFactory, make_user
from unionhall.core.models import JobFamily
from unionhall.grievances import actions
from unionhall.grievances.report_queries import report_cases

pytestmark = pytest.mark.django_db

D = dt.date
PROCEDURE = [
    {"name": "Step 1: supervisor", "days": 14, "kind": "working", "starts_from": "knowledge"},
    {"name": "Step 2: human resources", "days": 10, "kind": "working", "starts_from": "answer"},
    {"name": "Arbitration", "days": 30, "kind": "calendar", "starts_from": "answer"},
]
EVIL_TITLE = '=HYPERLINK("http://evil.example","Click")'


def _case(local, **details):
    values = {"title": "Case", "grievant_kind": "union", "group_name": "", "worksite": None,
              "job_family": None, "articles": [], "what_happened": "Something happened.",
              "remedy_sought": "Make whole.", "incident_on": D(2026, 1, 2), "learned_on": None}
    values.update(details)
    grievants = values.pop("grievants", ())
    filed_on = values.pop("filed_on", None)
    return actions.open_grievance(local, by=None, grievants=grievants, filed_on=filed_on,
                                  **values)


@pytest.fixture
def cases(world):
    """Three cases of Lakeview and one of Hilltop (which must never show)."""
    actions.set_procedure(world.local, PROCEDURE, by=None)
    actions.set_procedure(world.other_local, PROCEDURE, by=None)
    para = JobFamily.objects.get(code="paraeducators")
    food = JobFamily.objects.get(code="food")
    # Filed Jan 5, answered in 10 days, appealed 5 days later; still open at step 2.
    first = _case(world.local, title=EVIL_TITLE, worksite=world.site_a, job_family=para,
                  articles=["12.3", "12.5"], filed_on=D(2026, 1, 5))
    actions.record_answer(first, 1, D(2026, 1, 15), "Denied.", by=None)
    actions.record_filing(first, 2, D(2026, 1, 20), by=None)
    # One grievant at Birch, filed Feb 2, answered in 2 days, settled Feb 20.
    second = _case(world.local, title="Overtime pay", grievant_kind="person",
                   grievants=[world.people_b[1]], articles=["Article 7"],
                   filed_on=D(2026, 2, 2), incident_on=D(2026, 2, 1))
    actions.record_answer(second, 1, D(2026, 2, 4), by=None)
    actions.close_grievance(second, outcome="settled", closed_on=D(2026, 2, 20),
                            remedy_obtained="Back pay", by=None)
    # A group at Birch, not filed yet.
    third = _case(world.local, title="Night shift", grievant_kind="group",
                  group_name="Night custodians", worksite=world.site_b, job_family=food,
                  articles=["7.1", "12"])
    hilltop_site = WorksiteFactory(local=world.other_local, name="Hilltop Annex")
    _case(world.other_local, title="Hilltop secret case", worksite=hilltop_site,
          articles=["99.1"], filed_on=D(2026, 1, 10))
    return first, second, third


def url(name="grievance_reports", **params):
    from urllib.parse import urlencode

    base = reverse(name, args=["lakeview"])
    return base + ("?" + urlencode(params) if params else "")


def rows(report_rows):
    return {r["label"]: (r["row"].total, r["row"].open, r["row"].closed) for r in report_rows}


def read_csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_page_counts_the_cases(world, as_user, cases):
    response = as_user("officer").get(url())
    assert response.status_code == 200
    ctx = response.context
    summary = ctx["report"].summary
    assert (summary.cases, summary.open, summary.closed) == (3, 2, 1)
    assert summary.median_days_to_close == 18  # Feb 2 to Feb 20
    assert rows(ctx["articles"]) == {"Article 7": (2, 1, 1), "Article 12": (2, 2, 0)}
    assert rows(ctx["worksites"]) == {"Birch Middle School": (2, 1, 1),
                                      "Alder Elementary": (1, 1, 0)}
    assert rows(ctx["job_families"]) == {"Paraeducators": (2, 1, 1), "Food Services": (1, 1, 0)}
    current = {r["label"]: (r["row"].to_file, r["row"].awaiting_answer, r["row"].answered)
               for r in ctx["current_steps"]}
    assert current == {"Step 1: supervisor": (1, 0, 0), "Step 2: human resources": (0, 1, 0),
                       "Arbitration": (0, 0, 0)}
    assert {r["label"]: r["row"].cases for r in ctx["outcomes"]}["Settled"] == 1
    step1 = ctx["step_times"][0]["row"]
    assert (step1.filed, step1.answered, step1.median_answer, step1.appealed,
            step1.median_appeal) == (2, 2, 6, 1, 5)
    html = response.content.decode()
    assert "<h2" in html and "Cases by contract article" in html and "<svg" in html
    assert 'class="scroll"' in html and "<caption" in html
    assert "Article 12" in html


def test_another_locals_cases_never_appear(world, as_user, cases):
    html = as_user("officer").get(url()).content.decode()
    assert "Hilltop" not in html and "Article 99" not in html
    body = as_user("officer").get(url("grievance_reports_csv")).content.decode()
    assert "Hilltop" not in body and "99.1" not in body
    # Nor to Hilltop's own officer: not even on Lakeview's page.
    assert as_user("outsider").get(url()).status_code == 403


def test_the_csv_has_a_header_a_row_per_case_and_inert_formulas(world, as_user, cases):
    response = as_user("officer").get(url("grievance_reports_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="lakeview-grievances-' in response["Content-Disposition"]
    table = read_csv(response)
    header, body = table[0], table[1:]
    assert header == ["Number", "Title", "Status", "Outcome", "Grievant", "Worksite",
                      "Job family", "Contract sections", "Articles", "Date of the incident",
                      "Date the grievant learned of it", "Date filed", "Date closed",
                      "Current step", "Days open", "Remedy sought", "Remedy obtained"]
    assert len(body) == 3
    by_title = {row[1].lstrip("'"): dict(zip(header, row, strict=True)) for row in body}
    evil = by_title[EVIL_TITLE]
    assert evil["Title"] == "'" + EVIL_TITLE
    assert evil["Contract sections"] == "12.3; 12.5" and evil["Articles"] == "12"
    assert evil["Current step"] == "Step 2: human resources (awaiting the employer's answer)"
    settled = by_title["Overtime pay"]
    assert (settled["Status"], settled["Outcome"], settled["Grievant"]) == (
        "Closed", "Settled", "One person")
    assert (settled["Date filed"], settled["Date closed"], settled["Days open"]) == (
        "2026-02-02", "2026-02-20", "18")
    assert settled["Remedy obtained"] == "Back pay" and settled["Current step"] == ""
    assert by_title["Night shift"]["Current step"] == "Step 1: supervisor (to be filed or " \
                                                     "appealed)"
    # The grievants' names stay out of the export.
    grievant = world.people_b[1]
    text = response.content.decode("utf-8-sig")
    assert grievant.legal_last_name not in text and "Night custodians" not in text


def test_filters(world, as_user, cases):
    client = as_user("officer")

    def numbers(**params):
        """The titles of the cases the CSV exports with these filters."""
        table = read_csv(client.get(url("grievance_reports_csv", **params)))
        return sorted(row[1].lstrip("'") for row in table[1:])

    assert numbers(status="closed") == ["Overtime pay"]
    assert numbers(status="open") == sorted([EVIL_TITLE, "Night shift"])
    assert numbers(worksite=world.site_a.pk) == [EVIL_TITLE]
    # The dates are the filing at step 1: the case not filed yet is left out.
    assert numbers(filed_from="2026-02-01") == ["Overtime pay"]
    assert numbers(filed_to="2026-01-31") == [EVIL_TITLE]
    assert numbers(filed_from="2026-01-01", status="open") == [EVIL_TITLE]
    page = client.get(url(status="closed"))
    assert page.context["report"].summary.cases == 1
    assert "status=closed" in page.context["query"]


def test_bad_filters_are_explained_not_counted(world, as_user, cases):
    client = as_user("officer")
    other_site = world.other_local.worksites.first()
    response = client.get(url(worksite=other_site.pk))
    assert response.status_code == 200
    assert response.context["report"] is None
    assert "Select a valid choice" in response.content.decode()
    response = client.get(url(filed_from="2026-03-01", filed_to="2026-01-01"))
    assert "The start date is after the end date." in response.content.decode()
    assert client.get(url("grievance_reports_csv", worksite=other_site.pk)).status_code == 400


@pytest.mark.parametrize("persona", ["steward", "admin", "member", "rep", "state", "outsider"])
def test_only_the_chair_and_officers_get_the_reports(world, as_user, cases, persona):
    client = as_user(persona)
    assert client.get(url()).status_code == 403
    assert client.get(url("grievance_reports_csv")).status_code == 403


def test_the_grievance_chair_gets_the_reports(world, client, cases):
    chair = make_user("chair@example.org", roles=[(world.local, "grievance_chair")])
    client.force_login(chair)
    assert client.get(url()).status_code == 200
    assert len(read_csv(client.get(url("grievance_reports_csv")))) == 4


def test_report_rows_take_two_queries(world, cases, django_assert_num_queries):
    from unionhall.core.permissions import access_for

    access = access_for(world.users["officer"], world.local)
    with django_assert_num_queries(2):  # the cases with worksite and family; their steps
        assert len(report_cases(access)) == 3


def _count(client, address):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["grievance_reports", "grievance_reports_csv"])
def test_queries_do_not_grow_with_the_cases(world, as_user, cases, name):
    client = as_user("officer")
    address = url(name)
    _count(client, address)  # warm the session and caches
    before = _count(client, address)
    para = JobFamily.objects.get(code="paraeducators")
    for n in range(8):
        site = WorksiteFactory(local=world.local, name=f"Extra {n}")
        case = _case(world.local, title=f"More {n}", worksite=site, job_family=para,
                     articles=[f"{n}.1", "3"], filed_on=D(2026, 3, 2))
        actions.record_answer(case, 1, D(2026, 3, 3 + n), by=None)
        if n % 2:
            actions.record_filing(case, 2, D(2026, 3, 12), by=None)
    assert _count(client, address) == before
