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
from .figures import COMPLETENESS, RELATIONS, UNDATED, Figures, Fixity, grouped_months

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


def _kinds_table(name: str, prefix: str, counts: Any, records: Any, figures: Figures, empty: str) -> str:
    """One row per kind: how many times, how many records, and the records behind it
    (the first :data:`~normalize.reports.figures.LISTED`, each a link when in the sample)."""
    if not counts:
        return f'<p class="empty">{escape(empty)}</p>'
    head = "<tr><th>kind</th><th>times</th><th>records</th><th>which records</th></tr>"
    rows = []
    for kind, value in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        ids = figures.behind.get(f"{prefix}:{kind}", [])
        more = records[kind] - len(ids)
        listed = "".join(f"<li>{_record_ref(record_id, figures)}</li>" for record_id in ids)
        behind = (f'<details class="behind"><summary>{len(ids):,} listed</summary><ul>{listed}</ul>'
                  + (f'<p class="more">… and {more:,} more</p>' if more > 0 else "") + "</details>")
        rows.append(f'<tr data-{name}="{escape(kind)}"><td>{escape(kind)}</td><td class="num">{value:,}</td>'
                    f'<td class="num" data-records="{records[kind]}">{records[kind]:,}</td><td>{behind}</td></tr>')
    return f'<table class="kinds">{head}{"".join(rows)}</table>'


def _repairs(figures: Figures) -> str:
    return ('<section id="repairs"><h2>Repairs and flags</h2><div class="charts">'
            + charts.bar_chart("repairs", "Repairs by kind", charts.top(figures.fixes))
            + charts.bar_chart("flags", "Flags by kind", charts.top(figures.flags)) + "</div>"
            + "<h3>Repairs</h3>" + _kinds_table("repair", "fix", figures.fixes, figures.records_fixed, figures,
                                                "no repairs were needed")
            + "<h3>Flags</h3>" + _kinds_table("flag", "flag", figures.flags, figures.flagged, figures,
                                              "no record was flagged")
            + "</section>")


def _completeness(figures: Figures) -> str:
    """How many records have each field: what a collection's metadata can be relied on for."""
    rows = []
    for name in COMPLETENESS:
        count = figures.filled[name]
        share = count / figures.records if figures.records else 0.0
        rows.append(f'<tr data-field="{name}"><td><code>{name}</code></td><td class="num" data-filled="{count}">'
                    f'{count:,}</td><td class="num">{share:.0%}</td><td class="meter"><span style="width:'
                    f'{share * 100:.1f}%"></span></td></tr>')
    return ('<section id="completeness"><h2>Field completeness</h2><p class="hint">Records with a value in '
            f'each field, of {figures.records:,}. A field is empty when the source does not state it: '
            'nothing is guessed.</p><table class="completeness"><tr><th>field</th><th>records</th>'
            f'<th>share</th><th></th></tr>{"".join(rows)}</table></section>')


def _counts_table(name: str, what: str, counts: Any, sizes: Any | None = None) -> str:
    head = f"<tr><th>{escape(what)}</th><th>files</th>" + ("<th>bytes</th>" if sizes is not None else "") + "</tr>"
    rows = "".join(
        f'<tr data-{name}="{escape(key)}"><td>{escape(key)}</td><td class="num">{value:,}</td>'
        + (f'<td class="num">{sizes[key]:,}</td>' if sizes is not None else "") + "</tr>"
        for key, value in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f'<table class="counts" data-table="{name}">{head}{rows}</table>'


def _inventory(figures: Figures) -> str:
    """Every input file: path, size, SHA-256, format, encoding, status, reason; searchable."""
    entries = figures.manifest["inputs"]
    rows = []
    for entry in entries:
        search = " ".join(str(entry.get(k) or "") for k in ("path", "sha256", "format", "encoding", "status",
                                                             "reason", "detail"))
        reason = entry.get("reason") or ""
        detail = entry.get("detail") or ""
        rows.append(f'<tr data-status="{escape(entry["status"])}" data-search="{escape(search.lower())}">'
                    f'<td class="path">{escape(entry["path"])}</td><td class="num">{entry["bytes"]:,}</td>'
                    f'<td class="hash"><code>{escape(entry.get("sha256") or "")}</code></td>'
                    f'<td>{escape(entry.get("format") or "")}</td><td>{escape(entry.get("encoding") or "")}</td>'
                    f'<td>{escape(entry["status"])}</td><td class="num">{entry.get("records") or 0:,}</td>'
                    f'<td>{escape(str(reason))}{": " + escape(str(detail)) if detail else ""}</td></tr>')
    statuses = sorted({entry["status"] for entry in entries})
    options = '<option value="">every status</option>' + "".join(
        f'<option value="{escape(status)}">{escape(status)}</option>' for status in statuses)
    return ('<section id="inputs"><h2>Inputs: encodings and formats</h2><div class="charts">'
            + "<div><h3>By encoding read</h3>" + _counts_table("encoding", "encoding", figures.by_encoding,
                                                                figures.bytes_by_encoding) + "</div>"
            + "<div><h3>By format read as</h3>" + _counts_table("input-format", "format", figures.by_input_format)
            + "</div></div>"
            f'<h3>Inventory <span class="count" data-figure="inventory">{len(entries):,}</span></h3>'
            '<p class="hint">Every input file, with the SHA-256 of its bytes as read. Filter by any part of a '
            'path, hash, format, encoding, status or reason.</p>'
            '<input type="search" id="inventory-filter" placeholder="filter the inventory" '
            f'aria-label="filter the inventory"> <select id="inventory-status" aria-label="status">{options}</select>'
            ' <span class="count" id="inventory-shown"></span><div class="scroll"><table class="inputs" '
            'id="inventory" data-table="inventory"><tr><th>file</th><th>bytes</th><th>SHA-256</th><th>format</th>'
            '<th>encoding</th><th>status</th><th>records</th><th>reason</th></tr>' + "".join(rows)
            + "</table></div></section>")


def _fixity(fixity: Fixity | None) -> str:
    if fixity is None:
        return ""
    state = "valid" if fixity.valid else f"{len(fixity.problems):,} problems"
    facts = [("bag", fixity.bag), ("checked", "every payload and tag checksum (sha256, sha512), premis.xml, "
                                   "each original against its record's SHA-256"),
             ("Bagging-Date", fixity.bagging_date or "not stated"), ("Payload-Oxum", fixity.payload_oxum or "not stated"),
             ("holds this archive", "yes: its manifest is this archive's, byte for byte" if fixity.same_archive
              else "no: the bag's data/archive/manifest.json differs from this archive's, or is missing")]
    rows = "".join(f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>" for key, value in facts)
    problems = "".join(f'<li><code>{escape(where)}</code> {escape(what)}</li>' for where, what in fixity.problems[:500])
    more = len(fixity.problems) - 500
    return (f'<section id="fixity"><h2>Fixity <span class="count {"ok" if fixity.valid else "bad"}" '
            f'data-fixity="{"valid" if fixity.valid else "invalid"}">{escape(state)}</span></h2>'
            f'<dl class="meta">{rows}</dl>'
            + (f'<ul class="problems">{problems}</ul>' if problems else "")
            + (f'<p class="more">… and {more:,} more</p>' if more > 0 else "") + "</section>")


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


def render(figures: Figures, archive_name: str, source: Callable, *, made: str = "",
           version: str = "", fixity: Fixity | None = None) -> str:
    """The whole page. ``source(record)`` gives (source lines or None, why not); ``made``
    is when the report was made and ``version`` the normalize that made it; ``fixity``
    a bag's, when one was checked."""
    manifest = figures.manifest
    tool = manifest.get("tool", {})
    nav = "".join(f'<a href="#{key}">{label}</a>' for key, label in (
        ("totals", "Totals"), ("charts", "Contents"), ("completeness", "Fields"), ("repairs", "Repairs"),
        ("duplicates", "Duplicates"), ("inputs", "Inputs"), ("rejected", "Rejected"))
        + ((("fixity", "Fixity"),) if fixity else ()) + (("sample", "Records"),))
    made_by = (f' Report made {escape(made)}' + (f" by normalize {escape(version)}" if version else "") + "."
               if made else "")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Archive report: {escape(archive_name)}</title><style>{_asset("report.css")}</style></head><body>'
        f'<header><h1>Archive report <span class="archive">{escape(archive_name)}</span></h1>'
        f'<p class="about">Built by {escape(tool.get("name", "normalize"))} {escape(tool.get("version", ""))}, '
        f'schema {escape(str(manifest.get("schema_version")))}, profile '
        f'{escape(str(manifest.get("options", {}).get("profile")))}; from '
        f'{escape(", ".join(manifest.get("roots", [])))}.<span class="made" data-made="{escape(made)}">{made_by}'
        f'</span></p><nav>{nav}</nav></header><main>'
        + _totals(figures) + _charts(figures) + _completeness(figures) + _repairs(figures) + _clusters(figures)
        + _inventory(figures) + _inputs(figures) + _fixity(fixity) + _sample(figures, source)
        + f'</main><script>{_asset("report.js")}</script></body></html>\n')


__all__ = ["render", "RELATIONS"]
