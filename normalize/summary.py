"""The few lines printed when a build ends: what happened, how fast, where the archive is.

Everything comes from the manifest the build wrote (its totals and counters), so the
summary cannot disagree with the archive; time and MB/s come from the build itself.
"""

from __future__ import annotations

import shutil
import textwrap
from collections import Counter
from typing import IO, Any

#: Rejected inputs listed one per line; past this, a count and where to find the rest.
MAX_REJECTS_LISTED = 10
#: Kinds of repair listed by name; the rest are summed.
MAX_KINDS = 8


def _by_prefix(counters: dict[str, int], prefix: str) -> Counter:
    return Counter({key[len(prefix):]: value for key, value in counters.items() if key.startswith(prefix)})


def _listing(counts: Counter, limit: int | None = None) -> str:
    if not counts:
        return "none"
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = ranked[:limit] if limit else ranked
    text = ", ".join(f"{name} {value:,}" for name, value in shown)
    rest = ranked[len(shown):]
    if rest:
        text += f", {len(rest)} more kinds ({sum(v for _, v in rest):,})"
    return text


def rows(manifest: dict[str, Any], seconds: float, size: int, appended: bool = False) -> list[tuple[str, str]]:
    """(label, value) rows of the summary table: the archive's figures (all of it, when
    appended to), this run's time and MB."""
    totals, counters = manifest["totals"], manifest.get("counters", {})
    links = _by_prefix(counters, "dedup:")
    dropped = totals.get("dropped_duplicates", 0) + totals.get("dropped_near_duplicates", 0)
    linked = (f"{links['duplicate_of']:,} exact, {links['near_duplicate_of']:,} near, "
              f"{links['contained_in']:,} contained in another")
    if dropped:
        linked += f"; {dropped:,} dropped"
    rate = f"{size / 1e6 / seconds:.2f} MB/s" if seconds > 0 else "–"
    return [
        ("files", f"{totals['files']:,}: {totals['archived']:,} archived, {totals['rejected']:,} rejected, "
                  f"{totals['skipped']:,} skipped"),
        ("records", f"{totals['records']:,} written"
                    + (f" ({dropped:,} duplicates dropped; the rows below count every record made)" if dropped else "")),
        ("by format", _listing(_by_prefix(counters, "format:"))),
        ("repairs", _listing(_by_prefix(counters, "fix:"), MAX_KINDS)),
        ("flags", _listing(_by_prefix(counters, "flag:"), MAX_KINDS)),
        ("duplicates", linked),
        ("time", f"{'this run: ' if appended else ''}{seconds:.1f} s, {size / 1e6:,.1f} MB read, {rate}"),
    ]


def reject_lines(manifest: dict[str, Any], limit: int = MAX_REJECTS_LISTED) -> list[str]:
    """One line per rejected input (the first ``limit``), then how many more."""
    rejected = [entry for entry in manifest["inputs"] if entry["status"] == "rejected"]
    lines = [f"rejected {entry['path']}: {entry['reason']} ({entry['detail']})" for entry in rejected[:limit]]
    if len(rejected) > limit:
        lines.append(f"… and {len(rejected) - limit:,} more rejected (every one is in manifest.json "
                     "with its reason)")
    return lines


def print_summary(manifest: dict[str, Any], out: str, seconds: float, size: int, stream: IO[str],
                  width: int | None = None, appended: bool = False) -> None:
    """The title line and the table, as plain text (no colour, no cursor movement), values
    wrapped to ``width`` (the terminal's, else 100 columns)."""
    totals = manifest["totals"]
    dropped = totals.get("dropped_duplicates", 0) + totals.get("dropped_near_duplicates", 0)
    print(f"{totals['records']} records from {totals['archived']} files ({totals['rejected']} rejected, "
          f"{totals['skipped']} skipped{f', {dropped} duplicates dropped' if dropped else ''}) -> {out}",
          file=stream)
    width = width or shutil.get_terminal_size((100, 24)).columns
    for label, value in rows(manifest, seconds, size, appended):
        lines = textwrap.wrap(value, max(width - 15, 30), break_on_hyphens=False) or [""]
        print(f"  {label:<12} {lines[0]}", file=stream)
        for line in lines[1:]:
            print(f"  {'':<12} {line}", file=stream)


def as_json(manifest: dict[str, Any], out: str, seconds: float, size: int, this_run: list[dict[str, Any]],
            code: int) -> dict[str, Any]:
    """The summary as one object for a pipeline (``build --json``): the archive, its
    totals and counters, the files written, this run's rejected inputs (every one, with
    reason and detail), its time and bytes read, and the exit code it ends with."""
    return {
        "archive": str(out), "exit_code": code, "schema_version": manifest["schema_version"],
        "tool": manifest["tool"], "totals": manifest["totals"], "counters": manifest.get("counters", {}),
        "documents": manifest["documents"],
        "run": {"inputs": len(this_run), "seconds": round(seconds, 3), "bytes_read": size,
                "rejected": [{"path": e["path"], "reason": e["reason"], "detail": e["detail"]}
                             for e in this_run if e["status"] == "rejected"]},
    }
