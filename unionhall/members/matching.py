"""Who on the roster a membership form belongs to. Pure: no Django, no database.

1. The same employee id (ids compared without case, spaces or leading zeros) is a match.
2. Otherwise a person at the same worksite whose name is close enough is a likely match, for
   staff to confirm: the best score of the legal and the preferred first name with the last name,
   by rapidfuzz's token_sort_ratio on names without case or accents, at NAME_THRESHOLD or above.
3. Otherwise the signer is new to the roster.
"""

import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

NAME_THRESHOLD = 88.0


@dataclass(frozen=True)
class Candidate:
    person_id: int
    employee_id: str | None
    first: str
    last: str
    preferred: str
    worksite_id: int | None


@dataclass(frozen=True)
class Match:
    kind: str  # "employee_id", "name" or "new"
    person_id: int | None = None
    score: float | None = None


def normalize_id(value: str | None) -> str:
    return "".join(str(value or "").split()).upper().lstrip("0")


def plain(text: str) -> str:
    """Lower case without accents: Peña and Pena are the same name on a form."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_score(first: str, last: str, candidate: Candidate) -> float:
    signed = plain(f"{first} {last}")
    return max(
        fuzz.token_sort_ratio(signed, plain(f"{given} {candidate.last}"))
        for given in (candidate.first, candidate.preferred) if given
    )


def match(*, employee_id: str, first: str, last: str, worksite_id: int | None,
          candidates: list[Candidate]) -> Match:
    wanted = normalize_id(employee_id)
    if wanted:
        for candidate in candidates:
            if normalize_id(candidate.employee_id) == wanted:
                return Match("employee_id", candidate.person_id, 100.0)
    best: Match = Match("new")
    for candidate in candidates:
        if worksite_id is None or candidate.worksite_id != worksite_id:
            continue
        score = name_score(first, last, candidate)
        if score >= NAME_THRESHOLD and (best.score is None or score > best.score):
            best = Match("name", candidate.person_id, round(score, 1))
    return best
