"""The report as one self-contained HTML page: inline CSS, inline SVG, a few lines of script.

Nothing is loaded from anywhere: no font, no stylesheet, no image, no script from a URL.
Every figure shown carries ``data-figure`` (totals) or ``data-chart``/``data-value``
(charts), so what the browser shows can be checked against the archive.
"""

from __future__ import annotations

from html import escape
from importlib import resources
from typing import Any, Callable

from . import charts
from .figures import RELATIONS, UNDATED, Figures, grouped_months

#: Duplicate clusters listed by name; the rest are counted.
MAX_CLUSTERS = 200
_RELATION_NAMES = {"duplicate_of": "exact duplicate", "near_duplicate_of": "near duplicate",
                   "contained_in": "contained in"}
_META_FIELDS = ("title", "subtitle", "authors", "publisher", "date_published", "date_text", "section", "url",
                "archive_urls", "tags", "language", "format", "duplicate_of", "near_duplicate_of", "contained_in",
                "containment")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _figure(name: str, label: str, value: int) -> str:
    return (f'<div class="total"><span class="number" data-figure="{name}">{value:,}</span>'
            f'<span class="what">{escape(label)}</span></div>')


def _totals(figures: Figures) -> str:
    totals = figures.totals
    linked = figures.linked
    cards = [
        _figure("records", "records", figures.records),
        _figure("files", "input files", totals["files"]),
        _figure("archived", "files archived", totals["archived"]),
        _figure("rejected", "files rejected", totals["rejected"]),
        _figure("skipped", "files skipped", totals["skipped"]),
        _figure("duplicates", "exact duplicates", linked["duplicate_of"]),
        _figure("near_duplicates", "near duplicates", linked["near_duplicate_of"]),
        _figure("contained", "contained in another", linked["contained_in"]),
        _figure("repairs", "repairs applied", sum(figures.fixes.values())),
    ]
    for name, label in (("dropped_duplicates", "duplicates dropped"),
                        ("dropped_near_duplicates", "near duplicates dropped")):
        if totals.get(name):  # --drop-duplicates: records the archive does not hold
            cards.append(_figure(name, label, totals[name]))
    return f'<section id="totals"><h2>Totals</h2><div class="totals">{"".join(cards)}</div></section>'


def _charts(figures: Figures) -> str:
    months = grouped_months(figures.by_month)
    parts = [
        charts.bar_chart("format", "Records by format", charts.top(figures.by_format)),
        charts.bar_chart("language", "Records by language", charts.top(figures.by_language)),
        charts.bar_chart("publisher", "Records by publisher", charts.top(figures.by_publisher)),
        charts.column_chart("month", f"Records by {'year' if months and len(next(iter(months))) == 4 else 'month'} "
                            f"published ({figures.by_month.get(UNDATED, 0):,} undated)", list(months.items())),
    ]
    return f'<section id="charts"><h2>What is in the archive</h2><div class="charts">{"".join(parts)}</div></section>'


def _kinds_table(name: str, counts: Any, records: Any | None, empty: str) -> str:
    if not counts:
        return f'<p class="empty">{escape(empty)}</p>'
    head = "<tr><th>kind</th><th>times</th>" + ("<th>records</th>" if records is not None else "") + "</tr>"
    rows = "".join(
        f'<tr data-{name}="{escape(kind)}"><td>{escape(kind)}</td><td class="num">{value:,}</td>'
        + (f'<td class="num">{records[kind]:,}</td>' if records is not None else "") + "</tr>"
        for kind, value in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f'<table class="kinds">{head}{rows}</table>'


def _repairs(figures: Figures) -> str:
    return ('<section id="repairs"><h2>Repairs and flags</h2><div class="charts">'
            + charts.bar_chart("repairs", "Repairs by kind", charts.top(figures.fixes))
            + charts.bar_chart("flags", "Flags by kind", charts.top(figures.flags)) + "</div>"
            + "<h3>Repairs</h3>" + _kinds_table("repair", figures.fixes, figures.records_fixed, "no repairs were needed")
            + "<h3>Flags</h3>" + _kinds_table("flag", figures.flags, None, "no record was flagged")
            + "</section>")


def _record_ref(record_id: str, figures: Figures) -> str:
    """A record's id and title, a link when the record is in the sample below."""
    title = figures.titles.get(record_id)
    code = f"<code>{escape(record_id)}</code>"
    if record_id in figures.sample_ids:
        code = f'<a href="#r-{escape(record_id)}">{code}</a>'
    return (code
            + (f' <span class="title" lang="zh">{escape(title)}</span>' if title else ""))


def _clusters(figures: Figures) -> str:
    if not figures.clusters:
        body = '<p class="empty">no duplicates or near duplicates</p>'
    else:
        ordered = sorted(figures.clusters.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        items = []
        for first, links in ordered[:MAX_CLUSTERS]:
            members = "".join(
                f'<li><span class="relation">{_RELATION_NAMES[link.relation]}'
                + (f" ({link.containment:.0%})" if link.containment is not None else "")
                + f"</span> {_record_ref(link.id, figures)}</li>" for link in links)
            items.append(f'<details class="cluster" data-size="{len(links) + 1}"><summary>{len(links) + 1} records: '
                         f"{_record_ref(first, figures)}</summary><ul>{members}</ul></details>")
        more = len(ordered) - MAX_CLUSTERS
        body = "".join(items) + (f'<p class="more">… and {more:,} more clusters</p>' if more > 0 else "")
    totals = figures.totals
    dropped = totals.get("dropped_duplicates", 0) + totals.get("dropped_near_duplicates", 0)
    if dropped:
        body = (f'<p class="hint">{dropped:,} duplicates and near duplicates were dropped when the archive '
                'was built (--drop-duplicates): only the record kept of each cluster is in it.</p>') + body
    return (f'<section id="duplicates"><h2>Duplicate and near-duplicate clusters '
            f'<span class="count" data-figure="clusters">{len(figures.clusters):,}</span></h2>{body}</section>')


def _inputs_table(entries: list[dict[str, Any]], name: str, empty: str) -> str:
    if not entries:
        return f'<p class="empty">{escape(empty)}</p>'
    rows = "".join(
        f'<tr><td class="path">{escape(entry["path"])}</td><td>{escape(str(entry["reason"]))}</td>'
        f'<td>{escape(str(entry["detail"] or ""))}</td><td class="num">{entry["bytes"]:,}</td></tr>'
        for entry in entries)
    return (f'<table class="inputs" data-table="{name}"><tr><th>file</th><th>reason</th><th>detail</th>'
            f'<th>bytes</th></tr>{rows}</table>')


def _inputs(figures: Figures) -> str:
    return ('<section id="rejected"><h2>Rejected inputs</h2>'
            + _inputs_table(figures.rejected, "rejected", "no input was rejected")
            + '<h3>Skipped inputs</h3>' + _inputs_table(figures.skipped, "skipped", "no input was skipped")
            + "</section>")


def _metadata(record: dict[str, Any]) -> str:
    rows = []
    for name in _META_FIELDS:
        value = record.get(name)
        if value in (None, [], ""):
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        rows.append(f"<dt>{name}</dt><dd>{escape(shown)}</dd>")
    source = record["provenance"]
    rows.append(f'<dt>source</dt><dd>{escape(source["path"])} lines {source["line_start"]}–{source["line_end"]} '
                f'({escape(source["encoding"] or "")})</dd>')
    if record.get("fixes"):
        rows.append("<dt>repairs</dt><dd>" + escape(", ".join(f"{k} {v}" for k, v in record["fixes"].items())) + "</dd>")
    if record.get("flags"):
        rows.append("<dt>flags</dt><dd>" + escape(", ".join(record["flags"])) + "</dd>")
    return f'<dl class="meta">{"".join(rows)}</dl>'


def _record(record: dict[str, Any], source: Callable[[dict[str, Any]], tuple[list[str] | None, str]],
            opened: bool = False) -> str:
    lines, note = source(record)
    start = record["provenance"]["line_start"]
    if lines is None:
        before = f'<p class="empty">{escape(note)}</p>'
    else:
        before = "".join(f'<span class="line"><span class="no">{start + i}</span>{escape(line)}</span>'
                         for i, line in enumerate(lines))
        before = f'<pre class="source">{before}</pre>'
    title = record.get("title") or "(untitled)"
    after = (f'<h4 class="rtitle">{escape(title)}</h4>' if record.get("title") else "") \
        + "".join(f"<p>{escape(p)}</p>" for p in record["text"].split("\n\n") if p.strip())
    search = " ".join(str(record.get(k) or "") for k in ("id", "title", "publisher", "format", "date_published"))
    lang = escape(record.get("language") or "zh")
    return (f'<details class="record" id="r-{escape(record["id"])}" data-search="{escape(search.lower())}"'
            f'{" open" if opened else ""}>'
            f'<summary><code>{escape(record["id"])}</code> <span class="title" lang="{lang}">{escape(title)}</span>'
            f' <span class="tag">{escape(record["format"])}</span></summary>{_metadata(record)}'
            f'<div class="beforeafter"><div><h5>Source lines (before)</h5>{before}</div>'
            f'<div lang="{lang}"><h5>Archived text (after)</h5><div class="text">{after}</div></div></div></details>')


def _sample(figures: Figures, source: Callable) -> str:
    # The first record is open, so a reader sees at once what a record looks like.
    records = "".join(_record(record, source, index == 0) for index, record in enumerate(figures.sample))
    return (f'<section id="sample"><h2>Sample of records <span class="count" data-figure="sample">'
            f'{len(figures.sample):,}</span> of {figures.records:,}</h2>'
            '<p class="hint">Each record opens to its metadata, the source lines it came from, and the text '
            'as archived.</p><input type="search" id="filter" placeholder="filter by title, id, publisher, '
            'format, date" aria-label="filter the sample"> <button type="button" id="toggle">open all</button>'
            f'<div id="records">{records}</div></section>')


def render(figures: Figures, archive_name: str, source: Callable) -> str:
    """The whole page. ``source(record)`` gives (source lines or None, why not)."""
    manifest = figures.manifest
    tool = manifest.get("tool", {})
    nav = "".join(f'<a href="#{key}">{label}</a>' for key, label in (
        ("totals", "Totals"), ("charts", "Contents"), ("repairs", "Repairs"), ("duplicates", "Duplicates"),
        ("rejected", "Rejected"), ("sample", "Records")))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Archive report: {escape(archive_name)}</title><style>{_asset("report.css")}</style></head><body>'
        f'<header><h1>Archive report <span class="archive">{escape(archive_name)}</span></h1>'
        f'<p class="about">Built by {escape(tool.get("name", "normalize"))} {escape(tool.get("version", ""))}, '
        f'schema {escape(str(manifest.get("schema_version")))}, profile '
        f'{escape(str(manifest.get("options", {}).get("profile")))}; from '
        f'{escape(", ".join(manifest.get("roots", [])))}.</p><nav>{nav}</nav></header><main>'
        + _totals(figures) + _charts(figures) + _repairs(figures) + _clusters(figures) + _inputs(figures)
        + _sample(figures, source)
        + f'</main><script>{_asset("report.js")}</script></body></html>\n')


__all__ = ["render", "RELATIONS"]
