"""Counting votes: plurality, approval, instant runoff, Scottish STV and yes/no thresholds.

A pure core (no Django): every function takes ballots and candidates and returns plain
dataclasses (``to_dict()`` gives JSON-ready dicts), so the same code counts an election held in
Unionhall, a BLT file on the command line (``manage.py count_blt``) and the benchmark.

Ballots
    A mapping ``{ballot: count}`` (a ``Counter``) or an iterable of ballots. A ranked ballot is a
    tuple of preferences, most preferred first; a preference is a candidate, or a tuple/frozenset
    of candidates ranked equally. Candidates are any hashable labels listed in ``candidates``
    other than tuples and sets (BLT files use their 1-based numbers; Unionhall, primary keys).
    Identical ballots are counted as one parcel, so the work grows with the number of
    *different* ballots, not the number of voters.

Ballots that are not simple rankings (our decision, applied the same way by every ranked method)
    - A candidate ranked again later on the same ballot: the repeat is ignored (the first,
      higher preference stands).
    - Candidates ranked equally: the ballot counts up to the preference before the tie and is
      non-transferable from there (the voter's next preference is not known). Equal first
      preferences make the ballot invalid; it is set aside and reported in ``invalid``.
    - Withdrawn candidates are struck from every ballot before the count; a ballot left empty
      is invalid.
    Approval and plurality ballots are sets: every candidate marked counts, order is ignored.

Scottish STV (the Scottish Local Government Elections Order 2007, SSI 2007/42, schedule 1,
rules 45–52)
    - Quota (rule 46): valid votes divided by (seats + 1), fraction disregarded, plus one.
    - A candidate whose votes equal or exceed the quota is elected (rule 47).
    - Surplus (rule 48): *all* the ballot papers the elected candidate holds pass to their next
      available preference, each at ``surplus × value of the paper when received ÷ total votes of
      the candidate``, truncated to five decimal places (the weighted inclusive Gregory method).
      Papers with no further preference are non-transferable; what truncation leaves over is
      lost to fractions. The candidate is left with exactly the quota.
    - The largest surplus is transferred first; equal surpluses go by the most recent earlier
      stage at which the candidates' votes differed (highest first), and then by lot (rule 49).
    - With no surplus to transfer, the candidate with the fewest votes is excluded; every paper
      passes on at the value it was received at (rule 50). Ties: the most recent earlier stage
      at which they differed (lowest excluded), then by lot (rule 51).
    - Last vacancies (rule 52): when the continuing candidates are no more than the vacancies,
      they are all elected; with one vacancy left, a continuing candidate whose votes equal or
      exceed all the other continuing candidates' votes plus any surplus not yet transferred is
      elected. No transfer is made once the last vacancies can be filled.

Arithmetic
    Exact integers in units of 1/100,000 of a vote (``SCALE``): transfer values truncated to five
    decimal places are exactly such integers, so there is no floating point anywhere in a count.
    ``to_dict()`` shows votes as numbers (whole numbers as ints).

Ties "by lot"
    Drawn with the ``random.Random`` passed as ``rng`` (``rng.choice`` over the tied candidates in
    the order of ``candidates``), and recorded in ``CountResult.lots``: the same seed replays the
    same draw. Without ``rng`` a count that needs a lot raises ``LotRequired``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SCALE = 100_000  # one vote, in units of 1/100,000 of a vote

Ballots = Mapping[tuple, int] | Iterable[tuple]


class LotRequired(Exception):
    """A tie has to be decided by lot and no ``rng`` was given."""

    def __init__(self, tied: list, purpose: str):
        self.tied, self.purpose = tied, purpose
        super().__init__(f"a tie between {tied} ({purpose}) must be decided by lot; "
                         "pass a seeded random.Random as rng")


def votes_number(units: int) -> int | float:
    """Units of 1/100,000 of a vote as a number: an int when whole, else exact to 5 places."""
    whole, frac = divmod(units, SCALE)
    return whole if frac == 0 else units / SCALE


@dataclass
class Lot:
    """A tie decided by lot: at which round, what for, between whom, and who was drawn."""

    round: int
    purpose: str  # "exclusion", "surplus order", "last place"
    tied: list
    chosen: Any

    def to_dict(self) -> dict:
        return {"round": self.round, "purpose": self.purpose, "tied": list(self.tied),
                "chosen": self.chosen}


@dataclass
class Round:
    """One stage of a count. Votes and transfers in units of 1/100,000 of a vote (``SCALE``).

    ``votes`` holds every candidate still counted at the end of the round (continuing and
    elected; excluded candidates are gone). ``transfers`` is the change this round (negative
    for the candidate whose papers moved). ``exhausted`` (non-transferable papers) and
    ``lost_to_fractions`` are running totals, so at every round
    ``sum(votes) + exhausted + lost_to_fractions`` is the number of valid votes.
    """

    number: int
    action: str  # "first preferences", "surplus", "exclusion", "count"
    candidate: Any = None  # whose surplus was transferred, or who was excluded
    votes: dict = field(default_factory=dict)
    transfers: dict = field(default_factory=dict)
    elected: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    exhausted: int = 0
    lost_to_fractions: int = 0
    quota: int | None = None
    transfer_values: list = field(default_factory=list)  # (from value, to value), surplus only

    def to_dict(self) -> dict:
        return {
            "round": self.number,
            "action": self.action,
            "candidate": self.candidate,
            "votes": {c: votes_number(v) for c, v in self.votes.items()},
            "transfers": {c: votes_number(v) for c, v in self.transfers.items()},
            "elected": list(self.elected),
            "excluded": list(self.excluded),
            "exhausted": votes_number(self.exhausted),
            "lost_to_fractions": votes_number(self.lost_to_fractions),
            "quota": None if self.quota is None else votes_number(self.quota),
            "transfer_values": [[votes_number(a), votes_number(b)]
                                for a, b in self.transfer_values],
        }


@dataclass
class CountResult:
    method: str
    candidates: list
    seats: int
    valid: int  # valid ballots (whole votes)
    invalid: int  # ballots set aside (empty, equal first preferences, over-votes)
    elected: list  # in the order elected
    rounds: list[Round]
    lots: list[Lot] = field(default_factory=list)
    quota: int | None = None  # units, Scottish STV only
    withdrawn: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "seats": self.seats,
            "candidates": list(self.candidates),
            "withdrawn": list(self.withdrawn),
            "valid": self.valid,
            "invalid": self.invalid,
            "quota": None if self.quota is None else votes_number(self.quota),
            "elected": list(self.elected),
            "rounds": [r.to_dict() for r in self.rounds],
            "lots": [lot.to_dict() for lot in self.lots],
        }


@dataclass
class ThresholdResult:
    """A yes/no/abstain vote against a threshold (``rule``: "majority" or "two-thirds")."""

    rule: str
    yes: int
    no: int
    abstain: int
    counted: int  # the votes the threshold is taken of (votes cast; + abstentions if counted)
    required: int  # yes votes needed to pass
    passed: bool

    def to_dict(self) -> dict:
        return dict(self.__dict__)


# --- ballots -------------------------------------------------------------------------------


def _as_counter(ballots: Ballots) -> Mapping[tuple, int]:
    if isinstance(ballots, Mapping):
        return ballots
    return Counter(tuple(b) for b in ballots)


def _index(candidates: Sequence[Hashable], withdrawn: Iterable[Hashable]) -> tuple[dict, set]:
    index = {c: i for i, c in enumerate(candidates)}
    if len(index) != len(candidates):
        raise ValueError("candidates must be distinct")
    gone = set()
    for c in withdrawn:
        if c not in index:
            raise ValueError(f"withdrawn candidate {c!r} is not a candidate")
        gone.add(index[c])
    return index, gone


def _candidate(index: dict, label: Hashable) -> int:
    try:
        return index[label]
    except (KeyError, TypeError):
        raise ValueError(f"a ballot names {label!r}, which is not a candidate") from None


def _check_count(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"a ballot count must be a whole number ≥ 0, not {n!r}")
    return n


def prepare_ranked(ballots: Ballots, candidates: Sequence[Hashable],
                   withdrawn: Iterable[Hashable] = ()) -> tuple[dict[tuple[int, ...], int], int]:
    """Clean ranked ballots into ``{tuple of candidate indexes: count}`` and the invalid count.

    Applies the rules in the module docstring: repeats ignored, truncated at equal rankings,
    withdrawn candidates struck, empty ballots (and equal first preferences) invalid.
    """
    index, gone = _index(candidates, withdrawn)
    out: dict[tuple[int, ...], int] = {}
    invalid = 0
    simple = not gone
    lookup = index.__getitem__
    get = out.get
    for raw, n in _as_counter(ballots).items():
        if type(n) is not int or n < 0:
            _check_count(n)
        if not n:
            continue
        try:  # the usual ballot: candidates only, each once, none withdrawn
            key = tuple(map(lookup, raw))
        except (KeyError, TypeError):
            pass
        else:
            if key and len(set(key)) == len(key) and (simple or gone.isdisjoint(key)):
                out[key] = get(key, 0) + n
                continue
        prefs: list[int] = []
        seen: set[int] = set()
        for entry in raw:
            if isinstance(entry, tuple | frozenset | set | list):
                group = {_candidate(index, c) for c in entry} - gone - seen
                if len(group) > 1:
                    break  # the order ends here (equal first preferences: invalid)
                if not group:
                    continue
                i = group.pop()
            else:
                i = _candidate(index, entry)
                if i in seen or (not simple and i in gone):
                    continue
            seen.add(i)
            prefs.append(i)
        if not prefs:
            invalid += n
            continue
        key = tuple(prefs)
        out[key] = out.get(key, 0) + n
    return out, invalid


def prepare_marks(ballots: Ballots, candidates: Sequence[Hashable],
                  withdrawn: Iterable[Hashable] = (),
                  limit: int | None = None) -> tuple[dict[frozenset[int], int], int]:
    """Clean ballots as sets of marked candidates; more than ``limit`` marks is an over-vote."""
    index, gone = _index(candidates, withdrawn)
    out: dict[frozenset[int], int] = {}
    invalid = 0
    for raw, n in _as_counter(ballots).items():
        n = _check_count(n)
        if not n:
            continue
        marks: set[int] = set()
        for entry in raw:
            if isinstance(entry, tuple | frozenset | set | list):
                marks.update(_candidate(index, c) for c in entry)
            else:
                marks.add(_candidate(index, entry))
        marks -= gone
        if not marks or (limit is not None and len(marks) > limit):
            invalid += n
            continue
        key = frozenset(marks)
        out[key] = out.get(key, 0) + n
    return out, invalid


# --- the ranked count engine --------------------------------------------------------------------


class _Count:
    """State of a ranked count over aggregated parcels.

    Every distinct ballot is one parcel: all its papers follow the same path and carry the same
    value, so a parcel is (preferences, position of the candidate holding it, value per paper,
    number of papers). Candidates hold lists of parcel ids.
    """

    def __init__(self, method: str, candidates: Sequence, seats: int, ballots: Ballots,
                 withdrawn: Iterable, rng: random.Random | None):
        self.labels = list(candidates)
        self.withdrawn_labels = list(withdrawn)
        prepared, self.invalid = prepare_ranked(ballots, self.labels, self.withdrawn_labels)
        _, gone = _index(self.labels, self.withdrawn_labels)
        self.method, self.seats, self.rng = method, seats, rng
        n = len(self.labels)
        self.prefs = list(prepared)
        self.papers = list(prepared.values())
        self.valid = sum(self.papers)
        self.pos = [0] * len(self.prefs)
        self.value = [SCALE] * len(self.prefs)
        self.continuing = [i not in gone for i in range(n)]
        self.standing = [i for i in range(n) if i not in gone]  # not withdrawn, in order
        self.held: list[list[int]] = [[] for _ in range(n)]
        self.votes = [0] * n
        for b, p in enumerate(self.prefs):
            self.held[p[0]].append(b)
            self.votes[p[0]] += self.papers[b] * SCALE
        self.excluded: set[int] = set()
        self.elected: list[int] = []
        self.exhausted = 0
        self.lost = 0
        self.history: list[list[int]] = []
        self.rounds: list[Round] = []
        self.lots: list[Lot] = []
        self.quota: int | None = None

    # -- bookkeeping

    def record(self, action: str, candidate: int | None = None, transfers=None,
               transfer_values=()) -> Round:
        self.history.append(list(self.votes))
        labels = self.labels
        rnd = Round(
            number=len(self.rounds) + 1,
            action=action,
            candidate=None if candidate is None else labels[candidate],
            votes={labels[c]: self.votes[c] for c in self.standing if c not in self.excluded},
            transfers={labels[c]: v for c, v in (transfers or {}).items()},
            excluded=[labels[candidate]] if action == "exclusion" else [],
            exhausted=self.exhausted,
            lost_to_fractions=self.lost,
            quota=self.quota,
            transfer_values=list(transfer_values),
        )
        self.rounds.append(rnd)
        return rnd

    def elect(self, cands: Iterable[int]) -> None:
        for c in sorted(cands, key=lambda c: (-self.votes[c], c)):
            self.continuing[c] = False
            self.elected.append(c)
            self.rounds[-1].elected.append(self.labels[c])

    def continuing_list(self) -> list[int]:
        return [c for c in self.standing if self.continuing[c]]

    def break_tie(self, tied: list[int], lowest: bool, purpose: str) -> int:
        """Look back over earlier stages (most recent first) for where the tied candidates'
        votes differed, narrowing to the lowest (or highest); then decide by lot."""
        tied = sorted(tied)
        if len(tied) == 1:
            return tied[0]
        for snap in reversed(self.history):
            vals = [snap[c] for c in tied]
            target = min(vals) if lowest else max(vals)
            narrowed = [c for c, v in zip(tied, vals, strict=True) if v == target]
            if len(narrowed) < len(tied):
                tied = narrowed
                if len(tied) == 1:
                    return tied[0]
        return self.draw(tied, purpose)

    def draw(self, tied: list[int], purpose: str) -> int:
        labels = [self.labels[c] for c in tied]
        if self.rng is None:
            raise LotRequired(labels, purpose)
        chosen = self.rng.choice(tied)
        self.lots.append(Lot(len(self.rounds) + 1, purpose, labels, self.labels[chosen]))
        return chosen

    # -- moving papers

    def transfer(self, c: int, surplus: int | None = None) -> tuple[dict[int, int], list]:
        """Pass every paper candidate ``c`` holds to its next continuing preference: at its
        value (exclusion) or at surplus × value ÷ votes truncated (surplus)."""
        ids, self.held[c] = self.held[c], []
        gains: dict[int, int] = {}
        prefs, pos, value, papers, held = self.prefs, self.pos, self.value, self.papers, self.held
        continuing = self.continuing
        total = self.votes[c]
        tvs: dict[int, int] = {}
        moved = 0
        exhausted = 0
        for b in ids:
            v = value[b]
            if surplus is not None:
                nv = tvs.get(v)
                if nv is None:
                    nv = tvs[v] = surplus * v // total
            else:
                nv = v
            amount = papers[b] * nv
            p = prefs[b]
            k = pos[b] + 1
            n = len(p)
            while k < n and not continuing[p[k]]:
                k += 1
            if k < n:
                d = p[k]
                if nv:  # a paper worth nothing can never count again
                    pos[b] = k
                    value[b] = nv
                    held[d].append(b)
                    gains[d] = gains.get(d, 0) + amount
                    moved += amount
            else:
                exhausted += amount
        for d, g in gains.items():
            self.votes[d] += g
        self.exhausted += exhausted
        if surplus is not None:
            self.lost += surplus - moved - exhausted
            self.votes[c] = total - surplus
        else:
            self.votes[c] = 0
        gains[c] = -(moved + exhausted) if surplus is None else -surplus
        return gains, sorted(tvs.items(), reverse=True)

    def exclude(self, c: int) -> None:
        self.continuing[c] = False
        self.excluded.add(c)
        gains, _ = self.transfer(c)
        self.record("exclusion", c, gains)

    def result(self) -> CountResult:
        return CountResult(
            method=self.method, candidates=self.labels, seats=self.seats, valid=self.valid,
            invalid=self.invalid, elected=[self.labels[c] for c in self.elected],
            rounds=self.rounds, lots=self.lots, quota=self.quota,
            withdrawn=self.withdrawn_labels,
        )


def scottish_stv(ballots: Ballots, candidates: Sequence[Hashable], seats: int, *,
                 withdrawn: Iterable[Hashable] = (),
                 rng: random.Random | None = None) -> CountResult:
    """Count a multi-seat election under the Scottish STV rules (see the module docstring)."""
    if seats < 1:
        raise ValueError("seats must be at least 1")
    st = _Count("scottish-stv", candidates, seats, ballots, withdrawn, rng)
    quota = st.quota = (st.valid // (seats + 1) + 1) * SCALE
    st.record("first preferences")
    votes = st.votes
    pending: list[int] = []  # elected candidates whose surplus is not yet transferred
    while True:
        # rule 47: everyone at or above the quota is elected
        reached = [c for c in st.continuing_list() if votes[c] >= quota]
        if reached:
            st.elect(reached)
            pending.extend(c for c in reached if votes[c] > quota)
        remaining = seats - len(st.elected)
        if remaining <= 0:
            break
        cont = st.continuing_list()
        # rule 52: the last vacancies
        if len(cont) <= remaining:
            st.elect(cont)
            break
        if remaining == 1:
            untransferred = sum(votes[c] - quota for c in pending)
            total = sum(votes[c] for c in cont)
            sure = [c for c in cont if votes[c] >= total - votes[c] + untransferred]
            if len(sure) == 1:
                st.elect(sure)
                break
        if pending:
            # rule 49: the largest surplus first
            biggest = max(votes[c] for c in pending)
            c = st.break_tie([c for c in pending if votes[c] == biggest], lowest=False,
                             purpose="surplus order")
            pending.remove(c)
            gains, tvs = st.transfer(c, votes[c] - quota)
            st.record("surplus", c, gains, tvs)
        else:
            # rules 50 and 51: exclude the lowest
            lowest = min(votes[c] for c in cont)
            c = st.break_tie([c for c in cont if votes[c] == lowest], lowest=True,
                             purpose="exclusion")
            st.exclude(c)
    return st.result()


def instant_runoff(ballots: Ballots, candidates: Sequence[Hashable], *,
                   withdrawn: Iterable[Hashable] = (),
                   rng: random.Random | None = None) -> CountResult:
    """One seat: a candidate with more than half the votes on continuing ballots wins; else the
    lowest is excluded and their ballots pass on (ties: earlier rounds, then lot)."""
    st = _Count("irv", candidates, 1, ballots, withdrawn, rng)
    votes = st.votes
    st.record("first preferences")
    while True:
        cont = st.continuing_list()
        if not cont:
            break
        live = sum(votes[c] for c in cont)
        leader = max(cont, key=lambda c: votes[c])
        if len(cont) == 1 or 2 * votes[leader] > live:
            st.elect([leader])
            break
        lowest = min(votes[c] for c in cont)
        c = st.break_tie([c for c in cont if votes[c] == lowest], lowest=True,
                         purpose="exclusion")
        st.exclude(c)
    return st.result()


def _most_votes(method: str, marks: dict[frozenset[int], int], invalid: int, labels: list,
                withdrawn: list, seats: int, rng: random.Random | None) -> CountResult:
    _, gone = _index(labels, withdrawn)
    standing = [i for i in range(len(labels)) if i not in gone]
    tally = dict.fromkeys(standing, 0)
    for ballot, n in marks.items():
        for c in ballot:
            tally[c] += n
    order = sorted(standing, key=lambda c: -tally[c])
    lots: list[Lot] = []
    elected: list[int] = []
    if seats >= len(order):
        elected = order
    else:
        cut = tally[order[seats - 1]]
        elected = [c for c in order if tally[c] > cut]
        tied = [c for c in standing if tally[c] == cut]
        if len(tied) <= seats - len(elected):
            elected += tied
        while len(elected) < seats:
            if rng is None:
                raise LotRequired([labels[c] for c in tied], "last place")
            chosen = rng.choice(tied)
            lots.append(Lot(1, "last place", [labels[c] for c in tied], labels[chosen]))
            tied.remove(chosen)
            elected.append(chosen)
    rnd = Round(number=1, action="count",
                votes={labels[c]: tally[c] * SCALE for c in standing},
                elected=[labels[c] for c in elected])
    return CountResult(method=method, candidates=labels, seats=seats,
                       valid=sum(marks.values()), invalid=invalid,
                       elected=[labels[c] for c in elected], rounds=[rnd], lots=lots,
                       withdrawn=withdrawn)


def plurality(ballots: Ballots, candidates: Sequence[Hashable], seats: int = 1, *,
              votes_allowed: int | None = None, withdrawn: Iterable[Hashable] = (),
              rng: random.Random | None = None) -> CountResult:
    """Vote for up to ``votes_allowed`` (default: ``seats``); the ``seats`` candidates with the
    most votes win. A ballot marking more candidates than allowed is an over-vote, set aside.
    A tie for the last place is decided by lot."""
    labels, withdrawn = list(candidates), list(withdrawn)
    limit = seats if votes_allowed is None else votes_allowed
    marks, invalid = prepare_marks(ballots, labels, withdrawn, limit=limit)
    return _most_votes("plurality", marks, invalid, labels, withdrawn, seats, rng)


def approval(ballots: Ballots, candidates: Sequence[Hashable], seats: int = 1, *,
             withdrawn: Iterable[Hashable] = (),
             rng: random.Random | None = None) -> CountResult:
    """Approve any number of candidates; the ``seats`` most approved win (last-place tie: lot)."""
    labels, withdrawn = list(candidates), list(withdrawn)
    marks, invalid = prepare_marks(ballots, labels, withdrawn)
    return _most_votes("approval", marks, invalid, labels, withdrawn, seats, rng)


def threshold(yes: int, no: int, abstain: int = 0, *, rule: str = "majority",
              count_abstentions: bool = False) -> ThresholdResult:
    """A yes/no/abstain question. "majority": more than half of the votes cast (yes + no);
    "two-thirds": at least two thirds of them. Abstentions are not votes cast unless
    ``count_abstentions`` (then they weigh as no). Nothing cast: not passed."""
    for n in (yes, no, abstain):
        _check_count(n)
    counted = yes + no + (abstain if count_abstentions else 0)
    if rule == "majority":
        required = counted // 2 + 1
    elif rule == "two-thirds":
        required = max(1, (2 * counted + 2) // 3)
    else:
        raise ValueError(f"unknown rule {rule!r}: 'majority' or 'two-thirds'")
    return ThresholdResult(rule=rule, yes=yes, no=no, abstain=abstain, counted=counted,
                           required=required, passed=counted > 0 and yes >= required)


METHODS = {
    "scottish-stv": scottish_stv,
    "irv": instant_runoff,
    "plurality": plurality,
    "approval": approval,
}
