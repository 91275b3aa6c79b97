"""Organizing on a phone: a building rep logs a conversation; an officer sees density move when
a coworker joins. Every page landed on is checked with axe-core."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.browser.conftest import PHONE, fits_the_phone, sign_in_with_password, submit, visit
from tests.factories import PersonFactory
from unionhall.members.models import Application, TermsVersion
from unionhall.organizing.models import Conversation

pytestmark = pytest.mark.browser


def test_rep_logs_a_conversation_on_a_phone(page, world):
    page.set_viewport_size(PHONE)
    person = world.people_a[2]
    sign_in_with_password(page, world.users["rep"])
    visit(page, reverse("organizer_list", args=["lakeview"]))
    submit(page, page.get_by_role("link", name=f"{person.legal_last_name}, {person.first_name}"))
    page.get_by_label("Date").fill(dt.date.today().isoformat())
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Staffing").check()
    page.get_by_label("Notes").fill("Short-staffed in room 12 since October.")
    submit(page, page.get_by_role("button", name="Log the conversation"))
    conversation = Conversation.objects.get(person=person)
    assert conversation.channel == "phone" and conversation.issues == ["Staffing"]
    assert "Short-staffed in room 12" in page.content()
    assert fits_the_phone(page)


def test_density_changes_when_a_coworker_joins(page, world):
    page.set_viewport_size(PHONE)
    newcomer = PersonFactory(local=world.local, worksite=world.site_a,
                             job_class=world.people_a[0].job_class, status="non_member")
    sign_in_with_password(page, world.users["officer"])
    visit(page, reverse("density_local", args=["lakeview"]))
    before = members_shown(page)

    terms = TermsVersion.objects.create(local=world.local, version=1, text_en="Terms.")
    application = Application.objects.create(
        local=world.local, legal_first_name=newcomer.legal_first_name,
        legal_last_name=newcomer.legal_last_name, typed_name=newcomer.display_name,
        consent=True, signed_at=dt.datetime.now(dt.UTC), terms=terms, terms_sha256="0" * 64,
        anniversary=dt.date.today(), revocation_opens_days=25, revocation_closes_days=10,
        person=newcomer, match="employee_id", worksite=world.site_a)
    visit(page, reverse("application_detail", args=["lakeview", application.pk]))
    submit(page, page.get_by_role("button", name=f"Approve as {newcomer.display_name}"))
    visit(page, reverse("density_local", args=["lakeview"]))
    assert members_shown(page) == before + 1
    assert fits_the_phone(page)


def members_shown(page) -> int:
    return int(page.locator(".stats li:nth-child(2) .stat").inner_text().replace(",", ""))


