"""The matcher: the most mentees matched, then the best total score; checked against a
brute-force search on small cases, against networkx's min-cost flow on larger ones, and on the
cases that tell it apart from the greedy way."""

import math
import random
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionhall.mentoring import matching
from unionhall.mentoring.matching import RoundedScoresWarning, assign, greedy, total


def brute_force(score, capacity):
    """(number matched, total) of the best matching, by trying every one."""
    n, m = len(score), len(capacity)
    room = list(capacity)
    best = (0, 0)

    def value(i, j):
        row = score[i]
        return row.get(j) if isinstance(row, dict) else row[j]

    def walk(i, count, points):
        nonlocal best
        if i == n:
            best = max(best, (count, points))
            return
        walk(i + 1, count, points)
        for j in range(m):
            s = value(i, j)
            if s is not None and room[j] > 0:
                room[j] -= 1
                walk(i + 1, count + 1, points + s)
                room[j] += 1

    walk(0, 0, 0)
    return best


def check_feasible(score, capacity, result):
    assert len(result) == len(score)
    for i, j in enumerate(result):
        if j is not None:
            row = score[i]
            assert (row.get(j) if isinstance(row, dict) else row[j]) is not None, (i, j)
    for j, c in enumerate(capacity):
        assert sum(1 for r in result if r == j) <= c, j


def matched(result):
    return sum(1 for r in result if r is not None)


def sparse(score, rng=None):
    """The same scores as dicts over the allowed mentors (keys shuffled if rng is given)."""
    rows = []
    for row in score:
        items = [(j, s) for j, s in enumerate(row) if s is not None]
        if rng is not None:
            rng.shuffle(items)
        rows.append(dict(items))
    return rows


@st.composite
def problems(draw, values=(None, None, 0, 1, 2, 3, 5, 8)):
    m = draw(st.integers(0, 4))
    n = draw(st.integers(0, 6))
    capacity = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    score = draw(st.lists(st.lists(st.sampled_from(values), min_size=m, max_size=m),
                          min_size=n, max_size=n))
    return score, capacity


# ---------------------------------------------------------------- against brute force


@settings(max_examples=300, deadline=None)
@given(problems(), st.booleans())
def test_assign_is_as_good_as_the_best_matching(problem, as_sparse):
    score, capacity = problem
    if as_sparse:
        score = sparse(score)
    result = assign(score, capacity)
    check_feasible(score, capacity, result)
    assert (matched(result), total(score, result)) == brute_force(score, capacity)


@settings(max_examples=100, deadline=None)
@given(problems(values=(None, 0, 0.25, 1.5, 2.75, 10.5)))
def test_float_scores(problem):
    # Quarters add up exactly in floating point, so the totals compare exactly.
    score, capacity = problem
    result = assign(score, capacity)
    check_feasible(score, capacity, result)
    assert (matched(result), total(score, result)) == brute_force(score, capacity)


@settings(max_examples=100, deadline=None)
@given(problems())
def test_greedy_is_feasible_and_never_better(problem):
    score, capacity = problem
    result = greedy(score, capacity)
    check_feasible(score, capacity, result)
    assert (matched(result), total(score, result)) <= brute_force(score, capacity)


@settings(max_examples=60, deadline=None)
@given(problems(), st.randoms(use_true_random=False))
def test_sparse_form_gives_the_same_result_as_dense(problem, rng):
    score, capacity = problem
    assert assign(sparse(score, rng), capacity) == assign(score, capacity)


# ---------------------------------------------------------------- examples


def test_empty_inputs():
    assert assign([], []) == []
    assert assign([], [1, 2]) == []
    assert assign([[], []], []) == [None, None]
    assert assign([{}, {}], [3]) == [None, None]
    assert greedy([], []) == []
    assert total([], []) == 0


def test_no_pair_allowed():
    score = [[None, None], [None, None], [None, None]]
    assert assign(score, [2, 2]) == [None, None, None]
    assert assign(sparse(score), [2, 2]) == [None, None, None]
    assert assign([{0: None, 1: None}], [1, 1]) == [None]


def test_a_mentor_with_no_room_takes_nobody():
    assert assign([[9, 1], [9, 1]], [0, 1]) in ([1, None], [None, 1])
    assert assign([[9, 1], [9, 1]], [0, 0]) == [None, None]
    assert assign([[9, None], [5, None]], [1, 3]) == [0, None]


def test_more_mentees_matched_beats_a_higher_score():
    # Greedy pairs the first mentee with mentor 0 (10 points) and leaves the second alone.
    score = [{0: 10, 1: 1}, {0: 1}]
    assert greedy(score, [1, 1]) == [0, None]
    assert total(score, greedy(score, [1, 1])) == 10
    result = assign(score, [1, 1])
    assert result == [1, 0]
    assert total(score, result) == 2


def test_a_higher_total_than_greedy():
    score = [[10, 9], [9, 1]]
    assert greedy(score, [1, 1]) == [0, 1]
    assert total(score, greedy(score, [1, 1])) == 11
    assert assign(score, [1, 1]) == [1, 0]
    assert total(score, assign(score, [1, 1])) == 18


def test_capacity_above_one():
    score = [[5, 4], [5, 1], [5, 0], [1, 0]]
    result = assign(score, [2, 2])
    assert matched(result) == 4
    assert total(score, result) == 14
    assert brute_force(score, [2, 2]) == (4, 14)


def test_zero_scores_are_allowed_pairs():
    # A zero is a pair like any other (only None forbids one).
    assert assign([[0], [None]], [1]) == [0, None]
    assert assign([{0: 0}], [1]) == [0]
    assert total([[0]], [0]) == 0


def test_ties_give_the_same_answer_every_time():
    score = [[5, 5], [5, 5], [5, 5]]
    first = assign(score, [1, 1])
    assert matched(first) == 2 and total(score, first) == 10
    for _ in range(5):
        assert assign(score, [1, 1]) == first
    rng = random.Random(3)
    for _ in range(5):
        assert assign(sparse(score, rng), [1, 1]) == first


def test_float_noise_reads_as_the_decimal():
    # 0.1 + 0.2 is 0.30000000000000004: still a tie with 0.3, and no rounding warning.
    score = [[0.1 + 0.2, 0.3], [0.3, None]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = assign(score, [1, 1])
    assert result == [1, 0]
    assert total(score, result) == pytest.approx(0.6)


def test_scores_with_two_decimals():
    score = [[73.33, 73.34], [12.5, 73.33]]
    result = assign(score, [1, 1])
    assert result == [0, 1]
    assert total(score, result) == pytest.approx(146.66)


def test_scores_with_endless_decimals_are_rounded_with_a_warning():
    score = [[1 / 3, 2 / 3], [2 / 3, 1 / 7]]
    with pytest.warns(RoundedScoresWarning):
        result = assign(score, [1, 1])
    assert result == [1, 0]


def test_huge_scores_still_match_the_most_mentees():
    # Too large for exact float arithmetic at full resolution: rounded, with a warning; the
    # number matched is still the maximum.
    score = [[1e17, 3e17, None], [2e17, None, None], [None, 1.5e17, 1.0]]
    with pytest.warns(RoundedScoresWarning):
        result = assign(score, [1, 1, 1])
    assert matched(result) == 3
    assert result == [1, 0, 2]


def test_numpy_input():
    score = np.array([[1.0, 2.0], [3.0, 1.0]])
    assert assign(score, np.array([1, 1])) == [1, 0]
    assert assign([{np.int64(1): np.float64(2.0)}], [np.int64(0), np.int64(1)]) == [1]


def test_rows_are_not_changed():
    shared = {0: 3, 1: 4}
    score = [shared, shared, {1: 2}]
    assign(score, [1, 1])
    greedy(score, [1, 1])
    assert shared == {0: 3, 1: 4} and score[2] == {1: 2}


def test_mixed_dense_and_sparse_rows():
    assert assign([[1, 5], {0: 4}], [1, 1]) == [1, 0]


def test_many_small_groups_packed_together(monkeypatch):
    # Independent groups (here: mentee k may only have mentors 2k and 2k+1) are solved
    # apart or packed together; the answer is the same.
    rng = random.Random(5)
    score = [{2 * (i // 3): rng.randint(0, 9), 2 * (i // 3) + 1: rng.randint(0, 9)}
             for i in range(90)]
    capacity = [rng.randint(0, 2) for _ in range(60)]
    answers = []
    for size in (1, 4, 512):
        monkeypatch.setattr(matching, "BATCH_ROWS", size)
        result = assign(score, capacity)
        check_feasible(score, capacity, result)
        answers.append((matched(result), total(score, result)))
    assert answers[0] == answers[1] == answers[2]
    # Each group of three mentees is small enough to check by brute force.
    expected = [0, 0]
    for g in range(30):
        rows = [{j - 2 * g: s for j, s in score[i].items()} for i in range(3 * g, 3 * g + 3)]
        count, points = brute_force(rows, capacity[2 * g: 2 * g + 2])
        expected[0] += count
        expected[1] += points
    assert answers[0] == tuple(expected)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_against_networkx_min_cost_flow(seed):
    nx = pytest.importorskip("networkx")
    rng = random.Random(seed)
    n, m = 160, 60
    capacity = [rng.randint(0, 3) for _ in range(m)]
    groups = rng.randint(1, 6)
    score = []
    for _ in range(n):
        g = rng.randrange(groups)
        mine = [j for j in range(m) if j % groups == g]
        score.append({j: rng.choice([0, 1, 2, 5, 10, 40, 100])
                      for j in rng.sample(mine, min(len(mine), rng.randint(1, 6)))})
    graph = nx.DiGraph()
    for i, row in enumerate(score):
        graph.add_edge("s", ("e", i), capacity=1, weight=0)
        for j, s in row.items():
            graph.add_edge(("e", i), ("m", j), capacity=1, weight=-s)
    for j, c in enumerate(capacity):
        graph.add_edge(("m", j), "t", capacity=c, weight=0)
    flow = nx.max_flow_min_cost(graph, "s", "t")
    result = assign(score, capacity)
    check_feasible(score, capacity, result)
    assert matched(result) == sum(flow["s"].values())
    assert total(score, result) == -nx.cost_of_flow(graph, flow)


def test_greedy_ties_go_to_the_lower_index():
    assert greedy([[5, 5], [5, 5]], [1, 1]) == [0, 1]
    assert greedy([{1: 5, 0: 5}], [1, 1]) == [0]


# ---------------------------------------------------------------- totals


def test_total():
    score = [[1, 2], {1: 2.5}, [None, 4]]
    assert total(score, [1, None, None]) == 2
    assert isinstance(total([[1, 2]], [1]), int)
    assert total(score, [0, 1, None]) == 3.5
    with pytest.raises(ValueError, match="not an allowed pair"):
        total(score, [None, 0, None])
    with pytest.raises(ValueError, match="not an allowed pair"):
        total(score, [None, None, 0])
    with pytest.raises(ValueError, match="not an allowed pair"):
        total(score, [5, None, None])
    with pytest.raises(ValueError, match="3 mentees"):
        total(score, [None])


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(("score", "capacity", "message"), [
    ([[1, -2]], [1, 1], r"score\[0\]\[1\] is -2: a score cannot be negative"),
    ([{1: -0.5}], [1, 1], r"score\[0\]\[1\] is -0.5"),
    ([[1, math.nan]], [1, 1], r"score\[0\]\[1\] is NaN: use None"),
    ([[0], {0: float("nan")}], [1], r"score\[1\]\[0\] is NaN"),
    ([[math.inf]], [1], r"score\[0\]\[0\] is infinite"),
    ([[1, 2], [3]], [1, 1], r"score\[1\] has 1 entries but there are 2 mentors"),
    ([[1, 2, 3]], [1, 1], r"score\[0\] has 3 entries"),
    ([{2: 1}], [1, 1], r"score\[0\] names mentor 2, out of range: there are 2 mentors"),
    ([{-1: 1}], [1, 1], r"names mentor -1, out of range"),
    ([{10**30: 1}], [1], r"names mentor 10+, out of range"),
    ([[10**400]], [1], r"score\[0\]\[0\] is too large"),
    ([{"0": 1}], [1], r"has the key '0'"),
    ([{0.0: 1}], [1], r"has the key 0.0"),
    ([["5"]], [1], r"score\[0\]\[0\] is '5': a score is a number or None"),
    ([[True]], [1], r"score\[0\]\[0\] is True"),
    ([[1]], [-1], r"capacity\[0\] is -1: a capacity cannot be negative"),
    ([[1, 1]], [1, 1.5], r"capacity\[1\] is 1.5: a capacity must be a whole number"),
    ([[1]], [None], r"capacity\[0\] is None"),
    ([5], [1], r"score\[0\] is int"),
    ({0: {0: 1}}, [1], r"one row per mentee"),
])
def test_bad_input_is_refused_with_a_clear_message(score, capacity, message):
    for function in (assign, greedy):
        with pytest.raises(ValueError, match=message):
            function(score, capacity)
