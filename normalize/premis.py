"""PREMIS 3 event logs: what happened to each file of a preservation package, as XML.

:func:`package_log` writes one ``premis:premis`` document (namespace
``http://www.loc.gov/premis/v3``) valid against the PREMIS 3.0 schema shipped as
``normalize/schemas/premis-v3-0.xsd``: an ``object`` (category ``file``) per file with
its fixity, size and format (a PRONOM id from fido), the events (ingestion, format
identification and normalization of each original, validation of the archive, message
digest calculation and fixity check of the package) and the agents that did them.

Event identifiers are UUIDs derived (uuid5) from the event's type, time, detail and
objects, never random: with ``SOURCE_DATE_EPOCH`` set the document is the same byte for
byte. The schema is the Library of Congress's PREMIS 3.0 schema (January 18, 2016) as
redistributed by RODA (github.com/keeps/roda, commit d111ad37022bd0ef24f732b125ab221a0cc27545,
roda-common/roda-common-data/src/main/resources/premis/v3/premis.xsd), unchanged. This module knows nothing of BagIt; :mod:`normalize.bags` gives it the files,
digests and outcomes. :func:`problems` checks a document against the shipped schema,
offline (the PREMIS 3.0 schema imports no other schema).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

NS = "http://www.loc.gov/premis/v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} https://www.loc.gov/standards/premis/premis.xsd"
SCHEMA_FILE = "premis-v3-0.xsd"
EVENT_TYPES = "http://id.loc.gov/vocabulary/preservation/eventType"
EVENT_CODES = {"ingestion": "ing", "normalization": "nor", "validation": "val", "fixity check": "fix",
               "format identification": "for", "message digest calculation": "mes"}
# uuid5 namespace of normalize's PREMIS event identifiers (itself uuid5 of the URL namespace)
EVENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/normalize/premis-events")
MAX_NOTE_LINES = 100  # per eventOutcomeDetailNote: a log stays readable for inputs of many records
_SAFE_PARSER = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True)
class Format:
    """A format identification: PRONOM id (``None`` if none matched), name, version, how."""

    puid: str | None
    name: str
    version: str | None = None
    basis: str = "fail"  # fido's match type: signature, container, extension or fail
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileObject:
    """A file of the package: its identifier (path in the package), where it is on disk
    (read for format identification), size, digests by algorithm and original name."""

    identifier: str
    path: Path
    size: int
    digests: dict[str, str]
    original_name: str | None = None


@dataclass(frozen=True)
class Agent:
    identifier: str
    name: str
    type: str  # software, organization or person
    version: str | None = None
    note: str | None = None


@dataclass
class Event:
    type: str
    detail: str
    outcome: str  # success or failure
    notes: list[str] = field(default_factory=list)
    agents: list[tuple[str, str]] = field(default_factory=list)   # (agent identifier, role)
    objects: list[tuple[str, str]] = field(default_factory=list)  # (object identifier, role)


def event_time() -> str:
    """Now in UTC, ISO 8601 to the second, or ``SOURCE_DATE_EPOCH`` when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    else:
        moment = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- format identification

@lru_cache(maxsize=1)
def _fido() -> Any:
    """One fido instance per process: loading its PRONOM signatures takes ~0.2 s."""
    from fido.fido import Fido
    from fido.versions import get_local_versions

    versions = get_local_versions()
    return Fido(quiet=True, nocontainer=True, handle_matches=_keep_matches,
                format_files=[versions.pronom_signature, versions.fido_extension_signature])


_matches: list[tuple[list, str]] = []


def _keep_matches(_name: str, matches: list, _seconds: float, matchtype: str = "") -> None:
    _matches.append((matches, matchtype))


def fido_agent() -> Agent:
    """fido, with its version and the PRONOM signature release it identifies with."""
    import fido
    from fido.versions import get_local_versions

    versions = get_local_versions()
    return Agent("fido", "fido (Format Identification for Digital Objects)", "software", fido.__version__,
                 f"PRONOM signatures v{versions.pronom_version} ({versions.pronom_signature}, "
                 f"{versions.fido_extension_signature})")


def identify(path: str | os.PathLike) -> Format:
    """The format fido finds for the file at ``path`` (by signature, else by extension);
    the first of several equal matches, the others kept as ``alternatives``."""
    engine = _fido()
    del _matches[:]
    with contextlib.redirect_stderr(io.StringIO()):  # fido writes notes (empty files) to stderr
        engine.identify_file(os.fspath(path))
    found = [(match, basis) for matches, basis in _matches for match in matches]
    del _matches[:]
    if not found:
        return Format(None, "unknown")
    (first, _signature), basis = found[0]
    puids = [engine.get_puid(f) for (f, _s), _b in found]
    version = first.find("version")
    return Format(puids[0], first.find("name").text, version.text if version is not None and version.text else None,
                  basis, tuple(p for p in puids[1:] if p != puids[0]))


# ---------------------------------------------------------------- the document

def package_log(objects: list[FileObject], inputs: list[dict[str, Any]], records: Iterable[dict[str, Any]],
                *, originals_prefix: str, outcomes: list[str], validation_problems: list[str],
                fixity_problems: list[str], algorithms: list[str], agents: list[Agent], when: str,
                formats: dict[str, Format] | None = None) -> bytes:
    """The PREMIS document of a package.

    ``objects`` are its files; ``inputs`` the archive manifest's inputs (an archived one is
    the object ``originals_prefix + path``); ``records`` the archive's records (their
    ``fixes`` per original); ``outcomes`` the identifiers of the archive's shards;
    ``validation_problems`` what ``normalize validate`` found in the archive;
    ``fixity_problems`` what checking the package's manifests found; ``agents`` the
    normalize, packager and fido agents first, then any organization or person.
    ``formats`` (object identifier → Format) skips identifying those files again."""
    formats = dict(formats or {})
    for obj in objects:
        if obj.identifier not in formats:
            formats[obj.identifier] = identify(obj.path)
    software = [a.identifier for a in agents if a.type == "software"]
    tool, packager, identifier = software[0], software[1], software[2]
    made_by = " ".join(filter(None, (agents[0].name, agents[0].version)))
    people = [a.identifier for a in agents if a.type != "software"]

    def by(*programs: str) -> list[tuple[str, str]]:
        return [(p, "executing program") for p in programs] + [(p, "implementer") for p in people]

    fixes: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for record in records:
        path = record["provenance"]["path"]
        counts[path] = counts.get(path, 0) + 1
        if record.get("fixes"):
            repairs = ", ".join(f"{name}={n}" for name, n in sorted(record["fixes"].items()))
            fixes.setdefault(path, []).append(f"{record['id']}: {repairs}")
    events: list[Event] = []
    for entry in inputs:
        archived = entry["status"] == "archived"
        target = originals_prefix + entry["path"]
        link = (target if archived else entry["path"], "source")
        why = "; ".join(str(entry[k]) for k in ("reason", "detail") if entry.get(k))
        events.append(Event(
            "ingestion", f"input {entry['path']} read by normalize (SHA-256 {entry['sha256']})",
            "success" if archived else "failure",
            [f"status: {entry['status']}" + (f" ({why})" if why else "")
             + ("" if archived else "; not in the package")
             + (f"; {entry.get('records', 0)} records, format {entry.get('format')}" if archived else "")],
            by(tool), [link]))
        if not archived:
            continue
        found = formats[target]
        events.append(Event(
            "format identification", f"fido identified {target}", "success" if found.puid else "failure",
            [f"{found.puid or 'no PRONOM id'} ({found.name}) by {found.basis}"
             + (f"; also matched: {', '.join(found.alternatives)}" if found.alternatives else "")],
            by(identifier), [(target, "source")]))
        lines = fixes.get(entry["path"], [])
        notes = [f"{counts.get(entry['path'], 0)} records, {len(lines)} repaired"] + _bounded(lines)
        events.append(Event(
            "normalization", f"{made_by} made records of {target}, read as {entry.get('format')}",
            "success", notes, by(tool), [(target, "source")] + [(o, "outcome") for o in outcomes]))
    archive_objects = [o.identifier for o in objects if not o.identifier.startswith(originals_prefix)]
    events.append(Event(
        "validation", "normalize validate of the archive (records against the schema, ids, links, manifest)",
        "failure" if validation_problems else "success",
        [f"{len(validation_problems)} problems"] + _bounded(validation_problems), by(tool),
        [(o, "source") for o in archive_objects]))
    every = [(o.identifier, "source") for o in objects]
    events.append(Event(
        "message digest calculation", f"{', '.join(algorithms)} of every file, in the package's manifests",
        "success", [f"{len(objects)} files"], by(packager), every))
    events.append(Event(
        "fixity check", "every file checked against the package's manifests",
        "failure" if fixity_problems else "success",
        [f"{len(fixity_problems)} problems"] + _bounded(fixity_problems), by(packager), every))
    return _document(objects, formats, events, agents, when)


def _bounded(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_NOTE_LINES:
        return lines
    return lines[:MAX_NOTE_LINES] + [f"… and {len(lines) - MAX_NOTE_LINES} more"]


def _document(objects: list[FileObject], formats: dict[str, Format], events: list[Event], agents: list[Agent],
              when: str) -> bytes:
    root = etree.Element(f"{{{NS}}}premis", nsmap={"premis": NS, "xsi": XSI}, version="3.0")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    ids = [_event_id(event, when) for event in events]
    links: dict[str, list[str]] = {}
    for event, value in zip(events, ids):
        for obj, _role in event.objects:
            links.setdefault(obj, []).append(value)
    for obj in objects:
        element = _sub(root, "object")
        element.set(f"{{{XSI}}}type", "premis:file")  # a QName: the prefix is needed
        _pair(element, "objectIdentifier", "local", obj.identifier)
        traits = _sub(element, "objectCharacteristics")
        _sub(traits, "compositionLevel", "0")
        for algorithm in sorted(obj.digests):
            fixity = _sub(traits, "fixity")
            _sub(fixity, "messageDigestAlgorithm", algorithm.upper().replace("SHA", "SHA-"))
            _sub(fixity, "messageDigest", obj.digests[algorithm])
            _sub(fixity, "messageDigestOriginator", "normalize")
        _sub(traits, "size", str(obj.size))
        found = formats[obj.identifier]
        form = _sub(traits, "format")
        designation = _sub(form, "formatDesignation")
        _sub(designation, "formatName", found.name)
        if found.version:
            _sub(designation, "formatVersion", found.version)
        if found.puid:
            registry = _sub(form, "formatRegistry")
            _sub(registry, "formatRegistryName", "PRONOM")
            _sub(registry, "formatRegistryKey", found.puid)
            _sub(registry, "formatRegistryRole", "specification")
        _sub(form, "formatNote", f"identified by fido ({found.basis})")
        if obj.original_name:
            _sub(element, "originalName", obj.original_name)
        for value in links.get(obj.identifier, []):
            _pair(element, "linkingEventIdentifier", "UUID", value)
    for event, value in zip(events, ids):
        element = _sub(root, "event")
        _pair(element, "eventIdentifier", "UUID", value)
        kind = _sub(element, "eventType", event.type)
        kind.set("authority", "eventType")
        kind.set("authorityURI", EVENT_TYPES)
        kind.set("valueURI", f"{EVENT_TYPES}/{EVENT_CODES[event.type]}")
        _sub(element, "eventDateTime", when)
        _sub(_sub(element, "eventDetailInformation"), "eventDetail", event.detail)
        outcome = _sub(element, "eventOutcomeInformation")
        _sub(outcome, "eventOutcome", event.outcome)
        if event.notes:
            _sub(_sub(outcome, "eventOutcomeDetail"), "eventOutcomeDetailNote", "\n".join(event.notes))
        for agent, role in event.agents:
            link = _pair(element, "linkingAgentIdentifier", "local", agent)
            _sub(link, "linkingAgentRole", role)
        for obj, role in event.objects:
            link = _pair(element, "linkingObjectIdentifier", "local", obj)
            _sub(link, "linkingObjectRole", role)
    for agent in agents:
        element = _sub(root, "agent")
        _pair(element, "agentIdentifier", "local", agent.identifier)
        _sub(element, "agentName", agent.name)
        _sub(element, "agentType", agent.type)
        if agent.version:
            _sub(element, "agentVersion", agent.version)
        if agent.note:
            _sub(element, "agentNote", agent.note)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _event_id(event: Event, when: str) -> str:
    name = "\x1f".join([event.type, when, event.detail, *(f"{o}\x1e{r}" for o, r in event.objects)])
    return str(uuid.uuid5(EVENT_NAMESPACE, name))


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        element.text = _xml_text(text)
    return element


def _pair(parent: etree._Element, tag: str, kind: str, value: str) -> etree._Element:
    """``<tag><tagType>kind</tagType><tagValue>value</tagValue></tag>`` (identifiers and links)."""
    element = _sub(parent, tag)
    _sub(element, f"{tag}Type", kind)
    _sub(element, f"{tag}Value", value)
    return element


def _xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters, lone surrogates)."""
    return "".join(c if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd")
                   or c >= "\U00010000" else "\ufffd" for c in text)


# ---------------------------------------------------------------- checking

@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The PREMIS 3.0 schema shipped with the package, compiled without the network."""
    source = resources.files("normalize").joinpath("schemas", SCHEMA_FILE)
    with resources.as_file(source) as path:
        return etree.XMLSchema(etree.parse(str(path), etree.XMLParser(**_SAFE_PARSER)))


def problems(data: bytes) -> list[str]:
    """Why ``data`` is not a PREMIS 3 document valid against the schema (empty if it is);
    read as untrusted XML (no entities, no DTD, no network)."""
    try:
        document = etree.fromstring(data, etree.XMLParser(**_SAFE_PARSER))
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    if document.getroottree().docinfo.internalDTD is not None or document.getroottree().docinfo.doctype:
        return ["holds a DOCTYPE (entities, a DTD): refused, a PREMIS log needs none"]
    checker = schema()
    try:
        if checker.validate(document):
            return []
    except etree.XMLSchemaValidateError as error:  # libxml2 on what it cannot check
        return [f"cannot be checked against the PREMIS 3 schema: {error}"]
    return [f"line {e.line}: {e.message}" for e in checker.error_log]
