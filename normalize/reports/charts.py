"""Charts as inline SVG: no script, no font file, no network; they scale with the page.

Every bar carries ``data-label`` and ``data-value`` so a test (or a reader's tool) can
check what is drawn against the archive.
"""

from __future__ import annotations

from collections import Counter
from html import escape

#: Bars drawn; the rest are summed into one "others" bar.
MAX_BARS = 12
_ROW, _LABEL, _BAR, _WIDTH = 26, 140, 210, 420


def _cells(text: str) -> int:
    """Width in half-width cells: Han, kana, Hangul and full-width forms take two."""
    return sum(2 if ord(char) >= 0x1100 else 1 for char in text)


def _clip(text: str, cells: int = 16) -> str:
    out, used = "", 0
    for char in text:
        used += _cells(char)
        if used > cells - 1:
            return out + "…"
        out += char
    return out


def top(counts: Counter, most: int = MAX_BARS, keep_order: bool = False) -> list[tuple[str, int]]:
    """The biggest ``most`` items (or the first, in order, if ``keep_order``), the rest as one."""
    items = list(counts.items()) if keep_order else sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(items) <= most:
        return items
    head, rest = items[:most - 1], items[most - 1:]
    return head + [(f"{len(rest)} others", sum(value for _, value in rest))]


def bar_chart(name: str, title: str, items: list[tuple[str, int]]) -> str:
    """A horizontal bar chart of (label, value) rows."""
    if not items:
        return f'<figure class="chart" data-chart="{escape(name)}"><figcaption>{escape(title)}</figcaption>' \
               '<p class="empty">nothing to show</p></figure>'
    most = max(value for _, value in items) or 1
    height = _ROW * len(items) + 8
    rows = []
    for index, (label, value) in enumerate(items):
        y = 4 + index * _ROW
        width = max(2.0, _BAR * value / most)
        rows.append(
            f'<g class="bar" data-label="{escape(label)}" data-value="{value}">'
            f'<title>{escape(label)}: {value:,}</title>'
            f'<text class="label" x="{_LABEL - 8}" y="{y + 17}" text-anchor="end">{escape(_clip(label))}</text>'
            f'<rect x="{_LABEL}" y="{y + 3}" width="{width:.1f}" height="{_ROW - 8}" rx="3"></rect>'
            f'<text class="value" x="{_LABEL + width + 6:.1f}" y="{y + 17}">{value:,}</text></g>')
    return (f'<figure class="chart" data-chart="{escape(name)}"><figcaption>{escape(title)}</figcaption>'
            f'<svg viewBox="0 0 {_WIDTH} {height}" role="img" aria-label="{escape(title)}">{"".join(rows)}</svg></figure>')


def column_chart(name: str, title: str, items: list[tuple[str, int]]) -> str:
    """Vertical columns in the given order (months or years along the bottom)."""
    if not items:
        return bar_chart(name, title, items)
    most = max(value for _, value in items) or 1
    step = max(14, min(48, 900 // len(items)))
    width, plot = max(320, 40 + step * len(items)), 150
    columns = []
    for index, (label, value) in enumerate(items):
        x = 30 + index * step
        height = max(2.0, plot * value / most) if value else 0.0
        columns.append(
            f'<g class="bar" data-label="{escape(label)}" data-value="{value}">'
            f'<title>{escape(label)}: {value:,}</title>'
            f'<rect x="{x}" y="{10 + plot - height:.1f}" width="{step - 4}" height="{height:.1f}" rx="2"></rect>'
            f'<text class="tick" x="{x + (step - 4) / 2:.1f}" y="{plot + 26}" text-anchor="end" '
            f'transform="rotate(-45 {x + (step - 4) / 2:.1f} {plot + 26})">{escape(label)}</text></g>')
    return (f'<figure class="chart wide" data-chart="{escape(name)}"><figcaption>{escape(title)}</figcaption>'
            f'<svg viewBox="0 0 {width} {plot + 80}" style="max-width: {width * 1.5:.0f}px" role="img" aria-label="{escape(title)}">'
            f'<text class="value" x="2" y="20">{most:,}</text>{"".join(columns)}</svg></figure>')
