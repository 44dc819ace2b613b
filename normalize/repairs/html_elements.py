"""HTML element names, as data: every element of the WHATWG HTML standard, the obsolete
and non-standard ones old pages and text dumps still carry, and which of them break
paragraphs, hold no content, or hold content that is not text.

Sources: the HTML Living Standard's index of elements (§ Index) and its list of
obsolete, non-conforming elements (§ 16.2); the few Netscape/IE elements beyond it
(``layer``, ``ilayer``, ``nolayer``, ``bgsound``, ``comment``) that saved pages of the
1990s and 2000s hold. Names only: no custom elements, no SVG or MathML inner elements.
"""

from __future__ import annotations

#: Elements of the current standard.
CURRENT = frozenset("""
a abbr address area article aside audio b base bdi bdo blockquote body br button canvas
caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed
fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe
img input ins kbd label legend li link main map mark math menu meta meter nav noscript object
ol optgroup option output p picture pre progress q rp rt ruby s samp script search section
select selectedcontent slot small source span strong style sub summary sup svg table tbody
td template textarea tfoot th thead time title tr track u ul var video wbr
""".split())

#: Obsolete and non-standard elements still found in old pages and dumps.
OBSOLETE = frozenset("""
acronym applet basefont bgsound big blink center comment dir font frame frameset ilayer
image isindex keygen layer listing marquee menuitem multicol nextid nobr noembed noframes
nolayer param plaintext rb rtc spacer strike tt xmp
""".split())

ALL = CURRENT | OBSOLETE

#: Namespace prefixes of Microsoft Office's HTML (``<o:p></o:p>``, ``<st1:chsdate …>3月5日
#: </st1:chsdate>``, ``<v:shape>``), which text pasted from Word carries by the thousand:
#: ``o`` Office, ``v`` VML, ``w`` Word, ``x`` Excel, ``m`` Office math, ``st1``… smart tags.
OFFICE_PREFIXES = ("o", "v", "w", "x", "m", "st1", "st2", "st3", "st4", "st5", "st6", "st7",
                   "st8", "st9")

#: The names common in text dumps, a tag wherever they appear, even bare and unclosed
#: (``<p>``, ``<font>``, ``<b>``). Any other name is a tag only with attributes, as a
#: closing tag, or when its closing tag is in the same text: a bare ``<object>``,
#: ``<data>`` or ``<time>`` alone is as likely prose or code (``List<object>``).
COMMON = frozenset("""
a abbr article aside audio b big blockquote body br button center code dd div dl dt em
figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input
label li link main meta nav noscript ol option p picture pre s script section select small
source span strong style sub sup svg table tbody td textarea tfoot th thead title tr u ul
video wbr
""".split())

#: Elements whose edges are paragraph breaks, and inside which (while one is open) a
#: source newline within running text is whitespace: the blocks that hold prose.
#: Left out on purpose: containers that wrap whole pages or parts of them in old dumps,
#: often unclosed (``center``, ``form``, ``header``, ``footer``, ``nav``, ``aside``,
#: ``main``, ``frameset``, ``noframes``, ``menu``, ``dir``, ``dialog``, ``search``), where
#: every line would be joined to the next; and preformatted ones (``pre``, ``listing``,
#: ``xmp``, ``plaintext``), whose newlines are breaks.
BLOCK = frozenset("""
address article blockquote caption dd details div dl dt figcaption figure h1 h2 h3 h4 h5 h6
hgroup hr legend li ol p section summary table tr ul
""".split())

#: Void elements: no content, never closed, so they do not nest.
VOID = frozenset("""
area base basefont bgsound br col embed frame hr image img input isindex keygen link meta
nextid param source spacer track wbr
""".split())

#: Elements whose content is not text of the page: dropped with everything inside them.
#: (``canvas``, ``object``, ``applet`` and ``math`` keep theirs: fallback text or formulas.)
DROPPED = frozenset("""
audio comment head iframe img noembed noscript script style svg template video
""".split())

#: Attributes written without a value in real markup (``<td nowrap>``, ``<option selected>``).
#: A word without ``=`` inside ``<…>`` that is none of these, nor ``data-*``/``aria-*``/``v-*``,
#: says the brackets hold prose (``a<b and c>d``), not a tag.
BOOLEAN_ATTRIBUTES = frozenset("""
allowfullscreen allowtransparency alt async autofocus autoplay border checked compact
contenteditable controls declare default defer disabled download draggable formnovalidate
hidden inert ismap itemscope loop mozallowfullscreen multiple muted nohref nomodule noresize
nosave noshade novalidate nowrap open playsinline readonly required reversed scoped seamless
selected spellcheck truespeed webkitallowfullscreen wrap
""".split())
