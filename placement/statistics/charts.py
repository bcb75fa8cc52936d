"""Charts for the statistics page, drawn on the server as SVG: no JavaScript, no external files.

Each chart takes a table and its protected display rows (small_numbers.protect), so a hidden
count ("<5", "skjult") can only ever be drawn as that text, never as a bar of its true size.
Every bar carries its number as text, and the two series differ by pattern as well as colour.
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, format_number
from flask_babel import gettext as _
from markupsafe import Markup, escape

from placement.statistics.tables import Table

# Contrast on white (WCAG 2.1): text 17.2:1, solid bars 8.3:1, hatched bars' stripes and
# outline 6.8:1, axis line 5.3:1. Grid lines are decoration (values are written on the bars).
TEXT, SOLID, HATCH, AXIS, GRID = "#1b1b1b", "#1a4f8b", "#8a4b00", "#6b6b6b", "#c9cdd2"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"'
# A label longer than this many characters does not fit over a bar and is written upwards.
SHORT_LABEL = 3


def monthly_trend(table: Table, rows: list[list]) -> Markup:
    """Bars per month for placements started (solid) and completed (hatched)."""
    ident = f"chart-{table.key}"
    index = {column.key: i for i, column in enumerate(table.columns)}
    months = rows[:-1] if table.has_total else rows
    series = [
        (index["started"], _("Startet"), _solid()),
        (index["completed"], _("Gennemført"), _hatched(ident)),
    ]
    slot, bar, gap = 64, 22, 4
    left, top, plot_h, bottom = 52, 72, 200, 48  # top: the legend, then room for labels
    width = max(left + len(months) * slot + 16, 360)
    height = top + plot_h + bottom
    scale = _scale([row[i] for row in months for i, _l, _f in series])

    def y(value):
        return top + plot_h - value / scale[-1] * plot_h

    parts = [_defs(ident), _legend(series, 12), _y_axis(scale, y, left, width - 8)]
    for m, row in enumerate(months):
        x0 = left + m * slot + (slot - 2 * bar - gap) / 2
        for s, (i, _label, fill) in enumerate(series):
            x = x0 + s * (bar + gap)
            parts.append(_vertical_bar(row[i], x, bar, y, top + plot_h, fill))
        parts.append(_month_label(row[0], left + m * slot + slot / 2, top + plot_h, first=m == 0))
    parts.append(_line(left, top + plot_h, width - 8, top + plot_h, AXIS, 2))
    return _svg(
        ident,
        width,
        height,
        _("Forløb startet og gennemført pr. måned"),
        _(
            "Søjlediagram med to søjler for hver måned: forløb startet (fyldt søjle) og "
            "gennemført (skraveret søjle). Skjulte små tal står kun som tekst, uden "
            "søjle. Tallene står også i tabellen under diagrammet."
        ),
        parts,
    )


def kind_split(table: Table, rows: list[list]) -> Markup:
    """One horizontal bar per kind of placement: how many started in the period."""
    ident = f"chart-{table.key}"
    started = table.columns.index(next(c for c in table.columns if c.key == "started"))
    kinds = rows[:-1] if table.has_total else rows
    row_h, bar_h, top = 30, 20, 8
    left = 16 + 7.5 * max((len(str(row[0])) for row in kinds), default=10)
    plot_w, width = 360, int(left + 360 + 80)
    height = top + row_h * len(kinds) + 8
    scale = _scale([row[started] for row in kinds])
    parts = [_defs(ident)]
    for r, row in enumerate(kinds):
        y = top + r * row_h
        middle = y + row_h / 2
        parts.append(_text(row[0], left - 8, middle + 5, anchor="end"))
        value = row[started]
        if _is_count(value):
            length = value / scale[-1] * plot_w
            if length:
                parts.append(_rect(left, middle - bar_h / 2, length, bar_h, _solid()))
            parts.append(_text(format_number(value), left + length + 6, middle + 5))
        else:
            parts.append(
                _text(value if value is not None else "–", left + 6, middle + 5, bold=True)
            )
    parts.append(_line(left, top, left, height - 8, AXIS, 2))
    return _svg(
        ident,
        width,
        height,
        _("Forløb startet i perioden, pr. type"),
        _(
            "Vandret søjle for hver type forløb med antallet, der startede i perioden. "
            "Skjulte små tal står kun som tekst, uden søjle. Tallene står også i tabellen "
            "under diagrammet."
        ),
        parts,
    )


# --- pieces -------------------------------------------------------------------------------------


def _svg(ident: str, width: float, height: float, title: str, desc: str, parts: list) -> Markup:
    # role="img" with the title and description as its name: a screen reader hears those and
    # finds the numbers in the table next to the chart.
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" role="img" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'aria-labelledby="{ident}-title {ident}-desc" {FONT} font-size="13" fill="{TEXT}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
        + "".join(str(part) for part in parts)
        + "</svg>"
    )


def _defs(ident: str) -> str:
    return (
        f'<defs><pattern id="{ident}-hatch" patternUnits="userSpaceOnUse" width="6" '
        f'height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        f'<line x1="1.5" y1="0" x2="1.5" y2="6" stroke="{HATCH}" stroke-width="3"/>'
        f"</pattern></defs>"
    )


def _solid() -> str:
    return f'fill="{SOLID}"'


def _hatched(ident: str) -> str:
    return f'fill="url(#{ident}-hatch)" stroke="{HATCH}" stroke-width="1.5"'


def _legend(series, y: float) -> str:
    parts, x = [], 52
    for _i, label, fill in series:
        parts.append(_rect(x, y, 16, 16, fill))
        parts.append(_text(label, x + 22, y + 13))
        x += 22 + 8 * len(str(label)) + 24
    return "".join(parts)


def _scale(values: list) -> list[int]:
    """Tick values from 0 to a round top at or above the largest shown count."""
    largest = max([v for v in values if _is_count(v)] + [1])
    step = 1
    while largest / step > 5:
        for factor in (2, 2.5, 2):  # 1, 2, 5, 10, 20, 50 ...
            step = int(step * factor)
            if largest / step <= 5:
                break
    return list(range(0, -(-largest // step) * step + 1, step))


def _y_axis(scale, y, left: float, right: float) -> str:
    parts = []
    for tick in scale:
        parts.append(_line(left, y(tick), right, y(tick), GRID, 1))
        parts.append(_text(format_number(tick), left - 8, y(tick) + 4, anchor="end"))
    return "".join(parts)


def _vertical_bar(value, x: float, width: float, y, baseline: float, fill: str) -> str:
    middle = x + width / 2
    if not _is_count(value):
        # Hidden: no bar at all, only the marker standing on the baseline.
        return _label_over(
            str(value if value is not None else "–"), middle, baseline - 4, bold=True
        )
    top = y(value)
    bar = _rect(x, top, width, baseline - top, fill) if value else ""
    return bar + _label_over(format_number(value), middle, top - 4)


def _label_over(text: str, x: float, y: float, bold: bool = False) -> str:
    if len(text) <= SHORT_LABEL:
        return _text(text, x, y, anchor="middle", bold=bold)
    return _text(text, x + 4, y, bold=bold, rotate=True)


def _month_label(month: str, x: float, baseline: float, first: bool) -> str:
    """'jan.' under the bars, with the year under January and under the first month."""
    try:
        day = date(int(month[:4]), int(month[5:7]), 1)
    except ValueError:
        return _text(month, x, baseline + 18, anchor="middle")
    label = _text(format_date(day, "MMM"), x, baseline + 18, anchor="middle")
    if first or day.month == 1:
        label += _text(str(day.year), x, baseline + 36, anchor="middle")
    return label


def _text(
    text, x: float, y: float, *, anchor: str = "start", bold: bool = False, rotate: bool = False
) -> str:
    extra = ' font-weight="700"' if bold else ""
    if rotate:
        extra += f' transform="rotate(-90 {x:.1f} {y:.1f})"'
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(str(text))}</text>'


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" {fill}/>'


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float) -> str:
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{colour}" stroke-width="{width}"/>'
    )


def _is_count(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
