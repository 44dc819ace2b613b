"""SVG charts: what is drawn is what was given, labels escaped and clipped by display width."""

from __future__ import annotations

from collections import Counter

from bs4 import BeautifulSoup

from normalize.reports.charts import _clip, bar_chart, column_chart, top


def _bars(svg: str) -> dict[str, int]:
    return {g["data-label"]: int(g["data-value"]) for g in BeautifulSoup(svg, "html.parser").select("g.bar")}


def test_bars_carry_their_values_and_longest_is_full_width():
    svg = bar_chart("format", "Records by format", [("newsdump", 6), ("jekyll", 3)])
    assert _bars(svg) == {"newsdump": 6, "jekyll": 3}
    widths = [float(rect["width"]) for rect in BeautifulSoup(svg, "html.parser").select("rect")]
    assert widths[0] == 2 * widths[1]


def test_labels_are_escaped():
    svg = bar_chart("publisher", "p", [("<script>alert(1)</script>", 1)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_top_sums_the_rest_into_one_bar():
    counts = Counter({f"p{i}": 100 - i for i in range(20)})
    items = top(counts, most=5)
    assert len(items) == 5 and items[-1] == ("16 others", sum(100 - i for i in range(4, 20)))
    assert top(Counter({"b": 1, "a": 1})) == [("a", 1), ("b", 1)]  # ties by name: deterministic


def test_clipping_counts_han_as_two_cells():
    assert _clip("新华社") == "新华社"
    assert _clip("中" * 30) == "中" * 7 + "…"
    assert _clip("a" * 30) == "a" * 15 + "…"


def test_empty_chart_says_so_and_columns_keep_order():
    assert "nothing to show" in bar_chart("flags", "Flags", [])
    assert list(_bars(column_chart("month", "m", [("2020-02", 1), ("2019-01", 5)]))) == ["2020-02", "2019-01"]
