"""A mentoring cycle's results, overall and by job family. Pure Python (no Django): the caller
fetches flat rows (mentees, pairs, exit surveys) and passes labels already translated.

- Matched: the share of mentees (enrolled, not withdrawn, or matched anyway) with a published
  match.
- Meetings per pair per month: all the pairs' meetings over all the pairs' months (a pair's
  months run from the start of the term to its end, or to today while it runs), so a pair
  that never met counts as zero, not as missing. `never_met` counts those pairs.
- Hours: the meetings' minutes / 60, in total and per mentor (a mentor with two mentees adds
  both pairs' meetings); `paid` is the hours up to the program's cap per mentor and cycle.
- Goals met: met goals over all goals the pairs set (those set aside count as not met; they
  are also counted on their own).
- Exit surveys: the average of each rating (1 to 5) and the share who would take part again.
  A group of fewer than MIN_GROUP people is held back so no one's answers can be picked out;
  when the held-back groups together have fewer than MIN_GROUP people, the smallest shown
  groups are held back too (otherwise subtracting the shown groups from the total would give
  them away). Groups count PEOPLE, not answers: a mentor of two mentees answers twice.
  Comments are listed without names, alphabetically (their order says nothing of who wrote
  when), and only when the whole survey has at least MIN_GROUP people.

By job family: a mentee and a pair count in the mentee's job family, a mentor's hours in the
mentor's, a survey answer in the family of whoever gave it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MIN_GROUP = 5
DAYS_PER_MONTH = 365.25 / 12
RATINGS = ("overall", "goals_progress", "support")


@dataclass(frozen=True)
class Mentee:
    family: str | None  # a key; None: not on record
    matched: bool


@dataclass(frozen=True)
class Pair:
    family: str | None  # the mentee's
    mentor: object  # a key for the mentor (e.g. the enrolment id)
    meetings: int
    minutes: int
    months: float
    goals: int = 0
    goals_met: int = 0
    goals_dropped: int = 0


@dataclass(frozen=True)
class Mentor:
    key: object
    label: str
    family: str | None


@dataclass(frozen=True)
class Survey:
    person: object  # who answered (for counting people, never shown)
    family: str | None  # the family of whoever answered
    role: str  # "mentor" or "mentee"
    overall: int
    goals_progress: int
    support: int
    would_again: bool
    comments: str = ""


@dataclass(frozen=True)
class Block:
    """The program's figures for everyone or for one job family."""

    key: object
    label: str
    mentees: int
    matched: int
    matched_share: float | None
    pairs: int
    meetings: int
    pair_months: float
    per_pair_month: float | None
    never_met: int
    hours: float
    goals: int
    goals_met: int
    goals_dropped: int
    goals_met_share: float | None


@dataclass(frozen=True)
class MentorHours:
    key: object
    label: str
    family_label: str
    mentees: int
    meetings: int
    hours: float
    paid: float
    over_cap: bool


@dataclass(frozen=True)
class SurveyGroup:
    key: object
    label: str
    people: int
    answers: int
    shown: bool
    overall: float | None = None
    goals_progress: float | None = None
    support: float | None = None
    would_again: int = 0
    would_again_share: float | None = None


@dataclass(frozen=True)
class SurveyResults:
    everyone: SurveyGroup
    by_role: list[SurveyGroup]
    by_family: list[SurveyGroup]
    comments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Results:
    overall: Block
    by_family: list[Block]
    mentors: list[MentorHours]
    surveys: SurveyResults
    paid_cap: int | None


def months_between(start: dt.date, end: dt.date) -> float:
    """How many months (of 30.44 days) from start to end; 0 if end is not after start."""
    return max(0, (end - start).days) / DAYS_PER_MONTH


def share(part: int, whole: int) -> float | None:
    """A percent, or None when there is nothing to divide by."""
    return 100.0 * part / whole if whole else None


def hours(minutes: int) -> float:
    return minutes / 60


def _block(key, label: str, mentees: Sequence[Mentee], pairs: Sequence[Pair]) -> Block:
    matched = sum(1 for m in mentees if m.matched)
    meetings = sum(p.meetings for p in pairs)
    months = sum(p.months for p in pairs)
    goals = sum(p.goals for p in pairs)
    met = sum(p.goals_met for p in pairs)
    return Block(
        key=key, label=label, mentees=len(mentees), matched=matched,
        matched_share=share(matched, len(mentees)), pairs=len(pairs), meetings=meetings,
        pair_months=months, per_pair_month=meetings / months if months > 0 else None,
        never_met=sum(1 for p in pairs if p.meetings == 0),
        hours=hours(sum(p.minutes for p in pairs)), goals=goals, goals_met=met,
        goals_dropped=sum(p.goals_dropped for p in pairs), goals_met_share=share(met, goals))


def _label(key, labels: dict, unknown: str) -> str:
    return unknown if key is None or key not in labels else str(labels[key])


def _sorted_groups(groups: list) -> list:
    return sorted(groups, key=lambda g: (g.key is None, g.label.casefold()))


def family_blocks(mentees: Iterable[Mentee], pairs: Iterable[Pair], labels: dict,
                  unknown: str) -> list[Block]:
    """A Block per job family that has a mentee or a pair (the unknown family last)."""
    by_m: dict = {}
    by_p: dict = {}
    for m in mentees:
        key = m.family if m.family in labels else None
        by_m.setdefault(key, []).append(m)
    for p in pairs:
        key = p.family if p.family in labels else None
        by_p.setdefault(key, []).append(p)
    keys = set(by_m) | set(by_p)
    return _sorted_groups([_block(k, _label(k, labels, unknown), by_m.get(k, []),
                                  by_p.get(k, [])) for k in keys])


def mentor_hours(pairs: Iterable[Pair], mentors: Iterable[Mentor], labels: dict, unknown: str,
                 cap: int | None) -> list[MentorHours]:
    """Each mentor's meetings and hours over all their pairs, most hours first."""
    totals: dict = {}
    for p in pairs:
        count, meetings, minutes = totals.get(p.mentor, (0, 0, 0))
        totals[p.mentor] = (count + 1, meetings + p.meetings, minutes + p.minutes)
    out = []
    for mentor in mentors:
        count, meetings, minutes = totals.get(mentor.key, (0, 0, 0))
        if not count:
            continue
        h = hours(minutes)
        paid = min(h, cap) if cap is not None else h
        out.append(MentorHours(key=mentor.key, label=mentor.label,
                               family_label=_label(mentor.family, labels, unknown),
                               mentees=count, meetings=meetings, hours=h, paid=paid,
                               over_cap=cap is not None and h > cap))
    out.sort(key=lambda m: (-m.hours, m.label.casefold()))
    return out


def _survey_group(key, label: str, answers: Sequence[Survey], shown: bool) -> SurveyGroup:
    people = len({a.person for a in answers})
    if not shown or not answers:
        return SurveyGroup(key=key, label=label, people=people, answers=len(answers),
                           shown=False)
    n = len(answers)
    again = sum(1 for a in answers if a.would_again)
    return SurveyGroup(
        key=key, label=label, people=people, answers=n, shown=True,
        overall=sum(a.overall for a in answers) / n,
        goals_progress=sum(a.goals_progress for a in answers) / n,
        support=sum(a.support for a in answers) / n,
        would_again=again, would_again_share=share(again, n))


def survey_groups(answers: Sequence[Survey], key_of, labels: dict, unknown: str, *,
                  min_size: int = MIN_GROUP) -> list[SurveyGroup]:
    """The answers grouped by key_of(answer); small groups held back (see the module)."""
    members: dict = {}
    for a in answers:
        key = key_of(a)
        members.setdefault(key if key in labels else None, []).append(a)

    def people(key) -> int:
        return len({a.person for a in members[key]})

    hidden = {k for k in members if people(k) < min_size}
    shown_by_size = sorted((k for k in members if k not in hidden),
                           key=lambda k: (people(k), _label(k, labels, unknown)))
    # One enrolment per person and cycle: a person is in one family and one role only.
    while hidden and sum(people(k) for k in hidden) < min_size and shown_by_size:
        hidden.add(shown_by_size.pop(0))
    return _sorted_groups([_survey_group(k, _label(k, labels, unknown), rs, k not in hidden)
                           for k, rs in members.items()])


def survey_results(answers: Iterable[Survey], family_labels: dict, role_labels: dict,
                   unknown: str, everyone_label: str, *,
                   min_size: int = MIN_GROUP) -> SurveyResults:
    answers = list(answers)
    people = len({a.person for a in answers})
    everyone_shown = people >= min_size
    everyone = _survey_group("all", everyone_label, answers, everyone_shown)
    if not everyone_shown:
        return SurveyResults(everyone=everyone, by_role=[], by_family=[], comments=[])
    by_role = survey_groups(answers, lambda a: a.role, role_labels, unknown, min_size=min_size)
    by_family = survey_groups(answers, lambda a: a.family, family_labels, unknown,
                              min_size=min_size)
    comments = sorted((a.comments.strip() for a in answers if a.comments.strip()),
                      key=lambda c: (c.casefold(), c))
    return SurveyResults(everyone=everyone, by_role=by_role, by_family=by_family,
                         comments=comments)


def summarize(mentees: Iterable[Mentee], pairs: Iterable[Pair], mentors: Iterable[Mentor],
              surveys: Iterable[Survey], *, family_labels: dict, role_labels: dict,
              unknown: str, everyone: str, paid_cap: int | None,
              min_size: int = MIN_GROUP) -> Results:
    mentees, pairs = list(mentees), list(pairs)
    return Results(
        overall=_block("all", everyone, mentees, pairs),
        by_family=family_blocks(mentees, pairs, family_labels, unknown),
        mentors=mentor_hours(pairs, mentors, family_labels, unknown, paid_cap),
        surveys=survey_results(surveys, family_labels, role_labels, unknown, everyone,
                               min_size=min_size),
        paid_cap=paid_cap)


def fill(template: str, values: dict[str, str]) -> str:
    """Put values in a letter's {placeholders}. Only the names given are replaced; any other
    brace is left as written (never str.format: a template must not reach into objects)."""
    out = []
    i = 0
    while i < len(template):
        if template[i] == "{":
            end = template.find("}", i + 1)
            name = template[i + 1:end] if end != -1 else ""
            if end != -1 and name in values:
                out.append(str(values[name]))
                i = end + 1
                continue
        out.append(template[i])
        i += 1
    return "".join(out)


def fmt_hours(value: float) -> str:
    """Hours for people to read: 12.0 → "12", 12.5 → "12.5", 0.75 → "0.75" (two decimals at
    most: a quarter of an hour shows as it is)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"
