"""Field-labelled dumps: ``LABEL：value`` lines (连接/标题/内容 …) or ``【 标  题 】value``
bracket labels, the body after the body label.

People's Daily dumps and many in-house exports write an article as labelled fields::

    连接：http://paper.people.com.cn/rmrb/html/2020-04/02/nw.D110000renmrb_20200402_4-09.htm
    标题：<kicker (引题), often empty>
    <title>
    <subtitle (副题), often empty>
    内容：
    　　body …

Reprint databases (人大复印报刊资料, the Fudan corpus built from them), newspaper CD-ROM
exports and CNKI pages copied as text write the labels in full-width brackets, with any
spaces inside, a colon or not after them, one label a line or several on one line::

    【 文献号 】1-3135
    【原文出处】农村发展论丛
    【 作  者 】曹丰生/李四
    【 标  题 】日本农业的发展和农业协同组合制度
        ——兼论…                      (a title's next line: the subtitle)
    【内容提要】… (a value may go on over several lines)
    【关 键 词】全球化/中国政治改革
    【 正  文 】
        body …
    【责任编辑】许健                   (labels after the body: source_fields)
    【校 对 者】许健

    【 日  期 】19960104 【 版  号 】1 【 标  题 】… 【 作  者 】… 【 正  文 】 body …

Labels are data: :data:`FIELDS` names each field's labels as written (spaces inside a
label are ignored, ``【 作  者 】`` is 作者), for both styles. Labels without a field of
their own (``FIELDS["source_fields"]``, any other bracket label in a header, a label
repeated, a second value for one field, a label line after or inside the body such as
``【责任编辑】许健``) land in ``meta["source_fields"]`` as ``{label without spaces: value}``;
labels never reach ``text``. Inside a body only a line that opens with a label of the
header's shape is read, and an unknown label only when its value is a credit, not prose
(``【编者按】这是…。`` stays in the text, and so does a bare ``【附图】``). A title label's
value holding a dash after a run of spaces (``万水千山隔不断  ——纪念…``) is title and
subtitle, the export having put the subtitle line on the title's; a dash after no space
(``怎样经营管理？——介绍…``) is the title's own.

In the colon style, ``标题：`` followed by value lines before the next label is the
People's Daily layout: the label's own value is the kicker, the next line the title, the
one after it the subtitle; the kicker is kept as the first line of ``text``. A link label
met inside a body is read and removed (flag ``labels_out_of_order``); unlabelled lines in
a colon header are kept at the top of the body (flag ``unlabelled_header_lines``). A
bracket body hard-wrapped at one width is joined back (``hard_wraps``: a raw line that
reaches the width goes on, never a caption ``表１  …`` below it), and a bracketed section
heading in it (``【参考文献】``) is written as the heading it is. Bylines and
notes inside a body (``（作者单位：…）``, ``（收稿日期 …）``) stay in the text: the labels
give the metadata. A file that does not open with a label, or has no title or link label
and a body label, is not this layout.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Iterator, NamedTuple

from ..metadata import dates
from ..records import RawDoc
from ..textutil import WHITESPACE, join_lines
from .base import SourceError

NAME = "labelled"
MARKUP = "plain"
#: Bodies come from web pages or the paper's own text files: never joined as OCR cuts.
PART_REPAIRS_OFF = frozenset({"paragraph_joins"})

#: Each field and its labels as written (without the spaces a label may hold inside).
FIELDS = {
    "url": ("连接", "链接", "网址", "原文链接", "原文地址", "URL", "Url", "url", "网页链接"),
    "title": ("标题", "题目", "主标题", "题名", "篇名"),
    "subtitle": ("副标题", "副题"),
    "authors": ("作者", "记者", "撰稿", "著者"),
    "publisher": ("来源", "出处", "稿源", "原文出处", "报纸名称", "刊名"),
    "date": ("时间", "日期", "发布时间", "发表时间", "出版日期", "刊发日期", "报纸日期"),
    "issue": ("原刊期号",),  # an issue number (199502): date_text as written, never a day
    "source_id": ("文献号",),
    "tags": ("关键词", "主题词"),
    "section": ("版面", "版次", "栏目", "版名", "版号"),
    "classification": ("分类名",),  # the section when no page label gave one
    "body": ("内容", "正文", "全文"),
    # Labels no record field holds: kept in ``source_fields``. The abstract (内容提要/摘要)
    # is one: it is the database's summary, not the article's first paragraph, and kept
    # in the text it would read as the article's own opening.
    "source_fields": ("原刊地名", "原刊页号", "分类号", "复印期号", "作者简介", "作者单位", "内容提要",
                      "摘要", "提要", "机构", "基金", "中图分类号", "DOI"),
    # A body's own section headings, bracketed: in a bracket body, written as the heading.
    "heading": ("参考文献", "注释", "附注", "附录", "参考资料"),
}
#: Each label's field; the colon style reads headings as no label.
_FIELD_OF = {label: name for name, labels in FIELDS.items() for label in labels}
_COLON_FIELD_OF = {label: name for label, name in _FIELD_OF.items() if name != "heading"}
_SPACE = "[ \t\u3000]"


def _alternatives(names) -> str:
    """A regex group of the names, longest first, each allowing spaces between its characters."""
    spaced = (f"{_SPACE}*".join(map(re.escape, name)) for name in sorted(names, key=len, reverse=True))
    return "(" + "|".join(spaced) + ")"


_LABEL_RE = re.compile(rf"^{_SPACE}*{_alternatives(_COLON_FIELD_OF)}{_SPACE}*[：:]{_SPACE}*(.*)$")
#: A bracket label at a line's start (not indented: an indented line is a paragraph): a
#: known name, or any short name of letters and digits (no punctuation: 【注意，…】 is prose).
_BRACKET_START_RE = re.compile(rf"^【{_SPACE}*([^\W\d_][\w \t\u3000]{{0,15}}?){_SPACE}*】{_SPACE}*[：:]?{_SPACE}*")
#: A known bracket label anywhere in a line (several labels on one line).
_BRACKET_RE = re.compile(rf"【{_SPACE}*{_alternatives(_FIELD_OF)}{_SPACE}*】{_SPACE}*[：:]?{_SPACE}*")
_BODY_HEADING_RE = re.compile(rf"^{_SPACE}*【{_SPACE}*{_alternatives(FIELDS['heading'])}{_SPACE}*】{_SPACE}*$")
#: A bracket label's name: at most this many characters once its spaces are gone.
MAX_LABEL = 8
#: How many lines the body label may come after the first label (the header's length):
#: bracket headers run longer (a dozen labels and an abstract of several lines).
HEADER_REACH, BRACKET_HEADER_REACH = 20, 60
#: The subtitle line under a bracket title.
_SUBTITLE_RE = re.compile(r"^(?:——|──|—|―|--)\s*")
#: A subtitle the export wrote on the title's own line, after a run of spaces
#: (``万水千山隔不断  ——纪念…``): a dash after no space (``怎样经营管理？——介绍…``,
#: ``假设——推理``) is the title's own punctuation and stays in it.
_INLINE_SUBTITLE_RE = re.compile(rf"^(.*?[^ \t\u3000]){_SPACE}+(?:——|──|――|—|―)+{_SPACE}*([^ \t\u3000].*)$")


class Label(NamedTuple):
    """One label met in a line: its field, its name as written (spaces out), its value."""

    field: str
    name: str
    value: str


def _squeeze(name: str) -> str:
    return re.sub(f"{_SPACE}+", "", name)


def _colon_label(line: str) -> Label | None:
    match = _LABEL_RE.match(line)
    if match is None:
        return None
    name = _squeeze(match.group(1))
    label = Label(_FIELD_OF[name], name, match.group(2).strip(WHITESPACE))
    if label.field == "url" and label.value and not re.match(r"(?i)(?:https?|ftp)://|www\.", label.value):
        return None  # "网址：" followed by prose is not a link field
    return label


def _bracket_labels(line: str) -> tuple[Label, ...]:
    """The labels of a line that opens with a bracket label: the first (known or not), then
    every known one after it; the body label takes the rest of the line. Empty if none."""
    first = _BRACKET_START_RE.match(line)
    if first is None or len(_squeeze(first.group(1))) > MAX_LABEL:
        return ()
    found = [(_squeeze(first.group(1)), first.end())]
    cuts = [first.start()]
    if _FIELD_OF.get(found[0][0]) != "body":
        for match in _BRACKET_RE.finditer(line, first.end()):
            found.append((_squeeze(match.group(1)), match.end()))
            cuts.append(match.start())
            if _FIELD_OF[found[-1][0]] == "body":
                break
    ends = cuts[1:] + [len(line)]
    return tuple(Label(_FIELD_OF.get(name, "source_fields"), name, line[start:end].strip(WHITESPACE))
                 for (name, start), end in zip(found, ends))


def _style(lines: list[str]) -> str | None:
    """``bracket`` or ``colon`` by the first non-blank line's label; None if it has none."""
    first = next((line for line in lines if line.strip(WHITESPACE)), None)
    if first is None:
        return None
    if _bracket_labels(first):
        return "bracket"
    return "colon" if _colon_label(first) else None


def _hits(lines: list[str], style: str) -> list[tuple[Label, ...]]:
    """Each line's labels, read once: bracket labels, or the one colon label."""
    if style == "bracket":
        return [_bracket_labels(line) if "【" in line else () for line in lines]
    return [(hit,) if (hit := _colon_label(line)) else () for line in lines]


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """Score the layout: the first line a label, a title or link label among the header's
    labels, and a body label within reach. Anything less scores under ``plaintext``
    (a ``【编者按】`` or ``【环球时报】`` in a news paragraph is no label header)."""
    head = text[:8000].split("\n")
    style = _style(head[:BRACKET_HEADER_REACH])
    if style is None:
        return 0.0, "the first line is no label"
    reach = HEADER_REACH if style == "colon" else BRACKET_HEADER_REACH
    lines = head[:reach + 2]
    hits = _hits(lines, style)
    names = {label.field for labels in hits for label in labels} - {"source_fields"}
    if "body" not in names or not names & {"title", "url"}:
        return 0.05, f"{style} labels {sorted(names)}: no title or link label, or no body label"
    body_at = next(i for i, labels in enumerate(hits) if any(label.field == "body" for label in labels))
    score = 0.6 + 0.1 * min(len(names - {"body"}), 3)
    return min(score, 1.0), f"{style} labels {sorted(names)}, body label at line {body_at + 1}"


def parse(text: str) -> Iterator[RawDoc]:
    """One RawDoc per article; raises SourceError when the file does not open with the layout."""
    lines = text.split("\n")
    style = _style(lines[:BRACKET_HEADER_REACH])
    hits = _hits(lines, style) if style else []
    starts = _article_starts(lines, hits, HEADER_REACH if style == "colon" else BRACKET_HEADER_REACH) if style else []
    if not starts:
        raise SourceError("no_body_label", "the file does not open with labels followed by '内容：'/'正文：'")
    ends = starts[1:] + [len(lines)]
    read = _article if style == "colon" else _bracket_article
    for start, end in zip(starts, ends):
        raw = read(lines, hits, start, end)
        if raw is not None:
            yield raw


def _fields_of(labels: tuple[Label, ...]) -> set[str]:
    return {label.field for label in labels}


def _article_starts(lines: list[str], hits: list[tuple[Label, ...]], reach: int) -> list[int]:
    """Line indexes where articles start: the first line (a label), then, inside a body,
    each line with the first article's first label, or a title or link label, that a
    body label follows within ``reach`` lines."""
    first = next((i for i, line in enumerate(lines) if line.strip(WHITESPACE)), None)
    if first is None or not hits[first] or hits[first][0].field == "body":
        return []
    bodies = [i for i, labels in enumerate(hits) if "body" in _fields_of(labels)]
    if not bodies or bodies[0] - first > reach:
        return []
    leader = hits[first][0].name
    starts, body_at = [first], bodies[0]
    for index in range(body_at + 1, len(lines)):
        labels = hits[index]
        if index <= body_at or not labels or labels[0].field == "body":
            continue
        if labels[0].name != leader and labels[0].field not in ("title", "url"):
            continue
        at = bisect.bisect_left(bodies, index)
        following = bodies[at] if at < len(bodies) else None
        if following is not None and following - index <= reach:
            starts.append(index)
            body_at = following
    return starts


def _article(lines: list[str], hits: list[tuple[Label, ...]], start: int, end: int) -> RawDoc | None:
    """One article of the colon style (see the module's docstring)."""
    fields: dict[str, str] = {}
    extra: dict[str, str] = {}
    names: dict[str, str] = {}
    kicker = subtitle_line = title_line = None
    flags: list[str] = []
    stray: list[str] = []  # unlabelled lines in the header: kept, at the top of the body
    index, body_from, body_value = start, end, None
    while index < end:
        if not hits[index]:
            if lines[index].strip(WHITESPACE):
                stray.append(lines[index])
            index += 1
            continue
        field, name, value = hits[index][0]
        if field == "body":
            body_from, body_value = index + 1, value or None
            break
        following = _value_lines(lines, hits, index + 1, end) if field == "title" else []
        if following:
            kicker, title_line = value, following[0]
            subtitle_line = following[1] if len(following) > 1 else None
            index += 1 + len(following)
            continue
        taken = extra if field == "source_fields" else fields
        key = name if field == "source_fields" else field
        if key in taken or (field == "title" and title_line is not None):
            flags.append("labels_repeated")  # a label twice: keep the line
            stray.append(lines[index])
        else:
            taken[key], names[field] = value, name
        index += 1
    if body_from == end and body_value is None:
        flags.append("labels_out_of_order")
    if stray:
        flags.append("unlabelled_header_lines")
    body: list[str] = stray + ([body_value] if body_value else [])
    for line, labels in zip(lines[body_from:end], hits[body_from:end]):
        if labels and labels[0].field == "url":  # a link field inside the body: read it, keep it out of the text
            fields.setdefault("url", labels[0].value)
            flags.append("labels_out_of_order")
            body.append("")
            continue
        body.append(line)
    title = (title_line or "").strip(WHITESPACE) or fields.get("title") or None
    subtitle = fields.get("subtitle") or (subtitle_line or "").strip(WHITESPACE) or None
    kicker = (kicker or "").strip(WHITESPACE) or None
    if title is None and (kicker or subtitle):
        title, kicker = (kicker, None) if kicker else (subtitle, None)
        subtitle = None if title == subtitle else subtitle
    text_lines = ([kicker] if kicker else []) + body
    if not any(line.strip(WHITESPACE) for line in text_lines) and not title:
        return None
    last = max((i for i in range(start, end) if lines[i].strip(WHITESPACE)), default=start)
    fields["subtitle"] = subtitle or ""
    return RawDoc(line_start=start + 1, line_end=last + 1, body="\n".join(text_lines), markup=MARKUP,
                  title=title, meta=_meta(fields, extra, names), flags=tuple(sorted(set(flags))))


def _value_lines(lines: list[str], hits: list[tuple[Label, ...]], start: int, end: int) -> list[str]:
    """The People's Daily title and subtitle: the one or two unlabelled lines right after
    ``标题：`` (blank lines before the next label aside), when a label follows them.
    Empty if a label follows at once, or more lines than that do."""
    taken: list[str] = []
    index = start
    while index < min(end, start + 6) and not hits[index]:
        taken.append(lines[index])
        index += 1
    if index >= end or not hits[index]:
        return []
    while taken and not taken[-1].strip(WHITESPACE):
        taken.pop()
    return taken if len(taken) <= 2 else []


def _bracket_article(lines: list[str], hits: list[tuple[Label, ...]], start: int, end: int) -> RawDoc | None:
    """One article of the bracket style: labels (several a line, a value going on over the
    unlabelled lines after it) up to the body label, then the body, hard wraps joined back."""
    read, body_from, body_value = _bracket_header(lines, hits, start, end)
    fields: dict[str, str] = {}
    extra: dict[str, str] = {}
    names: dict[str, str] = {}
    flags: list[str] = []
    for field, name, value in read:
        if not value:
            continue
        if field in fields:  # a label twice: the first gives the field, the others are kept
            flags.append("labels_repeated")
            field = "source_fields"
        elif field == "heading":  # a heading's label in a header (no body of its own yet)
            field = "source_fields"
        if field == "source_fields":
            extra[name] = f"{extra[name]}\n{value}" if name in extra else value
        else:
            fields[field], names[field] = value, name
    if body_from is None:
        flags.append("labels_out_of_order")
        body_from = end
    raw_body = ([body_value] if body_value else []) + [
        _body_label(line, labels, extra) for line, labels in zip(lines[body_from:end], hits[body_from:end])]
    body, joins = _unwrapped(raw_body, _wrap_width(lines[start:end]))
    body = [_heading(line) for line in body]
    title = fields.pop("title", None)
    split = _INLINE_SUBTITLE_RE.match(title or "")
    if split and not fields.get("subtitle"):  # 主题  ——副题: the subtitle line the export put on the title's
        title, fields["subtitle"] = split.group(1), split.group(2)
    if not title and not any(line.strip(WHITESPACE) for line in body):
        return None
    last = max((i for i in range(start, end) if lines[i].strip(WHITESPACE)), default=start)
    return RawDoc(line_start=start + 1, line_end=last + 1, body="\n".join(body), markup=MARKUP,
                  title=title, meta=_meta(fields, extra, names), flags=tuple(sorted(set(flags))),
                  fixes=(("hard_wraps", joins),) if joins else ())


def _bracket_header(lines: list[str], hits: list[tuple[Label, ...]], start: int,
                    end: int) -> tuple[list[Label], int | None, str | None]:
    """The header's labels in order, each value with the lines it goes on over; the line
    the body starts at (None if no body label) and the body label's own value.

    A line that goes on a value hard-wrapped at the file's width is joined to it as one
    line; any other goes on after a line break. A title's next line starting with a
    dash (``——兼论…``) is the subtitle; a title's other lines are the title's."""
    width = _wrap_width(lines[start:end])
    read: list[list[str]] = []  # [field, name, value]
    previous = ""  # the last line read
    for index in range(start, end):
        text = lines[index].strip(WHITESPACE)
        if not hits[index]:
            if text and read:
                _go_on(read, text, _wraps(previous, width))
            previous = lines[index] if text else previous
            continue
        for label in hits[index]:
            if label.field == "body":
                return [Label(*entry) for entry in read], index + 1, label.value or None
            read.append([label.field, label.name, label.value])
        previous = lines[index]
    return [Label(*entry) for entry in read], None, None


#: A label line's value in a body that is a credit, not prose: short, no sentence in it.
MAX_BODY_LABEL_VALUE = 40
_SENTENCE_RE = re.compile(r"[。！？!?；;]")


def _body_label(line: str, labels: tuple[Label, ...], extra: dict[str, str]) -> str:
    """A body line: itself, or a blank line once its labels are read into ``extra``.

    Read: a line that opens with a bracket label of the header's shape (unindented, a short
    name, see :func:`_bracket_labels`) and a value, where the label is a known one other
    than a heading's, or any other label whose value is a credit rather than prose (at most
    :data:`MAX_BODY_LABEL_VALUE` characters, no sentence mark): ``【责任编辑】许健``,
    ``【校 对 者】…``, ``【作者简介】…``. ``【编者按】这是…。`` and ``【参考文献】`` stay in the body."""
    if not labels or labels[0].field in ("heading", "body") or not any(label.value for label in labels):
        return line
    first = labels[0]
    if first.name not in _FIELD_OF and (len(first.value) > MAX_BODY_LABEL_VALUE or _SENTENCE_RE.search(first.value)):
        return line
    for _, name, value in labels:
        if value:
            extra[name] = f"{extra[name]}\n{value}" if name in extra else value
    return ""


def _go_on(read: list[list[str]], text: str, wrapped: bool) -> None:
    """Add a line to the last value read (see :func:`_bracket_header`)."""
    entry = read[-1]
    if entry[0] == "title" and _SUBTITLE_RE.match(text):
        read.append(["subtitle", "副标题", _SUBTITLE_RE.sub("", text)])
    elif wrapped or entry[0] in ("title", "subtitle") or not entry[2]:
        entry[2] = join_lines([entry[2], text])
    else:
        entry[2] = f"{entry[2]}\n{text}"


#: Hard wrapping: at least this many lines of at least MIN_WRAP columns, this share of
#: them within WRAP_SLACK columns of one width.
MIN_WRAP, MIN_WRAPPED_LINES, WRAPPED_SHARE, WRAP_SLACK = 40, 3, 0.3, 2


def _columns(line: str) -> int:
    """How wide a line is where these exports wrap it: every character outside ASCII takes
    two columns (two bytes in GBK, the width the wrapping counted; “” and · too)."""
    return sum(1 if char < "\x80" else 2 for char in line.rstrip(WHITESPACE))


def _wrap_width(lines: list[str]) -> int | None:
    """The width in columns these lines were hard-wrapped at (the reprint exports wrap at a
    fixed width, indentation included), or None if they were not."""
    long = [n for n in map(_columns, lines) if n >= MIN_WRAP]
    if len(long) < MIN_WRAPPED_LINES:
        return None
    width = Counter(long).most_common(1)[0][0]
    near = sum(1 for n in long if width - WRAP_SLACK <= n <= width)
    return width if near >= WRAPPED_SHARE * len(long) else None


#: A table's or figure's caption (``表１  甘肃省人口…``, ``图2``): a line of its own, never
#: the rest of a wrapped paragraph (a paragraph cut before ``表２）。`` goes on).
_CAPTION_RE = re.compile(r"^(?:附|续)?[表图][ \t\u3000]*[0-9０-９]+(?:[-－.．][0-9０-９]+)*(?:[ \t\u3000]+\S|[ \t\u3000]*$)")


#: Marks no line may open with (closing punctuation): in a wrapped body such a line goes on
#: the line above however short that one is (``…梦想终于实现了`` / ``。``).
_NO_LINE_START = frozenset("，。、；：？！）」』”’》〉】,.;:?!)")


def _wraps(line: str, width: int | None) -> bool:
    """Does the line reach the wrap width, so that it goes on on the next line?"""
    return width is not None and _columns(line) >= width - WRAP_SLACK


def _unwrapped(lines: list[str], width: int | None) -> tuple[list[str], int]:
    """The lines with each hard-wrapped paragraph joined back, and how many joins: a line
    that reaches the wrap width (the raw line's width: a joined paragraph is wider than any
    line) goes on on the next line unless that one is blank or indented (a paragraph starts
    there), a bracketed heading or a caption (``表１  …``); a line opening with closing
    punctuation (``，以利于…``) goes on any line above. Joined as written, no space put in:
    a line one column short of the width is a word or number the wrap cut there
    (``Party Governmen`` / ``t,New York``, ``《政治学季刊》19`` / ``95年``), never a space eaten."""
    out: list[str] = []
    joins = 0
    previous = ""  # the last raw line: the wrap width is a raw line's, not a joined paragraph's
    for line in lines:
        wrapped = _wraps(previous, width) or (width is not None and previous.strip(WHITESPACE) != ""
                                                and line[:1] in _NO_LINE_START)
        if (out and line.strip(WHITESPACE) and line[:1] not in WHITESPACE and wrapped
                and not _BODY_HEADING_RE.match(line) and not _CAPTION_RE.match(line)):
            out[-1] = out[-1].rstrip(WHITESPACE) + line
            joins += 1
        else:
            out.append(line)
        previous = line
    return out, joins


def _heading(line: str) -> str:
    """A bracketed section heading of a body (``【参考文献】``) as the heading itself."""
    match = _BODY_HEADING_RE.match(line)
    return _squeeze(match.group(1)) if match else line


#: Between authors: list marks and slashes; between Han names also spaces.
_AUTHOR_SPLIT_RE = re.compile(r"[/／、，,;；]+")
_TAG_SPLIT_RE = re.compile(r"[/／;；，,]+")
#: A role written before the names (本报记者 张三): not a name.
_ROLE_RE = re.compile(r"^[\u4e00-\u9fff]{0,8}(?:记者|通讯员)$")
_AFFILIATION_RE = re.compile(r"[（(][^（）()]*[）)]")


def _authors(value: str) -> tuple[tuple[str, ...], bool]:
    """The names of an author label, and whether anything written was left out:
    split on slashes and list marks, Han names also on spaces (Latin names keep theirs);
    a role before them (本报记者), 等 and an affiliation in brackets (（北京大学）) are no names."""
    names: list[str] = []
    for piece in _AUTHOR_SPLIT_RE.split(value):
        tokens = [piece] if re.search("[A-Za-z]", piece) else re.split(f"{_SPACE}+", piece)
        names += [token.strip(WHITESPACE) for token in tokens if token.strip(WHITESPACE)]
    bare = [_AFFILIATION_RE.sub("", name) for name in names]
    kept = [name for name in bare if name and name != "等"]
    while len(kept) > 1 and _ROLE_RE.match(kept[0]):
        kept.pop(0)
    unique = tuple(dict.fromkeys(kept))
    return unique, list(unique) != names


def _unquoted(value: str) -> str:
    """A journal's name without the 《》 around it."""
    match = re.fullmatch(r"《([^《》]+)》", value)
    return match.group(1) if match else value


def _real_date(written: str) -> str | None:
    """The ISO date a date label states (``2020-05-06 10:30``, ``2020年5月6日``,
    ``19960104``), or None when it is no real calendar day."""
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", written)
    if compact:
        return dates.iso_date("-".join(compact.groups()))
    return dates.iso_date(written) or dates.chinese_date(written)[0]


def _keep_before(extra: dict[str, str], name: str, value: str) -> None:
    """Keep a label's first value in ``source_fields``, before the later ones kept there."""
    extra[name] = f"{value}\n{extra[name]}" if name in extra else value


def _meta(fields: dict[str, str], extra: dict[str, str], names: dict[str, str]) -> dict:
    """Record fields from the label values (``fields`` by field, ``names`` the label each
    was written with); labels without a field of their own (``extra``) as ``source_fields``."""
    extra = dict(extra)
    meta: dict = {key: fields[key] for key in ("subtitle", "url", "source_id") if fields.get(key)}
    if fields.get("authors"):
        authors, trimmed = _authors(fields["authors"])
        meta["authors"] = authors or (fields["authors"],)
        if trimmed:  # the label's affiliations are kept, as written
            _keep_before(extra, names["authors"], fields["authors"])
    if fields.get("publisher"):
        meta["publisher"] = _unquoted(fields["publisher"])
    if fields.get("tags"):
        meta["tags"] = tuple(dict.fromkeys(t.strip(WHITESPACE) for t in _TAG_SPLIT_RE.split(fields["tags"])
                                           if t.strip(WHITESPACE)))
    written = fields.get("date")
    if written:
        meta["date_text"] = written
        iso = _real_date(written)
        if iso:
            meta["date_published"] = iso
    for field, key in (("issue", "date_text"), ("section", "section"), ("classification", "section")):
        if fields.get(field) and key not in meta:
            meta[key] = fields[field]
        elif fields.get(field):  # a second value for the same record field: kept as written
            _keep_before(extra, names[field], fields[field])
    url = fields.get("url")
    if "date_published" not in meta and url and dates.url_date(url):
        meta["date_published"] = dates.url_date(url)
    if extra:
        meta["source_fields"] = extra
    return meta
