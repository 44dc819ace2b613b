"""Bodies to typed paragraphs (normalize/blocks.py)."""

from normalize.blocks import parts_from_plain


def test_separators_inside_a_line_start_paragraphs():
    body = "第一段。\u2029第二段。\u2028第三段。\ue40c第四段，取自搜狗语料。\n\n第五段。\ue40c"
    assert [part.text for part in parts_from_plain(body)] == ["第一段。", "第二段。", "第三段。",
                                                              "第四段，取自搜狗语料。", "第五段。"]


def test_markdown_links_and_images_are_kept_with_their_anchor_spans(tmp_path):
    from normalize.plan import InputFile
    from normalize.process import process_file
    page = tmp_path / "post.md"
    page.write_text("---\ntitle: 标题\n---\n\n据[新华社](https://xinhua.example/a)报道，详见**[通知](https://gov.example/n)**全文。\n\n"
                    "![](https://img.example/p.jpg)\n\n第二段没有链接，但足够长。\n", "utf-8")
    (record,) = [d.to_dict() for d in process_file(InputFile(str(page), page.name)).documents]
    links = record["links"]
    assert [link["url"] for link in links] == ["https://xinhua.example/a", "https://gov.example/n", "https://img.example/p.jpg"]
    text = record["text"]
    assert text[links[0]["start"]:links[0]["end"]] == "新华社"
    assert text[links[1]["start"]:links[1]["end"]] == "通知"
    assert links[2]["start"] is None and links[2]["end"] is None


def test_html_links_inside_markdown_are_kept_too():
    from normalize.blocks import markdown_links
    body = ('据<a href="https://a.example/x">人民网</a>报道。\n\n<div><p>见<a href=\'https://b.example/y\'>通知</a>'
            '<img src="https://img.example/z.png"><img src="data:image/png;base64,AAAA"></p></div>\n')
    assert [link[:2] for link in markdown_links(body)] == [("人民网", "https://a.example/x"), ("通知", "https://b.example/y"),
                                                    ("", "https://img.example/z.png")]


def test_a_link_spans_its_own_anchor_not_an_earlier_word_of_the_same_spelling(tmp_path):
    from normalize.plan import InputFile
    from normalize.process import process_file
    page = tmp_path / "post.md"
    page.write_text("---\ntitle: 标题\n---\n\n中国疾控中心表示，[中国](https://a.example/cn)的疫情形势总体平稳，"
                    "[中国](https://b.example/cn2)仍需防范。\n\n见[屏幕截图](https://img.example/屏幕截图-2021.png)。\n\n"
                    "参见注释。\n\n[2]: https://ref.example/unused\n", "utf-8")
    (record,) = [d.to_dict() for d in process_file(InputFile(str(page), page.name)).documents]
    text, links = record["text"], record["links"]
    assert [link["url"] for link in links] == ["https://a.example/cn", "https://b.example/cn2",
                                               "https://img.example/屏幕截图-2021.png", "https://ref.example/unused"]
    assert links[0]["start"] == text.index("，中国") + 1
    assert text[links[1]["start"] - 1:links[1]["end"]] == "，中国"
    assert links[3]["start"] is None  # a reference definition no link used: kept, with no span


def test_an_html_block_of_thousands_of_unclosed_tags_is_read_in_time():
    import time
    from normalize.blocks import parts_from_markdown
    body = "# 标题\n\n" + "<p>" * 40_000 + "正文\n"
    started = time.perf_counter()
    parts = parts_from_markdown(body)
    assert time.perf_counter() - started < 5
    assert [p.text for p in parts][-1] == "正文"


def test_a_body_is_parsed_once_for_its_parts_and_its_links_and_reads_the_same_either_way(monkeypatch):
    from normalize import blocks
    body = ("# 标题\n\n据[新华社](https://xinhua.example/a)报道。\n\n<div><p>见<a href='https://b.example/y'>通知</a></p></div>\n\n"
            "> 引文[注][1]。\n\n[1]: https://ref.example/1\n[2]: https://ref.example/unused\n")
    other = "另一篇[链接](https://c.example/z)。\n"
    blocks._parsed.cache_clear()
    expected = (blocks.parts_from_markdown(body), blocks.markdown_links(body))
    parser = blocks._markdown()
    calls = []
    monkeypatch.setattr(parser, "parse", lambda src, env=None: calls.append(src) or type(parser).parse(parser, src, env))
    blocks._parsed.cache_clear()
    assert (blocks.parts_from_markdown(body), blocks.markdown_links(body)) == expected
    assert calls == [body]
    blocks.markdown_links(other)
    assert (blocks.parts_from_markdown(body), blocks.markdown_links(body)) == expected  # parsed again, the same
    assert blocks.markdown_links(body)[-1] == ("", "https://ref.example/unused", "")


def test_plain_lines_without_other_separators_split_at_newlines_only():
    body = "第一段。\n\n  \n第二段 \x85 仍是第二段。\n\t第三段\r"
    assert [part.text for part in parts_from_plain(body)] == ["第一段。", "第二段 \x85 仍是第二段。", "\t第三段\r"]
