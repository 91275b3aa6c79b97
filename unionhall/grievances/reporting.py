"""Grievance reports: how many cases by contract article, worksite, job family, where the open
ones stand, how the closed ones ended, and how long each step took. Pure (no Django): the
pages, the export and the tests call the same functions on plain rows.

Definitions (the report page says the same in words):

- The *article* of a citation is the part before its first dot, with a leading "Article" or
  "Art." dropped and leading zeros removed: "12.3" -> "12", "Article 7" -> "7", "Art. 07.2"
  -> "7". A case citing several sections of one article counts once for that article; a case
  citing two articles counts once under each.
- The *current step* of an open case, from the highest step it was filed (or appealed) at:
    - nothing filed yet: step 1, *to file* (the union's move);
    - filed and not answered: that step, *awaiting answer* (the employer's move);
    - answered: the next step, *to file* (the union decides whether to appeal), or, when it
      was the procedure's last step, that step, *answered* (the case waits to be closed).
  A closed case has no current step.
- *Days* are calendar days. For each step: from the filing at that step to the employer's
  answer, and from that answer to the appeal to the next step (cases appealed after an answer).
- Percentiles interpolate linearly between the closest ranks (the median of 2, 3, 10, 11 is
  6.5; its 90th percentile 10.7).
- *Days open*: from the filing at step 1 (or, if the case is not filed yet, the day it was
  opened) to the day it closed, or to today while it is open.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from unionhall.organizing.charts import BAR, FONT, GRID, INK, MUTED, _open, _t

OPEN, CLOSED = "open", "closed"
TO_FILE = "to_file"
AWAITING_ANSWER = "awaiting_answer"
ANSWERED = "answered"


# --- Rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of the local's procedure."""

    position: int
    name: str


@dataclass(frozen=True)
class StepRecord:
    """What happened at one step of one case."""

    position: int
    filed_on: dt.date | None = None
    answered_on: dt.date | None = None


@dataclass(frozen=True)
class Case:
    number: str
    status: str  # open, closed
    outcome: str = ""  # empty while open
    worksite: str = ""  # the name; empty when none is recorded
    job_family: str = ""
    articles: tuple[str, ...] = ()  # the citations as written
    steps: tuple[StepRecord, ...] = ()
    incident_on: dt.date | None = None
    learned_on: dt.date | None = None
    filed_on: dt.date | None = None
    closed_on: dt.date | None = None
    opened_on: dt.date | None = None
    # Only the export needs these.
    title: str = ""
    grievant_kind: str = ""
    remedy_sought: str = ""
    remedy_obtained: str = ""

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


# --- Articles -------------------------------------------------------------------------------

_PREFIX = re.compile(r"^\s*(?:art[ií]culo|article|art)(?![a-z])\.?\s*", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def article_of(citation: str) -> str | None:
    """The article a citation is in (see the module's docstring); None for an empty one."""
    text = _PREFIX.sub("", str(citation or "")).split(".", 1)[0].strip()
    if not text:
        return None
    number = _DIGITS.match(text)
    if number:
        return str(int(number.group()))
    return " ".join(text.split())


def case_articles(case: Case) -> list[str]:
    """The distinct articles a case cites, in the order first cited."""
    seen: list[str] = []
    for citation in case.articles:
        article = article_of(citation)
        if article is not None and article not in seen:
            seen.append(article)
    return seen


def article_order(key: str | None):
    """Numbered articles in number order, then named ones (an appendix), then none."""
    if key is None:
        return (2, 0, "")
    if key.isdigit():
        return (0, int(key), "")
    return (1, 0, key.casefold())


# --- Counts ---------------------------------------------------------------------------------


@dataclass
class Count:
    """Cases under one key (None: none recorded), open and closed."""

    key: str | None
    open: int = 0
    closed: int = 0

    @property
    def total(self) -> int:
        return self.open + self.closed


def _tally(pairs: Iterable[tuple[str | None, Case]]) -> dict[str | None, Count]:
    counts: dict[str | None, Count] = {}
    for key, case in pairs:
        row = counts.setdefault(key, Count(key))
        if case.is_open:
            row.open += 1
        else:
            row.closed += 1
    return counts


def _by_size(counts: dict[str | None, Count]) -> list[Count]:
    """Most cases first, then by name; the "none recorded" row last."""
    return sorted(counts.values(),
                  key=lambda c: (c.key is None, -c.total, (c.key or "").casefold()))


def by_article(cases: Iterable[Case]) -> list[Count]:
    """Cases per article, in article order; a last row (key None) for cases citing none."""
    pairs = []
    for case in cases:
        articles = case_articles(case)
        pairs.extend((a, case) for a in articles or [None])
    return sorted(_tally(pairs).values(), key=lambda c: article_order(c.key))


def by_worksite(cases: Iterable[Case]) -> list[Count]:
    return _by_size(_tally((c.worksite or None, c) for c in cases))


def by_job_family(cases: Iterable[Case]) -> list[Count]:
    return _by_size(_tally((c.job_family or None, c) for c in cases))


@dataclass
class OutcomeCount:
    outcome: str
    cases: int
    share: float  # percent of the closed cases, one decimal


def by_outcome(cases: Iterable[Case], outcomes: Sequence[str] = ()) -> list[OutcomeCount]:
    """Closed cases per outcome: every outcome in `outcomes` (in that order, even with none),
    then any other found."""
    counts = {o: 0 for o in outcomes}
    for case in cases:
        if not case.is_open:
            counts[case.outcome] = counts.get(case.outcome, 0) + 1
    closed = sum(counts.values())
    return [OutcomeCount(o, n, round(100 * n / closed, 1) if closed else 0.0)
            for o, n in counts.items()]


# --- Where open cases stand -----------------------------------------------------------------


@dataclass(frozen=True)
class Current:
    position: int
    name: str  # empty for a step no longer in the procedure
    state: str  # TO_FILE, AWAITING_ANSWER, ANSWERED


def _names(procedure: Sequence[Step]) -> dict[int, str]:
    return {s.position: s.name for s in procedure}


def current_step(case: Case, procedure: Sequence[Step]) -> Current | None:
    """Where an open case stands (see the module's docstring); None for a closed case."""
    if not case.is_open:
        return None
    names = _names(procedure)
    last_position = max(names, default=0)
    filed = [s for s in case.steps if s.filed_on is not None]
    if not filed:
        position, state = 1, TO_FILE
    else:
        top = max(filed, key=lambda s: s.position)
        if top.answered_on is None:
            position, state = top.position, AWAITING_ANSWER
        elif top.position >= last_position:
            position, state = top.position, ANSWERED
        else:
            position, state = top.position + 1, TO_FILE
    return Current(position, names.get(position, ""), state)


@dataclass
class StepCount:
    position: int
    name: str
    to_file: int = 0
    awaiting_answer: int = 0
    answered: int = 0

    @property
    def total(self) -> int:
        return self.to_file + self.awaiting_answer + self.answered


def by_current_step(cases: Iterable[Case], procedure: Sequence[Step]) -> list[StepCount]:
    """Open cases per current step: a row for every step of the procedure (even with none),
    and for any other step a case stands at (a procedure shortened since)."""
    rows = {s.position: StepCount(s.position, s.name) for s in procedure}
    for case in cases:
        now = current_step(case, procedure)
        if now is None:
            continue
        row = rows.setdefault(now.position, StepCount(now.position, now.name))
        setattr(row, now.state, getattr(row, now.state) + 1)
    return [rows[p] for p in sorted(rows)]


# --- Time -----------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), interpolating linearly between the closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    value = ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
    return round(value, 1)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 50)


@dataclass
class StepTime:
    position: int
    name: str
    filed: int = 0  # cases filed (or appealed) at this step
    answered: int = 0  # of those, answered by the employer
    median_answer: float | None = None  # days from the filing to the answer
    p90_answer: float | None = None
    appealed: int = 0  # cases filed at the next step
    median_appeal: float | None = None  # days from this step's answer to the appeal
    last: bool = False  # the procedure's last step: nothing to appeal to
    answer_days: list[int] = field(default_factory=list, repr=False)
    appeal_days: list[int] = field(default_factory=list, repr=False)


def step_times(cases: Iterable[Case], procedure: Sequence[Step]) -> list[StepTime]:
    """For every step of the procedure (and any other a case was filed at): how many cases were
    filed there and answered, the median and 90th percentile of days to the answer, how many
    were appealed to the next step and the median days from the answer to that appeal."""
    rows = {s.position: StepTime(s.position, s.name) for s in procedure}
    for case in cases:
        at = {s.position: s for s in case.steps if s.filed_on is not None}
        for position, record in at.items():
            row = rows.setdefault(position, StepTime(position, ""))
            row.filed += 1
            if record.answered_on is not None:
                row.answered += 1
                row.answer_days.append((record.answered_on - record.filed_on).days)
            after = at.get(position + 1)
            if after is not None:
                row.appealed += 1
                if record.answered_on is not None:
                    row.appeal_days.append((after.filed_on - record.answered_on).days)
    last = max((s.position for s in procedure), default=0)
    out = []
    for position in sorted(rows):
        row = rows[position]
        row.median_answer = median(row.answer_days)
        row.p90_answer = percentile(row.answer_days, 90)
        row.median_appeal = median(row.appeal_days)
        row.last = position >= last
        out.append(row)
    return out


def days_open(case: Case, today: dt.date) -> int | None:
    """From the filing at step 1 (else the day it was opened) to the close, or to today."""
    start = case.filed_on or case.opened_on
    if start is None:
        return None
    return max(((case.closed_on or today) - start).days, 0)


# --- The whole report -----------------------------------------------------------------------


@dataclass
class Summary:
    cases: int
    open: int
    closed: int
    median_days_to_close: float | None  # filing at step 1 to the close, closed cases filed


@dataclass
class Report:
    summary: Summary
    articles: list[Count]
    worksites: list[Count]
    job_families: list[Count]
    current_steps: list[StepCount]
    outcomes: list[OutcomeCount]
    step_times: list[StepTime]


def summary(cases: Sequence[Case]) -> Summary:
    closed = [c for c in cases if not c.is_open]
    to_close = [(c.closed_on - c.filed_on).days for c in closed if c.filed_on and c.closed_on]
    return Summary(cases=len(cases), open=len(cases) - len(closed), closed=len(closed),
                   median_days_to_close=median(to_close))


def build(cases: Iterable[Case], procedure: Sequence[Step],
          outcomes: Sequence[str] = ()) -> Report:
    cases = list(cases)
    return Report(summary=summary(cases), articles=by_article(cases),
                  worksites=by_worksite(cases), job_families=by_job_family(cases),
                  current_steps=by_current_step(cases, procedure),
                  outcomes=by_outcome(cases, outcomes), step_times=step_times(cases, procedure))


# --- Chart ----------------------------------------------------------------------------------


def count_chart(bars: Sequence[tuple[str, int]], *, title: str, desc: str, ident: str,
                width: int = 400) -> str:
    """Horizontal bars of counts, (label, value) each, every value printed after its bar.
    Narrow, so that its text stays legible when scaled to a phone; texts arrive translated."""
    label_w, right_w, bar_h, gap, top = 124, 40, 18, 8, 28
    plot_w = width - label_w - right_w
    peak = max([v for _, v in bars] + [1])
    step = -(-peak // 4)  # whole cases between the grid lines, at most four of them
    ticks = -(-peak // step)
    high = step * ticks
    height = top + len(bars) * (bar_h + gap) + 8
    out = _open(width, height, title, desc, ident)
    out.append(f'<g {FONT} font-size="13" fill="{INK}">')
    for tick in range(ticks + 1):
        value = step * tick
        x = label_w + plot_w * tick / ticks
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 4}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle" fill="{MUTED}">'
                   f'{value}</text>')
    for i, (label, value) in enumerate(bars):
        y = top + i * (bar_h + gap)
        label = str(label)
        short = label if len(label) <= 16 else label[:15] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end">'
                   f'{_t(short)}</text>')
        w = plot_w * value / high
        out.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                   f'fill="{BAR}"><title>{_t(label)}: {value}</title></rect>')
        out.append(f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h - 4}">{value}</text>')
    out.append("</g></svg>")
    return "\n".join(out)
