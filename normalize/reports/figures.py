"""The figures a report shows, read from an archive in two streaming passes.

Pass one counts (formats, publishers, languages, months, repairs, flags), gathers the
duplicate links and picks an evenly spread sample of records; pass two fetches the
titles of the records the clusters name. Nothing holds the whole archive; memory grows
with the number of linked records only.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..archive import read_archive, read_manifest

#: Relations a record can have to an earlier one, as record fields.
RELATIONS = ("duplicate_of", "near_duplicate_of", "contained_in")
NONE = "(none)"
UNDATED = "undated"
#: Past this many years between the first and the last, empty years are not drawn.
MAX_YEARS = 60


@dataclass(frozen=True)
class Link:
    """A record linked to a cluster's first record."""

    id: str
    relation: str
    containment: float | None


@dataclass
class Figures:
    manifest: dict[str, Any]
    records: int = 0
    by_format: Counter = field(default_factory=Counter)
    by_publisher: Counter = field(default_factory=Counter)
    by_language: Counter = field(default_factory=Counter)
    by_month: Counter = field(default_factory=Counter)
    fixes: Counter = field(default_factory=Counter)  # repairs applied, by kind (summed over records)
    records_fixed: Counter = field(default_factory=Counter)  # records with at least one repair of a kind
    flags: Counter = field(default_factory=Counter)
    clusters: dict[str, list[Link]] = field(default_factory=dict)  # first record -> linked records
    titles: dict[str, str | None] = field(default_factory=dict)  # of records in clusters
    sample: list[dict[str, Any]] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        return self.manifest["totals"]

    @property
    def sample_ids(self) -> frozenset[str]:
        return frozenset(record["id"] for record in self.sample)

    @property
    def rejected(self) -> list[dict[str, Any]]:
        return [entry for entry in self.manifest["inputs"] if entry["status"] == "rejected"]

    @property
    def skipped(self) -> list[dict[str, Any]]:
        return [entry for entry in self.manifest["inputs"] if entry["status"] == "skipped"]

    @property
    def linked(self) -> Counter:
        return Counter(link.relation for links in self.clusters.values() for link in links)


def sample_positions(count: int, size: int) -> set[int]:
    """``size`` record positions spread evenly over ``count`` records (all if fewer)."""
    if count <= size:
        return set(range(count))
    return {index * count // size for index in range(size)}


def month_of(record: dict[str, Any]) -> str:
    date = record.get("date_published") or ""
    return date[:7] if len(date) >= 7 and date[4] == "-" else UNDATED


def gather(out: str | os.PathLike, sample: int = 40) -> Figures:
    """Every figure of the archive at ``out``, and ``sample`` records spread over it."""
    figures = Figures(read_manifest(out))
    chosen = sample_positions(figures.totals["records"], sample)
    for position, record in enumerate(read_archive(out)):
        figures.records += 1
        figures.by_format[record["format"]] += 1
        figures.by_publisher[record.get("publisher") or NONE] += 1
        figures.by_language[record.get("language") or NONE] += 1
        figures.by_month[month_of(record)] += 1
        figures.fixes.update(record.get("fixes") or {})
        figures.records_fixed.update(set(record.get("fixes") or {}))
        figures.flags.update(record.get("flags") or [])
        for relation in RELATIONS:
            if record.get(relation):
                figures.clusters.setdefault(record[relation], []).append(
                    Link(record["id"], relation, record.get("containment") if relation == "contained_in" else None))
        if position in chosen:
            figures.sample.append(record)
    wanted = set(figures.clusters) | {link.id for links in figures.clusters.values() for link in links}
    if wanted:
        for record in read_archive(out):
            if record["id"] in wanted:
                figures.titles[record["id"]] = record.get("title")
    return figures


def grouped_months(months: Counter, most: int = 36) -> Counter:
    """Dated records by month, or by year when the months span more than ``most``, in time
    order with the empty months (years) between filled with 0; undated records left out."""
    dated = {key: value for key, value in months.items() if key != UNDATED}
    if not dated:
        return Counter()
    first, last = min(dated), max(dated)
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    if span > most:
        years = Counter()
        for key, value in dated.items():
            years[key[:4]] += value
        if int(last[:4]) - int(first[:4]) >= MAX_YEARS:  # an outlier (1066 among 2020s): no empty years
            return Counter(dict(sorted(years.items())))
        return Counter({str(year): years[str(year)] for year in range(int(first[:4]), int(last[:4]) + 1)})
    ordered = Counter()
    year, month = int(first[:4]), int(first[5:7])
    for _ in range(span):
        key = f"{year:04d}-{month:02d}"
        ordered[key] = dated.get(key, 0)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ordered
