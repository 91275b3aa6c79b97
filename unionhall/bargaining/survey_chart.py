"""The survey's charts as SVG: horizontal bars, one per priority or answer, in the house style
of the density charts (organizing/charts.py). Pure Python (no Django); texts arrive translated
and are escaped here.

Each chart is an image with a title and a description (role="img"); every bar has its label in
text on the left, its figure in text after it and a <title> with both, so nothing relies on
colour; the page shows the same numbers in a table.
"""

from __future__ import annotations

from unionhall.organizing.charts import BAR, FONT, GRID, INK, MUTED, _fmt, _open, _t

TOP = "#276749"  # the leading bars: darker, and marked in their text too


def bar_chart(rows: list[dict], *, maximum: float, title: str, desc: str, ident: str,
              ticks: int = 4, tick_suffix: str = "", width: int = 640) -> str:
    """rows: {"label", "value" (0 to maximum), "text" (printed after the bar), "top" (bool)}.

    The scale runs from 0 to `maximum` with `ticks` steps; a bar marked "top" is darker and its
    text should say so (e.g. "★ 1st")."""
    label_w, right_w, bar_h, gap, top = 200, 150, 18, 8, 28
    plot_w = width - label_w - right_w
    high = float(maximum) if maximum and maximum > 0 else 1.0
    height = top + max(len(rows), 1) * (bar_h + gap) + 8
    out = _open(width, height, title, desc, ident)
    out.append(f'<g {FONT} font-size="12" fill="{INK}">')
    for tick in range(ticks + 1):
        value = high * tick / ticks
        x = label_w + plot_w * tick / ticks
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 4}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle" fill="{MUTED}">'
                   f'{_t(_fmt(value))}{_t(tick_suffix)}</text>')
    for i, row in enumerate(rows):
        y = top + i * (bar_h + gap)
        label = str(row["label"])
        short = label if len(label) <= 28 else label[:27].rstrip() + "…"
        value = max(0.0, min(high, float(row["value"])))
        text = str(row.get("text", _fmt(value)))
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end">'
                   f'{_t(short)}</text>')
        out.append(f'<rect x="{label_w}" y="{y}" width="{plot_w * value / high:.1f}" '
                   f'height="{bar_h}" fill="{TOP if row.get("top") else BAR}">'
                   f'<title>{_t(label)}: {_t(text)}</title></rect>')
        out.append(f'<text x="{label_w + plot_w * value / high + 6:.1f}" y="{y + bar_h - 4}">'
                   f'{_t(text)}</text>')
    out.append("</g></svg>")
    return "\n".join(out)
