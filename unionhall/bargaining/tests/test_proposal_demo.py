"""The demo's proposals: on the demo contract and sessions, as the demo builds them, and on a
contract that lacks some of the articles."""

import pytest

from unionhall.bargaining.demo_proposals import seed_proposals
from unionhall.bargaining.models import Proposal, TentativeAgreement
from unionhall.bargaining.redline import redline, stats
from unionhall.bargaining.tests.test_proposals import make_contract

pytestmark = pytest.mark.django_db


def _check(local):
    proposals = {p.label: p for p in Proposal.objects.filter(local=local)}
    assert len(proposals) == 8
    assert {p.side for p in proposals.values()} == {"union", "district"}
    assert len({p.article_number for p in proposals.values()}) == 5
    assert [p.status for p in proposals.values()].count("withdrawn") == 1
    drafts = [p for p in proposals.values() if not p.published]
    assert len(drafts) == 1 and drafts[0].side == "union"
    # A chain of three on Leaves, its last one agreed.
    last = next(p for p in proposals.values() if p.answers and p.answers.answers)
    assert last.status == "ta" and last.answers.status == "countered"
    assert last.answers.answers.status == "countered"
    assert TentativeAgreement.objects.filter(local=local, contract=None).count() == 2
    today = local.today()
    for p in proposals.values():
        assert p.presented_on is None or 0 <= (today - p.presented_on).days <= 62
        if p.answers:
            assert stats(redline(p.answers.text, p.text))["inserted"] > 0


def test_the_demo_on_the_demo_contract(world):
    from unionhall.bargaining.demo_contract import seed_contract
    from unionhall.bargaining.demo_sessions import seed_sessions

    contract = seed_contract(world.local)
    sessions = seed_sessions(world.local, world.local.today())
    seed_proposals(world.local, contract, sessions)
    _check(world.local)
    linked = Proposal.objects.filter(local=world.local, session__isnull=False).count()
    assert linked >= 3


def test_the_demo_without_sessions_and_with_a_short_contract(world):
    contract = make_contract(world.local)  # Hours 5, Leaves 7, Wages 12: no 9 or 10
    seed_proposals(world.local, contract, [])
    numbers = set(Proposal.objects.values_list("article_number", flat=True))
    assert numbers == {"5", "7", "12"}
    assert TentativeAgreement.objects.count() == 1
