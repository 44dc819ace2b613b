"""Processing one input (normalize/process.py): file repairs credited to the records
whose lines they changed; ordinals and line ranges given in one place for every format."""

from collections import Counter

from normalize.process import _credited as credit_fixes, _LineCounts as LineCounts
from normalize.records import RawDoc


def test_changes_are_summed_over_a_records_lines_only():
    counts = LineCounts(Counter({2: 1, 5: 3, 9: 2}))
    assert [counts.between(1, 1), counts.between(1, 5), counts.between(5, 9), counts.between(6, 8)] == [0, 4, 5, 0]
    raws = [RawDoc(1, 4, "甲", "plain", None, {}, ()), RawDoc(5, 10, "乙", "plain", None, {}, ())]
    credited = credit_fixes(raws, {"mojibake": Counter({2: 1, 5: 3}), "nbsp": Counter({9: 2})})
    assert [raw.fixes for raw in credited] == [(("mojibake", 1),), (("mojibake", 3), ("nbsp", 2))]
