"""The PREMIS 3 event log of a package: schema-valid (the shipped XSD, read here with lxml
directly), every input ingested, formats identified with PRONOM ids by fido, the repairs of
every record, reproducible with SOURCE_DATE_EPOCH, and checked by validate."""

from __future__ import annotations

import datetime
import json
import shutil
import uuid
from pathlib import Path

import bagit
import pytest
from lxml import etree

import normalize

from conftest import SEEDS
from normalize import premis
from normalize.cli import main
from normalize.bags import PREMIS_FILE, package
from normalize.validation import validate_path

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


# ---- one package of seeds, an HTML page and two rejected inputs, made through the API

P = {"premis": premis.NS}
HTML = Path(__file__).parent / "fixtures" / "html" / "list_page.html"
HTML_PUIDS = {"fmt/96", "fmt/97", "fmt/98", "fmt/99", "fmt/100", "fmt/471"}  # PRONOM's HTML versions


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds, an HTML page, and two inputs build rejects (empty, binary)."""
    folder = tmp_path_factory.mktemp("premis") / "in"
    folder.mkdir()
    for source in [*SEEDS.iterdir(), HTML]:
        shutil.copyfile(source, folder / source.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 12)
    return folder


@pytest.fixture(scope="module")
def archive(inputs: Path) -> Path:
    out = inputs.parent / "archive"
    normalize.build([inputs], out)
    return out


@pytest.fixture(scope="module")
def bag(archive: Path, inputs: Path) -> Path:
    return package(archive, [inputs], archive.parent / "bag", {"Source-Organization": "测试图书馆"}, agent="Zhang San")


@pytest.fixture(scope="module")
def log(bag: Path) -> etree._Element:
    return etree.parse(str(bag / "premis.xml")).getroot()


def _events(log: etree._Element, kind: str) -> list[etree._Element]:
    return [e for e in log.iterfind("premis:event", P) if e.findtext("premis:eventType", namespaces=P) == kind]


def _object(log: etree._Element, identifier: str) -> etree._Element:
    [found] = [o for o in log.iterfind("premis:object", P)
               if o.findtext("premis:objectIdentifier/premis:objectIdentifierValue", namespaces=P) == identifier]
    return found


def test_the_log_is_valid_against_the_shipped_premis_3_schema(bag: Path, log: etree._Element):
    schema = etree.XMLSchema(etree.parse(str(XSD), etree.XMLParser(no_network=True)))
    schema.assertValid(log)
    assert log.tag == f"{{{premis.NS}}}premis" and log.get("version") == "3.0"
    assert "premis.xml" in (bag / "tagmanifest-sha256.txt").read_text("utf-8")  # a tag file, covered


def test_the_schema_refuses_what_premis_3_does_not_admit():
    assert premis.problems(b'<premis xmlns="http://www.loc.gov/premis/v3" version="3.0"/>')  # no object
    assert premis.problems(b"<premis")  # not XML


def test_one_ingestion_event_per_input(archive: Path, log: etree._Element):
    manifest = normalize.archive.read_manifest(archive)
    events = _events(log, "ingestion")
    assert len(events) == len(manifest["inputs"]) == 8
    outcomes = {e.findtext("premis:linkingObjectIdentifier/premis:linkingObjectIdentifierValue", namespaces=P):
                (e.findtext("premis:eventOutcomeInformation/premis:eventOutcome", namespaces=P),
                 e.findtext(".//premis:eventOutcomeDetailNote", namespaces=P)) for e in events}
    assert outcomes["data/originals/list_page.html"][0] == "success"
    assert outcomes["empty.txt"][0] == "failure" and "rejected (empty" in outcomes["empty.txt"][1]
    assert outcomes["blob.bin"][0] == "failure" and "not in the package" in outcomes["blob.bin"][1]


def test_originals_have_pronom_ids_and_manifest_fixity(bag: Path, log: etree._Element):
    html = _object(log, "data/originals/list_page.html")
    assert html.findtext(".//premis:formatRegistryName", namespaces=P) == "PRONOM"
    assert html.findtext(".//premis:formatRegistryKey", namespaces=P) in HTML_PUIDS
    text = _object(log, f"data/originals/{next(SEEDS.iterdir()).name}")
    assert text.findtext(".//premis:formatRegistryKey", namespaces=P) == "x-fmt/111"
    digests = bagit.Bag(str(bag)).entries["data/originals/list_page.html"]
    assert [(f.findtext("premis:messageDigestAlgorithm", namespaces=P), f.findtext("premis:messageDigest", namespaces=P))
            for f in html.iterfind(".//premis:fixity", P)] == [("SHA-256", digests["sha256"]), ("SHA-512", digests["sha512"])]
    assert html.findtext(".//premis:size", namespaces=P) == str(HTML.stat().st_size)
    assert len(_events(log, "format identification")) == 6  # one per archived original
    _object(log, "data/archive/manifest.json")  # the archive's files are objects too
    _object(log, "data/archive/documents.jsonl")


def test_normalization_events_name_each_records_repairs(archive: Path, log: etree._Element):
    repaired = [r for r in normalize.read_archive(archive) if r["fixes"]]
    assert repaired
    notes = "\n".join(e.findtext(".//premis:eventOutcomeDetailNote", namespaces=P) for e in _events(log, "normalization"))
    for record in repaired:
        assert f"{record['id']}: " + ", ".join(f"{k}={v}" for k, v in sorted(record["fixes"].items())) in notes
    detail = _events(log, "normalization")[0].findtext(".//premis:eventDetail", namespaces=P)
    assert f"normalize {normalize.__version__}" in detail


def test_package_wide_events_and_agents(log: etree._Element):
    for kind in ("validation", "fixity check", "message digest calculation"):
        [event] = _events(log, kind)
        assert event.findtext(".//premis:eventOutcome", namespaces=P) == "success"
    agents = {a.findtext(".//premis:agentIdentifierValue", namespaces=P): a for a in log.iterfind("premis:agent", P)}
    assert set(agents) == {"normalize", "bagit-python", "fido", "organization:测试图书馆", "person:Zhang San"}
    assert agents["fido"].findtext("premis:agentVersion", namespaces=P)
    assert "PRONOM signatures v" in agents["fido"].findtext("premis:agentNote", namespaces=P)
    ids = [e.findtext("premis:eventIdentifier/premis:eventIdentifierValue", namespaces=P)
           for e in log.iterfind("premis:event", P)]
    assert len(set(ids)) == len(ids) and all(uuid.UUID(i).version == 5 for i in ids)


def test_logs_are_reproducible_with_source_date_epoch(archive: Path, inputs: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1583798400")
    logs = [(package(archive, [inputs], tmp_path / name) / "premis.xml").read_bytes() for name in ("one", "two")]
    assert logs[0] == logs[1]
    times = set(etree.fromstring(logs[0]).xpath("//premis:eventDateTime/text()", namespaces=P))
    assert times == {"2020-03-10T00:00:00Z"}


def test_a_broken_log_is_a_validation_problem(bag: Path, tmp_path: Path):
    copy = tmp_path / "bag"
    shutil.copytree(bag, copy)
    text = (copy / "premis.xml").read_text("utf-8")
    (copy / "premis.xml").write_text(text.replace("<premis:eventDateTime>", "<premis:eventWhen>", 1)
                                     .replace("</premis:eventDateTime>", "</premis:eventWhen>", 1), "utf-8")
    problems = [str(p) for p in validate_path(copy)]
    assert any(p.startswith("premis.xml: not valid PREMIS 3") for p in problems)
    assert any(p.startswith("bag:") and "premis.xml" in p for p in problems)  # and its tag manifest entry differs
    assert validate_path(bag) == []
