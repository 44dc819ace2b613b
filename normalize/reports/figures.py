"""The figures a report shows, read from an archive in two streaming passes.

Pass one counts (formats, publishers, languages, months, repairs, flags, which fields
records fill), gathers the duplicate links, the first records behind each repair and
flag kind, and picks an evenly spread sample of records; pass two fetches the titles of
the records the clusters and kinds name. Nothing holds the whole archive; memory grows
with the number of linked records only (and :data:`LISTED` ids per kind). The inputs'
encodings and formats come from the manifest.
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
#: Records named under each repair and flag kind (the rest are counted).
LISTED = 100
#: The fields whose completeness the report shows: how many records have a value.
COMPLETENESS = ("title", "subtitle", "authors", "publisher", "date_published", "date_modified", "date_text",
                "url", "source_id", "section", "tags", "language", "links")


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
    filled: Counter = field(default_factory=Counter)  # records with a value, by field of COMPLETENESS
    flagged: Counter = field(default_factory=Counter)  # records with a flag, by flag
    behind: dict[str, list[str]] = field(default_factory=dict)  # "fix:NAME" / "flag:NAME" -> first LISTED ids
    fixity: "Fixity | None" = None  # a bag's, when the report was given one

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
    def by_encoding(self) -> Counter:
        """Input files by the encoding they were read in (``(none)`` for files never decoded)."""
        return Counter(entry.get("encoding") or NONE for entry in self.manifest["inputs"])

    @property
    def bytes_by_encoding(self) -> Counter:
        counts: Counter = Counter()
        for entry in self.manifest["inputs"]:
            counts[entry.get("encoding") or NONE] += entry.get("bytes") or 0
        return counts

    @property
    def by_input_format(self) -> Counter:
        """Input files by the format they were read as (``(none)`` for files not read)."""
        return Counter(entry.get("format") or NONE for entry in self.manifest["inputs"])

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
        figures.flagged.update(set(record.get("flags") or []))
        figures.filled.update(name for name in COMPLETENESS if record.get(name) not in (None, "", [], {}))
        for kind in [f"fix:{name}" for name in record.get("fixes") or {}] + \
                [f"flag:{name}" for name in dict.fromkeys(record.get("flags") or [])]:
            listed = figures.behind.setdefault(kind, [])
            if len(listed) < LISTED:
                listed.append(record["id"])
        for relation in RELATIONS:
            if record.get(relation):
                figures.clusters.setdefault(record[relation], []).append(
                    Link(record["id"], relation, record.get("containment") if relation == "contained_in" else None))
        if position in chosen:
            figures.sample.append(record)
    wanted = set(figures.clusters) | {link.id for links in figures.clusters.values() for link in links} | \
        {record_id for ids in figures.behind.values() for record_id in ids}
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


@dataclass(frozen=True)
class Fixity:
    """A bag's fixity, checked when the report was made: every payload and tag checksum,
    PREMIS, the originals against their records; and whether the bag holds this archive."""

    bag: str
    problems: tuple[tuple[str, str], ...]
    bagging_date: str | None
    payload_oxum: str | None
    same_archive: bool  # the bag's data/archive/manifest.json is the reported archive's, byte for byte

    @property
    def valid(self) -> bool:
        return not self.problems


def check_fixity(bag: str | os.PathLike, out: str | os.PathLike) -> Fixity:
    """Check the bag at ``bag`` (:func:`normalize.bagcheck.bag_problems`) for a report of ``out``."""
    from pathlib import Path

    from ..archive import MANIFEST
    from ..bagcheck import ARCHIVE_DIR, bag_problems

    folder = Path(bag)
    problems = tuple(bag_problems(folder))
    info: dict[str, str] = {}
    try:
        for line in (folder / "bag-info.txt").read_text("utf-8").splitlines():
            key, sep, value = line.partition(":")
            if sep and not line[:1].isspace():
                info.setdefault(key.strip(), value.strip())
    except (OSError, UnicodeDecodeError):
        pass
    try:
        same = (folder / "data" / ARCHIVE_DIR / MANIFEST).read_bytes() == (Path(out) / MANIFEST).read_bytes()
    except OSError:
        same = False
    return Fixity(str(bag), problems, info.get("Bagging-Date"), info.get("Payload-Oxum"), same)
