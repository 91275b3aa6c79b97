"""The bargaining survey's results: priorities ranked by everyone and by group, and the answers
to its questions. Pure Python (no Django): the caller fetches flat rows and passes labels.

Priorities. Each respondent ranks some priorities (1 = most important; not all need be ranked).
For each priority:
- `ranked`: how many respondents ranked it at all;
- `top3`, `top3_share`: how many put it 1st, 2nd or 3rd, and that as a percent of everyone who
  answered (not only of those who ranked it);
- `mean_rank`: the average rank among those who ranked it (None if nobody did);
- `points`, `score`: a Borda count. With n priorities on the survey, a rank r is worth
  n − r + 1 points (1st of 8 → 8 points, 8th → 1) and an unranked priority 0. `score` is the
  points per respondent, from 0 to n, so groups of any size compare.
Priorities are ordered by points (highest first), then by their position on the survey; tied
points share a `place` (1, 2, 2, 4).

Groups (by job family, by worksite). The same figures for the respondents of each group, with
the group's top 3. A group of fewer than MIN_GROUP respondents is held back ("not shown"), so
that nobody's answers can be picked out. When the held-back groups add up to fewer than
MIN_GROUP respondents, the smallest shown groups are held back too until they do: otherwise a
small group's figures could be worked out by subtracting the shown groups from the total.

Questions. A choice question: how many chose each choice and the share of those who answered
it. A scale question (1 to 5): the mean and how many gave each value. A written question: the
answers (for the bargaining team only; the caller decides), sorted alphabetically so their
order says nothing about who wrote when, at most TEXT_CAP of them, with the total count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MIN_GROUP = 5
TEXT_CAP = 200
SCALE = ("1", "2", "3", "4", "5")


@dataclass(frozen=True)
class Respondent:
    """One response: the ranks it gave ({priority id: rank}) and its groups ({dimension: key};
    a key of None means "not on record")."""

    id: int
    ranks: dict
    groups: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PriorityResult:
    id: int
    label: str
    ranked: int
    top3: int
    top3_share: float
    mean_rank: float | None
    points: int
    score: float
    place: int


@dataclass(frozen=True)
class Ranking:
    respondents: int
    priorities: list[PriorityResult]

    @property
    def top3(self) -> list[str]:
        """The labels of the (up to) three priorities with the most points; none with 0."""
        return [p.label for p in self.priorities[:3] if p.points > 0]


@dataclass(frozen=True)
class Group:
    key: object
    label: str
    respondents: int
    shown: bool
    ranking: Ranking | None  # None when held back


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    share: float  # percent of those who answered the question


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    text: str
    kind: str  # "choice", "scale" or "text"
    choices: tuple = ()


@dataclass(frozen=True)
class QuestionResult:
    id: int
    text: str
    kind: str
    answered: int
    counts: list[Count] = field(default_factory=list)  # choice and scale
    mean: float | None = None  # scale
    texts: list[str] = field(default_factory=list)  # written, capped
    texts_total: int = 0


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def rank_priorities(priorities: Sequence[tuple[int, str]],
                    respondents: Iterable[Respondent]) -> Ranking:
    """priorities: (id, label) in the survey's order."""
    n = len(priorities)
    ranked: Counter = Counter()
    top3: Counter = Counter()
    rank_sum: Counter = Counter()
    points: Counter = Counter()
    count = 0
    for respondent in respondents:
        count += 1
        for pid, rank in respondent.ranks.items():
            ranked[pid] += 1
            rank_sum[pid] += rank
            points[pid] += max(n - rank + 1, 0)
            if rank <= 3:
                top3[pid] += 1
    rows = []
    for position, (pid, label) in enumerate(priorities):
        rows.append((-points[pid], position, PriorityResult(
            id=pid, label=label, ranked=ranked[pid], top3=top3[pid],
            top3_share=_percent(top3[pid], count),
            mean_rank=rank_sum[pid] / ranked[pid] if ranked[pid] else None,
            points=points[pid], score=points[pid] / count if count else 0.0, place=0)))
    rows.sort(key=lambda r: (r[0], r[1]))
    out: list[PriorityResult] = []
    for i, (_neg, _pos, row) in enumerate(rows):
        place = out[-1].place if out and out[-1].points == row.points else i + 1
        out.append(PriorityResult(**{**row.__dict__, "place": place}))
    return Ranking(respondents=count, priorities=out)


def by_group(priorities: Sequence[tuple[int, str]], respondents: Iterable[Respondent],
             dimension: str, labels: dict, *, unknown_label: str = "—",
             min_size: int = MIN_GROUP) -> list[Group]:
    """Each group of `dimension` that has respondents, by label (the unknown group last).
    labels: {key: label}; a key missing from it, or None, reads as unknown_label."""
    members: dict = {}
    for respondent in respondents:
        key = respondent.groups.get(dimension)
        if key is not None and key not in labels:
            key = None
        members.setdefault(key, []).append(respondent)
    hidden = {key for key, rs in members.items() if len(rs) < min_size}
    # Held back together, the hidden groups must be too big to single anyone out.
    shown_by_size = sorted((k for k in members if k not in hidden),
                           key=lambda k: (len(members[k]), _label(k, labels, unknown_label)))
    while hidden and sum(len(members[k]) for k in hidden) < min_size and shown_by_size:
        hidden.add(shown_by_size.pop(0))
    groups = []
    for key, rs in members.items():
        shown = key not in hidden
        groups.append(Group(key=key, label=_label(key, labels, unknown_label),
                            respondents=len(rs), shown=shown,
                            ranking=rank_priorities(priorities, rs) if shown else None))
    groups.sort(key=lambda g: (g.key is None, g.label.casefold()))
    return groups


def _label(key, labels: dict, unknown_label: str) -> str:
    return unknown_label if key is None else str(labels[key])


def question_results(questions: Sequence[QuestionSpec],
                     answers: Iterable[tuple[int, str]], *,
                     text_cap: int | None = TEXT_CAP) -> list[QuestionResult]:
    """answers: (question id, value) for every answer given; empty values are skipped.
    text_cap: how many written answers to list (None: all)."""
    values: dict[int, list[str]] = {q.id: [] for q in questions}
    for qid, value in answers:
        value = (value or "").strip()
        if value and qid in values:
            values[qid].append(value)
    out = []
    for q in questions:
        given = values[q.id]
        if q.kind == "choice":
            valid = [v for v in given if v in q.choices]
            tally = Counter(valid)
            out.append(QuestionResult(
                id=q.id, text=q.text, kind=q.kind, answered=len(valid),
                counts=[Count(c, tally[c], _percent(tally[c], len(valid))) for c in q.choices]))
        elif q.kind == "scale":
            valid = [v for v in given if v in SCALE]
            tally = Counter(valid)
            out.append(QuestionResult(
                id=q.id, text=q.text, kind=q.kind, answered=len(valid),
                counts=[Count(v, tally[v], _percent(tally[v], len(valid))) for v in SCALE],
                mean=sum(int(v) for v in valid) / len(valid) if valid else None))
        else:
            ordered = sorted(given, key=lambda v: (v.casefold(), v))
            out.append(QuestionResult(
                id=q.id, text=q.text, kind=q.kind, answered=len(given),
                texts=ordered if text_cap is None else ordered[:text_cap],
                texts_total=len(given)))
    return out
