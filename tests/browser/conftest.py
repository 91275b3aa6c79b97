"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server,
with an axe-core accessibility check on every page a test lands on."""

import importlib
import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise
# refuse to run there ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# axe impacts that fail a test; "minor" and "moderate" ones are left to review.
FAILING_IMPACTS = {"serious", "critical"}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session. Missing tools fail the tests, never skip them."""
    if not CHROMIUM.exists():
        pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}: run `make browser` "
                    "(or `sudo apt-get install chromium`).", pytrace=False)
    if not AXE.exists():
        pytest.fail(f"The accessibility checks need axe-core at {AXE.relative_to(ROOT)}: run "
                    "`make browser` (or `npm ci` in the project root).", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and used TOTP codes live in the cache; user ids repeat after each flush."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def migrated_data(transactional_db):
    """The live server needs a transactional database, flushed after every such test, which
    also empties what data migrations put there. Put it back (idempotent) before any other
    function fixture (such as `world`) needs it.

    Not serialized_rollback: after a flush by another transactional test (post_migrate
    recreates content types), restoring serialized content types fails on unique keys."""
    from django.apps import apps

    job_families = importlib.import_module("unionhall.core.migrations.0002_job_families")
    job_families.add_families(apps, None)


PHONE = {"width": 390, "height": 844}


def _tab(browser, live_server, **options):
    """A new browser context (cookies, storage) aimed at the live server. At the end, every
    document the tab landed on must have had its axe check."""
    context = browser.new_context(base_url=live_server.url, locale="en-US", **options)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    landed: list[str] = []
    tab.on("framenavigated", lambda frame: frame.parent_frame is None and landed.append(frame.url))
    tab.axe_checked = []
    try:
        yield tab
        unchecked = [url for url in landed if url not in tab.axe_checked]
        assert not unchecked, f"pages visited without an axe check: {unchecked}"
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server):
    """A desk-sized browser per test."""
    yield from _tab(browser, live_server)


@pytest.fixture
def phone(browser, live_server):
    """A second browser at phone width (a member's phone), beside `page`."""
    yield from _tab(browser, live_server, viewport=PHONE)


def fits_the_phone(tab) -> bool:
    """Nothing on the page is wider than the screen (tables scroll inside their own box)."""
    return tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def main_text(tab) -> str:
    return tab.get_by_role("main").inner_text()


def sign_out(tab) -> None:
    submit(tab, tab.get_by_role("button", name="Sign out"))


def check_axe(page) -> None:
    """Run axe-core on the current document; fail on serious or critical violations."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]
    page.axe_checked.append(page.url)
    if bad:
        lines = [f"axe found {len(bad)} serious/critical violation(s) on {page.url}:"]
        for v in bad:
            targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})\n"
                         f"      targets: {targets}")
        raise AssertionError("\n".join(lines))


def visit(page, url: str):
    """Go to a URL, wait for the page to load, check it with axe."""
    response = page.goto(url)
    assert response is not None and response.ok, f"GET {url}: {response and response.status}"
    page.wait_for_load_state("load")
    check_axe(page)
    return page


def submit(page, button) -> None:
    """Click a button (or link) that leads to another document, wait for it, check it with axe."""
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state("load")
    check_axe(page)


def wait_for_mail(outbox, count: int = 1, timeout: float = 5.0):
    """The live server sends in its own thread; give it a moment."""
    deadline = time.monotonic() + timeout
    while len(outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(outbox) >= count, f"expected {count} email(s), got {len(outbox)}"
    return outbox[count - 1]


def code_from(message) -> str:
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.M)
    assert match, message.body
    return match.group(1)


def totp_code(user) -> str:
    """The code the user's authenticator app would show now."""
    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 2:
        # Too close to the end of the window: the server might already be in the next one.
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def sign_in_with_password(page, user, password: str = "pw") -> None:
    """The login form, then the authenticator code if the user has TOTP; ends on the home page."""
    from allauth.mfa.models import Authenticator

    visit(page, "/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    submit(page, page.get_by_role("main").get_by_role("button", name="Sign In", exact=True))
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        assert page.url.endswith("/accounts/2fa/authenticate/"), page.url
        page.locator("input[name=code]").fill(totp_code(user))
        submit(page, page.get_by_role("main").get_by_role("button", name="Sign In", exact=True))
    assert urlsplit(page.url).path == "/", f"signed in but landed on {page.url}"
