"""The end-of-build summary comes from the manifest; rejects are listed 10, then counted."""

from __future__ import annotations

import io

from normalize.summary import MAX_REJECTS_LISTED, print_summary, reject_lines, rows


def _manifest(rejected: int = 0) -> dict:
    inputs = [{"path": f"bad{i}.bin", "status": "rejected", "reason": "binary", "detail": "NUL bytes"}
              for i in range(rejected)]
    return {"totals": {"files": 7 + rejected, "archived": 6, "rejected": rejected, "skipped": 1, "records": 9,
                       "dropped_duplicates": 2, "dropped_near_duplicates": 1},
            "inputs": inputs,
            "counters": {"format:newsdump": 8, "format:jekyll": 4, "fix:html_tags": 5, "fix:indentation": 40,
                         "flag:mixed_script:hangul": 1, "dedup:duplicate_of": 2, "dedup:near_duplicate_of": 1}}


def test_rows_say_what_happened():
    table = dict(rows(_manifest(), seconds=2.0, size=4_000_000))
    assert table["files"] == "7: 6 archived, 0 rejected, 1 skipped"
    assert table["by format"] == "newsdump 8, jekyll 4"
    assert table["repairs"] == "indentation 40, html_tags 5"
    assert table["duplicates"] == "2 exact, 1 near, 0 contained in another; 3 dropped"
    assert table["time"] == "2.0 s, 4.0 MB read, 2.00 MB/s"


def test_rejects_are_listed_ten_then_counted():
    assert reject_lines(_manifest(3)) == [f"rejected bad{i}.bin: binary (NUL bytes)" for i in range(3)]
    lines = reject_lines(_manifest(25))
    assert len(lines) == MAX_REJECTS_LISTED + 1
    assert lines[-1].startswith("… and 15 more rejected")


def test_printed_summary_wraps_long_values_under_their_label():
    manifest = _manifest()
    manifest["counters"].update({f"fix:kind_{i:02d}": i + 1 for i in range(12)})
    stream = io.StringIO()
    print_summary(manifest, "OUT", 1.0, 1000, stream, width=60)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "9 records from 6 files (0 rejected, 1 skipped, 3 duplicates dropped) -> OUT"
    assert all(len(line) <= 60 for line in lines[1:])
    assert any(line.startswith("  repairs ") for line in lines)
    assert "more kinds" in stream.getvalue()
