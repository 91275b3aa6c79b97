"""How well a mentor suits a mentee, by the criteria a local's coordinator sets. Pure: no Django.

The criteria (stored in `Cycle.criteria`, checked by `validate`) are one entry per criterion,
each with a weight from 0 to 10 and whether it is a hard rule ("required")::

    {
      "job_family":   {"weight": 10, "required": false},   # same job family
      "worksite":     {"weight": 2,  "required": false, "want": "different"},
                                     # "same" | "different" | "any" (doesn't matter)
      "language":     {"weight": 5,  "required": false},   # at least one shared language
      "goals":        {"weight": 4,  "required": false},   # per mentee goal among the
                                                           # mentor's strengths
      "availability": {"weight": 3,  "required": false},   # at least one shared time
      "seniority":    {"weight": 0,  "required": false}    # mentor has more years of service
    }

A criterion that is met adds its weight (goals: its weight for each goal covered). A hard rule
that is not met forbids the pair: `score` gives None. As hard rules:
- job family: the same family (a missing family matches nothing);
- worksite "same": the same worksite; "different": not the same one (an unknown worksite is
  not the same); "any": no rule and no points;
- language, availability: at least one shared;
- goals: at least one of the mentee's goals among the mentor's strengths (a mentee who named
  no goals passes: there is nothing to cover);
- seniority: the mentor has more years of service than the mentee.

`score` explains itself: one reason per criterion in use (weight above 0, or a hard rule), a
plain dict {"criterion", "points", "detail"}; `detail` always holds "met" and "required" and,
by criterion, what was compared (codes and ids, which the page turns into words).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

CRITERIA = ("job_family", "worksite", "language", "goals", "availability", "seniority")
WANTS = ("same", "different", "any")
MAX_WEIGHT = 10

DEFAULT_CRITERIA: dict[str, dict] = {
    "job_family": {"weight": 10, "required": False},
    "worksite": {"weight": 2, "required": False, "want": "any"},
    "language": {"weight": 5, "required": False},
    "goals": {"weight": 4, "required": False},
    "availability": {"weight": 3, "required": False},
    "seniority": {"weight": 0, "required": False},
}


class CriteriaError(ValueError):
    """The criteria are not in the shape above. `criterion` names the entry ("" for the
    whole), `problem` is one of: "shape", "unknown", "weight", "required", "want"."""

    def __init__(self, criterion: str, problem: str):
        super().__init__(f"{criterion or 'criteria'}: {problem}")
        self.criterion = criterion
        self.problem = problem


@dataclass(frozen=True)
class Profile:
    """What the matcher knows of one enrolment. `standards` are a mentee's goals or a
    mentor's strengths (Standard values); `job_family` is the family's code."""

    job_family: str | None = None
    worksite: int | None = None
    languages: frozenset[str] = field(default_factory=frozenset)
    availability: frozenset[str] = field(default_factory=frozenset)
    standards: frozenset[str] = field(default_factory=frozenset)
    years: int = 0

    def __post_init__(self):
        for name in ("languages", "availability", "standards"):
            value = getattr(self, name)
            if not isinstance(value, frozenset):
                object.__setattr__(self, name, frozenset(value or ()))
        if self.years is None or self.years < 0:
            object.__setattr__(self, "years", 0)


def validate(raw) -> dict[str, dict]:
    """The criteria with every entry present (defaults where missing), or CriteriaError."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise CriteriaError("", "shape")
    for name in raw:
        if name not in CRITERIA:
            raise CriteriaError(str(name), "unknown")
    out: dict[str, dict] = {}
    for name in CRITERIA:
        entry = raw.get(name, DEFAULT_CRITERIA[name])
        if not isinstance(entry, dict):
            raise CriteriaError(name, "shape")
        weight = entry.get("weight", DEFAULT_CRITERIA[name]["weight"])
        if isinstance(weight, bool) or not isinstance(weight, int) \
                or not 0 <= weight <= MAX_WEIGHT:
            raise CriteriaError(name, "weight")
        required = entry.get("required", False)
        if not isinstance(required, bool):
            raise CriteriaError(name, "required")
        clean = {"weight": weight, "required": required}
        if name == "worksite":
            want = entry.get("want", DEFAULT_CRITERIA[name]["want"])
            if want not in WANTS:
                raise CriteriaError(name, "want")
            clean["want"] = want
        unknown = set(entry) - set(clean)
        if unknown:
            raise CriteriaError(name, "shape")
        out[name] = clean
    return out


def in_use(criteria: dict, name: str) -> bool:
    entry = criteria[name]
    if name == "worksite" and entry["want"] == "any":
        return False
    return entry["weight"] > 0 or entry["required"]


def _reason(name: str, points: int, met: bool, required: bool, **detail) -> dict:
    return {"criterion": name, "points": points,
            "detail": {"met": met, "required": required, **detail}}


def score(mentee: Profile, mentor: Profile, criteria) -> tuple[int | None, list[dict]]:
    """(points, reasons) for the pair; points is None when a hard rule is not met (the reasons
    still say which: its reason has detail met False, required True)."""
    c = validate(criteria)
    reasons: list[dict] = []
    total, forbidden = 0, False

    def add(name: str, met: bool, points: int, **detail) -> None:
        nonlocal total, forbidden
        required = c[name]["required"]
        reasons.append(_reason(name, points if met else 0, met, required, **detail))
        if met:
            total += points
        elif required:
            forbidden = True

    if in_use(c, "job_family"):
        same = mentee.job_family is not None and mentee.job_family == mentor.job_family
        add("job_family", same, c["job_family"]["weight"], mentee=mentee.job_family,
            mentor=mentor.job_family)
    if in_use(c, "worksite"):
        want = c["worksite"]["want"]
        same = mentee.worksite is not None and mentee.worksite == mentor.worksite
        add("worksite", same if want == "same" else not same, c["worksite"]["weight"],
            want=want, same=same, mentee=mentee.worksite, mentor=mentor.worksite)
    if in_use(c, "language"):
        shared = sorted(mentee.languages & mentor.languages)
        add("language", bool(shared), c["language"]["weight"], shared=shared)
    if in_use(c, "goals"):
        covered = sorted(mentee.standards & mentor.standards)
        goals = len(mentee.standards)
        met = bool(covered) or (goals == 0 and c["goals"]["required"])
        add("goals", met, c["goals"]["weight"] * len(covered), covered=covered, goals=goals)
    if in_use(c, "availability"):
        shared = sorted(mentee.availability & mentor.availability)
        add("availability", bool(shared), c["availability"]["weight"], shared=shared)
    if in_use(c, "seniority"):
        add("seniority", mentor.years > mentee.years, c["seniority"]["weight"],
            mentee=mentee.years, mentor=mentor.years)
    return (None if forbidden else total), reasons


def allowed(mentee: Profile, mentor: Profile, criteria) -> bool:
    """Whether the pair meets every hard rule."""
    return score(mentee, mentor, criteria)[0] is not None


def max_points(criteria) -> int:
    """The most points a pair can get (the goals counted for all eight standards)."""
    c = validate(criteria)
    top = 0
    for name in CRITERIA:
        if in_use(c, name):
            top += c[name]["weight"] * (8 if name == "goals" else 1)
    return top


# ---------------------------------------------------------------- many pairs at once


class _Coder:
    """Gives each distinct value a bit, so sets become ints (`&` and `bit_count` are fast)."""

    def __init__(self):
        self.bits: dict[str, int] = {}

    def mask(self, values: Iterable[str]) -> int:
        out = 0
        for value in values:
            bit = self.bits.get(value)
            if bit is None:
                bit = self.bits[value] = 1 << len(self.bits)
            out |= bit
        return out


def _codes(profiles: Sequence[Profile], coders) -> list[tuple]:
    lang, avail, std = coders
    return [(p.job_family, p.worksite, lang.mask(p.languages), avail.mask(p.availability),
             std.mask(p.standards), p.years) for p in profiles]


def _compile(c: dict):
    """points(mentee_code, mentor_code) -> int | None, with the criteria folded in."""
    use = {name: in_use(c, name) for name in CRITERIA}
    w = {name: c[name]["weight"] for name in CRITERIA}
    req = {name: c[name]["required"] for name in CRITERIA}
    want = c["worksite"]["want"]

    def points(e, m):
        total = 0
        if use["job_family"]:
            if e[0] is not None and e[0] == m[0]:
                total += w["job_family"]
            elif req["job_family"]:
                return None
        if use["worksite"]:
            same = e[1] is not None and e[1] == m[1]
            if same == (want == "same"):
                total += w["worksite"]
            elif req["worksite"]:
                return None
        if use["language"]:
            if e[2] & m[2]:
                total += w["language"]
            elif req["language"]:
                return None
        if use["goals"]:
            covered = (e[4] & m[4]).bit_count()
            if covered:
                total += w["goals"] * covered
            elif req["goals"] and e[4]:
                return None
        if use["availability"]:
            if e[3] & m[3]:
                total += w["availability"]
            elif req["availability"]:
                return None
        if use["seniority"]:
            if m[5] > e[5]:
                total += w["seniority"]
            elif req["seniority"]:
                return None
        return total

    return points


def candidate_rows(mentees: Sequence[Profile], mentors: Sequence[Profile], criteria,
                   *, room: Sequence[int] | None = None) -> list[dict[int, int]]:
    """For each mentee, {mentor index: points} over the mentors the hard rules allow: the
    sparse rows `matching.assign` takes. `room` (per mentor) leaves out mentors with no room.

    Built without a mentees × mentors matrix: mentors are put in buckets by the hard rules
    that are equalities (job family, same worksite), so a mentee is only compared with its
    bucket; mentors with the same profile are scored once; mentees with the same profile share
    one row (the rows must not be changed in place)."""
    c = validate(criteria)
    coders = (_Coder(), _Coder(), _Coder())
    e_codes = _codes(mentees, coders)
    m_codes = _codes(mentors, coders)
    points = _compile(c)
    by_family = in_use(c, "job_family") and c["job_family"]["required"]
    by_site = (in_use(c, "worksite") and c["worksite"]["required"]
               and c["worksite"]["want"] == "same")

    def key(code):
        return (code[0] if by_family else None, code[1] if by_site else None)

    # bucket -> distinct mentor profile -> the mentors' indexes
    buckets: dict[tuple, dict[tuple, list[int]]] = defaultdict(lambda: defaultdict(list))
    for j, code in enumerate(m_codes):
        if room is not None and room[j] <= 0:
            continue
        if (by_family and code[0] is None) or (by_site and code[1] is None):
            continue
        buckets[key(code)][code].append(j)
    frozen = {k: list(v.items()) for k, v in buckets.items()}

    rows: list[dict[int, int]] = []
    seen: dict[tuple, dict[int, int]] = {}
    for code in e_codes:
        row = seen.get(code)
        if row is None:
            row = {}
            for m_code, indexes in frozen.get(key(code), ()):
                p = points(code, m_code)
                if p is not None:
                    for j in indexes:
                        row[j] = p
            seen[code] = row
        rows.append(row)
    return rows
