"""The saved-web-page source: detection, and the metadata read from markup only."""

from __future__ import annotations

from normalize.sources import detect, html, pagemeta

PAGE = "<!DOCTYPE html><html><head><title>标题</title></head><body><p>正文</p></body></html>"


def test_a_page_is_detected_by_its_root_and_a_fragment_is_not():
    assert detect(PAGE, ".txt").name == "html"
    assert detect("<!-- {\"url\": \"x\"} -->\n" + PAGE, ".html").name == "html"
    fragment = "<p>第一段</p>\n<p>第二段</p>\n" * 3
    assert html.sniff(fragment, ".txt")[0] == 0.0
    assert html.sniff("---\ntitle: 页\n---\n<html><body>x</body></html>", ".html")[0] == 0.0


def test_the_site_name_is_cut_from_a_title_only_when_the_page_names_the_site():
    assert pagemeta._less_site("三姊弟盼爸爸 | 蘋果日報", ("蘋果日報",)) == "三姊弟盼爸爸"
    assert pagemeta._less_site("某某日报 - 城市更新", ("某某日报",)) == "城市更新"
    assert pagemeta._less_site("上海 - 北京高铁提速", ("某某日报",)) == "上海 - 北京高铁提速"
    assert pagemeta._less_site("上海 - 北京高铁提速", (None,)) == "上海 - 北京高铁提速"


def test_dates_come_from_machine_readable_values_only():
    assert pagemeta.machine_date("2015/06/26/") == "2015-06-26"
    assert pagemeta.machine_date("2021-06-08T09:30:00+08:00") == "2021-06-08T09:30:00+08:00"
    assert pagemeta.machine_date("2021-06-08T01:30:00Z") == "2021-06-08T01:30:00Z"  # the offset as written
    assert pagemeta.machine_date("昨天") is None
    assert pagemeta._epoch("1601647716") == "2020-10-02T22:08:36+08:00"
    assert pagemeta._epoch("not a number") is None


def test_what_names_no_person_is_not_an_author_and_is_kept_as_written():
    assert pagemeta._authors({"article:author": "https://www.facebook.com/appledaily.tw"}, [], set()) == ((), None)
    assert pagemeta._authors({"author": "王小明，李华"}, [], set()) == (("王小明", "李华"), None)
    assert pagemeta._authors({"author": "103407"}, [], set()) == ((), "103407")
    assert pagemeta._authors({"author": "sina_mobile,广州日报"}, [], {"广州日报"}) == ((), "sina_mobile,广州日报")


def test_markdown_specials_in_page_text_read_back_as_text():
    from lxml import html as lxml_html
    from normalize.blocks import parts_from_markdown
    root = lxml_html.fragment_fromstring("<div><p>1. 第一条 *重点* [注]</p><p>- 不是列表</p><p># 不是标题</p></div>")
    assert [p.text for p in parts_from_markdown(html._blocks_markdown(root))] == \
        ["1. 第一条 *重点* [注]", "- 不是列表", "# 不是标题"]


def test_an_unparseable_document_is_a_source_error():
    import pytest
    from normalize.sources.base import SourceError
    with pytest.raises(SourceError):
        list(html.parse(""))


def test_an_xhtml_page_with_an_encoding_declaration_is_read():
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>题目 - 某站</title>'
            '<meta property="og:site_name" content="某站"/></head><body><h1>题目</h1><p>'
            + "正文很长的一句话。" * 40 + "</p></body></html>")
    assert html.sniff(page, ".html")[0] >= 0.9
    (doc,) = html.parse(page)
    assert doc.title == "题目" and doc.body.startswith("正文很长的一句话。")


def test_an_image_paragraph_is_no_chrome_and_its_url_is_kept():
    body, removed, gone = html._cleaned_body("[题](https://x.example/t)\n\n![](files/a.jpg)\n\n相关阅读\n\n|  |\n\n"
                                             "[更多>>](https://x.example/more)\n\n正文。", ("题",))
    assert body == "![](files/a.jpg)\n\n正文。" and removed == 3
    assert gone == [("题", "https://x.example/t"), ("更多>>", "https://x.example/more")]  # kept in links


def test_an_ideographic_space_in_a_page_title_stays():
    page = ("<!DOCTYPE html><html><head><title>标题\u3000副题</title></head><body><p>"
            + "正文很长的一句话。" * 30 + "</p></body></html>")
    (doc,) = html.parse(page)
    assert doc.title == "标题\u3000副题"


def test_a_page_of_one_long_run_of_brackets_is_read_in_time():
    import time
    page = "<!DOCTYPE html><html><head><title>t</title></head><body><p>" + "[" * 120_000 + "</p></body></html>"
    started = time.perf_counter()
    list(html.parse(page))
    assert time.perf_counter() - started < 10
