"""The demo local's bargaining: a contract in force, three sessions with transcripts, proposals
with a counter-proposal chain and two tentative agreements, a closed survey, and updates with
members' comments. Every person and word is invented."""

from unionhall.bargaining.demo_contract import seed_contract
from unionhall.bargaining.demo_news import seed_news
from unionhall.bargaining.demo_proposals import seed_proposals
from unionhall.bargaining.demo_sessions import seed_sessions
from unionhall.bargaining.demo_survey import seed_survey


def seed_bargaining(local, *, rng) -> None:
    contract = seed_contract(local)
    sessions = seed_sessions(local, local.today())
    seed_proposals(local, contract, sessions)
    seed_survey(local, rng)
    seed_news(local, sessions, contract)
