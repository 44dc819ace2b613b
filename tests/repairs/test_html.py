"""HTML residue in text: every element name of the standard (current and obsolete) is a
tag, and prose or code that only looks like markup is not. Tables of (input, expected, why)."""

from __future__ import annotations

import pytest

from normalize.repairs import html, html_elements

P = "\u2029"

#: Real-shaped residue: saved pages and dumps of news sites, with the elements the
#: hand-picked list of tags did not know.
TAGS = [
    ('<p class="byline">记者 张三</p><time datetime="2020-10-05T08:00:00+08:00">2020年10月05日 08:00</time>',
     f"记者 张三{P}2020年10月05日 08:00", "<time> with a datetime"),
    ("<hgroup><h1>A3046 母顧癌父 12歲女扛家務</h1><h2>化療半年愁斷炊「爸快好起來」</h2></hgroup>",
     f"A3046 母顧癌父 12歲女扛家務{P}化療半年愁斷炊「爸快好起來」", "<hgroup> of a headline and subtitle"),
    ("<p>会议原定<del>10月</del><ins>11月</ins>举行。</p>", "会议原定10月11月举行。",
     "<del>/<ins> tags go, their text stays"),
    ("<p>据<cite>人民日报</cite>报道，他表示<q>要坚持下去</q>，<mark>重点</mark>在基层。</p>",
     "据人民日报报道，他表示要坚持下去，重点在基层。", "<cite>, <q>, <mark>"),
    ('<figure><picture><source srcset="a.webp" type="image/webp"><img src="a.jpg"></picture>'
     "<figcaption>图为现场。</figcaption></figure>正文第一段。", f"图为现场。{P}正文第一段。",
     "<figure>, <picture>, <source>, <figcaption>"),
    ("<details><summary>展开全文</summary><p>全文内容。</p></details>", f"展开全文{P}全文内容。",
     "<details>/<summary> are blocks"),
    ("<address>北京市东城区某某路1号</address><p>电话：010-12345678</p>",
     f"北京市东城区某某路1号{P}电话：010-12345678", "<address> is a block"),
    ("<p>按<kbd>Ctrl</kbd>+<kbd>C</kbd>复制，变量<var>x</var>，<abbr title=\"世界卫生组织\">WHO</abbr>。</p>",
     "按Ctrl+C复制，变量x，WHO。", "<kbd>, <var>, <abbr>"),
    ("<ruby>北京<rp>(</rp><rt>běi jīng</rt><rp>)</rp></ruby>", "北京(běi jīng)", "<ruby> keeps base and reading"),
    ('<center><font size=5 color="#ff0000"><b>重要通知</b></font></center>', "重要通知", "<center>, <font>"),
    ('<marquee behavior="scroll" direction="left">欢迎访问本站</marquee>', "欢迎访问本站", "<marquee>"),
    ("<blink>新</blink><tt>等宽</tt><big>大字</big><strike>删去</strike><nobr>不换行</nobr>",
     "新等宽大字删去不换行", "obsolete inline elements"),
    ('<frameset cols="20%,80%"><frame src="menu.htm"><frame src="main.htm"></frameset>'
     "<noframes>您的浏览器不支持框架。</noframes>", "您的浏览器不支持框架。", "<frameset>, <frame>, <noframes>"),
    ("<FONT COLOR=RED>红字</FONT><Font face=宋体>宋体</Font>", "红字宋体", "upper and mixed case with attributes"),
    ("<td nowrap>单元格</td><hr noshade><option value=1 selected>选项</option>", f"单元格{P}选项",
     "attributes written without a value"),
    ('<table border><tr><td>格</td></tr></table><img src="a.jpg" alt>', "格", "bare border and alt"),
    ("<p>正文。</p><template><p>模板内容</p></template>", "正文。", "<template> content is not text"),
    ("<time>2020-10-05</time>出版", "2020-10-05出版", "a bare new element closed in the text"),
    ("</section></article>\n正文", "\n正文", "closing tags alone"),
    ('<P class=MsoNormal style="MARGIN: 0cm 0cm 0pt" align=left><SPAN lang=EN-US><FONT size=3>\u3000\u3000新华社北京'
     "<SPAN lang=EN-US>2</SPAN></FONT><FONT size=3>月23日电 近日，国务院印发通知。<SPAN lang=EN-US><o:p></o:p></SPAN>"
     "</FONT></SPAN></P>", "\u3000\u3000新华社北京2月23日电 近日，国务院印发通知。", "Word's HTML with <o:p>"),
    ('<st1:chsdate isrocdate="False" islunardate="False" month="3" day="5" year="2008" w:st="on">3月5日'
     "</st1:chsdate>上午", "3月5日上午", "a Word smart tag"),
]

#: Text that must not change: prose and code that only look like markup.
PROSE = [
    ("据<人民日报>报道", "a Chinese name in angle brackets"),
    ("a<b and c>d", "prose: words without = are not attributes"),
    ("当x<b 而 y>c 时", "a Han word is never an attribute"),
    ("<b 而 《三体》 x>", "book title brackets inside"),
    ("List<Object> items = new ArrayList<>();", "a Java type name"),
    ("Dictionary<string, object> map; List<object> items;", "C# type names"),
    ("Optional<Option> value", "a mixed-case legacy name is a type"),
    ("他说<time>不够用，<data>也不全", "bare new names, never closed"),
    ("价格区间<100元>与<1000元>", "numbers in brackets"),
    ("请输入<姓名>和<title", "a legacy name cut off with no >"),
    ("比例为<x:y>，时间<m:ss>格式", "a ratio and a time format, not Office tags"),
]


@pytest.mark.parametrize("raw, expected, why", TAGS, ids=[case[2] for case in TAGS])
def test_tags_removed(raw, expected, why):
    fixed, counts = html.html_tags(raw)
    assert fixed == expected, why
    assert counts, why
    assert html.html_tags(fixed) == (fixed, {}), f"idempotent: {why}"


@pytest.mark.parametrize("raw, why", PROSE, ids=[case[1] for case in PROSE])
def test_prose_kept(raw, why):
    fixed, counts = html.html_tags(raw)
    assert fixed == raw, why
    assert not counts, why


def test_lines_inside_blocks():
    """Inside a prose block a newline is whitespace; <pre> and page containers keep lines."""
    assert html.html_tags("<p>第一行\n第二行</p>")[0] == "第一行第二行\n"
    assert html.html_tags("<pre>第一行\n第二行</pre>")[0] == "第一行\n第二行"
    assert html.html_tags("<center>标题\n正文</center>")[0] == "标题\n正文"


def test_element_data_is_consistent():
    every = html_elements.ALL
    for part in (html_elements.COMMON, html_elements.BLOCK, html_elements.VOID, html_elements.DROPPED):
        assert part <= every
    assert {"time", "hgroup", "del", "ins", "mark", "cite", "q", "details", "summary"} <= html_elements.CURRENT
    assert {"font", "center", "marquee", "blink", "tt", "big", "strike", "nobr", "frameset"} <= every
    assert not html_elements.VOID & (html_elements.BLOCK - {"hr"})


def test_entities_are_counted_on_their_lines_in_line_order():
    fixed, counts = html.html_entities("a&amp;gt;\nb&a1;\nc&lt;&#10;\n&amp;&amp;amp;")
    assert fixed == "a>\nb&a1;\nc< \n&&"
    assert list(counts.items()) == [(1, 2), (3, 2), (4, 3)]


TAG_SHAPES = ["<p>", "<P class=a>", "</p >", "<bdi>", "<bdo dir=rtl>", "<b and c>", "<base>", "<basefont size=3>",
              "<colgroup>", "<col>", "<o:p>", "</o:p>", "<O:P>", "<st1:chsdate month=\"3\">", "<st10:x>", "<o:p1>",
              "<h1>", "</H6>", "<h7>", "<lin\u212a rel=a>", "<\u017fcript>", "<abbrx>", "<a\nhref=x>", "<tt/>",
              "<menuitem>", "<x:y>", "<m:ss>", "<!--", "<time>", "</time\n>", "<hgroup >", "<img src=a/>"]


@pytest.mark.parametrize("shape", TAG_SHAPES)
def test_the_name_trie_matches_what_a_list_of_the_names_matches(shape):
    import re

    def flat(names):
        return "|".join(sorted(names, key=lambda name: (-len(name), name)))

    names = rf"(?:{flat(html_elements.OFFICE_PREFIXES)}):[A-Za-z]+|" + flat(html_elements.ALL)
    listed = re.compile(html.TAG_RE.pattern.replace(html._TAG_NAMES, names), re.I)
    text = f"前{shape}后{shape.upper()}"
    assert [m.span() for m in html.TAG_RE.finditer(text)] == [m.span() for m in listed.finditer(text)]
