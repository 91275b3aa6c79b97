"""The bargaining team records a session: adds it with its YouTube link, lists who sat at the
table, pastes the transcript a member typed while watching (the seed), imports and publishes
it. A member then reads it: each line with its speaker, its time a link to that second of the
video. Every page is checked with axe."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.conftest import PHONE, sign_in_with_password, submit, visit
from unionhall.bargaining.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.shared]

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds" / "001_a5499e419ebc6886.txt"
VIDEO = "https://www.youtube.com/watch?v=UnionhallJ01"
ATTENDEES = [("union", "Lara Center", "President"), ("union", "Vicki Okafor", "Paraeducator"),
             ("district", "Katharine Brandt", "Chief Human Resources Officer"),
             ("district", "Steve Bell", "Chief of staff")]


def seed_transcript() -> str:
    """The transcript lines of the seed: from the first line starting with a time to the line
    before "Leave a Reply"."""
    if not SEED.exists():
        pytest.skip("the seed transcript is read from ../shared: ../shared is absent")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"\d{1,2}:\d{2}\s", line))
    end = next(i for i, line in enumerate(lines) if line.strip() == "Leave a Reply")
    return "\n".join(lines[start:end])


def test_team_imports_a_transcript_and_a_member_follows_it(page, world):
    transcript = seed_transcript()
    sign_in_with_password(page, world.users["team"])
    visit(page, reverse("session_list", args=["lakeview"]))
    submit(page, page.get_by_role("link", name="Add a session"))
    page.get_by_label("Date").fill("2026-05-19")
    page.get_by_label("Title").fill("Session 6: para training")
    page.get_by_label("Video link").fill(VIDEO)
    submit(page, page.get_by_role("button", name="Add the session"))
    session = Session.objects.get()

    submit(page, page.get_by_role("link", name="Attendees", exact=True))
    for i, (side, name, role) in enumerate(ATTENDEES):
        row = page.locator("fieldset").nth(i)
        row.get_by_label("Side").select_option(side)
        row.get_by_label("Name").fill(name)
        row.get_by_label("Role or title").fill(role)
    submit(page, page.get_by_role("button", name="Save the attendees"))
    assert "Katharine Brandt" in page.locator("#attendees").inner_text()

    submit(page, page.get_by_role("link", name="Import a transcript"))
    page.get_by_label("Paste the transcript").fill(transcript)
    submit(page, page.get_by_role("button", name="Import the transcript"))
    assert "lines imported" in page.get_by_role("status").inner_text()
    submit(page, page.get_by_role("button", name="Publish to members"))
    assert Session.objects.get().published

    submit(page, page.get_by_role("button", name="Sign out"))
    sign_in_with_password(page, world.users["member"])
    page.set_viewport_size(PHONE)
    visit(page, reverse("session_detail", args=["lakeview", session.pk]))
    bell = page.locator("ol.transcript li", has_text="Regarding para training")
    assert "Steve Bell" in bell.locator(".who").inner_text()
    link = bell.get_by_role("link", name="19:09")
    assert "t=1149s" in link.get_attribute("href")
    assert link.get_attribute("target") == "_blank"
    yesterday = page.locator("ol.transcript li", has_text="Yesterday")
    assert "Vicki Okafor" in yesterday.locator(".who").inner_text()
    assert yesterday.get_by_role("link").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
