"""Sogou news XML: tolerant parsing, empty docs counted, nothing external read."""

from __future__ import annotations

from pathlib import Path

import normalize
from normalize.pipeline import InputFile, process_file
from normalize.sources import sogou

FIXTURE = Path(__file__).parent.parent / "fixtures" / "sogou" / "no_root_gb18030.dat"


def test_empty_doc_is_counted_in_the_manifest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / FIXTURE.name).write_bytes(FIXTURE.read_bytes())
    manifest = normalize.build([folder], tmp_path / "out")
    entry = manifest["inputs"][0]
    assert (entry["status"], entry["records"], entry["format"]) == ("archived", 4, "sogou")
    assert entry["detail"] == "1 part(s) left out (empty_content) at lines 13-18"
    assert manifest["counters"]["skipped_part:empty_content"] == 1


def test_nlp_profile_folds_full_width_in_titles_and_text():
    documents = process_file(InputFile(str(FIXTURE), FIXTURE.name), "nlp").documents
    assert documents[1].title == "VIP2012会员服务上线"
    assert documents[1].text == "VIP2012会员服务今日上线，价格为每月15元。"
    assert process_file(InputFile(str(FIXTURE), FIXTURE.name)).documents[1].title == "ＶＩＰ２０１２会员服务上线"


def test_no_external_entity_or_dtd_is_read():
    text = ('<doc><docno>x</docno><contenttitle>t</contenttitle><content><!DOCTYPE d [<!ENTITY e SYSTEM '
            '"file:///etc/passwd">]>正文&e;结束</content></doc>')
    (raw,) = list(sogou.parse(text))
    assert "root:" not in raw.body and "正文" in raw.body and "&e;" in raw.body


def test_all_empty_docs_reject_the_file_with_where(tmp_path):
    path = tmp_path / "empty.dat"
    path.write_text("<doc><url>u</url><docno>1</docno><contenttitle>a</contenttitle><content> </content></doc>\n"
                    "<doc><url>u</url><docno>2</docno><contenttitle>b</contenttitle><content></content></doc>\n",
                    "utf-8")
    result = process_file(InputFile(str(path), path.name))
    assert (result.status, result.reason) == ("rejected", "no_articles")
    assert "2 part(s) left out (empty_content) at lines 1-1, 2-2" in result.detail


def test_garbage_between_tags_never_crashes():
    for text in ("<doc>", "<doc><content>", "<doc></doc>", "<doc><content>&#0;&#xD800;\x00</content></doc>",
                 "<doc><contenttitle><b>x</contenttitle><content>y</doc>", "<doc>" * 50):
        for item in sogou.parse(text):
            assert item.line_start >= 1
