"""Resigning (inside or outside the card's revocation window), lapsing and rejoining."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_application
from unionhall.core.models import AuditEntry
from unionhall.members.actions import (
    apply_due_resignations,
    approve_application,
    export_deductions,
    lapse,
    resign,
)
from unionhall.members.models import DuesAuthorization, MembershipChange, Resignation
from unionhall.members.tests.test_payroll import card, set_rates


def status(person):
    person.membership.refresh_from_db()
    return person.membership.status


def test_resigning_inside_the_window_revokes_the_card_at_once(world):
    admin, person = world.users["admin"], world.people_a[2]
    authorization = card(person, signed=dt.date(2024, 9, 10))
    resignation = resign(person, on=dt.date(2025, 8, 20), reason="Letter of August 20",
                         by=admin)
    assert resignation.applied_at is not None and not resignation.waived
    authorization.refresh_from_db()
    assert authorization.status == "revoked" and status(person) == "resigned"
    change = MembershipChange.objects.filter(person=person).first()
    assert (change.from_status, change.to_status, change.effective) == (
        "member", "resigned", dt.date(2025, 8, 20))
    assert change.recorded_by == admin and change.reason == "Letter of August 20"
    assert AuditEntry.objects.filter(verb="membership.changed", actor=admin,
                                     object_id=str(person.pk)).exists()


def test_resigning_outside_the_window_takes_effect_when_it_opens(world):
    set_rates(world.local)
    admin, person = world.users["admin"], world.people_a[2]
    today = timezone.localdate()
    signed = today - dt.timedelta(days=100)
    authorization = card(person, signed=signed)
    resignation = resign(person, reason="Letter", by=admin)
    opens = signed.replace(year=signed.year + 1) - dt.timedelta(days=25)
    assert resignation.applied_at is None and resignation.effective == opens
    assert "revocation window is" in resignation.reason
    assert status(person) == "member"  # still deducted, as the card says
    with pytest.raises(ValidationError, match="already recorded"):
        resign(person, reason="Again", by=admin)
    page = _person_page(world, person)
    assert "Resignation recorded" in page
    # A deduction file for a pay date on or after the window leaves them out.
    export, _data = export_deductions(world.local, opens, by=None)
    assert person.pk not in set(export.lines.values_list("person_id", flat=True))
    assert any(x["kind"] == "resigning" and x["person"] == person.pk for x in export.warnings)
    assert apply_due_resignations(world.local, on=opens - dt.timedelta(days=1)) == 0
    assert apply_due_resignations(world.local, on=opens) == 1
    authorization.refresh_from_db()
    assert authorization.status == "revoked" and status(person) == "resigned"
    change = MembershipChange.objects.filter(person=person).first()
    assert change.effective == opens and change.recorded_by == admin


def test_the_local_can_release_a_member_before_the_window(world):
    admin, person = world.users["admin"], world.people_a[2]
    card(person, signed=timezone.localdate() - dt.timedelta(days=100))
    resignation = resign(person, reason="Moving away", release=True, by=admin)
    assert resignation.waived and resignation.applied_at is not None
    assert status(person) == "resigned"
    assert "released" in MembershipChange.objects.filter(person=person).first().reason


def test_resigning_needs_a_reason_a_member_and_the_permission(world):
    person = world.people_a[2]
    with pytest.raises(ValidationError):
        resign(person, reason=" ", by=world.users["admin"])
    with pytest.raises(PermissionDenied):
        resign(person, reason="x", by=world.users["officer"])
    lapse(person, reason="District stopped deducting", by=None)
    with pytest.raises(ValidationError, match="not a member"):
        resign(person, reason="x", by=None)
    assert not Resignation.objects.exists()


def test_lapse_records_who_and_why(world):
    admin, person = world.users["admin"], world.people_a[2]
    lapse(person, reason="Missing from three remittances", by=admin)
    assert status(person) == "lapsed"
    change = MembershipChange.objects.filter(person=person).first()
    assert (change.from_status, change.to_status, change.recorded_by, change.reason) == (
        "member", "lapsed", admin, "Missing from three remittances")
    with pytest.raises(ValidationError):
        lapse(person, reason="again", by=admin)
    with pytest.raises(PermissionDenied):
        lapse(world.people_a[1], reason="x", by=world.users["rep"])


@pytest.mark.parametrize("leave", ["resign", "lapse"])
def test_a_resigned_or_lapsed_person_rejoins_with_a_new_form(world, leave):
    admin, person = world.users["admin"], world.people_a[2]
    old = card(person, signed=dt.date(2024, 9, 10))
    if leave == "resign":
        resign(person, on=dt.date(2025, 8, 20), reason="Letter", by=admin)
    else:
        lapse(person, reason="On leave", by=admin)
    application = make_application(world.local, person=person, match="employee_id",
                                   employee_id=person.employee_id)
    approve_application(application, by=world.users["officer"])
    assert status(person) == "member"
    old.refresh_from_db()
    assert old.status == "revoked"
    assert DuesAuthorization.objects.get(person=person, status="active").application == application
    history = list(MembershipChange.objects.filter(person=person).order_by("id").values_list(
        "from_status", "to_status"))
    assert history[-2:] == [("member", "resigned" if leave == "resign" else "lapsed"),
                            ("resigned" if leave == "resign" else "lapsed", "member")]


def _person_page(world, person):
    from django.test import Client

    client = Client()
    client.force_login(world.users["admin"])
    return client.get(reverse("person_detail", args=["lakeview", person.pk])).content.decode()


def test_person_page_offers_resign_and_lapse_to_admins_only(world, as_user):
    person = world.people_a[2]
    card(person)
    url = reverse("person_detail", args=["lakeview", person.pk])
    page = as_user("admin").get(url).content.decode()
    assert "Record a resignation" in page and "Paid through" in page
    assert "Revocation window" in page
    assert "Record a resignation" not in as_user("officer").get(url).content.decode()
    response = as_user("admin").post(reverse("person_lapse", args=["lakeview", person.pk]),
                                     {"reason": "Stopped deducting"})
    assert response.status_code == 302 and status(person) == "lapsed"
    assert as_user("officer").post(reverse("person_resign", args=["lakeview", person.pk]),
                                   {"reason": "x"}).status_code == 403


def test_the_daily_job_applies_resignations_whose_window_opened(world):
    from io import StringIO

    from django.core.management import call_command

    set_rates(world.local)
    person = world.people_a[2]
    signed = timezone.localdate() - dt.timedelta(days=100)
    card(person, signed=signed)
    resign(person, reason="Letter", by=world.users["admin"])
    opens = signed.replace(year=signed.year + 1) - dt.timedelta(days=25)
    out = StringIO()
    call_command("run_scheduled", "--date", (opens - dt.timedelta(days=1)).isoformat(),
                 stdout=out)
    assert "took effect: 0" in out.getvalue() and status(person) == "member"
    call_command("run_scheduled", "--date", opens.isoformat(), stdout=out)
    assert "took effect: 1" in out.getvalue() and status(person) == "resigned"
    call_command("run_scheduled", "--date", opens.isoformat(), stdout=out)
    assert out.getvalue().count("took effect: 0") == 2
