"""Server-rendered SVG charts: density bars with a goal marker, and a trend line.

Pure Python (no Django). Every text is escaped here; callers pass translated strings. The charts
are images with a title and a description (role="img"), every bar and point carries its number
as text, goals are drawn as a shape (a dark tick and a dashed line), never only as a colour, and
the page shows the same numbers in a table.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

BAR = "#2b6cb0"
BAR_MET = "#276749"
GOAL = "#1a202c"
GRID = "#cbd5e0"
INK = "#1a202c"
MUTED = "#4a5568"
FONT = 'font-family="system-ui, sans-serif"'


def _t(value) -> str:
    return escape(str(value))


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def _open(width: int, height: int, title: str, desc: str, ident: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" class="chart" '
        f'aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{_t(title)}</title>',
        f'<desc id="{ident}-d">{_t(desc)}</desc>',
    ]


def bar_chart(rows: list[dict], *, title: str, desc: str, goal_label: str, ident: str = "bars",
              width: int = 840, value_suffix: str = "%") -> str:
    """Horizontal bars of density (0–100) per row: {"label", "value", "goal" or None, "note"}.

    The value is printed after each bar, the goal as a tick across the bar with its number, and
    bars that meet their goal are darker and marked with a check, so nothing relies on colour."""
    label_w, right_w, bar_h, gap, top = 220, 270, 18, 8, 28
    plot_w = width - label_w - right_w
    height = top + len(rows) * (bar_h + gap) + 24
    out = _open(width, height, title, desc, ident)
    out.append(f'<g {FONT} font-size="12" fill="{INK}">')
    # The scale: 0, 25, 50, 75, 100 %.
    for tick in (0, 25, 50, 75, 100):
        x = label_w + plot_w * tick / 100
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 20}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle" fill="{MUTED}">'
                   f'{tick}{_t(value_suffix)}</text>')
    for i, row in enumerate(rows):
        y = top + i * (bar_h + gap)
        value = max(0.0, min(100.0, float(row["value"])))
        goal = row.get("goal")
        met = goal is not None and value >= goal
        label = str(row["label"])
        short = label if len(label) <= 30 else label[:29] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end">'
                   f'{_t(short)}</text>')
        out.append(f'<rect x="{label_w}" y="{y}" width="{plot_w * value / 100:.1f}" '
                   f'height="{bar_h}" fill="{BAR_MET if met else BAR}"/>')
        text = f"{_fmt(value)}{value_suffix}"
        if goal is not None:
            gx = label_w + plot_w * goal / 100
            out.append(f'<line x1="{gx:.1f}" y1="{y - 3}" x2="{gx:.1f}" y2="{y + bar_h + 3}" '
                       f'stroke="{GOAL}" stroke-width="3"/>')
            text += f" · {goal_label} {_fmt(goal)}{value_suffix}" + (" ✓" if met else "")
        if row.get("note"):
            text += f" · {row['note']}"
        out.append(f'<text x="{label_w + plot_w + 6}" y="{y + bar_h - 4}">{_t(text)}</text>')
    out.append("</g></svg>")
    return "\n".join(out)


def line_chart(points: list[dict], *, title: str, desc: str, goal: float | None = None,
               goal_label: str = "", ident: str = "trend", width: int = 720,
               height: int = 260) -> str:
    """A line of density per month: points {"label", "value" (0–100), "detail"}; a dashed goal.

    Each point is a circle with its own <title> (its month and numbers); every third month and
    the last one are labelled on the axis, and the last value is printed beside the line."""
    left, right, top, bottom = 44, 70, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(p["value"]) for p in points]
    high = max([*values, float(goal or 0), 10.0])
    ceiling = min(100, int(-(-high // 10) * 10)) or 10
    n = len(points)

    def x(i):
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v):
        return top + plot_h * (1 - v / ceiling)

    out = _open(width, height, title, desc, ident)
    out.append(f'<g {FONT} font-size="12" fill="{INK}">')
    steps = 5
    for s in range(steps + 1):
        v = ceiling * s / steps
        out.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + plot_w}" y2="{y(v):.1f}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="{MUTED}">'
                   f'{_fmt(v)}%</text>')
    if goal is not None:
        gy = y(min(goal, ceiling))
        out.append(f'<line x1="{left}" y1="{gy:.1f}" x2="{left + plot_w}" y2="{gy:.1f}" '
                   f'stroke="{GOAL}" stroke-width="2" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{left + plot_w + 4}" y="{gy + 4:.1f}">'
                   f'{_t(goal_label)} {_fmt(goal)}%</text>')
    if points:
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        out.append(f'<polyline points="{path}" fill="none" stroke="{BAR}" stroke-width="2.5"/>')
        for i, p in enumerate(points):
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(values[i]):.1f}" r="3.5" fill="{BAR}">'
                       f'<title>{_t(p.get("detail") or p["label"])}</title></circle>')
            if i % 3 == (n - 1) % 3:
                out.append(f'<text x="{x(i):.1f}" y="{height - bottom + 18}" '
                           f'text-anchor="middle" fill="{MUTED}">{_t(p["label"])}</text>')
        out.append(f'<text x="{x(n - 1) + 6:.1f}" y="{y(values[-1]) - 6:.1f}" '
                   f'font-weight="700">{_fmt(values[-1])}%</text>')
    out.append("</g></svg>")
    return "\n".join(out)

