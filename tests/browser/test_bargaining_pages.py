"""Every bargaining page a member or the team reads or fills in, at phone width, with a
contract, a session with its transcript, a proposal with its redline and a tentative
agreement, an update with a reply waiting, and an open survey; as the team, then as a member:
axe-core checks each, and none may scroll sideways."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.browser.conftest import PHONE, fits_the_phone, sign_in_with_password, visit
from tests.matrix_bargaining_contract import ensure_contract
from tests.matrix_bargaining_news import _post
from tests.matrix_bargaining_proposals import _proposal
from tests.matrix_bargaining_sessions import make_session
from tests.matrix_bargaining_survey import make_survey
from unionhall.bargaining.actions.news import post_comment
from unionhall.bargaining.actions.proposals import sign_agreement

pytestmark = pytest.mark.browser


def test_every_bargaining_page_passes_axe_and_fits_a_phone(page, world):
    contract = ensure_contract(world)
    session = make_session(world)
    proposal = _proposal(world, published=True)
    counter = _proposal(world, published=False)
    sign_agreement(proposal, signed_on=world.local.today() - dt.timedelta(days=1),
                   union_signer="Lara Center", district_signer="Steve Bell", by=None)
    post = _post(world)
    post_comment(post, "Thank you, **team**.", by=None, author_name="Rosa Delgado")
    survey = make_survey(world.local, "open")

    def url(name, *args):
        return reverse(name, args=["lakeview", *args])

    read = [url("bargaining_home"), url("contract_current"), url("contract_versions"),
            url("contract_article", contract.slug, "7"),
            url("contract_section", contract.slug, "7.1"), url("session_list"),
            url("session_detail", session.pk), url("proposal_list"),
            url("proposal_detail", proposal.pk), url("agreement_list"), url("news_list"),
            url("news_detail", post.slug), url("survey_list"), url("survey_detail", survey.pk),
            url("bargaining_search") + "?q=leave"]
    team = [url("contract_import"), url("session_new"), url("session_attendees", session.pk),
            url("transcript_import", session.pk), url("transcript_speakers", session.pk),
            url("proposal_new"), url("proposal_detail", counter.pk),
            url("proposal_edit", counter.pk), url("agreement_ratify"), url("news_new"),
            url("comment_queue"), url("news_settings"), url("survey_new"),
            url("survey_edit", survey.pk), url("survey_results", survey.pk)]

    page.set_viewport_size(PHONE)
    for who, addresses in (("team", read + team), ("member", read)):
        page.context.clear_cookies()
        sign_in_with_password(page, world.users[who])
        for address in addresses:
            visit(page, address)
            assert fits_the_phone(page), f"{address} scrolls sideways on a phone ({who})"
