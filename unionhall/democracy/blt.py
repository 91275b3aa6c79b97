"""Reading and writing BLT ballot files (the format of ERS, OpenSTV and Droop). Pure: no Django.

    4 2                      candidates, seats
    -3                       optional: withdrawn candidates, as negative numbers
    12 1 2 4 0               weight (how many such ballots), preferences by number, 0
    5 2=3 1 0                "=" ranks candidates equally (see counting.py for what that means)
    0                        end of the ballots
    "Alice"                  one name a line, in quotes ("" inside for a quote) or bare
    "Bob"
    "Carol"
    "Dan" "Independent"      (a second quoted field, such as a party, is kept in parentheses)
    "Ward 7"                 the title

Weights are whole numbers ≥ 1. A ballot line may start with an id in parentheses, which is
ignored. Blank lines are allowed anywhere. A repeated candidate on a ballot line is kept as
written (the count ignores the repeat). Any other departure raises ``BltError`` with the line
number (1-based).

Identical ballot lines are parsed once: the lines are counted as strings first, so reading a
million single-ballot lines costs little more than reading the file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


class BltError(ValueError):
    """A malformed BLT file; ``line`` is the 1-based line number."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}")


@dataclass
class BltElection:
    """Candidates are numbered 1..len(names), as in the file; ballots use those numbers (an
    equal ranking is a tuple of numbers)."""

    names: list[str]
    seats: int
    ballots: Counter = field(default_factory=Counter)
    withdrawn: list[int] = field(default_factory=list)
    title: str = ""

    @property
    def candidates(self) -> list[int]:
        return list(range(1, len(self.names) + 1))


def _int(token: str, line: int, what: str) -> int:
    try:
        return int(token)
    except ValueError:
        raise BltError(line, f"{what} must be a whole number, not {token!r}") from None


def _text(raw: str, line: int) -> str:
    """A name or title: bare text, or quoted fields ("" for a quote inside). Some files add a
    party as a second quoted field; it is kept in parentheses after the name."""
    s = raw.strip()
    if not s.startswith('"'):
        return s
    fields: list[str] = []
    j, n = 0, len(s)
    while j < n:
        if s[j].isspace():
            j += 1
            continue
        if s[j] != '"':
            raise BltError(line, f"text after a quoted name must be quoted too: {s!r}")
        j += 1
        buf = []
        while True:
            if j >= n:
                raise BltError(line, f"unclosed quote in {s!r}")
            if s[j] == '"':
                if s[j + 1:j + 2] == '"':
                    buf.append('"')
                    j += 2
                    continue
                j += 1
                break
            buf.append(s[j])
            j += 1
        if j < n and not s[j].isspace():
            raise BltError(line, f"a quote inside a quoted name must be doubled: {s!r}")
        fields.append("".join(buf).strip())
    first, rest = fields[0], [f for f in fields[1:] if f]
    return f"{first} ({', '.join(rest)})" if rest else first


def _ballot(raw: str, line: int, ncand: int) -> tuple[int, tuple]:
    tokens = raw.split()
    if tokens and tokens[0].startswith("("):
        tokens = tokens[1:]
    if len(tokens) < 2:
        raise BltError(line, "a ballot line is a weight, preferences and a closing 0")
    weight = _int(tokens[0], line, "the weight")
    if weight < 1:
        raise BltError(line, f"the weight must be at least 1, not {weight}")
    if tokens[-1] != "0":
        raise BltError(line, "a ballot line must end with 0")
    prefs: list = []
    for tok in tokens[1:-1]:
        group = []
        for part in tok.split("="):
            c = _int(part, line, "a preference")
            if not 1 <= c <= ncand:
                raise BltError(line, f"there is no candidate {c} (candidates are 1–{ncand})")
            group.append(c)
        prefs.append(group[0] if len(group) == 1 else tuple(group))
    return weight, tuple(prefs)


def parse_blt(text: str) -> BltElection:
    lines = text.splitlines()
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    n = len(lines)
    i = 0
    while i < n and not lines[i].strip():
        i += 1
    if i == n:
        raise BltError(1, "the file is empty")
    head = lines[i].split()
    if len(head) != 2:
        raise BltError(i + 1, "the first line must be 'candidates seats'")
    ncand = _int(head[0], i + 1, "the number of candidates")
    seats = _int(head[1], i + 1, "the number of seats")
    if ncand < 1 or seats < 1:
        raise BltError(i + 1, "there must be at least one candidate and one seat")
    i += 1
    while i < n and not lines[i].strip():
        i += 1
    withdrawn: list[int] = []
    if i < n and lines[i].lstrip().startswith("-"):
        for tok in lines[i].split():
            c = _int(tok, i + 1, "a withdrawn candidate")
            if not -ncand <= c <= -1:
                raise BltError(i + 1, f"a withdrawn candidate is written -1 to -{ncand}, "
                                      f"not {tok}")
            if -c not in withdrawn:
                withdrawn.append(-c)
        i += 1
    start = i
    # The ballots end at the line "0". Find it fast, then make sure no earlier line was a "0"
    # written with spaces around it.
    try:
        end = lines.index("0", start)
    except ValueError:
        end = n
    raw_counts = Counter(lines[start:end])
    zeros = [raw for raw in raw_counts if len(raw) < 16 and raw.strip() == "0"]
    if zeros:
        end = min(lines.index(raw, start) for raw in zeros)
        raw_counts = Counter(lines[start:end])
    if end == n:
        raise BltError(n + 1, "the ballots must end with a line holding only 0")
    ballots: dict = {}
    get = ballots.get
    number = {str(c): c for c in range(1, ncand + 1)}.__getitem__
    for raw, times in raw_counts.items():
        parts = raw.split()
        try:  # the usual line "weight pref pref ... 0"
            weight = int(parts[0])
            if parts[-1] != "0" or weight < 1 or len(parts) < 2:
                raise ValueError
            prefs = tuple(map(number, parts[1:-1]))
        except (ValueError, KeyError, IndexError):
            if not parts:
                continue
            try:
                weight, prefs = _ballot(raw, 0, ncand)
            except BltError as e:
                raise BltError(lines.index(raw, start) + 1, e.message) from None
        ballots[prefs] = get(prefs, 0) + weight * times
    i = end + 1
    texts: list[tuple[int, str]] = []
    while i < n:
        if lines[i].strip():
            texts.append((i + 1, _text(lines[i], i + 1)))
        i += 1
    if len(texts) < ncand:
        raise BltError(n + 1, f"expected {ncand} candidate names after the ballots, "
                              f"found {len(texts)}")
    if len(texts) > ncand + 1:
        raise BltError(texts[ncand + 1][0], "unexpected text after the title")
    names = [t for _, t in texts[:ncand]]
    title = texts[ncand][1] if len(texts) > ncand else ""
    return BltElection(names=names, seats=seats, ballots=Counter(ballots),
                       withdrawn=withdrawn, title=title)


def read_blt(path: str | Path) -> BltElection:
    return parse_blt(Path(path).read_text(encoding="utf-8-sig"))


def _quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def write_blt(election: BltElection) -> str:
    """The election as BLT text (one line per distinct ballot, with its weight)."""
    out = [f"{len(election.names)} {election.seats}"]
    if election.withdrawn:
        out.append(" ".join(f"-{c}" for c in election.withdrawn))
    for prefs, weight in election.ballots.items():
        if weight <= 0:
            continue
        marks = ["=".join(map(str, p)) if isinstance(p, tuple) else str(p) for p in prefs]
        out.append(" ".join([str(weight), *marks, "0"]))
    out.append("0")
    out.extend(_quote(name) for name in election.names)
    out.append(_quote(election.title))
    return "\n".join(out) + "\n"
