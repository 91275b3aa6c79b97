"""Voting on a phone: a member ranks candidates in an STV election, keeps the receipt, is refused
a second vote, and finds the receipt on the public list once two members of the election
committee have counted and certified. Every page landed on is checked with axe-core."""

import re

import pytest
from django.urls import reverse

from tests.browser.conftest import PHONE, sign_in_with_password, sign_out, submit, visit
from tests.factories import make_user
from unionhall.democracy.models import Ballot
from unionhall.democracy.tests.conftest import candidates, close, make_election

pytestmark = pytest.mark.browser


def test_member_votes_stv_on_a_phone_and_finds_the_receipt_after_certification(page, world):
    committee = [make_user(f"committee{i}@example.org", person=world.people_b[i],
                           roles=[(world.local, "election_committee")]) for i in (1, 2)]
    election = make_election(world.local, title="Executive board 2026", contests=[
        ("Executive board", "scottish-stv", 2, ("Ana Ortiz", "Ben Hale", "Cy Moreno"))])
    contest, ids = candidates(election)
    page.set_viewport_size(PHONE)

    sign_in_with_password(page, world.users["member"])
    visit(page, reverse("election_list", args=["lakeview"]))
    submit(page, page.get_by_role("link", name="Executive board 2026"))
    submit(page, page.get_by_role("link", name="Vote now"))
    page.get_by_label("Cy Moreno").select_option("1")
    page.get_by_label("Ana Ortiz").select_option("2")
    page.get_by_label("Ben Hale").select_option("2")  # a mistake: two second choices
    submit(page, page.get_by_role("button", name="Review my ballot"))
    assert "more than one candidate" in page.get_by_role("alert").first.inner_text()
    page.get_by_label("Ben Hale").select_option("")
    submit(page, page.get_by_role("button", name="Review my ballot"))
    assert page.locator("ol li").all_inner_texts() == ["Cy Moreno", "Ana Ortiz"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    submit(page, page.get_by_role("button", name="Cast my ballot"))
    receipt = page.locator("[data-receipt]").get_attribute("data-receipt")
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){4}", receipt)
    assert Ballot.objects.get().marks == {str(contest.pk): [ids["Cy Moreno"], ids["Ana Ortiz"]]}

    # Back to the review page and casting again, as a double tap would: refused.
    page.go_back()
    page.wait_for_load_state("load")
    submit(page, page.get_by_role("button", name="Cast my ballot"))
    assert "You have already voted in this election." in page.content()
    assert Ballot.objects.count() == 1
    sign_out(page)

    close(election)
    for number, member in enumerate(committee, 1):
        sign_in_with_password(page, member)
        visit(page, reverse("election_detail", args=["lakeview", election.pk]))
        if number == 1:
            submit(page, page.get_by_role("button", name="Count the votes"))
            assert "Not yet official" in page.content()
        else:
            submit(page, page.get_by_role("link", name="Results").first)
        submit(page, page.get_by_role("button", name="I certify these results"))
        sign_out(page)
    election.refresh_from_db()
    assert election.published_at is not None

    sign_in_with_password(page, world.users["member"])
    visit(page, reverse("election_results", args=["lakeview", election.pk]))
    assert "Certified" in page.content() and "Cy Moreno" in page.content()
    submit(page, page.get_by_role("link", name="The list of ballots received"))
    page.get_by_label("Your receipt code").fill(receipt)
    submit(page, page.get_by_role("button", name="Check"))
    assert "Found: your ballot is in the count." in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
