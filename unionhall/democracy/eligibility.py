"""Who may vote and who may run, from a person's membership. Pure (no Django).

A person's membership is its current status and the date it took effect (`since`); membership
counts as continuous from that date. So a member who lapsed and was reinstated counts from the
reinstatement, which is what "in good standing since" means in most locals' bylaws.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Reasons, as stored on the voter roll; the pages translate them.
ELIGIBLE = "member"
NOT_IN_UNIT = "not_in_unit"
NOT_A_MEMBER = "not_a_member"
JOINED_AFTER_CUTOFF = "joined_after_cutoff"
NOT_SIGNED_IN = "not_signed_in"  # a motion at a meeting: only members present vote
TOO_NEW = "too_new"  # running for office


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    reason: str
    detail: str = ""


def voter(*, in_unit: bool, status: str, since: dt.date | None, cutoff: dt.date) -> Verdict:
    """A member in good standing on the cut-off date, and still one when the roll is frozen."""
    if not in_unit:
        return Verdict(False, NOT_IN_UNIT)
    if status != "member":
        return Verdict(False, NOT_A_MEMBER, status)
    if since is None or since > cutoff:
        return Verdict(False, JOINED_AFTER_CUTOFF, since.isoformat() if since else "")
    return Verdict(True, ELIGIBLE, since.isoformat())


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the last day of the month where that day does not exist)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def candidate(*, in_unit: bool, status: str, since: dt.date | None, on: dt.date,
              months: int) -> Verdict:
    """A member now who has been one, without a break, for `months` months by `on`."""
    if not in_unit:
        return Verdict(False, NOT_IN_UNIT)
    if status != "member":
        return Verdict(False, NOT_A_MEMBER, status)
    needed = months_before(on, months)
    if since is None or since > needed:
        return Verdict(False, TOO_NEW, needed.isoformat())
    return Verdict(True, ELIGIBLE, since.isoformat())
