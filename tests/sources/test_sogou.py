"""Sogou news XML: tolerant parsing, empty docs counted, nothing external read."""

from __future__ import annotations

from pathlib import Path

import normalize
from normalize.options import BuildOptions  # noqa: F401
from normalize.plan import InputFile
from normalize.process import process_file
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
    documents = process_file(InputFile(str(FIXTURE), FIXTURE.name), BuildOptions(profile="nlp")).documents
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


def _one(text: str):
    items = list(sogou.parse(text))
    assert len(items) == 1
    return items[0]


def test_cdata_and_a_literal_end_marker_keep_every_character():
    raw = _one("<doc><docno>1</docno><contenttitle>t</contenttitle>"
               "<content>1<2 且 a]]>b & \"q\" <![CDATA[正文<b>粗</b>]]>尾</content></doc>")
    assert raw.body == '1<2 且 a]]>b & "q" 正文<b>粗</b>尾'


def test_upper_case_tags_are_read():
    raw = _one("<DOC>\n<URL>http://a.cn/20080101/x</URL>\n<DOCNO>7</DOCNO>\n<CONTENTTITLE>标题</CONTENTTITLE>\n"
               "<CONTENT>正文。</CONTENT>\n</DOC>\n")
    assert (raw.title, raw.body, raw.meta["source_id"], raw.line_start, raw.line_end) == ("标题", "正文。", "7", 1, 6)


def test_an_early_end_tag_and_text_after_the_record_are_kept_and_flagged():
    raw = _one("<doc><docno>1</docno><content>前半</doc>后半</content></doc>\n多出来的一句。\n")
    assert raw.body == "前半</doc>后半\n多出来的一句。" and raw.flags == ("text_outside_doc",)


def test_an_unclosed_title_does_not_swallow_the_content():
    raw = _one("<doc><docno>1</docno><contenttitle>标题<content>正文在这里。</content></doc>")
    assert raw.title == "标题" and raw.body == "正文在这里。"


def test_a_page_that_quotes_the_format_is_plain_text(tmp_path):
    path = tmp_path / "howto.txt"
    path.write_text("搜狗新闻语料的格式如下，每条新闻是一个记录：\n<doc>\n<docno>1</docno>\n<contenttitle>t</contenttitle>\n"
                    "<content>c</content>\n</doc>\n", "utf-8")
    result = process_file(InputFile(str(path), path.name))
    assert result.format == "plaintext"
    assert "sogou:text_outside_docs" in result.documents[0].flags
    assert "搜狗新闻语料的格式如下" in "".join(d.text + (d.title or "") for d in result.documents)


def test_forcing_sogou_on_other_text_falls_back(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("一段普通的文字，没有任何标签。\n", "utf-8")
    result = process_file(InputFile(str(path), path.name), BuildOptions(fmt="sogou"))
    assert result.status == "archived" and result.format == "plaintext"
    assert "sogou:no_docs" in result.documents[0].flags


def test_line_numbers_stay_linear_on_many_docs():
    doc = "<doc>\n<url>u</url>\n<docno>{n}</docno>\n<contenttitle>题</contenttitle>\n<content>正文。</content>\n</doc>\n"
    text = "".join(doc.format(n=n) for n in range(3000))
    items = list(sogou.parse(text))
    assert len(items) == 3000 and items[-1].line_start == 2999 * 6 + 1 and items[-1].line_end == 3000 * 6


def test_a_doc_tag_inside_content_is_text_of_that_record():
    items = list(sogou.parse("<doc><docno>1</docno><content>前面<doc>后面</content></doc>\n"
                             "<doc><docno>2</docno><content>第二条</content></doc>\n"))
    assert [item.body for item in items] == ["前面后面", "第二条"]


def test_a_root_of_any_name_and_a_doctype_stand_outside_the_records():
    # SogouCA's own samples wrap the records in <doclist>; the root must not reach the text
    text = ('<?xml version="1.0" encoding="gb18030"?>\n<!DOCTYPE doclist>\n<doclist>\n'
            "<doc>\n<url>http://news.sohu.com/20120612/n1.shtml</url>\n<docno>a-1</docno>\n"
            "<contenttitle>标题</contenttitle>\n<content>正文。</content>\n</doc>\n</doclist>\n")
    (raw,) = list(sogou.parse(text))
    assert (raw.title, raw.body, raw.flags, raw.line_start, raw.line_end) == ("标题", "正文。", (), 4, 9)
    assert raw.meta["date_published"] == "2012-06-12"


def test_an_ideographic_space_inside_a_title_is_kept():
    raw = _one("<doc><docno>1</docno><contenttitle>\u3000市民热议地铁新线开通\u3000早高峰客流平稳\n 续</contenttitle>"
               "<content>正文。</content></doc>")
    assert raw.title == "市民热议地铁新线开通\u3000早高峰客流平稳 续"
