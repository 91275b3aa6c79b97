"""Plurality, approval, instant runoff and yes/no thresholds on small elections."""

import random
from collections import Counter

import pytest
from hypothesis import given, settings

from unionhall.democracy.counting import (
    SCALE,
    LotRequired,
    approval,
    instant_runoff,
    plurality,
    threshold,
)

from .stv_data import elections

CANDS = ["Ana", "Ben", "Cal", "Dee"]


def test_plurality_one_seat():
    result = plurality(Counter({("Ana",): 5, ("Ben",): 3, ("Cal",): 4}), CANDS)
    assert result.elected == ["Ana"]
    assert result.rounds[0].votes == {"Ana": 5 * SCALE, "Ben": 3 * SCALE, "Cal": 4 * SCALE,
                                      "Dee": 0}
    assert result.to_dict()["rounds"][0]["votes"]["Ana"] == 5


def test_plurality_vote_for_up_to_two_sets_over_votes_aside():
    ballots = [("Ana", "Ben"), ("Ana",), ("Cal", "Ben"), ("Ana", "Ben", "Cal"), ("Dee", "Ben")]
    result = plurality(ballots, CANDS, seats=2)
    assert result.invalid == 1  # three marks where two are allowed
    assert result.valid == 4
    assert result.elected == ["Ben", "Ana"]  # Ben 3, Ana 2


def test_plurality_votes_allowed_can_differ_from_seats():
    result = plurality([("Ana", "Ben")] * 2 + [("Cal",)] * 3, CANDS, seats=1, votes_allowed=1)
    assert result.invalid == 2 and result.elected == ["Cal"]


def test_plurality_tie_for_the_last_seat_is_drawn_and_recorded():
    ballots = Counter({("Ana",): 5, ("Ben",): 3, ("Cal",): 3})
    with pytest.raises(LotRequired):
        plurality(ballots, CANDS, seats=2)
    one = plurality(ballots, CANDS, seats=2, rng=random.Random(3))
    assert one.elected[0] == "Ana" and one.elected[1] in ("Ben", "Cal")
    assert one.lots[0].tied == ["Ben", "Cal"] and one.lots[0].chosen == one.elected[1]
    assert plurality(ballots, CANDS, seats=2, rng=random.Random(3)).to_dict() == one.to_dict()


def test_plurality_tie_within_the_seats_needs_no_lot():
    result = plurality(Counter({("Ana",): 5, ("Ben",): 3, ("Cal",): 3}), CANDS, seats=3)
    assert result.elected == ["Ana", "Ben", "Cal"] and not result.lots


def test_approval():
    ballots = [("Ana", "Ben"), ("Ben",), ("Ben", "Cal", "Dee"), ("Dee", "Ana"), ("Dee",)]
    result = approval(ballots, CANDS, seats=2)
    assert result.rounds[0].votes == {"Ana": 2 * SCALE, "Ben": 3 * SCALE, "Cal": SCALE,
                                      "Dee": 3 * SCALE}
    assert result.elected == ["Ben", "Dee"]
    assert approval([("Ana",), ()], CANDS).invalid == 1  # an empty ballot approves no one


def test_withdrawn_candidates_get_no_votes():
    result = approval([("Ana", "Ben")] * 3 + [("Cal",)] * 2, CANDS, withdrawn=["Ana"])
    assert "Ana" not in result.rounds[0].votes and result.elected == ["Ben"]


def test_unknown_candidate_is_an_error():
    with pytest.raises(ValueError, match="not a candidate"):
        plurality([("Zed",)], CANDS)


def test_instant_runoff_transfers_until_a_majority():
    ballots = Counter({("Ana", "Ben"): 8, ("Ben", "Cal"): 5, ("Cal", "Ben"): 4,
                       ("Dee", "Cal"): 2, ("Dee",): 1})
    result = instant_runoff(ballots, CANDS)
    # 20 votes: Ana 8, Ben 5, Cal 4, Dee 3 → Dee out (2 to Cal, 1 exhausted): Cal 6, Ben 5 →
    # Ben out (5 to Cal): Cal 11 of 19 beats Ana 8
    assert [r.candidate for r in result.rounds[1:]] == ["Dee", "Ben"]
    assert result.rounds[1].exhausted == SCALE
    assert result.elected == ["Cal"]
    assert result.rounds[-1].votes["Cal"] == 11 * SCALE


def test_instant_runoff_majority_at_first_preferences():
    result = instant_runoff(Counter({("Ana",): 6, ("Ben",): 5}), CANDS)
    assert result.elected == ["Ana"] and len(result.rounds) == 1


def test_instant_runoff_exclusion_tie_looks_back_then_draws():
    # Ben and Cal tie at 6 after Dee goes; at round 1 Cal had fewer: Cal goes
    ballots = Counter({("Ana",): 8, ("Ben",): 5, ("Cal",): 4, ("Dee", "Ben"): 1,
                       ("Dee", "Cal"): 2})
    result = instant_runoff(ballots, CANDS)
    assert [r.candidate for r in result.rounds[1:3]] == ["Dee", "Cal"] and not result.lots
    level = Counter({("Ana",): 3, ("Ben",): 3, ("Cal", "Ana"): 1, ("Dee", "Ben"): 1})
    drawn = instant_runoff(level, CANDS, rng=random.Random(11))
    assert drawn.lots[0].tied == ["Cal", "Dee"]
    assert drawn.rounds[1].candidate == drawn.lots[0].chosen


@settings(max_examples=200, deadline=None)
@given(elections(max_seats=1))
def test_instant_runoff_winner_has_a_majority_of_the_last_round(election):
    n, _, ballots = election
    result = instant_runoff(ballots, list(range(1, n + 1)), rng=random.Random(0))
    assert len(result.elected) == 1
    last = result.rounds[-1]
    live = sum(last.votes.values())
    winner = result.elected[0]
    assert 2 * last.votes[winner] > live or len(last.votes) == 1
    for rnd in result.rounds:
        assert sum(rnd.votes.values()) + rnd.exhausted == result.valid * SCALE


@pytest.mark.parametrize(("yes", "no", "abstain", "rule", "count_abstentions", "passed",
                          "required"), [
    (6, 5, 0, "majority", False, True, 6),
    (5, 5, 3, "majority", False, False, 6),
    (6, 4, 3, "majority", True, False, 7),  # abstentions counted weigh as no
    (0, 0, 4, "majority", False, False, 1),  # nothing cast
    (20, 10, 5, "two-thirds", False, True, 20),  # exactly two thirds passes
    (19, 10, 0, "two-thirds", False, False, 20),
    (2, 1, 0, "two-thirds", False, True, 2),
    (20, 10, 5, "two-thirds", True, False, 24),
])
def test_threshold(yes, no, abstain, rule, count_abstentions, passed, required):
    result = threshold(yes, no, abstain, rule=rule, count_abstentions=count_abstentions)
    assert result.passed is passed
    assert result.required == required
    assert result.to_dict()["yes"] == yes


def test_threshold_rejects_an_unknown_rule_and_negative_counts():
    with pytest.raises(ValueError):
        threshold(1, 0, rule="three-quarters")
    with pytest.raises(ValueError):
        threshold(-1, 0)
