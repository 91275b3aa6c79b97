"""Joining on a phone, in Spanish: the dues, the terms, the signed form, the card by email; then
an officer approves it. Every page landed on is checked with axe-core."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.browser.conftest import PHONE, sign_in_with_password, submit, visit, wait_for_mail
from unionhall.members.models import Application, DuesPolicy, DuesRate, TermsVersion

pytestmark = pytest.mark.browser


@pytest.fixture
def open_for_joining(world):
    TermsVersion.objects.create(local=world.local, version=1, text_en="Members pay dues.",
                                text_es="Los miembros pagan cuotas.")
    DuesRate.objects.create(affiliate=world.local, category="full_time", label="Full time",
                            min_fte="0", max_fte="1", yearly_cents=48000,
                            effective_from=dt.date(2020, 9, 1))
    DuesPolicy.objects.create(local=world.local, pay_periods=24)
    return world


def test_visitor_joins_on_a_phone_in_spanish_and_an_officer_approves(
        page, open_for_joining, mailoutbox):
    world = open_for_joining
    page.set_viewport_size(PHONE)
    visit(page, reverse("join", args=["lakeview"]))
    page.get_by_label("Language", exact=True).select_option("es")
    submit(page, page.get_by_role("button", name="Change"))
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Los miembros pagan cuotas." in page.content()

    page.locator("#id_dues-job_class").select_option(label="Paraeducator I")
    submit(page, page.get_by_role("button", name="Ver mis cuotas"))
    assert "$480.00" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_label("Nombre legal").fill("Lucía")
    page.get_by_label("Apellido legal").fill("Márquez")
    page.get_by_label("Correo electrónico personal").fill("lucia@example.org")
    page.get_by_label("Teléfono celular").fill("555-0199")
    page.get_by_label("Centro de trabajo").select_option(label="Alder Elementary")
    page.locator("#id_job_class").select_option(label="Paraeducator I")
    page.get_by_label("Firma (nombre completo escrito)").fill("Lucía Márquez")
    page.locator("#id_consent").check()
    submit(page, page.get_by_role("button", name="Firmar y afiliarme"))
    assert "Gracias por afiliarse" in page.content()

    message = wait_for_mail(mailoutbox)
    assert message.to == ["lucia@example.org"] and message.body.startswith("Hola")
    assert message.attachments[0][1].startswith(b"%PDF")
    application = Application.objects.get()
    assert application.language == "es" and application.status == "pending"

    page.context.clear_cookies()
    sign_in_with_password(page, world.users["officer"])
    visit(page, reverse("application_list", args=["lakeview"]))
    submit(page, page.get_by_role("link", name="Márquez, Lucía"))
    submit(page, page.get_by_role("button", name="Approve as a new person"))
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.person.membership.status == "member"
