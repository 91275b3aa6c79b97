"""A meeting's quorum: how many members must be present, and whether they are. Pure (no Django).

A local's bylaws set the quorum either as a number of members present ("25 members") or as a
share of the membership ("10% of the members in good standing"). A share is rounded up: 10% of
253 members is 25.3, so 26 members make a quorum. Whatever the rule says, a quorum is at least
one member: a meeting of no one decides nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

NUMBER = "number"
SHARE = "share"


def required(kind: str, *, number: int = 0, percent: Decimal | float | str | int = 0,
             members: int = 0) -> int:
    """Members who must be present. `kind` is "number" (`number` members) or "share"
    (`percent` of `members`, the members in good standing, rounded up)."""
    if members < 0 or number < 0:
        raise ValueError("counts cannot be negative")
    if kind == NUMBER:
        return max(1, int(number))
    if kind == SHARE:
        share = Fraction(str(percent))  # exact: 12.5% stays 1/8, never 0.12499...
        if not 0 < share <= 100:
            raise ValueError(f"a share is more than 0% and at most 100%, not {percent}%")
        return max(1, math.ceil(share * members / 100))
    raise ValueError(f"unknown quorum rule {kind!r}: 'number' or 'share'")


@dataclass(frozen=True)
class Quorum:
    kind: str
    required: int  # members who must be present
    present: int  # members in good standing signed in or marked present
    members: int  # members in good standing of the local
    percent: Decimal | None = None  # the share, for a "share" rule

    @property
    def met(self) -> bool:
        return self.present >= self.required

    @property
    def needed(self) -> int:
        """How many more members must come for a quorum (0 once it is met)."""
        return max(0, self.required - self.present)

    @property
    def progress(self) -> int:
        """Present as a percentage of the quorum, 0-100, for a progress bar."""
        return min(100, self.present * 100 // self.required)


def quorum(kind: str, *, number: int = 0, percent: Decimal | float | str | int = 0,
           members: int = 0, present: int = 0) -> Quorum:
    if present < 0:
        raise ValueError("counts cannot be negative")
    need = required(kind, number=number, percent=percent, members=members)
    return Quorum(kind=kind, required=need, present=present, members=members,
                  percent=Decimal(str(percent)) if kind == SHARE else None)
