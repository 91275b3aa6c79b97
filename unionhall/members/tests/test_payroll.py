"""Payroll: the deduction file, the district's remittance, paid-through dates and exceptions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import PersonFactory, make_application
from unionhall.core.models import AuditEntry
from unionhall.members import dues, payroll
from unionhall.members.actions import (
    export_deductions,
    import_remittance,
    resolve_exception,
    set_dues_rate,
    set_payroll_layout,
)
from unionhall.members.models import (
    DuesAuthorization,
    Membership,
    PayrollExport,
    Remittance,
    RemittanceException,
)
from unionhall.members.queries import lapse_candidates

SEP1 = dt.date(2025, 9, 1)
PAY = dt.date(2025, 10, 15)  # paycheck 2 (0-based) of 24 in the 2025-26 year
POLICY = dues.Policy()


def rate(yearly, level="local"):
    return dues.Rate(level, "all", "All", Decimal(0), Decimal(1), yearly, dt.date(2000, 1, 1))


def pay_dates(policy, year_start):
    """One pay date in each of the year's n periods."""
    days = (dues.membership_year(year_start, policy)[1] - year_start).days + 1
    n = policy.pay_periods
    return [year_start + dt.timedelta(days=-(-i * days // n)) for i in range(n)]


# --- The pure core --------------------------------------------------------------------------


@given(yearly=st.integers(0, 2_000_000), n=st.integers(1, 53))
def test_a_whole_year_of_paychecks_adds_up_to_the_yearly_dues(yearly, n):
    policy = dues.Policy(pay_periods=n)
    dates = pay_dates(policy, SEP1)
    assert [payroll.period_of(d, policy) for d in dates] == list(range(n))
    amounts = [payroll.expected_amount([rate(yearly)], fte=1, pay_date=d, policy=policy)
               for d in dates]
    assert sum(amounts) == yearly
    assert max(amounts) - min(amounts) <= 1


@given(yearly=st.integers(0, 2_000_000), n=st.integers(1, 53), day=st.integers(0, 364))
def test_a_card_signed_mid_year_pays_what_it_quoted(yearly, n, day):
    policy = dues.Policy(pay_periods=n)
    signed = SEP1 + dt.timedelta(days=day)
    quoted = dues.quote([rate(yearly)], fte=1, on=signed, policy=policy)
    amounts = [payroll.expected_amount([rate(yearly)], fte=1, pay_date=d, policy=policy,
                                       signed_on=signed) for d in pay_dates(policy, SEP1)]
    assert sum(amounts) == quoted.prorated_cents


def test_the_file_follows_the_layout_and_amount_format():
    layout = payroll.Layout(deduction_code="U42", amount_format="cents", columns=(
        ("pay_date", "Date"), ("employee_id", "EMP"), ("amount", "AMT"),
        ("deduction_code", "CODE")))
    rows = payroll.render_rows([payroll.Line("E1", "Ruiz", "Ana", 1205)], layout, PAY)
    assert rows == [["Date", "EMP", "AMT", "CODE"], ["2025-10-15", "E1", "1205", "U42"]]
    dollars = payroll.render_rows([payroll.Line("E1", "Ruiz", "Ana", 1205)],
                                  payroll.Layout(include_header=False), PAY)
    assert dollars == [["E1", "Ruiz", "Ana", "UNION", "12.05"]]
    assert payroll.Layout(columns=(("last_name", "x"),)).check()


def test_remittance_headers_are_matched_loosely_and_bad_rows_named():
    ok = payroll.read_remittance(b"Emp ID;Name;Deduction\r\n00123;A;$1,012.50\r\n\r\nX9;B;7\r\n")
    assert ok.errors == []
    assert [(r.row, r.employee_id, r.cents) for r in ok.rows] == [
        (2, "00123", 101250), (4, "X9", 700)]
    bad = payroll.read_remittance(b"Employee ID,Amount\nE1,12.5\n,3\nE3,abc\nE4,-2\n")
    assert bad.errors == ["row 3, column Employee ID: the employee id is empty",
                          "row 4, column Amount: 'abc' is not an amount",
                          "row 5, column Amount: '-2' is not an amount of zero or more"]
    assert payroll.read_remittance(b"Who,What\nE1,2\n").errors[0].startswith("row 1: no employee")
    assert payroll.read_remittance(b"id,amount\nE1,1234\n", amount_format="cents").rows[0].cents \
        == 1234


def test_matching_sorts_rows_into_ok_differs_not_owed_unmatched_and_missing():
    rows = [payroll.RemittanceRow(2, "E001", 1000), payroll.RemittanceRow(3, "e2", 900),
            payroll.RemittanceRow(4, "E3", 500), payroll.RemittanceRow(5, "ZZ", 100),
            payroll.RemittanceRow(6, "E2", 100)]
    owed = {"e1": payroll.Owed(1, 1000), "e2": payroll.Owed(2, 1000), "e4": payroll.Owed(4, 5)}
    result = payroll.match_remittance(rows, owed=owed, people={"e1": 1, "e2": 2, "e3": 3, "e4": 4})
    kinds = {o.employee_id: (o.kind, o.person_id, o.received_cents) for o in result.outcomes}
    assert kinds == {"E001": ("ok", 1, 1000), "e2": ("ok", 2, 1000),
                     "E3": ("not_owed", 3, 500), "ZZ": ("unmatched", None, 100)}
    assert result.missing == [4]


def test_revocation_window_is_the_next_one_not_yet_closed():
    signed = dt.date(2024, 9, 10)
    window = payroll.revocation_window(signed, dt.date(2025, 1, 1), opens_days=25, closes_days=10)
    assert window == (dt.date(2025, 8, 16), dt.date(2025, 8, 31))
    assert payroll.revocation_window(signed, dt.date(2025, 9, 1), opens_days=25,
                                     closes_days=10)[0] == dt.date(2026, 8, 16)
    assert payroll.in_window(signed, dt.date(2025, 8, 31), opens_days=25, closes_days=10)
    assert payroll.revocation_window(dt.date(2024, 2, 29), dt.date(2024, 3, 1), opens_days=0,
                                     closes_days=0) == (dt.date(2025, 2, 28),) * 2


# --- Actions ------------------------------------------------------------------------------


def set_rates(local):
    national, state = local.parent.parent, local.parent
    for affiliate, full in ((national, 21000), (state, 40000), (local, 25000)):
        set_dues_rate(affiliate, category="full_time", label="Full time", min_fte="0.5",
                      max_fte="1", yearly_cents=full, effective_from=SEP1)
        set_dues_rate(affiliate, category="part_time", label="Part time", min_fte="0",
                      max_fte="0.499", yearly_cents=full // 2, effective_from=SEP1)


def card(person, signed=dt.date(2024, 9, 10)):
    signed_at = timezone.make_aware(dt.datetime.combine(signed, dt.time(12)))
    application = make_application(person.local, person=person, signed_at=signed_at,
                                   anniversary=signed, status="approved")
    return DuesAuthorization.objects.create(
        person=person, application=application, signed_at=signed_at, anniversary=signed,
        revocation_opens_days=25, revocation_closes_days=10)


@pytest.fixture
def payroll_world(world):
    set_rates(world.local)
    for person in world.people_a + world.people_b[:2]:
        card(person)
    world.people_b[1].fte = Decimal("0.25")
    world.people_b[1].save()
    return world


def test_export_deducts_only_authorized_members_and_adds_up(payroll_world):
    w = payroll_world
    admin = w.users["admin"]
    export, data = export_deductions(w.local, PAY, by=admin)
    full, part = dues.split(86000, 24)[2], dues.split(43000, 24)[2]
    assert export.rows == 5 and export.period == 2
    assert export.total_cents == 4 * full + part == sum(
        line.amount_cents for line in export.lines.all())
    text = data.decode()
    lines = text.splitlines()
    assert lines[0] == "Employee ID,Last Name,First Name,Deduction Code,Amount"
    assert f"{w.people_a[0].employee_id},{w.people_a[0].legal_last_name}," in text
    assert w.people_b[2].employee_id not in text  # a member without a card
    assert {x["kind"] for x in export.warnings} == {"no_authorization"}
    assert export.warnings[0]["person"] == w.people_b[2].pk
    assert AuditEntry.objects.filter(verb="payroll.exported", actor=admin).exists()


def test_export_is_formula_safe_and_follows_the_layout(payroll_world):
    w = payroll_world
    person = w.people_a[0]
    person.legal_last_name = "=HYPERLINK(\"x\")"
    person.save()
    set_payroll_layout(w.local, deduction_code="U42", amount_format="cents", include_header=False,
                       columns=[["employee_id", ""], ["last_name", ""], ["amount", "AMT"]],
                       by=w.users["admin"])
    _export, data = export_deductions(w.local, PAY, by=None)
    row = next(r for r in data.decode().splitlines() if r.startswith(person.employee_id))
    assert row == f"{person.employee_id},\"'=HYPERLINK(\"\"x\"\")\",{dues.split(86000, 24)[2]}"


def test_only_who_manages_people_exports_or_imports(payroll_world):
    w = payroll_world
    for name in ("member", "rep", "officer", "state"):
        with pytest.raises(PermissionDenied):
            export_deductions(w.local, PAY, by=w.users[name])
        with pytest.raises(PermissionDenied):
            import_remittance(w.local, b"id,amount\n1,1\n", pay_date=PAY, by=w.users[name])
    assert not PayrollExport.objects.exists()


def remittance_csv(rows):
    return ("Emp ID,Name,Deduction\n" + "".join(f"{e},x,{a}\n" for e, a in rows)).encode()


def test_remittance_sets_paid_through_and_lists_exceptions(payroll_world):
    w = payroll_world
    admin = w.users["admin"]
    export_deductions(w.local, PAY, by=admin)
    full = dues.split(86000, 24)[2]
    a0, a1, a2 = w.people_a
    data = remittance_csv([(a0.employee_id, payroll.format_amount(full, "dollars")),
                           (a1.employee_id, "1.00"), (w.people_b[2].employee_id, "5.00"),
                           ("NOBODY", "3.00"), (a2.employee_id.lower(), f"{full / 100:.2f}")])
    remittance = import_remittance(w.local, data, pay_date=PAY, filename="oct.csv", by=admin)
    assert (remittance.rows, remittance.matched, remittance.exceptions, remittance.missing) == (
        5, 2, 3, 2)
    paid = dict(Membership.objects.filter(paid_through=PAY).values_list("person_id",
                                                                         "paid_through"))
    assert set(paid) == {a0.pk, a2.pk}
    kinds = {e.employee_id: (e.kind, e.expected_cents, e.received_cents)
             for e in RemittanceException.objects.all()}
    assert kinds == {a1.employee_id: ("amount_differs", full, 100),
                     w.people_b[2].employee_id: ("not_owed", 0, 500),
                     "NOBODY": ("unmatched", None, 300)}
    exception = RemittanceException.objects.get(kind="unmatched")
    with pytest.raises(ValidationError):
        resolve_exception(exception, note=" ", by=admin)
    with pytest.raises(PermissionDenied):
        resolve_exception(exception, note="x", by=w.users["officer"])
    resolve_exception(exception, note="A substitute, refunded by the district", by=admin)
    exception.refresh_from_db()
    assert exception.resolved_by == admin and exception.resolved_at is not None
    with pytest.raises(ValidationError, match="already imported"):
        import_remittance(w.local, data, pay_date=PAY, by=admin)


def test_bad_remittance_lists_rows_and_columns_and_writes_nothing(payroll_world):
    w = payroll_world
    data = b"Employee ID,Amount\nE1,12.00\nE2,twelve\n,3.00\n"
    with pytest.raises(ValidationError) as info:
        import_remittance(w.local, data, pay_date=PAY, by=w.users["admin"])
    assert info.value.messages == ["row 3, column Amount: 'twelve' is not an amount",
                                   "row 4, column Employee ID: the employee id is empty"]
    assert not Remittance.objects.exists() and not RemittanceException.objects.exists()
    assert not Membership.objects.filter(paid_through__isnull=False).exists()


def test_members_missing_from_three_remittances_are_lapse_candidates(payroll_world):
    w = payroll_world
    paying = [p for p in w.people_a + w.people_b[:2] if p != w.people_a[1]]
    for pay_date in (dt.date(2025, 9, 30), dt.date(2025, 10, 15), dt.date(2025, 10, 31)):
        assert list(lapse_candidates(w.local)) == []  # not three remittances yet
        import_remittance(w.local, remittance_csv([(p.employee_id, "1.00") for p in paying]),
                          pay_date=pay_date, by=None)
    assert list(lapse_candidates(w.local)) == [w.people_a[1]]


def test_export_queries_do_not_grow_with_members(payroll_world):
    w = payroll_world
    export_deductions(w.local, PAY, by=None)  # warm up
    with CaptureQueriesContext(connection) as few:
        export_deductions(w.local, PAY, by=None)
    for _ in range(10):
        card(PersonFactory(local=w.local, worksite=w.site_a))
        PersonFactory(local=w.local, worksite=w.site_b)
    with CaptureQueriesContext(connection) as many:
        export, _data = export_deductions(w.local, PAY, by=None)
    assert export.rows == 15
    assert len(many) == len(few)


# --- Views --------------------------------------------------------------------------------


def test_payroll_page_is_for_who_manages_people(payroll_world, as_user):
    url = reverse("payroll", args=["lakeview"])
    for name in ("member", "rep", "steward", "officer", "state", "outsider"):
        assert as_user(name).get(url).status_code == 403
    response = as_user("admin").get(url)
    assert response.status_code == 200
    assert "Payroll" in response.content.decode()


def test_export_and_download_through_the_page(payroll_world, as_user):
    client = as_user("admin")
    response = client.post(reverse("payroll_export", args=["lakeview"]),
                           {"pay_date": PAY.isoformat()})
    export = PayrollExport.objects.get()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "without an active dues authorization" in page
    csv_response = client.get(reverse("payroll_export_csv", args=["lakeview", export.pk]))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert len(csv_response.content.decode().splitlines()) == 6


def test_upload_shows_the_summary_or_each_bad_row(payroll_world, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = payroll_world
    client = as_user("admin")
    url = reverse("payroll_remittance_import", args=["lakeview"])
    bad = SimpleUploadedFile("bad.csv", b"Employee ID,Amount\nE1,abc\n", "text/csv")
    response = client.post(url, {"pay_date": PAY.isoformat(), "file": bad})
    assert response.status_code == 200
    assert "row 2, column Amount" in response.content.decode()
    good = SimpleUploadedFile("ok.csv", remittance_csv([("NOBODY", "1.00")]), "text/csv")
    response = client.post(url, {"pay_date": PAY.isoformat(), "file": good})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "NOBODY" in page
    exception = RemittanceException.objects.get()
    resolve = reverse("remittance_exception_resolve", args=["lakeview", exception.pk])
    client.post(resolve, {"note": "Not ours"})
    exception.refresh_from_db()
    assert exception.note == "Not ours" and exception.resolved_by == w.users["admin"]


def test_payroll_page_queries_do_not_grow_with_exceptions(payroll_world, as_user,
                                                          django_assert_max_num_queries):
    client = as_user("admin")
    import_remittance(payroll_world.local, remittance_csv([("X1", "1.00")]), pay_date=PAY,
                      by=None)
    url = reverse("payroll", args=["lakeview"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    import_remittance(payroll_world.local,
                      remittance_csv([(f"Y{i}", "1.00") for i in range(20)]),
                      pay_date=dt.date(2025, 10, 31), by=None)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
