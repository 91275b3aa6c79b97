"""Redline of a bargaining proposal against the current contract text: word by word, deletions
struck, insertions underlined, moved passages paired. Pure Python (standard library only); the
labels the HTML needs arrive translated.

Decisions:

Tokens. Text splits into whitespace, words and punctuation. A word is a run of letters and digits
that may be joined inside by an apostrophe (' or ’), a hyphen (- ‐ ‑), or, between two digits, a
"." or ",". So "employee’s", "full-time", "7.3", "7.3.1" and "1,200.50" are each one token, and a
changed figure shows as the whole figure struck and replaced, never as one struck digit. The
currency sign, a full stop after a number ("in 2024."), "%" and every other mark are tokens of
their own. One consequence: "7,8" written without a space is one token, "7, 8" is three.

What is compared. Only the non-whitespace tokens, exactly: case and typography count ("Shall" to
"shall", ' to ’ are changes). Whitespace never is: re-wrapped lines, double spaces, tabs, CRLF,
no-break spaces and spaces before marks ("wages ," / "wages,") all come out "equal". Paragraph
breaks count as whitespace too, added or removed: texts arrive from e-mail, PDFs and word
processors that break lines and paragraphs at will, and marking every reflow would bury the
wording the team has to read. The page still shows the proposal's paragraphs, because unchanged
text carries the NEW text's whitespace.

The diff. difflib.SequenceMatcher (autojunk off) on stretches up to _SMALL token pairs. Longer
stretches are first cut at words used exactly once on each side, kept in order (patience diff),
because SequenceMatcher's time grows with the product of the lengths times the repeats of "the"
and ","; a 10,000-word article with 5% changed takes a few hundredths of a second. A pure
insertion or deletion next to repeated tokens can sit in several places; it is slid to where its
edges fall on the strongest whitespace (paragraph break, line break, space, none), so a deleted
sentence is struck with its own full stop: "One. <del>Two.</del>", not "One<del>. Two</del>.".

Moves. Deleted runs are matched against inserted runs after the diff. Every maximal common token
run between them is found from shared min_move_words-word sequences (punctuation left out; any
qualifying run must hold one), then taken greedily, most words first (ties: earlier in the old
text, then the new); a run overlapping one already taken is cut down to its free parts and
queued again. A run with at least min_move_words words (punctuation is not counted) becomes a
move_from/move_to pair; the rest stays delete/insert, so part of a rewritten passage can be a
move. Move ids count 1, 2, … in old-text order. A sequence inserted more than _MAX_SEEDS times
is boilerplate and does not seed a move alone.

Whitespace between runs. An Op's text holds the whitespace inside the run as written on its side
(new side for equal/insert/move_to, old side for delete/move_from) and never starts or ends with
whitespace. The whitespace between runs goes into the neighbouring "equal" op, or into a
whitespace-only "equal" op between two changed runs, chosen so each side keeps a gap wherever it
had one: next to deleted text the old text's gap, otherwise the new text's; a replaced run's
deletion and insertion touch ("<del>ten</del><ins>fifteen</ins>"). So old_text() and new_text()
give back each side token for token, with its words split the same way; the whitespace itself
may differ (a side can gain a space, e.g. "a ," for "a,", never lose one).

HTML. Paragraph breaks (whitespace holding two or more line breaks) become <p> elements, other
whitespace one space; a run crossing a paragraph break is closed and re-opened, with the id on
its first part only. Each end of a move is followed by an ordinary link to the other end, so
keyboard and screen-reader users can follow it; id_prefix keeps two redlines on one page apart.
Every piece of text (and the labels and prefix) is escaped, so the result may be marked safe.
"""

from __future__ import annotations

import bisect
import heapq
import html
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

EQUAL, INSERT, DELETE, MOVE_FROM, MOVE_TO = "equal", "insert", "delete", "move_from", "move_to"
OLD_SIDE = frozenset({EQUAL, DELETE, MOVE_FROM})
NEW_SIDE = frozenset({EQUAL, INSERT, MOVE_TO})

# Combining accents are part of the letter they follow (decomposed "é" must not split a word).
_CH = r"(?:[^\W_]|[\u0300-\u036f])"
_WORD = rf"{_CH}+(?:(?:['’\-\u2010\u2011]|(?<=\d)[.,](?=\d)){_CH}+)*"
_TOKEN_RE = re.compile(rf"(\s+)|({_WORD})|(.)", re.DOTALL)
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Op:
    kind: str  # "equal" | "insert" | "delete" | "move_from" | "move_to"
    text: str  # as written: new side for equal/insert/move_to, old side for delete/move_from
    move: int | None = None  # pairs the two ends of a moved run


@dataclass
class _Side:
    toks: list[str]
    leads: list[str]  # whitespace before each token (the first one's is the text's own lead)
    words: list[bool]

    def text(self, lo: int, hi: int) -> str:
        return "".join(self.leads[k] + self.toks[k] if k > lo else self.toks[k]
                       for k in range(lo, hi))

    def gap(self, k: int) -> str:
        # Before the first token or after the last there is nothing to separate.
        return self.leads[k] if 0 < k < len(self.toks) else ""


def tokenize(text: str) -> list[str]:
    """The non-whitespace tokens of text, as compared."""
    return _split(text).toks


def _split(text: str) -> _Side:
    toks: list[str] = []
    leads: list[str] = []
    words: list[bool] = []
    lead = ""
    for m in _TOKEN_RE.finditer(text or ""):
        space, word, mark = m.groups()
        if space is not None:
            lead = space
            continue
        toks.append(word if word is not None else mark)
        leads.append(lead)
        words.append(word is not None)
        lead = ""
    return _Side(toks, leads, words)


def count_words(text: str) -> int:
    return sum(_split(text).words)


def redline(old: str, new: str, *, min_move_words: int = 4) -> list[Op]:
    """The word-by-word redline of new against old."""
    if min_move_words < 1:
        raise ValueError("min_move_words must be at least 1")
    a, b = _split(old), _split(new)
    codes = _slide(a, b, _opcodes(a.toks, b.toks))
    moves = _find_moves(a, b, codes, min_move_words)

    from_at = {m[0]: (m[1], mid) for mid, m in moves.items()}
    to_at = {m[2]: (m[3], mid) for mid, m in moves.items()}
    out: list[list] = []  # [kind, text, move] while whitespace is still being attached
    for n, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag == "equal":
            out.append([EQUAL, b.text(j1, j2), None])
            continue
        after_equal = n > 0
        before_equal = n + 1 < len(codes)
        olds = _pieces(i1, i2, from_at, DELETE, MOVE_FROM)
        news = _pieces(j1, j2, to_at, INSERT, MOVE_TO)
        h0 = b.gap(j1)
        if olds and after_equal:
            # Old text's gap first so a deletion at the end of a paragraph stays in it.
            out[-1][1] += a.gap(i1) or h0
        elif after_equal:
            out[-1][1] += h0
        for k, (kind, lo, hi, mid) in enumerate(olds):
            if k:
                _sep(out, a.gap(lo))
            out.append([kind, a.text(lo, hi), mid])
        for k, (kind, lo, hi, mid) in enumerate(news):
            if k:
                _sep(out, b.gap(lo))
            out.append([kind, b.text(lo, hi), mid])
        if before_equal:
            # The next equal run opens with the new text's gap; the old one where the new has none.
            _sep(out, b.gap(j2) or a.gap(i2))
    ops = _merge(out)
    for side in (OLD_SIDE, NEW_SIDE):
        ops = _unglue(ops, side)
    return ops


# Below this many token pairs a range goes straight to SequenceMatcher; above it, unique words
# anchor the alignment first (as in patience diff), because SequenceMatcher's time grows with
# the product of the lengths times how often common words ("the", ",") repeat.
_SMALL = 40_000


def _opcodes(a: list[str], b: list[str]) -> list[tuple]:
    blocks = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        # No common prefix/suffix trimming: it would pin a final "." to the wrong sentence when
        # a sentence moves to the end, where SequenceMatcher keeps the sentence whole.
        alo, ahi, blo, bhi = stack.pop()
        if alo == ahi or blo == bhi:
            continue
        small = (ahi - alo) * (bhi - blo) <= _SMALL
        anchors = [] if small else _anchors(a, alo, ahi, b, blo, bhi)
        if not anchors:
            # A long stretch with no word used once on each side is degenerate text ("the the
            # the …"); letting SequenceMatcher skip its most common tokens keeps it fast.
            matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=not small)
            blocks += [(alo + i, blo + j, size) for i, j, size in matcher.get_matching_blocks()
                       if size]
            continue
        i, j = alo, blo
        for x, y in anchors:
            blocks.append((x, y, 1))
            stack.append((i, x, j, y))
            i, j = x + 1, y + 1
        stack.append((i, ahi, j, bhi))
    blocks.sort()
    merged: list[list[int]] = []
    for i, j, size in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1][2] += size
        else:
            merged.append([i, j, size])
    codes = []
    i = j = 0
    for x, y, size in [*merged, [len(a), len(b), 0]]:
        tag = ("replace" if i < x and j < y else "delete" if i < x
               else "insert" if j < y else None)
        if tag:
            codes.append((tag, i, x, j, y))
        if size:
            codes.append(("equal", x, x + size, y, y + size))
        i, j = x + size, y + size
    return codes


def _anchors(a: list[str], alo: int, ahi: int, b: list[str], blo: int, bhi: int) -> list:
    """The longest in-order chain of tokens that occur exactly once in each range."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi)
             if count_a[a[i]] == 1 and a[i] in where_b]
    # Longest increasing subsequence of the new positions (patience sorting).
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        t = bisect.bisect_left(tails, j)
        if t == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[t] = j
            tail_at[t] = k
        back[k] = tail_at[t - 1] if t else -1
    chain = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _slide(a: _Side, b: _Side, codes: list) -> list:
    """Shift each pure insertion or deletion along repeated tokens to where its edges fall on
    the strongest whitespace: "one.<del> two.</del>" and "one<del>. two</del>." delete the same
    tokens, but only the first reads as a deleted sentence."""
    codes = [list(c) for c in codes]
    for k in range(1, len(codes) - 1):
        tag = codes[k][0]
        if tag not in ("insert", "delete") or codes[k - 1][0] != "equal" \
                or codes[k + 1][0] != "equal":
            continue
        side, lo, hi = (a, codes[k][1], codes[k][2]) if tag == "delete" \
            else (b, codes[k][3], codes[k][4])
        before = codes[k - 1][2] - codes[k - 1][1]
        after = codes[k + 1][2] - codes[k + 1][1]
        toks = side.toks
        left = 0
        while left + 1 < before and toks[lo - left - 1] == toks[hi - left - 1]:
            left += 1
        right = 0
        while right + 1 < after and hi + right < len(toks) and toks[lo + right] == toks[hi + right]:
            right += 1
        shift = max(range(-left, right + 1),
                    key=lambda s: (_strength(side, lo + s) + _strength(side, hi + s), -abs(s)))
        if shift:
            for c in (codes[k - 1], codes[k], codes[k + 1]):
                if c is not codes[k - 1]:
                    c[1] += shift
                    c[3] += shift
                if c is not codes[k + 1]:
                    c[2] += shift
                    c[4] += shift
    return [tuple(c) for c in codes]


def _strength(side: _Side, k: int) -> int:
    if k <= 0 or k >= len(side.toks):
        return 4
    space = side.leads[k]
    return 3 if _is_break(space) else 2 if "\n" in space or "\r" in space else 1 if space else 0


def _is_break(space: str) -> bool:
    """Whether whitespace is a paragraph break: two line breaks or more, however written."""
    space = space.replace("\r\n", "\n").replace("\r", "\n")
    return space.count("\n") + 2 * space.count("\u2029") >= 2


def _sep(out: list[list], space: str) -> None:
    if not space:
        return
    if out and out[-1][0] == EQUAL:
        out[-1][1] += space
    else:
        out.append([EQUAL, space, None])


def _merge(out: list[list]) -> list[Op]:
    ops: list[Op] = []
    for kind, text, mid in out:
        if ops and ops[-1].kind == kind and ops[-1].move == mid:
            ops[-1] = Op(kind, ops[-1].text + text, mid)
        elif text:
            ops.append(Op(kind, text, mid))
    return ops


def _unglue(ops: list[Op], side: frozenset) -> list[Op]:
    """Unchanged text carries the new text's spacing, so on the old side it can meet a changed
    run with no space between where the old text never had them side by side; where the two
    would then read as one token ("7." + "3" is "7.3"), a space goes in. Extra space is harmless:
    it never changes how text tokenizes."""
    out: list[Op] = []
    last = None  # index in out of the previous op on this side
    for op in ops:
        if op.kind in side and last is not None and _joins(out[last].text, op.text):
            if op.kind == EQUAL:
                op = Op(EQUAL, " " + op.text)
            elif out[last].kind == EQUAL:
                out[last] = Op(EQUAL, out[last].text + " ")
            else:
                out.append(Op(EQUAL, " "))
        out.append(op)
        if op.kind in side:
            last = len(out) - 1
    return _merge([[op.kind, op.text, op.move] for op in out])


def _joins(left: str, right: str) -> bool:
    # Whether two tokens fuse depends on at most two characters either side of the seam.
    tail, head = left[-3:], right[:3]
    return _split(tail + head).toks != _split(tail).toks + _split(head).toks


def _pieces(lo: int, hi: int, starts: dict, plain: str, moved: str) -> list[tuple]:
    """Split [lo, hi) into plain runs and the moved runs that start inside it."""
    pieces = []
    k = lo
    while k < hi:
        if k in starts:
            end, mid = starts[k]
            pieces.append((moved, k, end, mid))
            k = end
            continue
        start = k
        while k < hi and k not in starts:
            k += 1
        pieces.append((plain, start, k, None))
    return pieces


# An n-word sequence inserted more often than this is boilerplate, too common to say where a
# passage went; a real moved passage has other sequences to be found by. Caps the work at
# len(old) * _MAX_SEEDS for degenerate text.
_MAX_SEEDS = 32


def _find_moves(a: _Side, b: _Side, codes: list, n: int) -> dict:
    """{move id: (old lo, old hi, new lo, new hi)} for moved runs of at least n words."""
    gone = [False] * len(a.toks)
    came = [False] * len(b.toks)
    for tag, i1, i2, j1, j2 in codes:
        if tag != "equal":
            gone[i1:i2] = [True] * (i2 - i1)
            came[j1:j2] = [True] * (j2 - j1)
    a_pre = _prefix(a.words)
    # Any common run of n words holds a shared n-word sequence (punctuation left out), so those
    # sequences are the only places a move can start from.
    index: dict = {}
    for pos, gram in _grams(b, came, n):
        index.setdefault(gram, []).append(pos)
    heap = []
    reach: dict = {}  # diagonal (old pos - new pos) -> end of the common run already found on it
    for p, gram in _grams(a, gone, n):
        seeds = index.get(gram, ())
        if len(seeds) > _MAX_SEEDS:
            continue
        for q in seeds:
            if reach.get(p - q, -1) > p:
                continue
            lo, jlo = p, q
            while lo > 0 and jlo > 0 and gone[lo - 1] and came[jlo - 1] \
                    and a.toks[lo - 1] == b.toks[jlo - 1]:
                lo, jlo = lo - 1, jlo - 1
            hi, jhi = p, q
            while hi < len(gone) and jhi < len(came) and gone[hi] and came[jhi] \
                    and a.toks[hi] == b.toks[jhi]:
                hi, jhi = hi + 1, jhi + 1
            reach[p - q] = hi
            _push(heap, a_pre, lo, hi, jlo, n)
    # Greedy, most words first; a run that overlaps one already taken is cut down to its free
    # parts and queued again, so the queue always yields the best run still available.
    found = []
    while heap:
        _, _, lo, jlo, size = heapq.heappop(heap)
        if all(gone[lo:lo + size]) and all(came[jlo:jlo + size]):
            found.append((lo, lo + size, jlo, jlo + size))
            gone[lo:lo + size] = [False] * size
            came[jlo:jlo + size] = [False] * size
            continue
        t = 0
        while t < size:
            while t < size and not (gone[lo + t] and came[jlo + t]):
                t += 1
            start = t
            while t < size and gone[lo + t] and came[jlo + t]:
                t += 1
            if t > start:
                _push(heap, a_pre, lo + start, lo + t, jlo + start, n)
    found.sort()
    return {mid: m for mid, m in enumerate(found, 1)}


def _push(heap: list, a_pre: list, lo: int, hi: int, jlo: int, n: int) -> None:
    words = a_pre[hi] - a_pre[lo]
    if words >= n:
        # Ties go to the earlier place in the old text, then the new, so output is stable.
        heapq.heappush(heap, (-words, -(hi - lo), lo, jlo, hi - lo))


def _grams(side: _Side, mask: list[bool], n: int):
    """(token position of the first word, n-word sequence) within each masked run."""
    words: list[int] = []
    for k in range(len(side.toks) + 1):
        if k == len(side.toks) or not mask[k]:
            for w in range(len(words) - n + 1):
                yield words[w], tuple(side.toks[x] for x in words[w:w + n])
            words = []
        elif side.words[k]:
            words.append(k)


def _prefix(flags: list[bool]) -> list[int]:
    out = [0]
    for f in flags:
        out.append(out[-1] + f)
    return out


def old_text(ops) -> str:
    return "".join(op.text for op in ops if op.kind in OLD_SIDE)


def new_text(ops) -> str:
    return "".join(op.text for op in ops if op.kind in NEW_SIDE)


def stats(ops) -> dict:
    """Words (punctuation not counted) inserted, deleted, moved (counted once) and unchanged."""
    out = {"inserted": 0, "deleted": 0, "moved": 0, "unchanged": 0}
    key = {INSERT: "inserted", DELETE: "deleted", MOVE_TO: "moved", EQUAL: "unchanged"}
    for op in ops:
        if op.kind in key:
            out[key[op.kind]] += count_words(op.text)
    return out


def to_html(ops, *, id_prefix: str = "", to_new_label: str = "moved: see new place",
            to_old_label: str = "moved: see old place") -> str:
    """The redline as <p> paragraphs; safe to mark_safe. id_prefix keeps the move ids of two
    redlines on one page apart; the labels are the (translated) texts of the move links."""
    e = html.escape
    paras: list[list[str]] = [[]]
    for op in ops:
        parts = _paragraphs(op.text)
        for k, part in enumerate(parts):
            if k:
                paras.append([])
            if not part:
                continue
            text = e(part)
            if op.kind == EQUAL:
                paras[-1].append(text)
                continue
            tag = "del" if op.kind in (DELETE, MOVE_FROM) else "ins"
            attrs = ""
            if op.kind in (MOVE_FROM, MOVE_TO):
                here = "move-from" if op.kind == MOVE_FROM else "move-to"
                attrs = ' class="moved"'
                if not any(parts[:k]):
                    attrs += f' id="{e(id_prefix)}{here}-{op.move}"'
            paras[-1].append(f"<{tag}{attrs}>{text}</{tag}>")
            if op.kind in (MOVE_FROM, MOVE_TO) and not any(parts[k + 1:]):
                there, label = (("move-to", to_new_label) if op.kind == MOVE_FROM
                                else ("move-from", to_old_label))
                paras[-1].append(f' <a class="move-link" href="#{e(id_prefix)}{there}-{op.move}">'
                                 f"{e(label)}</a>")
    return "\n".join(f"<p>{body}</p>" for body in ("".join(p).strip(" ") for p in paras) if body)


def _paragraphs(text: str) -> list[str]:
    """text cut at paragraph breaks, other whitespace made one space."""
    parts = [""]
    pos = 0
    for m in _SPACE_RE.finditer(text):
        parts[-1] += text[pos:m.start()]
        if _is_break(m.group()):
            parts.append("")
        else:
            parts[-1] += " "
        pos = m.end()
    parts[-1] += text[pos:]
    return parts
