"""Damage invariance: a seed damaged in any of the ways real archives are damaged
gives every record the identical title and text as the clean seed."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from conftest import SEEDS
from normalize.options import BuildOptions  # noqa: F401
from normalize.plan import InputFile
from normalize.process import process_file

_STRUCTURE_RE = re.compile(r"^(>>>|=+\s*NEXT|#|>|[-*+] |!\[|---|\||\d+\. |\s*$)")


def _body_lines(text: str) -> set[int]:
    """Indexes of prose lines: not titles, separators, headings, lists or front matter."""
    lines = text.split("\n")
    front_end = -1
    if lines and lines[0].strip() == "---":
        front_end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), -1)
    return {i for i, line in enumerate(lines) if i > front_end and not _STRUCTURE_RE.match(line)}


def wrap_in_html(text: str) -> bytes:
    """Body lines in <p class="x">, curly quotes as entities, a <br/> after a comma.

    Lines already holding markup (a tag broken over two lines) are left as they are:
    wrapping half a tag would make different garbage, not the same text damaged.
    """
    lines = text.split("\n")
    for i in sorted(_body_lines(text)):
        if "<" in lines[i] or ">" in lines[i]:
            continue
        line = lines[i].replace("“", "&ldquo;").replace("”", "&rdquo;")
        if len(line) > 40 and "，" in line[5:]:
            cut = line.index("，", 5) + 1
            line = line[:cut] + "<br/>\n" + line[cut:]
        lines[i] = f'<p class="x">{line}</p>'
    return "\n".join(lines).encode("utf-8")


def utf8_lines_read_as_gbk(text: str) -> bytes:
    """Lines whose UTF-8 bytes read losslessly as GBK, read so and saved again."""
    out = []
    for line in text.split("\n"):
        data = line.encode("utf-8")
        try:
            misread = data.decode("gbk")
            out.append(misread if misread.encode("gbk") == data else line)
        except UnicodeDecodeError:
            out.append(line)
    return "\n".join(out).encode("utf-8")


DAMAGES = {
    "gb18030": lambda t: t.encode("gb18030"),
    "bom_crlf": lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8"),
    "utf16": lambda t: t.encode("utf-16"),
    "utf16le_no_bom": lambda t: t.encode("utf-16-le"),
    "html": wrap_in_html,
    "utf8_read_as_latin1": lambda t: t.encode("utf-8").decode("latin-1").encode("utf-8"),
    "utf8_lines_read_as_gbk": utf8_lines_read_as_gbk,
    "zero_width_and_nbsp": lambda t: "\n".join(
        line.replace("，", "，\u200b") + ("\u00a0" if line.strip() else "") for line in t.split("\n")
    ).encode("utf-8"),
}


def _records(path: Path, name: str) -> list[tuple[str | None, str]]:
    result = process_file(InputFile(str(path), name))
    return [(d.title, d.text) for d in result.documents]


@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir()))
def test_damaged_seed_gives_the_same_titles_and_texts(tmp_path: Path, seed: str, damage: str):
    clean_path = SEEDS / seed
    damaged_path = tmp_path / seed
    damaged_path.write_bytes(DAMAGES[damage](clean_path.read_text("utf-8")))
    clean, damaged = _records(clean_path, seed), _records(damaged_path, seed)
    assert [t for t, _ in damaged] == [t for t, _ in clean]
    for (_, want), (_, got) in zip(clean, damaged):
        assert got == want
