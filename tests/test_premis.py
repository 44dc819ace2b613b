"""The PREMIS 3 event log of a package: schema-valid (the shipped XSD, read here with lxml
directly), every input ingested, formats identified with PRONOM ids by fido, the repairs of
every record, reproducible with SOURCE_DATE_EPOCH, and checked by validate."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import SEEDS
from normalize import premis
from normalize.cli import main
from normalize.package import PREMIS_FILE
from normalize.validate import validate_path

TESTS = Path(__file__).parent
NS = {"p": "http://www.loc.gov/premis/v3"}
XSD = Path(premis.__file__).parent / "schemas" / premis.SCHEMA_FILE
EPOCH = 1700000000


@pytest.fixture(scope="module")
def packaged(tmp_path_factory) -> dict[str, Path]:
    """Seeds, a real HTML page and a file that is rejected, built and packaged twice with
    SOURCE_DATE_EPOCH set."""
    folder = tmp_path_factory.mktemp("premis")
    inputs = folder / "in"
    shutil.copytree(SEEDS, inputs)
    shutil.copyfile(sorted((TESTS / "corpus" / "families" / "newspaper_html").iterdir())[0], inputs / "page.htm")
    (inputs / "blank.txt").write_bytes(b"   \n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        assert main(["build", str(inputs), "-o", str(folder / "archive"), "--quiet"]) == 1  # one rejected
        for name in ("one", "two"):
            assert main(["package", str(folder / "archive"), "--originals", str(inputs), "-o", str(folder / name),
                         "--info", "Source-Organization=测试图书馆", "--agent", "Li Wei"]) == 0
    return {"archive": folder / "archive", "bag": folder / "one", "again": folder / "two"}


def tree(bag: Path) -> etree._ElementTree:
    return etree.parse(str(bag / PREMIS_FILE))


def test_the_event_log_is_valid_against_the_premis_3_schema(packaged):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(tree(packaged["bag"])), schema.error_log
    assert tree(packaged["bag"]).getroot().get("version") == "3.0"


def test_every_input_is_ingested_and_every_original_identified(packaged):
    manifest = json.loads((packaged["archive"] / "manifest.json").read_text("utf-8"))
    log = tree(packaged["bag"])
    ingested = log.xpath("//p:event[p:eventType='ingestion']", namespaces=NS)
    assert len(ingested) == len(manifest["inputs"])
    outcomes = {e.xpath("string(p:linkingObjectIdentifier/p:linkingObjectIdentifierValue)", namespaces=NS):
                e.xpath("string(p:eventOutcomeInformation/p:eventOutcome)", namespaces=NS) for e in ingested}
    assert outcomes["blank.txt"] == "failure"
    assert outcomes["data/originals/page.htm"] == "success"
    keys = {o.xpath("string(p:objectIdentifier/p:objectIdentifierValue)", namespaces=NS):
            o.xpath("string(.//p:formatRegistryKey)", namespaces=NS) for o in log.xpath("//p:object", namespaces=NS)}
    assert keys["data/originals/000_6217bae1011dada0.txt"] == "x-fmt/111"  # plain text
    assert keys["data/originals/page.htm"].startswith("fmt/")  # an HTML version
    assert "data/originals/blank.txt" not in keys  # rejected: not in the package
    names = log.xpath("//p:object[.//p:formatRegistryKey='fmt/96' or .//p:formatRegistryKey='fmt/99' "
                      "or .//p:formatRegistryKey='fmt/100' or .//p:formatRegistryKey='fmt/471']"
                      "//p:formatName/text()", namespaces=NS)
    assert any("Hypertext Markup Language" in name for name in names)
    assert keys["data/archive/manifest.json"] == "fmt/817"  # the archive's own JSON, not fido's guess
    fixity = log.xpath("//p:object[p:objectIdentifier/p:objectIdentifierValue='data/originals/page.htm']"
                       "//p:fixity[p:messageDigestAlgorithm='SHA-256']/p:messageDigest/text()", namespaces=NS)
    entry = next(e for e in manifest["inputs"] if e["path"] == "page.htm")
    assert fixity == [entry["sha256"]]


def test_normalization_names_the_tool_and_every_repair_of_every_record(packaged):
    records = [json.loads(line) for line in (packaged["archive"] / "documents.jsonl").read_text("utf-8").splitlines()]
    notes = "\n".join(tree(packaged["bag"]).xpath(
        "//p:event[p:eventType='normalization']//p:eventOutcomeDetailNote/text()", namespaces=NS))
    details = tree(packaged["bag"]).xpath("//p:event[p:eventType='normalization']/p:eventDetailInformation"
                                          "/p:eventDetail/text()", namespaces=NS)
    assert details and all(detail.startswith(f"normalize {premis_version()}") for detail in details)
    for record in records:
        if record["fixes"]:
            repairs = ", ".join(f"{name}={n}" for name, n in sorted(record["fixes"].items()))
            assert f"{record['id']}: {repairs}" in notes


def premis_version() -> str:
    from normalize.version import __version__

    return __version__


def test_times_come_from_source_date_epoch_and_packages_are_identical(packaged):
    assert (packaged["bag"] / PREMIS_FILE).read_bytes() == (packaged["again"] / PREMIS_FILE).read_bytes()
    when = datetime.datetime.fromtimestamp(EPOCH, datetime.timezone.utc)
    times = set(tree(packaged["bag"]).xpath("//p:eventDateTime/text()", namespaces=NS))
    assert len(times) == 1 and datetime.datetime.fromisoformat(times.pop().replace("Z", "+00:00")) == when
    agents = tree(packaged["bag"]).xpath("//p:agent/p:agentName/text()", namespaces=NS)
    assert {"normalize", "Li Wei", "测试图书馆"} <= set(agents) and any("fido" in a for a in agents)
    ids = tree(packaged["bag"]).xpath("//p:event/p:eventIdentifier/p:eventIdentifierValue/text()", namespaces=NS)
    assert len(ids) == len(set(ids))


def test_a_changed_event_log_fails_validation(packaged, tmp_path):
    bag = tmp_path / "bag"
    shutil.copytree(packaged["bag"], bag)
    log = tree(bag)
    for event in log.xpath("//p:event/p:eventType", namespaces=NS)[:1]:
        event.getparent().remove(event)  # an event without its type: not PREMIS 3
    log.write(str(bag / PREMIS_FILE), xml_declaration=True, encoding="UTF-8")
    problems = [str(p) for p in validate_path(bag)]
    assert any(PREMIS_FILE in p and "eventType" in p for p in problems), problems
    assert any(p.startswith("bag:") and PREMIS_FILE in p for p in problems), problems  # the tag manifests


def test_a_hostile_event_log_is_refused_not_expanded(packaged, tmp_path):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<premis xmlns="http://www.loc.gov/premis/v3" version="3.0">&b;</premis>')
    found = premis.problems(bomb)
    assert found and all("aaaaaaaaaa" not in problem for problem in found)
