"""The proposal pages: the list by article, a proposal with its redline and chain, the team's
forms, and who may see or do what on the server."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from unionhall.bargaining.actions import proposals as actions
from unionhall.bargaining.models import Proposal, Session
from unionhall.bargaining.tests.test_proposals import LEAVES, make_contract, propose

pytestmark = pytest.mark.django_db

TEAM = ["team", "officer", "admin"]
READERS = ["member", "rep", "steward", "state"]


def url(name, **kwargs):
    return reverse(name, kwargs={"local_slug": "lakeview", **kwargs})


def page(client, name, **kwargs):
    response = client.get(url(name, **kwargs))
    assert response.status_code == 200, response.content[:400]
    return response.content.decode()


def redline_of(html: str) -> str:
    start = html.index('<div class="redline"')
    return html[start:html.index("</div>", start)]


# --- the list ---------------------------------------------------------------------------------


def test_the_list_groups_by_article_in_number_order(world, as_user):
    make_contract(world.local)
    propose(world.local, number="12", text="12.1 Salary Schedule\nThree percent more.",
            published=True)
    district = propose(world.local, side="district", published=True)
    propose(world.local, side="union", answers=district, published=True)
    propose(world.local, number="5", text="5.1 Workday\nSix hours.", published=True)
    html = page(as_user("member"), "proposal_list")
    assert html.index("Article 5: Hours of Work") < html.index("Article 7: Leaves") \
        < html.index("Article 12: Wages")
    assert "D-1" in html and "Countered" in html and "Open" in html
    assert "District" in html and "Union" in html


def test_drafts_are_for_the_team_only(world, as_user):
    make_contract(world.local)
    propose(world.local, title="Draft leave", published=False)
    propose(world.local, number="12", text="12.1 Salary Schedule\nMore.", published=True)
    team = page(as_user("team"), "proposal_list")
    assert "U-1" in team and "Draft — team only" in team
    member = page(as_user("member"), "proposal_list")
    assert "U-2" in member and "U-1" not in member and "Draft" not in member


def test_the_list_filters(world, as_user):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True)
    propose(world.local, side="union", answers=first, published=True)
    propose(world.local, number="12", text="12.1 Salary Schedule\nMore.", published=True)
    client = as_user("member")
    html = client.get(url("proposal_list") + "?side=district").content.decode()
    assert "D-1" in html and "<td>Union</td>" not in html
    html = client.get(url("proposal_list") + "?status=countered").content.decode()
    assert "D-1" in html and "U-2" not in html
    html = client.get(url("proposal_list") + "?article=12").content.decode()
    assert "U-2" in html and "D-1" not in html
    html = client.get(url("proposal_list") + "?status=ta").content.decode()
    assert "No proposal matches." in html


def test_the_list_does_not_grow_in_queries(world, as_user, django_assert_max_num_queries):
    make_contract(world.local)
    client = as_user("team")

    def add(n):
        for _ in range(n):
            first = propose(world.local, side="district", published=True)
            counter = propose(world.local, side="union", answers=first)
            actions.publish_proposal(counter, by=None)
            actions.set_proposal_status(counter, "withdrawn", by=None)

    add(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url("proposal_list"))
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("proposal_list"))
    assert "D-9" in response.content.decode()


# --- a proposal -------------------------------------------------------------------------------


def test_the_redline_against_the_contract_in_force(world, as_user):
    make_contract(world.local)
    proposal = propose(world.local, published=True,
                       text=LEAVES.replace("two (2) days", "three (3) days"))
    html = page(as_user("member"), "proposal_detail", pk=proposal.pk)
    assert "<del>two (2)</del><ins>three (3)</ins>" in html or (
        "<del>two</del>" in html and "<ins>three</ins>" in html)
    assert "version 2023–2026" in html
    assert "1 word inserted" in html or "2 words inserted" in html
    assert "struck-through text" in html and "underlined text" in html  # the legend


def test_user_text_is_escaped(world, as_user):
    make_contract(world.local)
    evil = LEAVES + "\n\n7.3 Bereavement\n<script>alert(1)</script> five days."
    proposal = propose(world.local, published=True, text=evil, rationale="<b>why</b>",
                       title="<i>Leaves</i>")
    html = page(as_user("member"), "proposal_detail", pk=proposal.pk)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>why</b>" not in html and "<i>Leaves</i>" not in html
    assert "<ins>" in html


def test_a_new_article_is_all_inserted(world, as_user):
    make_contract(world.local)
    proposal = propose(world.local, number="20", title="Remote Work", published=True,
                       text="20.1 Remote Work\nClerical staff may work from home.")
    html = page(as_user("member"), "proposal_detail", pk=proposal.pk)
    assert "has no Article 20" in html
    assert "<ins>" in redline_of(html) and "<del>" not in redline_of(html)


def test_compared_with_the_version_in_force_not_the_one_it_was_written_against(world, as_user):
    old = make_contract(world.local, name="2020–2023")
    proposal = propose(world.local, published=True, text=LEAVES)
    old.status = "superseded"
    old.save()
    make_contract(world.local, articles=[("7", "Leaves", LEAVES.replace("two (2)", "four (4)"))])
    html = page(as_user("member"), "proposal_detail", pk=proposal.pk)
    assert "version 2023–2026" in html and "version 2020–2023, since superseded" in html
    assert "<del>four" in html and "<ins>two" in html


def test_the_chain_and_the_redline_against_the_previous_proposal(world, as_user):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True, text=LEAVES)
    second = propose(world.local, side="union", answers=first, published=True,
                     text=LEAVES.replace("two (2) days", "five (5) days"))
    third = propose(world.local, side="district", answers=second, published=True,
                    text=LEAVES.replace("two (2) days", "three (3) days"))
    client = as_user("member")
    html = page(client, "proposal_detail", pk=second.pk)
    chain = html[html.index("The chain of proposals"):]
    assert chain.index("D-1") < chain.index("U-1") < chain.index("D-2")
    assert "answers D-1" in chain and "answers U-1" in chain
    assert f"?against={first.pk}" in html
    html = client.get(url("proposal_detail", pk=third.pk) + f"?against={second.pk}")
    html = html.content.decode()
    assert "Changes from U-1" in html
    assert "<del>five" in html and "<ins>three" in html
    assert client.get(url("proposal_detail", pk=third.pk) + "?against=x").status_code == 404


def test_against_a_proposal_on_another_article_is_not_found(world, as_user):
    make_contract(world.local)
    one = propose(world.local, published=True)
    other = propose(world.local, number="12", text="12.1 Salary\nMore.", published=True)
    client = as_user("member")
    response = client.get(url("proposal_detail", pk=one.pk) + f"?against={other.pk}")
    assert response.status_code == 404


def test_a_draft_is_not_found_for_who_is_not_on_the_team(world, as_user):
    make_contract(world.local)
    draft = propose(world.local)
    first = propose(world.local, side="district", published=True)
    hidden = propose(world.local, side="union", answers=first)  # a draft counter
    for persona in READERS:
        client = as_user(persona)
        assert client.get(url("proposal_detail", pk=draft.pk)).status_code == 404
        html = page(client, "proposal_detail", pk=first.pk)
        assert hidden.label not in html
    for persona in TEAM:
        html = page(as_user(persona), "proposal_detail", pk=draft.pk)
        assert "Draft — team only" in html
    assert as_user("outsider").get(url("proposal_detail", pk=first.pk)).status_code == 403
    response = as_user(None).get(url("proposal_detail", pk=first.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_session_link(world, as_user):
    make_contract(world.local)
    session = Session.objects.create(local=world.local, held_on=dt.date(2025, 3, 4),
                                     title="Third session", published=True)
    proposal = propose(world.local, published=True, session=session)
    html = page(as_user("member"), "proposal_detail", pk=proposal.pk)
    assert "Third session" in html


def test_the_team_sees_its_actions_and_members_do_not(world, as_user):
    make_contract(world.local)
    proposal = propose(world.local, published=True)
    team = page(as_user("team"), "proposal_detail", pk=proposal.pk)
    for link in (url("proposal_edit", pk=proposal.pk), url("agreement_sign", pk=proposal.pk),
                 url("proposal_status", pk=proposal.pk), f"?answers={proposal.pk}"):
        assert link in team
    member = page(as_user("member"), "proposal_detail", pk=proposal.pk)
    assert url("proposal_edit", pk=proposal.pk) not in member
    assert "For the bargaining team" not in member


# --- the team's forms -------------------------------------------------------------------------


def test_adding_a_proposal(world, as_user):
    make_contract(world.local)
    client = as_user("team")
    html = page(client, "proposal_new")
    assert 'name="text"' in html and "7.1 Sick Leave" in html  # the help shows the form
    response = client.post(url("proposal_new"), {
        "side": "union", "article_number": "7", "title": "", "text": LEAVES + " More.",
        "rationale": "Members asked.", "presented_on": "", "published": "on"})
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{proposal.pk}/")
    assert proposal.label == "U-1" and proposal.published


def test_a_mistake_comes_back_on_the_form(world, as_user):
    make_contract(world.local)
    response = as_user("team").post(url("proposal_new"), {
        "side": "union", "article_number": "7", "text": "7.1 Sick\nOne.\n9.1 Wrong\nTwo."})
    assert response.status_code == 200
    assert "Line 3" in response.content.decode() and not Proposal.objects.exists()


def test_a_counter_proposal_starts_from_what_it_answers(world, as_user):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True, text=LEAVES + " District.")
    client = as_user("team")
    html = client.get(url("proposal_new") + f"?answers={first.pk}").content.decode()
    assert "Counter-proposal to D-1" in html and "District." in html
    assert 'value="union" selected' in html or 'value="union" checked' in html
    assert "disabled" in html  # the article is fixed
    response = client.post(url("proposal_new") + f"?answers={first.pk}", {
        "answers": first.pk, "side": "union", "article_number": "12",
        "text": LEAVES + " Union.", "presented_on": ""})
    counter = Proposal.objects.get(label="U-1")
    assert response.status_code == 302
    assert counter.answers == first and counter.article_number == "7"
    # A side of its own is not offered.
    response = client.post(url("proposal_new"), {
        "answers": first.pk, "side": "district", "article_number": "7", "text": LEAVES})
    assert response.status_code == 200 and Proposal.objects.count() == 2


def test_editing_publishing_and_status_through_the_pages(world, as_user):
    make_contract(world.local)
    proposal = propose(world.local)
    client = as_user("officer")
    html = page(client, "proposal_edit", pk=proposal.pk)
    assert "Edit proposal U-1" in html
    response = client.post(url("proposal_edit", pk=proposal.pk), {
        "article_number": "7", "title": "Leave time", "text": LEAVES, "rationale": ""})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Leave time"
    assert client.post(url("proposal_publish", pk=proposal.pk)).status_code == 302
    proposal.refresh_from_db()
    assert proposal.published
    response = client.post(url("proposal_publish", pk=proposal.pk), follow=True)
    assert "already published" in response.content.decode()
    response = client.post(url("proposal_status", pk=proposal.pk), {"status": "withdrawn"},
                           follow=True)
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn" and "U-1 is now withdrawn" in response.content.decode()
    response = client.post(url("proposal_status", pk=proposal.pk), {"status": "ta"},
                           follow=True)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert client.get(url("proposal_status", pk=proposal.pk)).status_code == 405


@pytest.mark.parametrize("persona", READERS)
def test_who_does_not_bargain_cannot_post_anything(world, as_user, persona):
    make_contract(world.local)
    proposal = propose(world.local, published=True)
    client = as_user(persona)
    posts = [
        (url("proposal_new"), {"side": "union", "article_number": "7", "text": LEAVES}),
        (url("proposal_edit", pk=proposal.pk), {"article_number": "7", "text": "7.1 X\nY."}),
        (url("proposal_publish", pk=proposal.pk), {}),
        (url("proposal_status", pk=proposal.pk), {"status": "withdrawn"}),
        (url("agreement_sign", pk=proposal.pk), {"signed_on": "2025-01-01",
                                                 "union_signer": "A", "district_signer": "B"}),
        (url("agreement_ratify"), {"name": "2026", "starts_on": "2026-07-01",
                                   "ratified_on": "2025-01-01"}),
    ]
    for target, data in posts:
        assert client.post(target, data).status_code == 403, target
    proposal.refresh_from_db()
    assert proposal.status == "open" and Proposal.objects.count() == 1


def test_a_member_gets_not_found_before_forbidden_on_a_draft(world, as_user):
    """The member cannot even learn a draft exists: a draft's pages are 403 (the permission is
    checked first), and its detail page is 404."""
    make_contract(world.local)
    draft = propose(world.local)
    client = as_user("member")
    assert client.get(url("proposal_detail", pk=draft.pk)).status_code == 404
    assert client.post(url("proposal_publish", pk=draft.pk)).status_code == 403


def test_a_second_team_member_at_once(world, as_user):
    make_contract(world.local)
    proposal = propose(world.local, published=True)
    other = Client()
    other.force_login(world.users["admin"])
    as_user("team").post(url("proposal_status", pk=proposal.pk), {"status": "rejected"})
    response = other.post(url("proposal_status", pk=proposal.pk), {"status": "rejected"},
                          follow=True)
    assert "already rejected" in response.content.decode()
