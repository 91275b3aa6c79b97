"""Ballots as marks: checking what a voter marked, the receipt, and the tally. Pure (no Django).

A ballot is a dict keyed by contest id (as a string, as JSON keeps it):
- plurality and approval: a list of the candidate ids marked (possibly empty: a blank contest);
- instant runoff and STV: a list of candidate ids in order of preference;
- yes/no: "yes", "no" or "abstain" (missing: the question was left blank).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from unionhall.democracy import counting

RANKED = ("irv", "scottish-stv")
ANSWERS = ("yes", "no", "abstain")


@dataclass(frozen=True)
class ContestSpec:
    id: int
    method: str
    seats: int = 1
    candidates: tuple[int, ...] = ()
    withdrawn: tuple[int, ...] = ()
    threshold: str = "majority"


@dataclass
class BallotError(ValueError):
    """What is wrong, for the voter: the contest and a message code (see MESSAGES in views)."""

    contest: int
    code: str
    params: dict = field(default_factory=dict)

    def __str__(self):
        return f"contest {self.contest}: {self.code} {self.params}"


def clean(contests: Iterable[ContestSpec], raw: Mapping[int, object]) -> dict[str, object]:
    """Check a voter's marks. `raw[contest_id]` is, by method: a list of candidate ids
    (plurality, approval), a mapping {candidate id: rank} (ranked), or an answer (yes/no).
    Returns the ballot to store, or raises BallotError for the first contest that is wrong."""
    ballot: dict[str, object] = {}
    for spec in contests:
        value = raw.get(spec.id)
        allowed = set(spec.candidates) - set(spec.withdrawn)
        if spec.method == "yes-no":
            if value in (None, ""):
                continue
            if value not in ANSWERS:
                raise BallotError(spec.id, "bad_answer")
            ballot[str(spec.id)] = value
        elif spec.method in RANKED:
            ranks = {c: r for c, r in (value or {}).items() if r not in (None, "")}
            if not set(ranks) <= allowed:
                raise BallotError(spec.id, "unknown_candidate")
            try:
                ranks = {c: int(r) for c, r in ranks.items()}
            except (TypeError, ValueError):
                raise BallotError(spec.id, "bad_rank") from None
            used = sorted(ranks.values())
            for r in used:
                if r < 1 or r > len(allowed):
                    raise BallotError(spec.id, "bad_rank")
            repeated = sorted({r for r in used if used.count(r) > 1})
            if repeated:
                raise BallotError(spec.id, "repeated_rank", {"rank": repeated[0]})
            if used and used != list(range(1, len(used) + 1)):
                missing = next(r for r in range(1, len(used) + 1) if r not in used)
                raise BallotError(spec.id, "missing_rank", {"rank": missing})
            ballot[str(spec.id)] = [c for c, _ in sorted(ranks.items(), key=lambda cr: cr[1])]
        else:
            marked = list(dict.fromkeys(value or []))
            if not set(marked) <= allowed:
                raise BallotError(spec.id, "unknown_candidate")
            if spec.method == "plurality" and len(marked) > spec.seats:
                raise BallotError(spec.id, "too_many", {"seats": spec.seats})
            ballot[str(spec.id)] = sorted(marked)
    return ballot


def canonical(ballot: Mapping) -> str:
    return json.dumps(ballot, sort_keys=True, separators=(",", ":"))


def receipt(ballot: Mapping, salt: str) -> str:
    """sha256 of the ballot and a random salt: the voter can find it on the public list, and
    nobody can tell from it how they voted."""
    return hashlib.sha256((salt + "|" + canonical(ballot)).encode()).hexdigest()


def receipt_code(digest: str) -> str:
    """The part of the receipt a person reads and compares: 80 bits in groups of four."""
    head = digest[:20].upper()
    return "-".join(head[i:i + 4] for i in range(0, 20, 4))


def digest(results: Mapping) -> str:
    """What the committee signs: any change to the results changes it."""
    return hashlib.sha256(canonical(results).encode()).hexdigest()


def count_contest(spec: ContestSpec, ballots: Iterable[Mapping], rng: random.Random) -> dict:
    """Count one contest from every ballot; a ballot that left it blank counts as blank."""
    key = str(spec.id)
    if spec.method == "yes-no":
        answers = Counter(b.get(key) for b in ballots)
        result = counting.threshold(answers["yes"], answers["no"], answers["abstain"],
                                    rule=spec.threshold).to_dict()
        result["blank"] = sum(n for a, n in answers.items() if a not in ANSWERS)
        return result
    marks = Counter(tuple(b.get(key) or ()) for b in ballots)
    blank = marks.pop((), 0)
    candidates = list(spec.candidates)
    kwargs = {"withdrawn": [c for c in spec.withdrawn if c in candidates], "rng": rng}
    if spec.method == "scottish-stv":
        outcome = counting.scottish_stv(marks, candidates, spec.seats, **kwargs)
    elif spec.method == "irv":
        outcome = counting.instant_runoff(marks, candidates, **kwargs)
    elif spec.method == "approval":
        outcome = counting.approval(marks, candidates, spec.seats, **kwargs)
    else:
        outcome = counting.plurality(marks, candidates, spec.seats, **kwargs)
    result = outcome.to_dict()
    result["blank"] = blank
    return result


def tally(contests: Iterable[ContestSpec], ballots: list[Mapping], seed: str) -> dict:
    """Every contest's result, keyed by contest id. Draws by lot use `seed`, so anyone can
    replay the count from the ballots and the seed."""
    return {str(spec.id): count_contest(spec, ballots, random.Random(f"{seed}:{spec.id}"))
            for spec in contests}
