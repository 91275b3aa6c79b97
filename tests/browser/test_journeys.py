"""What people do in a real browser: sign in (emailed code, password + authenticator), see what
their role allows, switch language. Every page landed on is checked with axe-core."""

import runpy
from urllib.parse import urlsplit

import polib
import pytest
from django.urls import reverse

from tests.browser.conftest import (
    ROOT,
    code_from,
    sign_in_with_password,
    submit,
    visit,
    wait_for_mail,
)

pytestmark = pytest.mark.browser

SPANISH_PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"


def path_of(page) -> str:
    return urlsplit(page.url).path


def main_nav(page):
    return page.get_by_role("navigation", name="Main")


def test_member_signs_in_with_emailed_code(page, world, mailoutbox):
    visit(page, "/")  # anonymous: sent to the login page
    assert path_of(page) == reverse("account_login")
    submit(page, page.get_by_role("link", name="Send me a sign-in code"))
    assert path_of(page) == reverse("account_request_login_code")
    page.get_by_role("textbox", name="Email").fill("member@example.org")
    submit(page, page.get_by_role("button", name="Request Code"))
    assert path_of(page) == reverse("account_confirm_login_code")

    message = wait_for_mail(mailoutbox)
    assert message.to == ["member@example.org"]
    page.get_by_role("textbox", name="Code").fill(code_from(message))
    submit(page, page.get_by_role("button", name="Confirm"))

    assert path_of(page) == "/"
    membership = page.get_by_role("region", name="Your membership")
    status = membership.locator("dt", has_text="Status").locator("xpath=following-sibling::dd[1]")
    assert status.inner_text().strip() == "Member"
    assert main_nav(page).get_by_role("link", name="People").count() == 0


def test_building_rep_sees_only_own_worksite(page, world):
    sign_in_with_password(page, world.users["rep"])
    submit(page, main_nav(page).get_by_role("link", name="People"))
    assert path_of(page) == reverse("person_list", args=[world.local.slug])
    assert page.get_by_role("heading", level=1).inner_text() == "People"

    rows = page.locator("table.people tbody th[scope=row]")
    shown = set(rows.all_inner_texts())
    site_a = {f"{p.legal_last_name}, {p.first_name}" for p in world.people_a}
    site_b = {f"{p.legal_last_name}, {p.first_name}" for p in world.people_b}
    assert shown == site_a
    assert not shown & site_b
    body = page.locator("main").inner_text()
    for person in world.people_b:
        assert person.legal_last_name not in body
    assert world.site_b.name not in body


def test_language_switch_turns_pages_spanish(page, world):
    # Our own catalog is being written; once it exists, its strings must show up too.
    ours = SPANISH_PO.exists()
    if ours:
        compile_messages()
    visit(page, "/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Language").select_option("es")
    submit(page, page.get_by_role("button", name="Change"))

    assert path_of(page) == reverse("account_login")
    assert page.locator("html").get_attribute("lang") == "es"
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Iniciar sesión", heading  # allauth's own Spanish
    assert "Sign In" not in page.title()

    # The choice outlives signing in.
    page.locator("input[name=login]").fill("member@example.org")
    page.locator("input[name=password]").fill("pw")
    submit(page, page.get_by_role("main").get_by_role("button", name="Iniciar sesión", exact=True))
    assert path_of(page) == "/"
    assert page.locator("html").get_attribute("lang") == "es"
    if ours:
        home_link = page.locator("header.site nav a[href='/']")
        assert home_link.inner_text().strip() == "Inicio", (
            f"{SPANISH_PO.relative_to(ROOT)} exists but the Home link reads "
            f"{home_link.inner_text()!r}: is 'Home' translated there?")
        # Django's admin catalog also turns "Home" into "Inicio", so check strings only our
        # catalog has too: each one it translates must show translated.
        translated = {e.msgid: e.msgstr
                      for e in polib.pofile(str(SPANISH_PO)).translated_entries()}
        shown = {
            "Your membership": page.locator("#membership-h"),
            "Skip to content": page.locator("a.skip"),
            "Language": page.locator("label[for=language-select]"),
            "Sign out": page.locator("header.site nav button"),
        }
        wrong = {msgid: (translated[msgid], where.text_content().strip())
                 for msgid, where in shown.items()
                 if msgid in translated and where.text_content().strip() != translated[msgid]}
        assert not wrong, f"catalog translation (wanted, shown) not on the page: {wrong}"


def compile_messages() -> None:
    """What `make messages` does (.po to .mo), then make Django reload its catalogs, which
    other tests in this process may already have loaded."""
    from django.utils.translation.reloader import translation_file_changed

    runpy.run_path(str(ROOT / "scripts" / "compile_messages.py"))
    translation_file_changed(sender=None, file_path=SPANISH_PO.with_suffix(".mo"))


def test_officer_pages(page, world):
    officer = world.users["officer"]
    sign_in_with_password(page, officer)
    assert page.get_by_role("region", name="Lakeview ESP at a glance").is_visible()
    assert page.get_by_role("region", name="Your membership").is_visible()

    submit(page, main_nav(page).get_by_role("link", name="People"))
    person = world.people_a[2]
    submit(page, page.get_by_role("link", name=f"{person.legal_last_name}, {person.first_name}"))
    assert path_of(page) == reverse("person_detail", args=[world.local.slug, person.pk])
    assert page.get_by_role("heading", level=1).inner_text() == person.display_name
    assert page.get_by_role("link", name=person.personal_email).is_visible()

    submit(page, main_nav(page).get_by_role("link", name="Audit log"))
    assert path_of(page) == reverse("audit_log", args=[world.local.slug])
    assert page.get_by_role("heading", level=1).inner_text() == "Audit log"

    submit(page, main_nav(page).get_by_role("button", name="Sign out"))
    assert main_nav(page).get_by_role("link", name="Sign in").is_visible()


def test_sign_in_pages_when_signed_out(page, world):
    for url in ["/accounts/login/", "/accounts/login/code/", "/accounts/password/reset/",
                "/accounts/signup/"]:
        visit(page, url)

