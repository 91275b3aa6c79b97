"""Tentative agreements: signing one on a proposal, one pending per article, replacing it, the
register and the signing page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from unionhall.bargaining.actions import proposals as actions
from unionhall.bargaining.models import TentativeAgreement
from unionhall.bargaining.tests.test_proposals import LEAVES, make_contract, propose
from unionhall.core.models import AuditEntry

pytestmark = pytest.mark.django_db
EARLY = dt.date(2025, 2, 1)


def sign(proposal, **kwargs):
    kwargs.setdefault("signed_on", proposal.local.today())
    kwargs.setdefault("union_signer", "Dana Whitfield")
    kwargs.setdefault("district_signer", "Marcus Bell")
    kwargs.setdefault("by", None)
    return actions.sign_agreement(proposal, **kwargs)


def url(name, **kwargs):
    return reverse(name, kwargs={"local_slug": "lakeview", **kwargs})


def test_signing_makes_the_proposal_agreed_and_public(world):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True)
    draft = propose(world.local, side="union", answers=first, title="Leaves")
    agreement = sign(draft, by=world.users["team"])
    draft.refresh_from_db()
    first.refresh_from_db()
    assert draft.status == "ta" and draft.published and draft.published_at
    assert first.status == "countered"  # the counter is now on the table
    assert agreement.text == draft.text and agreement.title == "Leaves"
    assert agreement.article_number == "7" and agreement.contract is None
    assert agreement.created_by == world.users["team"]
    entry = AuditEntry.objects.get(verb="agreement.signed")
    assert entry.changes["proposal"] == [None, "U-1"] and entry.actor == world.users["team"]


def test_the_agreed_text_may_differ_and_must_read_as_the_contract(world):
    make_contract(world.local)
    proposal = propose(world.local)
    with pytest.raises(ValidationError, match="Line 1"):
        sign(proposal, text="8.1 Vacation\nTen days.")
    agreement = sign(proposal, text="7.1 Sick Leave\nAs agreed: two days.", title="Leaves")
    assert agreement.text == "7.1 Sick Leave\nAs agreed: two days."


def test_signers_and_dates(world):
    make_contract(world.local)
    proposal = propose(world.local, presented_on=world.local.today() - dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="Name who signed"):
        sign(proposal, union_signer=" ")
    with pytest.raises(ValidationError, match="future"):
        sign(proposal, signed_on=world.local.today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="before that"):
        sign(proposal, signed_on=world.local.today() - dt.timedelta(days=4))
    assert not TentativeAgreement.objects.exists()


@pytest.mark.parametrize("status", ["withdrawn", "rejected"])
def test_only_an_open_or_countered_proposal_is_agreed(world, status):
    make_contract(world.local)
    proposal = propose(world.local)
    actions.set_proposal_status(proposal, status, by=None)
    with pytest.raises(ValidationError, match="only an open or countered"):
        sign(proposal)


def test_a_signed_proposal_is_not_signed_twice(world):
    make_contract(world.local)
    proposal = propose(world.local)
    sign(proposal)
    with pytest.raises(ValidationError, match="only an open or countered"):
        sign(proposal)


def test_one_pending_agreement_per_article_unless_replaced(world):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True, presented_on=EARLY)
    first_ta = sign(first, signed_on=dt.date(2025, 3, 3))
    later = propose(world.local, side="union")
    with pytest.raises(ValidationError) as caught:
        sign(later)
    message = caught.value.messages[0]
    assert message.startswith("Article 7 already has a tentative agreement signed on")
    assert "D-1" in message and "replace" in message
    second = sign(later, replace=True, text=LEAVES)
    assert list(TentativeAgreement.objects.all()) == [second]
    first.refresh_from_db()
    assert first.status == "countered"
    entry = AuditEntry.objects.filter(verb="agreement.signed").order_by("pk").last()
    assert entry.changes["replaces"][0]["proposal"] == "D-1"
    assert entry.changes["replaces"][0]["signed_on"] == str(first_ta.signed_on)


def test_an_empty_text_removes_an_article_but_adds_nothing(world):
    make_contract(world.local)
    removal = propose(world.local, number="5", text="")
    assert sign(removal).text == ""
    new = propose(world.local, number="20", title="Remote Work",
                  text="20.1 Remote Work\nClerical staff may work from home.")
    with pytest.raises(ValidationError, match="would remove nothing"):
        sign(new, text="")


# --- pages ------------------------------------------------------------------------------------


def test_the_register(world, as_user):
    make_contract(world.local)
    proposal = propose(world.local, title="Leaves", presented_on=EARLY)
    sign(proposal, signed_on=dt.date(2025, 3, 3))
    for persona in ("member", "state", "team"):
        html = as_user(persona).get(url("agreement_list")).content.decode()
        assert "Leaves" in html and "Dana Whitfield" in html and "Marcus Bell" in html
        assert "Pending ratification" in html and "March 3, 2025" in html
        assert url("proposal_detail", pk=proposal.pk) in html
    assert "Ratify and assemble the new contract" in as_user("team").get(
        url("agreement_list")).content.decode()
    assert "Ratify and assemble" not in as_user("member").get(
        url("agreement_list")).content.decode()
    assert as_user("outsider").get(url("agreement_list")).status_code == 403


def test_the_agreed_proposal_shows_its_agreement(world, as_user):
    make_contract(world.local)
    proposal = propose(world.local)
    sign(proposal)
    html = as_user("member").get(url("proposal_detail", pk=proposal.pk)).content.decode()
    assert "Tentatively agreed" in html and "Dana Whitfield" in html


def test_signing_through_the_page(world, as_user):
    make_contract(world.local)
    proposal = propose(world.local, title="Leaves")
    client = as_user("team")
    html = client.get(url("agreement_sign", pk=proposal.pk)).content.decode()
    assert "Sign a tentative agreement on Article 7" in html and "7.1 Sick Leave" in html
    assert 'name="replace"' not in html
    response = client.post(url("agreement_sign", pk=proposal.pk), {
        "signed_on": "", "union_signer": "", "district_signer": "", "text": proposal.text})
    assert response.status_code == 200 and not TentativeAgreement.objects.exists()
    response = client.post(url("agreement_sign", pk=proposal.pk), {
        "signed_on": world.local.today().isoformat(), "union_signer": "Dana Whitfield",
        "district_signer": "Marcus Bell", "title": "Leaves", "text": proposal.text})
    assert response.status_code == 302
    assert TentativeAgreement.objects.get().proposal == proposal


def test_the_page_offers_to_replace_an_earlier_agreement(world, as_user):
    make_contract(world.local)
    first = propose(world.local, side="district", published=True, presented_on=EARLY)
    sign(first, signed_on=dt.date(2025, 3, 3))
    later = propose(world.local, side="union")
    client = as_user("team")
    html = client.get(url("agreement_sign", pk=later.pk)).content.decode()
    assert "already has a tentative agreement signed on" in html and 'name="replace"' in html
    data = {"signed_on": world.local.today().isoformat(), "union_signer": "A",
            "district_signer": "B", "text": later.text}
    response = client.post(url("agreement_sign", pk=later.pk), data)
    assert response.status_code == 200
    assert "Article 7 already has a tentative agreement" in response.content.decode()
    response = client.post(url("agreement_sign", pk=later.pk), {**data, "replace": "on"})
    assert response.status_code == 302
    assert TentativeAgreement.objects.get().proposal == later
