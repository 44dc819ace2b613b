"""Bylines: who wrote an article, as a labelled line (作者：…) or a bare name line."""

from __future__ import annotations

import re

#: A byline's label: a writer's role, optionally joined to a photographer's (報導．攝影╱…,
#: 文/圖：…, Taiwanese and Hong Kong papers' way), then a colon, bar or slash of any width.
_LABEL_RE = re.compile(r"^[\s*>_]*(?:作者|文|撰文|记者|記者|采写|採寫|文字|本报记者|本報記者|特约记者|特約記者"
                       r"|通讯员|通訊員|报道|報導|报导|采访|採訪)(?:\s*[．.·・、/／╱]\s*(?:摄影|攝影|图|圖|摄|攝))?"
                       r"\s*[：:｜|/丨／╱]\s*(.+)$")
#: Where the names end: the next label (编辑：…) or a link.
_NEXT_LABEL_RE = re.compile(r"(?:编辑|編輯|责编|責編|责任编辑|責任編輯|摄影|攝影|图片|圖片|图|圖|来源|來源|校对|校對|排版|翻译|翻譯|审校|審校)\s*[：:｜|/丨／╱]|[\[(（【]")
#: An affiliation before the names: 北青报记者 张月朦, 新华社记者 张晓松.
_AFFILIATION_RE = re.compile(r"^[\u4e00-\u9fff]{0,10}(?:记者|通讯员|特约撰稿人)\s+(?=\S)")
_HAN_NAME_RE = re.compile(r"^(?!.*(?:报道|報導|报導|综合|綜合|编辑部|編輯部|本报|本報|消息|新闻|新聞|整理|来源|來源"
                          r"|记者|記者|评论员|評論員|通讯员|通訊員))[\u4e00-\u9fff·]{2,6}$")
_LATIN_FULL_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z.\-']*(?: [A-Za-z][A-Za-z.\-']*){0,3}$")
_SPLIT_RE = re.compile(r"[\s、，,;；]+")
_STOP_RE = re.compile(r"[，。（(\[【]")
MAX_AUTHORS = 6


def labelled_byline(line: str) -> tuple[str, ...] | None:
    """Names from ``作者：甲 乙`` / ``文｜甲`` / ``记者/ 甲``; None if the line is not one."""
    match = _LABEL_RE.match(_unlinked(line))
    if not match:
        return None
    names = _NEXT_LABEL_RE.split(match.group(1), maxsplit=1)[0]
    return _names(_STOP_RE.split(names, maxsplit=1)[0]) or None


#: What may stand between the names of a byline: spaces, list marks, bars and slashes, 和/及/与.
_BETWEEN_NAMES_RE = re.compile(r"[\s、，,;；|｜/／&和及与]+")


def whole_byline(line: str) -> bool:
    """A labelled byline whose names are all it says: nothing after the label but the names
    read from it (``文｜张三 李四``); ``文｜张三 编辑｜李四`` or ``作者：A(x)|B(y)`` also say
    something else, so removing the line would lose it."""
    match = _LABEL_RE.match(_unlinked(line))
    names = labelled_byline(line) if match else None
    if not names:
        return False
    rest = match.group(1)
    for name in names:
        rest = rest.replace(name, "", 1)
    return not _BETWEEN_NAMES_RE.sub("", rest).strip("*_ \u3000")


def _unlinked(line: str) -> str:
    """Markdown links to their labels: ``re.sub(r"\\[([^\\]]*)\\]\\([^)]*\\)", r"\\1", line)``
    in one pass. The regex retries from every ``[`` and scans each time to the next ``]``
    (quadratic on ``[[[[…`` far from a ``]``); every ``[`` before one ``]`` meets that
    same ``]``, so one try covers them all."""
    out, at = [], 0
    start = line.find("[")
    while start >= 0:
        close = line.find("]", start + 1)
        if close < 0:
            break
        if line.startswith("(", close + 1):
            end = line.find(")", close + 2)
            if end < 0:
                break  # no ")" after this one: none after any later "]" either
            out += (line[at:start], line[start + 1:close])
            at = end + 1
            start = line.find("[", at)
        else:
            start = line.find("[", close + 1)
    out.append(line[at:])
    return "".join(out)


#: Chinese surnames (simplified and traditional forms; the compound ones first): a bare
#: name line names people only if every name starts with one, so a short line of the body
#: (参考文献, 累积试验, 结论) is no byline. A transliterated name (弗兰茨·格雷斯) has its ``·``.
COMPOUND_SURNAMES = (
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "尉迟", "尉遲", "公孙",
    "公孫", "慕容", "令狐", "长孙", "長孫", "宇文", "司徒", "夏侯", "轩辕", "軒轅", "端木", "独孤", "獨孤",
    "南宫", "南宮", "西门", "西門", "申屠", "澹台", "濮阳", "濮陽", "呼延", "万俟", "闻人", "聞人", "钟离",
    "鍾離", "赫连", "赫連", "司空", "太史", "左丘", "拓跋", "完颜", "完顏", "爱新觉罗", "愛新覺羅",
)
SURNAMES = frozenset(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾"
    "肖萧蕭田董袁潘于於蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付傅"
    "方白邹鄒孟熊秦邱江尹薛闫閻段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康"
    "施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符"
    "舒阮柯纪紀梅童凌毕畢单單季裴霍涂塗成苗谷盛曲翁冉骆駱蓝藍路游游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒"
    "解牟艾尤阳陽时時穆农農司卓古吉缪繆简簡车車项項连連芦蘆麦麥褚娄婁窦竇戚岑景党党宫宮费費卜冷晏席卫衛"
    "米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞姬师師和仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池查"
    "麻苑迟遲邝鄺官封谈談匡鞠惠荆荊乐樂冀郁胥南班储儲原栗燕楚鄢劳勞谌諶奚皮粟冼蔺藺楼樓盘盤满滿闻聞位"
    "厉厲伊仝区區郜海阚闞花权權强強帅帥屠豆朴盖蓋练練廉禹井祖漆巴丰豐支卿国國狄平计計索宣晋晉相初门門"
    "云雲容敬来來扈晁芮都普阙闕浦戈伏鹿薄邸雍辜羊阿乌烏母裘亓修邰赫杭况況那宿鲜鮮印逯隆茹诸諸战戰慕危"
    "玉银銀亢嵇公哈湛宾賓戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴陰昝智幸奉植衡富尧堯闭閉由习習郗寿壽訾桓凤鳳竺郦酈禄祿钮鈕迟米")


#: Titles and roles: a token ending in one (国务院总理, 张教授) names an office, not a person.
ROLE_ENDINGS = (
    "总理", "總理", "主席", "书记", "書記", "部长", "部長", "主任", "教授", "院长", "院長", "局长", "局長", "市长", "市長",
    "省长", "省長", "县长", "縣長", "区长", "區長", "镇长", "鎮長", "村长", "村長", "厅长", "廳長", "处长", "處長",
    "科长", "科長", "校长", "校長", "代表", "委员", "委員", "总统", "總統", "总裁", "總裁", "总监", "總監", "经理", "經理",
    "董事", "会长", "會長", "理事", "秘书", "秘書", "主编", "主編", "编辑", "編輯", "记者", "記者", "博士", "研究员",
    "研究員", "工程师", "工程師", "老师", "老師", "司令", "大使", "发言人", "發言人", "首相", "议员", "議員", "参事",
    "參事", "总长", "總長", "行长", "行長", "社长", "社長", "台长", "臺長", "署长", "署長", "司长", "司長", "站长",
)
#: A bare Han name is at most this long (a transliterated one, with its ``·``, is longer).
MAX_HAN_NAME = 4


def _is_person(token: str) -> bool:
    """A token that can be a person's name: no role at its end, at most MAX_HAN_NAME Han
    characters unless it holds a ``·``."""
    return not token.endswith(ROLE_ENDINGS) and ("·" in token or len(token) <= MAX_HAN_NAME)


def office_line(line: str) -> bool:
    """A line of an office and a name (国务院总理　李克强): short tokens, one of them ending in
    a role. No byline (the office is no author), and no part of a headline."""
    tokens = [t for t in _SPLIT_RE.split(line.strip(" \u3000")) if t]
    return (2 <= len(tokens) <= MAX_AUTHORS and all(re.fullmatch(r"[\u4e00-\u9fff·]{2,12}", t) for t in tokens)
            and any(t.endswith(ROLE_ENDINGS) for t in tokens) and not all(t.endswith(ROLE_ENDINGS) for t in tokens))


def _has_surname(name: str) -> bool:
    return "·" in name or name.startswith(COMPOUND_SURNAMES) or name[:1] in SURNAMES


def bare_byline(line: str, surnames: bool = True) -> tuple[str, ...] | None:
    """Names from a line holding only names (``习近平``, ``郑宇钧 杨媛``), each starting with
    a Chinese surname; else None. Where the place of the line says it is a byline (the
    line under a journal article's title), ``surnames=False`` lets two or more names with a
    rare surname (隗金水　严丽萍) through; one name still needs a known surname."""
    tokens = [t for t in _SPLIT_RE.split(line.strip(" \u3000")) if t]
    if not tokens or len(tokens) > MAX_AUTHORS or not all(_HAN_NAME_RE.match(t) for t in tokens):
        return None
    if (surnames or len(tokens) == 1) and not all(_has_surname(t) for t in tokens):
        return None
    if not all(_is_person(t) for t in tokens):
        return None  # 国务院总理　李克强: an office beside a name is no line of bare names
    return tuple(tokens)


def _names(text: str) -> tuple[str, ...]:
    """Han names split on spaces and list marks; Latin names split on commas and 、."""
    text = _AFFILIATION_RE.sub("", text.strip())
    first = next((t for t in _SPLIT_RE.split(text) if t), "")
    if _HAN_NAME_RE.match(first):
        tokens, pattern = _SPLIT_RE.split(text), _HAN_NAME_RE
    else:
        tokens, pattern = re.split(r"\s*(?:[、,;；]|\s{2,}|\band\b)\s*", text), _LATIN_FULL_NAME_RE
    names: list[str] = []
    for token in (t.strip() for t in tokens if t.strip()):
        if len(names) == MAX_AUTHORS or not pattern.match(token):
            break
        names.append(token)
    return tuple(names)


#: A credit line without a colon: 本报记者 王芳, 新华社记者 张晓松 朱基钗.
_CREDIT_RE = re.compile(r"^[\s\u3000]*(?:本报记者|本报特约记者|特约记者|新华社记者|中新社记者|本报通讯员|通讯员|记者"
                        r"|本報記者|特約記者|新華社記者|中央社記者|通訊員|記者)\s+(.+)$")
#: A collective byline: 人民日报评论员, 本报评论员.
_COMMENTATOR_RE = re.compile(r"^[\s\u3000]*([\u4e00-\u9fff]{0,10}(?:评论员|编辑部|评论部))[\s\u3000]*$")


def credit_line(line: str) -> tuple[str, ...] | None:
    """Names from a credit line without a colon (本报记者 王芳), or a collective byline
    (人民日报评论员) as the one author; None if the line is not one."""
    match = _CREDIT_RE.match(line)
    if match:
        return _names(_NEXT_LABEL_RE.split(match.group(1), maxsplit=1)[0]) or None
    match = _COMMENTATOR_RE.match(line)
    return (match.group(1),) if match else None


def any_byline(line: str) -> tuple[str, ...] | None:
    """Names from a labelled byline, a credit line or a line of bare names."""
    return labelled_byline(line) or credit_line(line) or bare_byline(line)
