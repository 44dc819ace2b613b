"""Real files of families nobody tuned for (tests/corpus/families, see SOURCES.tsv): journal
articles as plain text and as bracket-labelled reprints, Traditional-Chinese newspaper articles
as text and as saved pages, a whole saved WeChat page. Each expected value below was read off
the file itself: the fields hold what the file states, one record per article, no residue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import normalize
from normalize.validation import validate_archive

FAMILIES = Path(__file__).parent / "corpus" / "families"
APPLE = "http://www.appledaily.com.tw/appledaily/article/headline/"

EXPECTED = {
    "journal/C31-Enviornment0085.txt": dict(format="plaintext", title="工商界编制志愿举措案例", authors=["Bjrn Stigson"],
                                            publisher="产业与环境", date_published=None, date_text="1999年\u3000第21卷\u3000第1-2期"),
    "journal/C32-Agriculture0706.txt": dict(format="labelled", title="日本农业的发展和农业协同组合制度", authors=["曹丰生"],
                                            publisher="农村发展论丛", date_published=None, date_text="199502",
                                            source_id="1-3135", section="农业经济"),
    "journal/C36-Medical078.txt": dict(format="plaintext", title="张兴惠研创新法治疗脉管炎有奇效", authors=["蔡艾明"],
                                       publisher="新华社", date_published=None, date_text="５月６日"),
    "journal/C38-Politics0288.txt": dict(format="labelled", title="全球化与中国政治改革", subtitle="兼论与社会主义的关系",
                                         authors=["臧乃康"], publisher="理论与现代化", date_text="200011",
                                         tags=["全球化", "中国政治改革", "社会主义"]),
    "journal/C38-Politics0342.txt": dict(format="labelled", title="美国选举政治中的媒体因素", authors=["惠耕田"],
                                         publisher="国际关系学院学报", date_text="200004", tags=["选举政治", "大众传媒", "政党"]),
    "journal/C38-Politics0973.txt": dict(format="labelled", title="论德国政治学理论的新发展*", authors=["弗兰茨·格雷斯", "沈蕴芳"],
                                         publisher="政治学研究", date_text="199701", date_published=None),
    "journal/C39-Sports0006.txt": dict(format="plaintext", title="处方教学增强学生耐力素质初探", authors=["陈道裕", "朱水敏", "俞泳"],
                                       publisher="浙江体育科学", date_published=None, date_text="1999年 第21卷 第5期",
                                       tags=["运动处方", "耐力素质", "处方教学"]),
    "journal/C39-Sports0225.txt": dict(format="labelled", title="１９９５年全国体质研究论文报告会学术综述",
                                       authors=["季成叶", "于道中", "高大安"], publisher="体育科学", date_text="199601"),
    "newspaper_html/A3046.htm": dict(format="html", title="A3046 母顧癌父 12歲女扛家務", subtitle="化療半年愁斷炊「爸快好起來」",
                                     authors=["仲芝蓉"], publisher="蘋果日報", date_published="2013-04-18",
                                     url=APPLE + "20130418/34960215/", tags=["暖流", "頭條要聞"], language="zh-Hant"),
    "newspaper_html/A3065.htm": dict(format="html", title="A3065 7口老殘憨 婦愁出一身病", subtitle="「沒人賺錢」 不敢開刀 吞藥止痛",
                                     authors=["張嘉恬"], publisher="蘋果日報", date_published="2013-05-07",
                                     url=APPLE + "20130507/34999720/", tags=["暖流", "頭條要聞"]),
    "newspaper_html/A3692.htm": dict(format="html", title="A3692 3姊弟：盼爸爸打敗癌症", subtitle="5口靠津貼度日 父想看兒女嫁娶",
                                     publisher="蘋果日報", date_published="2015-06-26", url=APPLE + "20150626/36629383/",
                                     tags=["暖流", "頭條要聞"]),
    "newspaper_text/A3656.txt": dict(format="plaintext", title="12歲女中風癱床 父不捨", authors=[], publisher=None, date_published=None),
    "newspaper_text/A3692.txt": dict(format="plaintext", title="3姊弟：盼爸爸打敗癌症", authors=[], publisher=None, date_published=None),
    "newspaper_text/A3710.txt": dict(format="plaintext", title="單親媽顧癱女「我相信奇蹟」", authors=[], date_published=None),
    "newspaper_text/A3754.txt": dict(format="plaintext", title="3子殘盲癌 母摔癱沒依靠", authors=[], date_published=None),
    "wechat_html/gh_a217bb0c34bc_2020-10-04_2650813866_onP3W1flgj.y.tar.gz.html": dict(
        format="html", title='男人"偷"情是为了性，女人"偷"情是为了…', authors=[], publisher="环球局势洞见",
        date_published="2020-10-04T03:56:58+08:00", language="zh-Hans",
        url="http://mp.weixin.qq.com/s?__biz=MzA3MTMzOTY2Mg==&mid=2650813866&idx=8&sn=dc638933d42eaeabe3ebe18a224ea835"
            "&chksm=84db8e4bb3ac075dd1dcd6a3cec7bd48f302fce06a96c98ef64d17aa3933b2cb12d5d6d99d69#rd"),
}
#: What no record's text may hold: labels, tags, entities, markdown, a saved page's menus.
RESIDUE = re.compile(r"【\s*(?:标\s*题|作\s*者|正\s*文|文献号|原文出处)\s*】|</?[a-zA-Z][a-zA-Z0-9]*[\s>/]|&#\d+;|&[a-z]+;"
                     r"|\]\(|\*\*|Scan to Follow|Weixin ID|微信扫一扫")


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    out = tmp_path_factory.mktemp("families") / "archive"
    normalize.build([FAMILIES], out)
    assert validate_archive(out) == []
    by_path: dict[str, list[dict]] = {}
    for record in normalize.read_archive(out):
        by_path.setdefault(record["provenance"]["path"], []).append(record)
    return by_path


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_each_file_is_one_record_whose_fields_are_what_the_file_states(records, path):
    (record,) = records[path]
    for field, value in EXPECTED[path].items():
        assert record[field] == value, field


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_no_label_tag_entity_or_markdown_residue_reaches_the_text(records, path):
    (record,) = records[path]
    assert RESIDUE.search(record["text"]) is None, RESIDUE.search(record["text"]).group(0)
    assert len(record["text"]) > 300  # the body is there, not only its head


def test_the_saved_page_and_the_text_of_one_article_are_linked_as_duplicates(records):
    (page,) = records["newspaper_html/A3692.htm"]
    (text,) = records["newspaper_text/A3692.txt"]
    assert page["id"] in (text["duplicate_of"], text["near_duplicate_of"], text["contained_in"])


def test_a_received_date_an_issue_or_a_reference_never_becomes_a_publication_date(records):
    for path in EXPECTED:
        if path.startswith("journal/"):
            (record,) = records[path]
            assert record["date_published"] is None
