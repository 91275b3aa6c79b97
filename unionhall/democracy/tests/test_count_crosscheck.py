"""Cross-check with an independent implementation: pref_voting (test-only dependency, pinned in
requirements-dev.txt) on hypothesis-generated small elections, instant runoff and Scottish STV.

pref_voting breaks exclusion ties differently (IRV removes all the lowest at once) and draws lots
its own way, so elections where our count needed a tie-break are left out of the comparison;
everything else must elect the same candidates."""

import random

import pytest
from hypothesis import HealthCheck, assume, given, settings

from unionhall.democracy.counting import instant_runoff, scottish_stv

from .stv_data import MISSING, SHARED_STV, conformance_cases, elections

pytest.importorskip("pref_voting", reason="pref_voting (requirements-dev.txt) is not installed")

from pref_voting.iterative_methods import (  # noqa: E402
    instant_runoff_for_truncated_linear_orders,
)
from pref_voting.profiles_with_ties import ProfileWithTies  # noqa: E402
from pref_voting.proportional_methods import stv_scottish  # noqa: E402


def profile(n, ballots):
    return ProfileWithTies([{c: r for r, c in enumerate(b, start=1)} for b in ballots],
                           rcounts=list(ballots.values()), candidates=list(range(1, n + 1)))


def no_ties(result) -> bool:
    """No lot, and no exclusion among candidates level on votes (settled by look-back)."""
    if result.lots:
        return False
    elected = set()
    for before, rnd in zip(result.rounds, result.rounds[1:], strict=False):
        elected.update(before.elected)
        if rnd.action == "exclusion":
            low = before.votes[rnd.candidate]
            if sum(v == low for c, v in before.votes.items() if c not in elected) > 1:
                return False
    return True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(max_candidates=6, max_seats=1))
def test_instant_runoff_agrees_with_pref_voting(election):
    n, _, ballots = election
    ours = instant_runoff(ballots, list(range(1, n + 1)), rng=random.Random(0))
    assume(no_ties(ours))
    assert instant_runoff_for_truncated_linear_orders(profile(n, ballots)) == ours.elected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(max_candidates=7, max_seats=4, max_ballots=20, max_weight=60))
def test_scottish_stv_agrees_with_pref_voting(election):
    n, seats, ballots = election
    ours = scottish_stv(ballots, list(range(1, n + 1)), seats, rng=random.Random(0))
    assume(no_ties(ours))
    theirs = stv_scottish(profile(n, ballots), num_seats=seats, rng=random.Random(0))
    assert sorted(theirs) == sorted(ours.elected)


@pytest.mark.shared
@pytest.mark.parametrize("case", conformance_cases()[:12])
def test_pref_voting_agrees_on_conformance_elections(case):
    from unionhall.democracy.blt import read_blt

    if case is None:
        pytest.skip(MISSING)
    e = read_blt(SHARED_STV / case["file"])
    theirs = stv_scottish(profile(len(e.names), e.ballots), num_seats=e.seats,
                          rng=random.Random(0))
    assert sorted(theirs) == sorted(case["elected"])
