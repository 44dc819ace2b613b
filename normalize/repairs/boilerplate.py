"""Boilerplate out of the text, each removal counted under its own name.

Each function takes the list of :class:`~normalize.records.Part` and returns
``(new_parts, count)``. Continuation markers are read as metadata before this runs.
"""

from __future__ import annotations

import re

from ..metadata import bylines, markers
from ..records import Part

#: QR-code and follow prompts: 扫码看…, 扫描二维码…, 长按识别二维码…
_QR_RE = re.compile(r"^[\s*【\[（(]*(?:扫码|扫描二维码|扫一扫|长按(?:识别)?(?:二维码|图片)?(?:关注)?|识别二维码)")
_QR_MAX = 60
#: A prompt that names nothing to watch: its object is on the next line.
_BARE_PROMPT_RE = re.compile(r"^(?:扫码|扫描二维码|扫一扫)(?:看|观看|收看|阅读|收听|关注)?[：:]?$")
_PROMPT_OBJECT = 20

#: Paywall, promo, copyright, disclaimer, share-bar and "read more" lines (at the start).
_PROMO_RE = re.compile(
    r"^[\s*【\[（(]*(?:此文限时免费阅读|更多报道详见|更多精彩内容|点击(?:阅读)?原文|阅读原文"
    r"|欢迎(?:点击|扫码|关注|订阅)|订阅财新|本文(?:系|为)?.{0,20}(?:独家|首发)|版权声明|【?反侵权公告"
    r"|未经(?:授权|许可).{0,6}(?:不得|禁止)转载|\S{0,10}版权声明|责任编辑[:：]"
    r"|(?:欢迎)?关注(?:我们|公众号|微信)|投稿邮箱|本文版权归|本文由.{0,20}转码"
    r"|(?:固定|永久|分享)链接\s*[:：]?\s*https?://|(?:发送|分享(?:到)?)\s*(?:Facebook|Twitter|微博|微信|WhatsApp)"
    r"|.{0,12}致力于为您提供)"
)
#: Disclaimers and reprint notices anywhere in a short paragraph.
_NOTICE_RE = re.compile(r"不代表.{0,16}(?:立场|观点)|(?:转载|转发|转引)请(?:联系|注明|获得)|版权归.{0,20}所有")
_PROMO_MAX = 300
_NOTICE_MAX = 80


def qr_prompts(parts: list[Part]) -> tuple[list[Part], int]:
    """Drop short paragraphs that ask the reader to scan a QR code.

    A bare prompt (扫码看) whose object is on the next line (央视新闻联播) takes that
    short, unpunctuated line with it.
    """
    kept: list[Part] = []
    bare_prompt = False
    for part in parts:
        text = part.text.strip()
        if len(text) <= _QR_MAX and _QR_RE.match(text):
            bare_prompt = bool(_BARE_PROMPT_RE.match(text))
            continue
        if bare_prompt and part.kind == "paragraph" and len(text) <= _PROMPT_OBJECT and not any(c in text for c in "，。！？；,.!?;"):
            bare_prompt = False
            continue
        bare_prompt = False
        kept.append(part)
    return kept, len(parts) - len(kept)


def promos(parts: list[Part]) -> tuple[list[Part], int]:
    """Drop paywall, subscription, copyright and read-more paragraphs."""
    kept = [p for p in parts if not _is_promo(p.text)]
    return kept, len(parts) - len(kept)


def _is_promo(text: str) -> bool:
    return (len(text) <= _PROMO_MAX and bool(_PROMO_RE.match(text))) or (
        len(text) <= _NOTICE_MAX and bool(_NOTICE_RE.search(text)))


def continuation_markers(parts: list[Part]) -> tuple[list[Part], int]:
    """Remove 上接…版 / 下转…版 markers; the pages are kept as metadata."""
    marked = markers.matching_any(markers.MARKER_WORD_RES, [part.text for part in parts])
    if not marked:  # the usual article: only the strip below, in one comprehension
        return [part if part.text == text else Part(part.kind, text)
                for part in parts if (text := part.text.strip())], 0
    out, count = [], 0
    for index, part in enumerate(parts):
        original = part.text.strip()
        text = original
        if index in marked:  # every marker holds a marker word; none can appear by the cut
            text = markers.CONTINUED_FROM_RE.sub("", text, count=1)
            text = markers.CONTINUED_TO_RE.sub("", text, count=1).strip()
            count += text != original
        if text:
            out.append(part if text == part.text else Part(part.kind, text))
    return out, count


def end_marks(parts: list[Part]) -> tuple[list[Part], int]:
    """Remove （完） end marks at the end of paragraphs."""
    marked = markers.matching(markers.END_MARK_END_RE, [part.text for part in parts])
    if not marked:
        return [part for part in parts if part.text.strip()], 0
    out, count = [], 0
    for index, part in enumerate(parts):
        text, n = markers.END_MARK_RE.subn("", part.text) if index in marked else (part.text, 0)
        count += n
        if text.strip():
            out.append(part if not n else Part(part.kind, text))
    return out, count


def captions(parts: list[Part]) -> tuple[list[Part], int]:
    """Type paragraphs that end with a photo credit as captions (nothing removed)."""
    marked = markers.matching_any(markers.CAPTION_END_RES, [part.text for part in parts])
    if not marked:
        return list(parts), 0
    out, count = [], 0
    for index, part in enumerate(parts):
        if index in marked and part.kind == "paragraph" and markers.is_caption(part.text):
            out.append(Part("caption", part.text))
            count += 1
        else:
            out.append(part)
    return out, count


#: Bylines are looked for in this many paragraphs at the start and at the end of an
#: article (web pages put related-article teasers after the byline).
BYLINE_REACH = 3
BYLINE_REACH_END = 8
BYLINE_MAX = 60


def byline_lines(parts: list[Part]) -> tuple[list[Part], int]:
    """Remove labelled byline paragraphs (作者：…) near either end whose names are all they
    say (the names are metadata); one that says more (an editor, an affiliation) stays."""
    reach = set(range(BYLINE_REACH)) | set(range(len(parts) - BYLINE_REACH_END, len(parts)))
    kept = [p for i, p in enumerate(parts)
            if not (i in reach and is_byline(p.text) and bylines.whole_byline(p.text))]
    return kept, len(parts) - len(kept)


def is_byline(text: str) -> bool:
    """A short paragraph that is only a labelled byline."""
    return len(text) <= BYLINE_MAX and bylines.labelled_byline(text) is not None
