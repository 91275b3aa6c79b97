"""Elections ready to vote in, and the election committee (two members, with TOTP)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import make_user
from unionhall.democracy import actions
from unionhall.democracy.models import Election


@pytest.fixture
def committee(world):
    """Two members of the election committee (people of site B)."""
    return [
        make_user(f"committee{i}@example.org", person=world.people_b[i],
                  roles=[(world.local, "election_committee")])
        for i in (1, 2)
    ]


def make_election(local, *, contests=(("Officers", "scottish-stv", 2, ("Ana", "Ben", "Cy")),),
                  paper=False, nominations=False, opened=True, **extra) -> Election:
    """A published election; `contests` are (title, method, seats, candidate names)."""
    now = timezone.now()
    values = {"title": "Officer election 2026", "kind": "officers",
              "opens_at": now - dt.timedelta(hours=1) if opened else now + dt.timedelta(days=7),
              "closes_at": now + dt.timedelta(days=1) if opened else now + dt.timedelta(days=8),
              "paper_ballots": paper}
    if nominations:
        values["nominations_open"] = now - dt.timedelta(days=1)
        values["nominations_close"] = now + dt.timedelta(days=6)
    values.update(extra)
    election = actions.create_election(local, by=None, **values)
    for title, method, seats, names in contests:
        contest = actions.add_contest(election, by=None, title=title, method=method,
                                      seats=seats)
        for name in names:
            actions.add_candidate(contest, by=None, name=name)
    actions.publish_election(election, by=None)
    election.refresh_from_db()
    return election


def close(election: Election) -> Election:
    """Move the voting window into the past (as if the clock had run on)."""
    now = timezone.now()
    Election.objects.filter(pk=election.pk).update(
        opens_at=now - dt.timedelta(days=2), closes_at=now - dt.timedelta(seconds=1))
    election.refresh_from_db()
    return election


def candidates(election, title=None):
    contest = election.contests.get(title=title) if title else election.contests.get()
    return contest, {c.name: c.pk for c in contest.candidates.all()}
