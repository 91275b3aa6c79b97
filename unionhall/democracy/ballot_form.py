"""The ballot as an HTML form: reading a voter's marks from POST data, and laying out the
contests for the ballot, review, paper and printable pages.

Field names: `c<contest>` holds the candidates marked (plurality, approval) or the answer
(yes/no); `c<contest>_<candidate>` holds a candidate's rank (ranked methods).
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unionhall.democracy.ballots import BallotError


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def read_marks(contests, data) -> dict:
    """The raw marks `ballots.clean` checks, from a QueryDict."""
    raw = {}
    for contest in contests:
        key = f"c{contest.pk}"
        if contest.is_question:
            raw[contest.pk] = data.get(key, "")
        elif contest.is_ranked:
            raw[contest.pk] = {c.pk: data.get(f"{key}_{c.pk}", "")
                               for c in contest.candidates.all()}
        else:
            picked = [_int(v) for v in data.getlist(key)]
            raw[contest.pk] = [p if p is not None else -1 for p in picked]
    return raw


def error_text(error: BallotError) -> str:
    params = error.params
    return {
        "bad_answer": _("Choose yes, no or abstain."),
        "unknown_candidate": _("That choice is not on this ballot."),
        "bad_rank": _("Ranks are whole numbers from 1 up."),
        "repeated_rank": _("You gave rank %(rank)s to more than one candidate.")
        % {"rank": params.get("rank")},
        "missing_rank": _("Rank %(rank)s is missing: number your choices 1, 2, 3… without "
                          "gaps.") % {"rank": params.get("rank")},
        "too_many": ngettext("Vote for at most %(seats)s candidate.",
                             "Vote for at most %(seats)s candidates.", params.get("seats", 1))
        % {"seats": params.get("seats")},
    }.get(error.code, error.code)


def instructions(contest) -> str:
    if contest.is_question:
        return _("Choose one: yes, no or abstain.")
    if contest.is_ranked:
        return _("Number the candidates in the order you prefer them: 1 for your first "
                 "choice, 2 for your second, and so on. Rank as many or as few as you like.")
    if contest.method == "approval":
        return _("Mark every candidate you approve of.")
    return ngettext("Vote for up to %(n)s candidate.", "Vote for up to %(n)s candidates.",
                    contest.seats) % {"n": contest.seats}


def layout(contests, data=None, ballot=None) -> list[dict]:
    """Each contest with its candidates and what is marked: from POST `data` being edited, or
    from a clean `ballot` being reviewed."""
    rows = []
    for contest in contests:
        candidates = [c for c in contest.candidates.all()]
        key = f"c{contest.pk}"
        entry = {"contest": contest, "field": key, "instructions": instructions(contest),
                 "candidates": []}
        if contest.is_question:
            entry["answers"] = [("yes", _("Yes")), ("no", _("No")), ("abstain", _("Abstain"))]
            entry["answer"] = (ballot or {}).get(str(contest.pk)) if ballot is not None else (
                data.get(key, "") if data is not None else "")
        marked = ballot.get(str(contest.pk), []) if ballot is not None else []
        chosen = {_int(v) for v in data.getlist(key)} if data is not None else set(marked)
        for candidate in candidates:
            row = {"candidate": candidate, "field": f"{key}_{candidate.pk}"}
            if contest.is_ranked:
                if ballot is not None:
                    row["rank"] = marked.index(candidate.pk) + 1 if candidate.pk in marked else ""
                else:
                    row["rank"] = _int(data.get(row["field"])) if data is not None else None
            else:
                row["checked"] = candidate.pk in chosen
            entry["candidates"].append(row)
        if contest.is_ranked and ballot is not None:
            by_id = {c.pk: c for c in candidates}
            entry["order"] = [by_id[pk] for pk in marked if pk in by_id]
        entry["ranks"] = list(range(1, len(candidates) + 1))
        rows.append(entry)
    return rows


def hidden_fields(contests, ballot: dict) -> list[tuple[str, str]]:
    """The clean ballot as the form fields that produce it, for the review step."""
    fields = []
    for contest in contests:
        key = f"c{contest.pk}"
        value = ballot.get(str(contest.pk))
        if value is None:
            continue
        if contest.is_question:
            fields.append((key, value))
        elif contest.is_ranked:
            fields.extend((f"{key}_{pk}", str(rank)) for rank, pk in enumerate(value, 1))
        else:
            fields.extend((key, str(pk)) for pk in value)
    return fields
