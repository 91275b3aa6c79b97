"""Who mentors whom: the most mentees matched, and among those matchings the best total score.

A pure core (no Django): the program's pages and the benchmark (`bench/matching.py`) call it
with plain lists; `scoring.candidate_rows` builds the sparse rows it takes.

Input
    ``capacity[j]``: how many mentees mentor j takes, a whole number >= 0 (0: none this time).
    ``score``: one row per mentee, in either form (rows of both forms may be mixed):

    - dense: a sequence with one entry per mentor, ``score[i][j]`` a number >= 0, or None where
      the pair is not allowed. Fine for a local's cycle; 100,000 × 4,000 would not fit.
    - sparse: a mapping ``{j: score}`` over the allowed mentors only (a missing j, or a value
      of None, is a pair that is not allowed). What the app and the benchmark use.

    Scores are ints or floats (numpy numbers too). Bad input raises ValueError saying where:
    a negative, NaN or infinite score, a dense row of the wrong length, a mentor index out of
    range, a capacity that is negative or not whole. The rows are not changed.

Output
    ``assign`` and ``greedy`` return, for each mentee, the index of its mentor or None.
    ``total(score, result)`` adds up the scores of the pairs a result uses.

What ``assign`` guarantees
    1. As many mentees matched as any matching that respects the capacities can match;
    2. among those matchings, the largest total score;
    3. the same input gives the same output (sparse and dense forms of the same scores give
       the same output too). Among equally good matchings, which one is returned is not
       specified (it may change with the SciPy version).

How
    A mentor taking c mentees is c interchangeable "seats". Mentees and seats form a bipartite
    graph, solved as a sparse linear assignment problem by SciPy's LAPJVsp
    (`scipy.sparse.csgraph.min_weight_full_bipartite_matching`), which needs every vertex of
    one side (the "rows") matched: a row that may stay unmatched gets a private dummy column.
    Costs are strictly positive integers (SciPy drops explicit zeros): a real pair costs
    ``K - w`` (``w`` the scaled score, ``K = max w + 1``), a dummy costs ``D = K + B`` with ``B``
    larger than any total score, so one more pair always beats any gain in score
    (cardinality first), then the smallest cost is the largest total. Before that:

    - Hopcroft–Karp (`maximum_bipartite_matching`) finds a maximum matching; rows that no
      alternating path reaches from an unmatched row are matched in *every* maximum matching
      and get no dummy (often all of them: then there is no big ``D`` at all, and fewer
      columns).
    - The rows are the smaller side (mentees or seats), and a mentor has at most as many seats
      as it has allowed mentees. LAPJVsp's time grows with rows × columns per call, so
      independent groups (connected components) are solved apart, small ones packed together.

    Exact arithmetic: LAPJVsp works in float64, exact for integers up to 2**53. Scores are
    turned into integers ``w = round(score × 10**d)`` with the smallest ``d`` (0 to 9) at which
    every score is a d-decimal number (to 12 significant digits, so float noise such as
    ``0.1 + 0.2`` reads as 0.3). Every cost and every sum the solver forms then stays below
    2**53, checked for each group; the app's scores (whole points) and the benchmark's are
    exact with a wide margin. Only if scores need more decimals than that bound allows (huge
    inputs with long decimals, or values like 1/3) are they rounded to the finest ``d`` that
    fits, with a `RoundedScoresWarning`: the result is then optimal for the rounded scores,
    and the number matched is still the maximum.

``greedy`` is the baseline one would otherwise write (best pairs first, take a pair while the
mentee is free and the mentor has room): quick, but it can match fewer mentees and reach a
lower total. The benchmark compares the two.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Mapping, Sequence

import numpy as np
from scipy.sparse import coo_array, csr_array
from scipy.sparse.csgraph import (
    breadth_first_order,
    connected_components,
    maximum_bipartite_matching,
    min_weight_full_bipartite_matching,
)

__all__ = ["RoundedScoresWarning", "assign", "greedy", "total"]

Row = Sequence[float | int | None] | Mapping[int, float | int | None]

MAX_DECIMALS = 9
EXACT = 2.0**53
# Components are packed into one solver call until it holds this many rows.
BATCH_ROWS = 512


class RoundedScoresWarning(UserWarning):
    """The scores had to be rounded to fewer decimals than they have (see the module doc)."""


# ---------------------------------------------------------------- reading the input


def _is_number_type(t: type) -> bool:
    return t is not bool and t is not np.bool_ and issubclass(t, numbers.Real)


def _capacities(capacity) -> np.ndarray:
    caps = list(capacity)
    if not set(map(type, caps)) <= {int}:
        for j, c in enumerate(caps):
            if not _is_number_type(type(c)) or not isinstance(c, numbers.Integral):
                raise ValueError(f"capacity[{j}] is {c!r}: a capacity must be a whole number")
        caps = [int(c) for c in caps]
    try:
        out = np.array(caps, dtype=np.int64)
    except OverflowError:
        raise ValueError("a capacity is too large") from None
    negative = np.flatnonzero(out < 0)
    if negative.size:
        j = int(negative[0])
        raise ValueError(f"capacity[{j}] is {caps[j]}: a capacity cannot be negative")
    return out


def _bad_entry(i: int, j, s, m: int) -> ValueError:
    """The error for the first bad entry (the slow path, only once something is wrong)."""
    if isinstance(j, bool) or not isinstance(j, numbers.Integral):
        return ValueError(f"score[{i}] has the key {j!r}: mentor indexes are whole numbers")
    if not 0 <= j < m:
        return ValueError(f"score[{i}] names mentor {j}, out of range: there are {m} mentors "
                          f"(one per capacity entry)")
    if not _is_number_type(type(s)):
        return ValueError(f"score[{i}][{j}] is {s!r}: a score is a number or None")
    try:
        float(s)
    except OverflowError:
        return ValueError(f"score[{i}][{j}] is too large")
    if math.isnan(s):
        return ValueError(f"score[{i}][{j}] is NaN: use None for a pair that is not allowed")
    if math.isinf(s):
        return ValueError(f"score[{i}][{j}] is infinite")
    return ValueError(f"score[{i}][{j}] is {s!r}: a score cannot be negative")


def _parse(score, capacity):
    """(n mentees, capacities, mentee, mentor, score) arrays of the allowed pairs, sorted by
    mentee then mentor; every entry checked."""
    cap = _capacities(capacity)
    m = len(cap)
    if isinstance(score, (str, bytes, Mapping)):
        raise ValueError("score must be a list with one row per mentee")
    rows = list(score)
    n = len(rows)
    keys: list = []
    vals: list = []
    lengths = np.zeros(n, dtype=np.int64)
    dense_range = range(m)
    for i, row in enumerate(rows):
        if type(row) is dict or isinstance(row, Mapping):
            keys.extend(row.keys())
            vals.extend(row.values())
            lengths[i] = len(row)
        elif isinstance(row, (str, bytes)) or not hasattr(row, "__len__"):
            raise ValueError(f"score[{i}] is {type(row).__name__}: a row is a list with one "
                             f"entry per mentor, or a dict {{mentor index: score}}")
        else:
            if len(row) != m:
                raise ValueError(f"score[{i}] has {len(row)} entries but there are {m} mentors "
                                 f"(rows of a dense score have one entry per capacity entry)")
            keys.extend(dense_range)
            vals.extend(row)
            lengths[i] = m

    def locate(k: int) -> ValueError:
        i = int(np.searchsorted(np.cumsum(lengths), k, side="right"))
        return _bad_entry(i, keys[k], vals[k], m)

    # Types first, at C speed (a set of the types seen), then values with numpy.
    if not all(t is not bool and issubclass(t, numbers.Integral) for t in set(map(type, keys))):
        for k, j in enumerate(keys):
            if isinstance(j, bool) or not isinstance(j, numbers.Integral):
                raise locate(k)
    val_types = set(map(type, vals))
    if not all(t is type(None) or _is_number_type(t) for t in val_types):
        for k, s in enumerate(vals):
            if s is not None and not _is_number_type(type(s)):
                raise locate(k)
    try:
        ej = np.array(keys, dtype=np.int64)
    except OverflowError:  # a key beyond 64 bits: out of range anyway
        raise locate(next(k for k, j in enumerate(keys) if not 0 <= j < m)) from None
    bad = np.flatnonzero((ej < 0) | (ej >= m))
    if bad.size:
        raise locate(int(bad[0]))
    try:
        es = np.array(vals, dtype=np.float64)  # None becomes NaN here
    except OverflowError:  # an int beyond the range of a float
        raise locate(next(k for k, v in enumerate(vals)
                          if v is not None and abs(v) > 1e308)) from None
    allowed = np.ones(len(es), dtype=bool)
    nan = np.flatnonzero(np.isnan(es))
    if nan.size:
        if type(None) in val_types:
            is_none = np.fromiter((vals[k] is None for k in nan), dtype=bool, count=nan.size)
        else:
            is_none = np.zeros(nan.size, dtype=bool)
        if not is_none.all():
            raise locate(int(nan[~is_none][0]))
        allowed[nan] = False
    bad = np.flatnonzero(allowed & ((es < 0) | np.isinf(es)))
    if bad.size:
        raise locate(int(bad[0]))
    ei = np.repeat(np.arange(n, dtype=np.int64), lengths)
    ei, ej, es = ei[allowed], ej[allowed], es[allowed]
    # Sorted by (mentee, mentor): the same scores give the same arrays, whatever the form or
    # the order of a dict's keys.
    key = ei * max(m, 1) + ej
    if key.size > 1 and np.any(key[1:] < key[:-1]):
        order = np.argsort(key, kind="stable")
        ei, ej, es = ei[order], ej[order], es[order]
    return n, cap, ei, ej, es


# ---------------------------------------------------------------- exact integer scores


def _decimals(values: np.ndarray) -> int | None:
    """The fewest decimals (0 to MAX_DECIMALS) that write every value, to 12 significant
    digits; None if more are needed."""
    if values.size == 0:
        return 0
    values = np.sort(values)
    values = values[np.r_[True, values[1:] != values[:-1]]]
    for d in range(MAX_DECIMALS + 1):
        f = 10.0**d
        back = np.round(values * f) / f
        if np.all(np.abs(back - values) <= 1e-12 * values):
            return d
    return None


def _fits(d: int, top: float, groups: list[tuple[int, int, bool]]) -> bool:
    """Whether every sum the solver forms stays exact with scores scaled by 10**d: for each
    group (rows, real columns, has dummies), (2 rows + 2) × the largest cost < 2**53."""
    w = round(top * 10.0**d)
    k = w + 1
    for rows, cols, dummies in groups:
        largest = k + w * min(rows, cols) + 1 if dummies else k
        if (2 * rows + 2) * largest >= EXACT:
            return False
    return True


def _scale(values: np.ndarray, groups: list[tuple[int, int, bool]]) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    exact = _decimals(values)
    d = MAX_DECIMALS if exact is None else exact
    while not _fits(d, top, groups):
        d -= 1
    if exact is None or d < exact:
        warnings.warn(f"scores rounded to steps of {10.0**-d:g} to keep the matching arithmetic "
                      f"exact in float64", RoundedScoresWarning, stacklevel=4)
    return np.round(values * 10.0**d).astype(np.int64)


# ---------------------------------------------------------------- the solver


def _solve(n: int, cap: np.ndarray, ei: np.ndarray, ej: np.ndarray, es: np.ndarray) -> np.ndarray:
    """For each mentee, its mentor or -1."""
    out = np.full(n, -1, dtype=np.int64)
    m = len(cap)
    keep = cap[ej] > 0
    ei, ej, es = ei[keep], ej[keep], es[keep]
    if ei.size == 0:
        return out
    # Seats: a mentor needs no more seats than it has allowed mentees.
    seats = np.minimum(cap, np.bincount(ej, minlength=m))
    first_seat = np.concatenate(([0], np.cumsum(seats)[:-1]))
    n_seats = int(seats.sum())
    seat_owner = np.repeat(np.arange(m), seats)
    # Every allowed pair becomes one edge per seat of the mentor.
    per = seats[ej]
    e_mentee = np.repeat(ei, per)
    e_seat = np.repeat(first_seat[ej], per) + (
        np.arange(int(per.sum())) - np.repeat(np.cumsum(per) - per, per))
    e_pair = np.repeat(np.arange(ei.size), per)

    # Connected components of the mentee–mentor graph; seats follow their mentor.
    graph = coo_array((np.ones(ei.size, dtype=np.int8), (ei, n + ej)), shape=(n + m, n + m))
    _, label = connected_components(graph, directed=False)
    mentees = np.flatnonzero(np.bincount(ei, minlength=n))
    mentee_label, seat_label = label[mentees], label[n + seat_owner]
    # The rows are the smaller side.
    seats_are_rows = n_seats < mentees.size
    mentee_pos = np.full(n, -1, dtype=np.int64)
    mentee_pos[mentees] = np.arange(mentees.size)
    if seats_are_rows:
        row_item, row_label = np.arange(n_seats), seat_label
        col_item, col_label = mentees, mentee_label
        e_row, e_col = e_seat, mentee_pos[e_mentee]
    else:
        row_item, row_label = mentees, mentee_label
        col_item, col_label = np.arange(n_seats), seat_label
        e_row, e_col = mentee_pos[e_mentee], e_seat
    # Rows and columns in component order (stable, so ties keep index order).
    row_order = np.argsort(row_label, kind="stable")
    col_order = np.argsort(col_label, kind="stable")
    row_pos = np.empty_like(row_order)
    row_pos[row_order] = np.arange(row_order.size)
    col_pos = np.empty_like(col_order)
    col_pos[col_order] = np.arange(col_order.size)
    nr, nc = row_order.size, col_order.size
    # The edges in CSR order (by row, then column), each knowing its pair (data - 1).
    structure = csr_array((e_pair + 1, (row_pos[e_row], col_pos[e_col])), shape=(nr, nc))
    structure.sort_indices()
    c, e_pair = structure.indices.astype(np.int64), structure.data - 1
    r = np.repeat(np.arange(nr), np.diff(structure.indptr))

    # Rows that some maximum matching leaves unmatched: an unmatched row of one maximum
    # matching, and every row an alternating path reaches from one. Only they get a dummy.
    col_of_row = np.asarray(maximum_bipartite_matching(structure, perm_type="column"))
    row_of_col = np.full(nc, -1, dtype=np.int64)
    matched = col_of_row >= 0
    row_of_col[col_of_row[matched]] = np.flatnonzero(matched)
    free = np.flatnonzero(~matched)
    may_stay_free = np.zeros(nr, dtype=bool)
    if free.size:
        nxt = row_of_col[c]
        hop = (nxt >= 0) & (nxt != r)
        src = np.concatenate((r[hop], np.full(free.size, nr)))
        dst = np.concatenate((nxt[hop], free))
        walk = csr_array((np.ones(src.size, dtype=np.int8), (src, dst)), shape=(nr + 1, nr + 1))
        reached = breadth_first_order(walk, nr, directed=True, return_predecessors=False)
        may_stay_free[reached[reached < nr]] = True

    # Groups: whole components, packed until a group has BATCH_ROWS rows.
    sorted_row_label = row_label[row_order]
    sorted_col_label = col_label[col_order]
    starts = np.flatnonzero(np.r_[True, sorted_row_label[1:] != sorted_row_label[:-1]])
    bounds = [0]
    for s in starts[1:].tolist():
        if s - bounds[-1] >= BATCH_ROWS:
            bounds.append(s)
    bounds.append(nr)
    groups = []
    for r0, r1 in zip(bounds[:-1], bounds[1:], strict=True):
        c0 = int(np.searchsorted(sorted_col_label, sorted_row_label[r0], side="left"))
        c1 = int(np.searchsorted(sorted_col_label, sorted_row_label[r1 - 1], side="right"))
        groups.append((r0, r1, c0, c1))
    # Labels of components are in increasing order along both sorted sides, so a group's
    # columns are one range; check it (a column outside would be a bug, not bad input).
    if np.any(np.diff(sorted_col_label) < 0):  # pragma: no cover
        raise AssertionError("columns not in component order")

    w = _scale(es, [(r1 - r0, c1 - c0, bool(may_stay_free[r0:r1].any()))
                    for r0, r1, c0, c1 in groups])
    top = int(w.max())
    cost = (top + 1 - w[e_pair]).astype(np.float64)
    indptr = structure.indptr
    for r0, r1, c0, c1 in groups:
        a, b = indptr[r0], indptr[r1]
        rows, kc = r1 - r0, c1 - c0
        dummy = np.flatnonzero(may_stay_free[r0:r1])
        big = float(top + 1 + top * min(rows, kc) + 1)
        gr = np.concatenate((r[a:b] - r0, dummy))
        gc = np.concatenate((c[a:b] - c0, kc + np.arange(dummy.size)))
        gd = np.concatenate((cost[a:b], np.full(dummy.size, big)))
        block = csr_array((gd, (gr, gc)), shape=(rows, kc + dummy.size))
        got_r, got_c = min_weight_full_bipartite_matching(block)
        real = got_c < kc
        rows_g = row_order[got_r[real] + r0]
        cols_g = col_order[got_c[real] + c0]
        if seats_are_rows:
            out[col_item[cols_g]] = seat_owner[row_item[rows_g]]
        else:
            out[row_item[rows_g]] = seat_owner[col_item[cols_g]]
    return out


# ---------------------------------------------------------------- the API


def assign(score: Sequence[Row], capacity: Sequence[int]) -> list[int | None]:
    """For each mentee, its mentor's index or None: the most mentees matched, then the largest
    total score (see the module doc for the input and the guarantees)."""
    n, cap, ei, ej, es = _parse(score, capacity)
    result = _solve(n, cap, ei, ej, es)
    return [None if j < 0 else j for j in result.tolist()]


def greedy(score: Sequence[Row], capacity: Sequence[int]) -> list[int | None]:
    """The obvious way: all allowed pairs, best score first (ties: lower mentee, then lower
    mentor index), a pair taken while its mentee is free and its mentor has room."""
    n, cap, ei, ej, es = _parse(score, capacity)
    pairs = sorted(zip(es.tolist(), ei.tolist(), ej.tolist(), strict=True),
                   key=lambda p: (-p[0], p[1], p[2]))
    room = cap.tolist()
    result: list[int | None] = [None] * n
    for _, i, j in pairs:
        if result[i] is None and room[j] > 0:
            result[i] = j
            room[j] -= 1
    return result


def total(score: Sequence[Row], result: Sequence[int | None]) -> float | int:
    """The sum of the scores of the pairs in `result` (an int when they all are). ValueError
    if the result uses a pair that is not allowed."""
    if len(result) != len(score):
        raise ValueError(f"the result has {len(result)} entries for {len(score)} mentees")
    values = []
    for i, j in enumerate(result):
        if j is None:
            continue
        row = score[i]
        if isinstance(row, Mapping):
            s = row.get(j)
        else:
            s = row[j] if isinstance(j, numbers.Integral) and 0 <= j < len(row) else None
        if s is None:
            raise ValueError(f"mentee {i} is matched with mentor {j}: not an allowed pair")
        values.append(s)
    if all(isinstance(s, numbers.Integral) for s in values):
        return sum(int(s) for s in values)
    return math.fsum(values)
