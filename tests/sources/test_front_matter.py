"""YAML, TOML and JSON front matter give the same record (python-frontmatter's handlers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize.options import BuildOptions  # noqa: F401
from normalize.plan import InputFile
from normalize.process import process_file
from normalize.sources import frontfields, jekyll

JEKYLL = Path(__file__).parent.parent / "fixtures" / "jekyll"


def _record(name: str) -> dict:
    path = JEKYLL / name
    (document,) = process_file(InputFile(str(path), name)).documents
    record = document.to_dict()
    del record["id"], record["provenance"]
    return record


@pytest.mark.parametrize("twin", ["hugo_toml.md", "hugo_json.md"])
def test_toml_and_json_twins_equal_the_yaml_page(twin):
    assert _record(twin) == _record("hugo_yaml_twin.md")


def test_no_type_is_guessed_from_toml_or_json():
    toml_meta, _ = jekyll._load('+++\ntitle = 2020\ndraft = true\ndate = 2020-03-10\nn = 1.50\n+++\nbody\n')
    assert toml_meta == {"title": "2020", "draft": "true", "date": "2020-03-10", "n": "1.5"}
    json_meta, _ = jekyll._load('{\n"title": 2020, "n": 1.50, "draft": false, "x": null\n}\nbody\n')
    assert json_meta == {"title": "2020", "n": "1.50", "draft": "false", "x": ""}


@pytest.mark.parametrize("text, code", [
    ('+++\ntitle = "open\n+++\nbody\n', "front_matter_invalid"),
    ('{\n"title": "x",\n}\nbody\n', "front_matter_invalid"),
    ('+++\ntitle = "x"\nbody without a closing line\n', "front_matter_unclosed"),
])
def test_broken_front_matter_says_what_is_wrong(text, code):
    with pytest.raises(jekyll.SourceError) as raised:
        list(jekyll.parse(text))
    assert raised.value.code == code


@pytest.mark.parametrize("text", [
    '{\n"title": "标题",\n"content": "正文在这里。"\n}\n',
    '{\n"title": "一"\n}\n{\n"title": "二"\n}\n',
    '{\n"title": "只有数据"\n}\n',
])
def test_json_data_is_not_front_matter(text):
    assert jekyll.sniff(text, ".json")[0] < 0.1  # plain text reads it whole


def test_json_front_matter_over_a_body_is():
    assert jekyll.sniff('{\n"title": "标题"\n}\n\n正文。\n', ".md")[0] >= 0.8


@pytest.mark.parametrize("value, names, whole, why", [
    ("William Infante", ("William Infante",), True, "a space is inside a name, never between names"),
    ("张三 李四", ("张三 李四",), True, "no split at a space in Chinese either: kept whole"),
    ("张三，李四;王五 & 赵六", ("张三", "李四", "王五", "赵六"), True, "written separators split"),
    ("Jane Doe and John Roe", ("Jane Doe", "John Roe"), True, "' and ' between names"),
    ("xudong (EvoPaw 作者, 版主)", ("xudong",), False, "a role in parentheses: not split, not a name"),
    ("unknown", (), False, "no one is named"),
    ("佚名", (), False, "no one is named"),
    ({"name": "Hydrocracking"}, ("Hydrocracking",), True, "a mapping gives its name"),
    ([{"name": "甲", "url": "https://x.example/甲"}], ("甲",), False, "its other keys are kept whole"),
    (["[[Jane Doe]]", "[[people/王五|王五]]"], ("Jane Doe", "王五"), False, "Obsidian links unwrapped"),
    (["张三, 李四"], ("张三, 李四",), True, "a list item is one author as written"),
])
def test_front_matter_authors(value, names, whole, why):
    assert frontfields.author_names(value) == (names, whole), why


def test_a_yaml_alias_bomb_is_flagged_not_expanded(tmp_path):
    import time
    levels = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    page = tmp_path / "bomb.md"
    page.write_text(f"---\n{levels}title: 炸弹\ntags: *i\n---\n\n正文。\n", "utf-8")
    started = time.perf_counter()
    (record,) = process_file(InputFile(str(page), page.name)).documents
    assert time.perf_counter() - started < 5
    assert record.title == "炸弹" and "jekyll:front_matter_too_large" in record.flags
    assert sum(len(v.split("\n")) for v in record.source_fields.values()) <= frontfields.MAX_VALUES


def _both_loaders(front: str) -> tuple:
    """What PyYAML's pure BaseLoader and the loader jekyll uses make of ``front``."""
    import yaml

    def outcome(load):
        try:
            return "ok", load(front)
        except yaml.YAMLError as error:
            return "error", type(error).__name__

    return outcome(lambda f: yaml.load(f, Loader=yaml.BaseLoader)), outcome(jekyll._yaml)


def _fixture_fronts() -> list[str]:
    fronts = []
    for path in sorted(JEKYLL.glob("*.md")):
        text = path.read_text("utf-8", errors="replace")
        if jekyll._kind(text) == "yaml":
            try:
                fronts.append(jekyll._HANDLER.split(text)[0])
            except ValueError:
                pass
    return fronts


@pytest.mark.parametrize("front", _fixture_fronts())
def test_the_fast_yaml_loader_reads_every_fixture_as_the_pure_one(front):
    pure, used = _both_loaders(front)
    assert used == pure


@pytest.mark.skipif(jekyll._FAST_LOADER is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("front", _fixture_fronts())
def test_libyaml_itself_agrees_with_the_pure_loader_on_the_fixtures(front):
    import yaml

    def outcome(loader):
        try:
            return "ok", yaml.load(front, Loader=loader)
        except yaml.YAMLError as error:
            return "error", type(error).__name__

    assert outcome(jekyll._FAST_LOADER) == outcome(yaml.BaseLoader)


@pytest.mark.parametrize("front, why", [
    ('title: "\\ud800 半个"', "a lone surrogate escape: libyaml refuses it, the pure loader reads it"),
    ("title: [" * 40 + "x" + "]" * 40, "nesting past what the fast result is trusted with"),
    ("a: &a [x]\nb: [*a, *a, *a]\nc: &c [*c]", "aliases, shared and cyclic"),
    ("title: 标题\n\tbad: tab", "an error: the pure loader's"),
    ("title: 'No'\ndate: 2020-01-01\nn: 007", "nothing typed"),
])
def test_the_fast_yaml_loader_falls_back_where_libyaml_could_differ(front, why):
    pure, used = _both_loaders(front)
    assert repr(used) == repr(pure), why


@pytest.mark.parametrize("front", [
    "title: " + "[" * 40,
    "a:\n" + "".join(" " * i + "- b:\n" for i in range(20)),
    "a: " + "- " * 40 + "x",
    "a:\n" + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(20)),
])
def test_deep_nesting_never_reaches_libyaml(front):
    """libyaml's composer recurses in C: 50,000 '[' crash the process, not raise."""
    import yaml

    def depth(node, seen=0):
        children = node.value if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) else []
        flat = [c for pair in children for c in (pair if isinstance(pair, tuple) else (pair,))]
        return max([depth(c, seen + 1) for c in flat], default=seen + 1)

    assert jekyll._nesting_bound(front) >= jekyll._FAST_DEPTH
    try:
        assert depth(yaml.compose(front, Loader=yaml.BaseLoader)) < jekyll._nesting_bound(front)
    except yaml.YAMLError:
        pass
