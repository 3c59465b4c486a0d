"""The trend chart as plain, accessible SVG (no library, no script, no external file).

Why not a charting library: pygal (the well-kept server-side SVG option) references its
tooltip script from a CDN unless configured away and embeds ~10 KB of CSS per chart; the
public budget and "no CDN" rule favour this ~1 KB chart of one series, whose numbers are also
given in a table next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 36
LOW, HIGH = Decimal(25), Decimal(100)
GUIDES = (Decimal("88.31"), Decimal("76.61"), Decimal("65.00"))


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal | None  # the converted score as shown (2 decimals); None: no result


def _y(value: Decimal) -> float:
    share = (value - LOW) / (HIGH - LOW)
    return round(TOP + (1 - float(share)) * (HEIGHT - TOP - BOTTOM), 1)


def trend_svg(points: Sequence[Point], title: str, description: str) -> str:
    """A line of converted scores per period over the 25-100 scale, with the grade limits."""
    inner = WIDTH - LEFT - RIGHT
    step = inner / max(len(points) - 1, 1)
    xs = [
        round(LEFT + i * step if len(points) > 1 else LEFT + inner / 2, 1)
        for i in range(len(points))
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="trend-title trend-desc" class="trend-chart">',
        f'<title id="trend-title">{escape(title)}</title>',
        f'<desc id="trend-desc">{escape(description)}</desc>',
    ]
    for guide in GUIDES:
        y = _y(guide)
        parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" '
            'stroke="#b1b4b6" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{LEFT - 4}" y="{y + 4}" text-anchor="end" font-size="11">{guide}</text>'
        )
    line = [(x, _y(p.value)) for x, p in zip(xs, points, strict=True) if p.value is not None]
    if len(line) > 1:
        coords = " ".join(f"{x},{y}" for x, y in line)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="#1d70b8" stroke-width="3"/>')
    for x, point in zip(xs, points, strict=True):
        parts.append(
            f'<text x="{x}" y="{HEIGHT - 12}" text-anchor="middle" font-size="11">'
            f"{escape(point.label)}</text>"
        )
        if point.value is not None:
            y = _y(point.value)
            parts.append(f'<circle cx="{x}" cy="{y}" r="5" fill="#1d70b8"/>')
            parts.append(
                f'<text x="{x}" y="{y - 9}" text-anchor="middle" font-size="12" '
                f'font-weight="bold">{point.value}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
