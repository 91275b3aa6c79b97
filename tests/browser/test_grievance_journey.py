"""A steward on a phone opens a grievance: the page shows the step-1 due date counted in
working days across winter break, with the break named; the steward records the filing and
the employer's answer, and the step-2 due date appears. Every page is checked with axe."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.browser.conftest import PHONE, sign_in_with_password, submit, visit
from unionhall.core.models import Affiliate
from unionhall.grievances.models import Grievance
from unionhall.grievances.tests.helpers import set_up_local

pytestmark = pytest.mark.browser


def test_steward_opens_a_case_and_follows_its_due_dates(page, world, monkeypatch):
    monkeypatch.setattr(Affiliate, "today", lambda self: dt.date(2026, 12, 10))
    set_up_local(world.local)
    grievant = world.people_b[1]
    page.set_viewport_size(PHONE)

    sign_in_with_password(page, world.users["steward"])
    visit(page, reverse("grievance_list", args=["lakeview"]))
    submit(page, page.get_by_role("link", name="Open a case"))
    page.get_by_label("Title").fill("Overtime given out of seniority order")
    page.get_by_label("Grievants").fill(grievant.employee_id)
    page.get_by_label("Contract sections violated").fill("12.3")
    page.get_by_label("What happened").fill("Overtime went to the newest custodian.")
    page.get_by_label("Remedy sought").fill("Pay for the hours lost.")
    page.get_by_label("Date of the incident").fill("2026-12-03")
    page.get_by_label("Date the grievant learned of it").fill("2026-12-07")
    submit(page, page.get_by_role("button", name="Open the case"))

    case = Grievance.objects.get()
    assert page.url.endswith(reverse("grievance_detail", args=["lakeview", case.number]))
    step1 = page.locator("#step-1")
    assert "10 working days from when the grievant learned of it" in step1.inner_text()
    assert "Mon, Jan. 4, 2027" in step1.inner_text()
    assert "Dec. 21, 2026 – Jan. 1, 2027 (Winter break)" in step1.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    step1.get_by_label("Filed on").fill("2026-12-08")
    submit(page, step1.get_by_role("button", name="Save"))
    step1 = page.locator("#step-1")
    step1.get_by_label("Answered on").fill("2026-12-10")
    step1.get_by_label("The answer, in short").fill("Denied: no violation of the contract.")
    submit(page, step1.get_by_role("button", name="Save the answer"))

    step2 = page.locator("#step-2")
    assert "Thu, Jan. 7, 2027" in step2.inner_text()
    assert "Denied: no violation of the contract." in page.locator("#step-1").inner_text()
    assert "Employer's answer at Step 1: supervisor" in page.locator("#timeline").inner_text()
