"""Stored results turned into what the results page shows: a table of rounds and a chart."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from unionhall.democracy import result_chart

ACTIONS = {
    "first preferences": lambda: _("First preferences"),
    "surplus": lambda: _("Surplus of"),
    "exclusion": lambda: _("Exclusion of"),
    "count": lambda: _("Count"),
}


def _round_label(rnd: dict, names: dict) -> str:
    label = ACTIONS.get(rnd["action"], lambda: rnd["action"])()
    if rnd.get("candidate") is not None:
        label += " " + names.get(rnd["candidate"], str(rnd["candidate"]))
    return label


def present(election, contests) -> list[dict]:
    out = []
    for contest in contests:
        result = election.results.get("contests", {}).get(str(contest.pk))
        if result is None:
            continue
        entry = {"contest": contest, "result": result}
        if contest.is_question:
            out.append(entry)
            continue
        names = {c.pk: c.name for c in contest.candidates.all()}
        rounds = result["rounds"]
        entry["elected"] = [names.get(c, str(c)) for c in result["elected"]]
        entry["round_heads"] = [_round_label(r, names) for r in rounds]
        excluded_at = {c: r["round"] for r in rounds for c in r.get("excluded", [])}
        elected_at = {c: r["round"] for r in rounds for c in r.get("elected", [])}
        table = []
        for pk in contest.candidates.values_list("pk", flat=True):
            if pk in result.get("withdrawn", []):
                continue
            cells = [r["votes"].get(pk, r["votes"].get(str(pk))) for r in rounds]
            table.append({"name": names[pk], "cells": cells,
                          "elected": elected_at.get(pk), "excluded": excluded_at.get(pk)})
        table.sort(key=lambda row: (row["elected"] is None, row["elected"] or 0,
                                    -(max((c for c in row["cells"] if c is not None),
                                          default=0))))
        entry["table"] = table
        entry["exhausted"] = [r["exhausted"] for r in rounds]
        entry["quota"] = result.get("quota")
        entry["lots"] = [{**lot, "tied": [names.get(c, c) for c in lot["tied"]],
                          "chosen": names.get(lot["chosen"], lot["chosen"])}
                         for lot in result.get("lots", [])]
        entry["chart"] = mark_safe(result_chart.rounds_chart(  # noqa: S308 - escaped inside
            table, quota=entry["quota"], ident=f"rounds-{contest.pk}",
            title=_("Votes by round: %(office)s") % {"office": contest.title},
            desc=_("Each bar is a candidate's votes; its segments are the votes received in "
                   "each round. The table below has the same numbers."),
            quota_label=_("Quota")))
        out.append(entry)
    return out
