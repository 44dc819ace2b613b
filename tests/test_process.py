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


FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"


def _wrapped(text: str) -> str:
    return "".join(f"<p>{line}</p>\n" if line.strip() else "\n" for line in text.split("\n"))


def test_one_detection_reads_a_dump_wrapped_in_html_as_a_dump(tmp_path):
    from normalize.plan import InputFile
    from normalize.process import process_file

    path = tmp_path / "wrapped.txt"
    path.write_text(_wrapped((FIXTURES / "newsdump" / "two_articles.txt").read_text("utf-8")), "utf-8")
    result = process_file(InputFile(str(path), path.name))
    assert result.format == "newsdump"
    assert [d.title for d in result.documents] == ["第一条新闻标题", "第二条：带有<尖括号>的标题"]


def test_one_detection_reads_labels_broken_by_a_tag_and_keeps_sogou_tags(tmp_path):
    from normalize.plan import InputFile
    from normalize.process import process_file

    path = tmp_path / "labelled.txt"
    path.write_text("标题：\n慎终如始（思想纵横）\n\n内<br>容：\n　　新冠肺炎疫情发生以来，全国人民众志成城。\n", "utf-8")
    result = process_file(InputFile(str(path), path.name))
    assert (result.format, result.documents[0].title) == ("labelled", "慎终如始（思想纵横）")
    sogou = next((FIXTURES / "sogou").glob("*.dat"))
    assert process_file(InputFile(str(sogou), sogou.name)).format == "sogou"
