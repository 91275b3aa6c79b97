"""A count's rounds as an SVG: one bar per candidate, built up from the votes received in each
round, with the quota as a dashed line. Pure Python (no Django); texts arrive translated.

Segments alternate two shades with a white gap, so rounds are told apart without colour; each
segment has a <title> with its round and votes, and the final figure is printed after the bar.
"""

from __future__ import annotations

from unionhall.organizing.charts import FONT, GOAL, GRID, INK, MUTED, _fmt, _open, _t

SHADES = ("#2b6cb0", "#63a4e0")
ELECTED = "#276749"


def rounds_chart(rows: list[dict], *, quota, title: str, desc: str, quota_label: str,
                 ident: str, width: int = 840) -> str:
    """rows: {"name", "cells": votes at the end of each round (None once out), "elected"}."""
    label_w, right_w, bar_h, gap, top = 200, 110, 18, 8, 28
    plot_w = width - label_w - right_w
    peaks = [max((c for c in r["cells"] if c is not None), default=0) for r in rows]
    high = max([*peaks, float(quota or 0), 1.0])
    height = top + len(rows) * (bar_h + gap) + 12
    out = _open(width, height, title, desc, ident)
    out.append(f'<g {FONT} font-size="12" fill="{INK}">')
    for tick in range(5):
        value = high * tick / 4
        x = label_w + plot_w * tick / 4
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 8}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle" fill="{MUTED}">'
                   f'{_fmt(value)}</text>')
    for i, row in enumerate(rows):
        y = top + i * (bar_h + gap)
        name = str(row["name"])
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end">'
                   f'{_t(name if len(name) <= 28 else name[:27] + "…")}</text>')
        start, previous = 0.0, 0.0
        for n, cell in enumerate(row["cells"], 1):
            if cell is None:
                break
            gained = float(cell) - previous
            previous = float(cell)
            if gained <= 0:
                continue
            x0 = label_w + plot_w * start / high
            w = plot_w * gained / high
            fill = ELECTED if row.get("elected") and n >= row["elected"] else SHADES[n % 2]
            out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(w - 1, 0.5):.1f}" '
                       f'height="{bar_h}" fill="{fill}"><title>{n}: +{_t(_fmt(gained))}'
                       f'</title></rect>')
            start += gained
        final = next((c for c in reversed(row["cells"]) if c is not None), 0)
        mark = " ✓" if row.get("elected") else ""
        out.append(f'<text x="{label_w + plot_w * start / high + 6:.1f}" y="{y + bar_h - 4}">'
                   f'{_t(_fmt(float(final)))}{mark}</text>')
    if quota:
        qx = label_w + plot_w * float(quota) / high
        out.append(f'<line x1="{qx:.1f}" y1="{top - 4}" x2="{qx:.1f}" y2="{height - 8}" '
                   f'stroke="{GOAL}" stroke-width="2" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{qx + 4:.1f}" y="{height - 2}">{_t(quota_label)} '
                   f'{_t(_fmt(float(quota)))}</text>')
    out.append("</g></svg>")
    return "\n".join(out)
