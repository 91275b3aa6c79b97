"""Shared helpers for the counting tests: where the conformance data lives, and hypothesis
strategies for small elections."""

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import strategies as st

# The repository's parent holds `shared/` beside the clone (../shared from the repository root).
SHARED_STV = Path(__file__).resolve().parents[4] / "shared" / "data" / "stv"
MISSING = (f"the Scottish STV conformance data is not at {SHARED_STV} (it lives in ../shared "
           "beside the repository and is never copied into it)")


def conformance_cases() -> list:
    expected = SHARED_STV / "expected.jsonl"
    if not expected.exists():
        return [pytest.param(None, id="no-shared-data",
                             marks=pytest.mark.skip(reason=MISSING))]
    cases = [json.loads(line) for line in expected.read_text().splitlines() if line.strip()]
    return [pytest.param(c, id=Path(c["file"]).stem) for c in cases]


def ranking(n: int):
    """A truncated ranking of candidates 1..n (at least one preference)."""
    return st.permutations(list(range(1, n + 1))).flatmap(
        lambda p: st.integers(1, len(p)).map(lambda k: tuple(p[:k])))


@st.composite
def elections(draw, max_candidates: int = 6, max_ballots: int = 14, max_weight: int = 40,
              min_seats: int = 1, max_seats: int = 3):
    """(number of candidates, seats, Counter of ballots) with candidates numbered 1..n."""
    n = draw(st.integers(max(2, min_seats + 1), max_candidates))
    seats = draw(st.integers(min_seats, min(max_seats, n - 1)))
    lines = draw(st.lists(st.tuples(ranking(n), st.integers(1, max_weight)),
                          min_size=1, max_size=max_ballots))
    ballots: Counter = Counter()
    for b, w in lines:
        ballots[b] += w
    return n, seats, ballots
