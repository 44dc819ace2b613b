"""Fixed-seed fuzz batches: mutated seeds never break the archive, the manifest or the CLI.

Each batch is ~30 files made from ``seeds/`` and ``tests/fuzz_seeds/`` by the mutators of
``tests/fuzzing.py`` (byte flips, truncations, splices, separators of every format, HTML,
U+2028/U+2029/U+0085/U+E40C/NUL/BOM, re-encodings, impossible dates, deep front matter,
long lines), built in process with ``normalize.build``. The invariants: nothing escapes
``build``; ``validate_archive`` finds nothing; every file written is in
``manifest["inputs"]`` exactly once; no record id repeats; every provenance line range
lies inside its source file. The longer campaign is ``scripts/fuzz-campaign``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import fuzzing  # noqa: E402

BATCH_SEEDS = [101, 202, 303, 404, 505, 606]
CLI_SEED = 707
BATCH_SIZE = 30


def _report(failures: list[fuzzing.Failure], recipes: dict[str, str]) -> str:
    lines = []
    for failure in failures:
        recipe = f" [{failure.file}: {recipes.get(failure.file, '?')}]" if failure.file else ""
        lines.append(f"{failure.kind}{recipe}\n    {failure.message.strip()[:800]}")
    return "\n".join(lines)


@pytest.mark.parametrize("seed", BATCH_SEEDS)
def test_fuzz_batch(seed: int, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    mutants = fuzzing.make_batch(seed, batch, BATCH_SIZE)
    assert len({m.name for m in mutants}) == BATCH_SIZE
    failures = fuzzing.check_batch(batch, tmp_path / "out")
    assert not failures, _report(failures, {m.name: m.recipe for m in mutants})


def test_fuzz_batch_through_the_cli(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    mutants = fuzzing.make_batch(CLI_SEED, batch, BATCH_SIZE)
    failures = fuzzing.check_cli(batch, tmp_path / "out")
    assert not failures, _report(failures, {m.name: m.recipe for m in mutants})


def test_mutants_are_deterministic(tmp_path: Path) -> None:
    first = fuzzing.make_batch(11, tmp_path / "a", 10)
    second = fuzzing.make_batch(11, tmp_path / "b", 10)
    assert [(m.name, m.data) for m in first] == [(m.name, m.data) for m in second]
