"""Versions of an archive in an OCFL storage root (OCFL 1.1, with ocfl-py).

``deposit`` writes the files of an archive folder (documents*, manifest.json, schemas/)
as the next version of one OCFL object; an archive whose files equal the head version's
adds nothing. ``restore`` extracts a version back into a folder, byte for byte.
``problems`` runs ocfl-py's validator on a storage root (every object) or on one object,
then checks each valid object's head version as an archive.

**Layout.** A root made here uses the OCFL community extension
``0003-hash-and-id-n-tuple-storage-layout`` (sha256, three tuples of three): an object's
folder is a hash of its id, so any id (``urn:normalize:新闻-2024``, slashes, colons) is a
safe path on every OS, the tree stays shallow however many objects it holds, and the
last folder is the percent-encoded id, so a librarian still sees which object is where.
(0002 flat-direct puts the id as it is in a folder name, which ``urn:…`` breaks on Windows;
ocfl-py does not implement 0004.)

**Reproducible.** A version's ``created`` is ``SOURCE_DATE_EPOCH`` when set (else the
clock, to the second) and everything else ocfl-py writes (inventories with sorted keys,
sidecars, NAMASTE files, the layout files) follows from the content, so two roots made
the same way are byte-identical.

**Untrusted objects.** An inventory is someone else's: before a version is read, the
object must pass ocfl-py's validator, and every logical and content path of the version
must be a safe relative path (:mod:`normalize.paths`) whose content file lies inside the
object folder. A deposit writes the new version's folder first and swaps the root
inventory in last (a copy of the version's inventory, moved into place), so an
interrupted deposit leaves the object's previous head readable. ocfl-py is imported
when needed: it is the ``ocfl`` extra.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import shutil
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterator

from .archive import MANIFEST, locked, read_manifest
from .options import UsageError
from .paths import UnsafePath, inside, safe_relative

LAYOUT = "0003-hash-and-id-n-tuple-storage-layout"
SPEC_VERSION = "1.1"
DEFAULT_USER = "normalize"
ROOT_DECLARATIONS = ("0=ocfl_1.0", "0=ocfl_1.1")
OBJECT_PREFIX = "0=ocfl_object_"
INVENTORY = "inventory.json"


class OcflError(Exception):
    """An OCFL operation that cannot be done: ocfl-py missing, ROOT not a storage root,
    no such object or version, an invalid or unsafe object, a destination not empty."""


@dataclass(frozen=True)
class Deposit:
    """What a deposit did: the object, its folder in the root, its head version, and
    whether that version was added now (False: the archive equals the head, nothing written)."""

    object_id: str
    path: str
    version: str
    added: bool


def require() -> None:
    """OcflError unless ocfl-py can be imported."""
    _ocfl()


def _ocfl() -> ModuleType:
    """ocfl-py, imported on first use. Its dependency pairtree calls
    ``logging.basicConfig(level=INFO)`` on import, after which every ocfl-py step would
    print to stderr: the root logger is put back as it was."""
    if sys.modules.get("ocfl") is not None:
        return sys.modules["ocfl"]
    root_logger = logging.getLogger()
    level, handlers = root_logger.level, list(root_logger.handlers)
    try:
        import ocfl
    except ImportError as error:
        raise OcflError("OCFL needs ocfl-py: pip install 'normalize[ocfl]'") from error
    finally:
        root_logger.setLevel(level)
        for handler in root_logger.handlers[:]:
            if handler not in handlers:
                root_logger.removeHandler(handler)
    return ocfl


def kind(path: str | os.PathLike) -> str | None:
    """``"root"`` for an OCFL storage root, ``"object"`` for an OCFL object (by their
    NAMASTE declaration files), None for anything else."""
    path = Path(path)
    if not path.is_dir():
        return None
    if any((path / name).is_file() for name in ROOT_DECLARATIONS):
        return "root"
    if any(p.name.startswith(OBJECT_PREFIX) and p.is_file() for p in path.iterdir()):
        return "object"
    return None


def default_id(out: str | os.PathLike) -> str:
    """The object id of an archive folder when none is given: ``urn:normalize:<folder name>``
    (stable across builds into the same OUT, wherever it is mounted)."""
    return f"urn:normalize:{Path(out).resolve().name}"


def version_message(out: str | os.PathLike) -> str:
    """The version message of an archive, from its manifest's totals; OcflError if it has none."""
    try:
        totals = read_manifest(out)["totals"]
        return (f"normalize build: {totals['records']} records from {totals['files']} files "
                f"({totals['archived']} archived, {totals['rejected']} rejected, {totals['skipped']} skipped)")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise OcflError(f"{out} has no manifest with totals ({type(error).__name__}: {error}); "
                        "give the version a message") from error


def created_now() -> str:
    """A version's created time: SOURCE_DATE_EPOCH if set, else now; UTC, to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch and epoch.isdigit()
              else datetime.datetime.now(datetime.timezone.utc))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def check_places(out: str | os.PathLike, root: str | os.PathLike) -> None:
    """OcflError unless the root and the archive folder are apart (a build replaces OUT
    whole: a root inside it would be deleted) and ROOT is absent, an empty folder or a
    storage root. Cheap: a build checks this before it starts."""
    out_path, root_path = Path(out).resolve(), Path(root).resolve()
    if root_path == out_path or root_path.is_relative_to(out_path) or out_path.is_relative_to(root_path):
        raise OcflError(f"the OCFL root {root} and the archive {out} must not lie one inside the other")
    if root_path.exists():
        if not root_path.is_dir():
            raise OcflError(f"{root} exists and is not a folder")
        if any(root_path.iterdir()) and kind(root_path) != "root":
            raise OcflError(f"{root} is not an OCFL storage root (no 0=ocfl_1.x file) and not empty")


def deposit(out: str | os.PathLike, root: str | os.PathLike, object_id: str | None = None, *,
            user: str | None = None, address: str | None = None, message: str | None = None) -> Deposit:
    """Add the files of the archive folder ``out`` as the next version of the object
    ``object_id`` (default :func:`default_id`) in the storage root ``root`` (made, with
    the 0003 layout, if absent or empty). Nothing is written when they equal the head
    version's. Raises OcflError (see the class), UsageError if another deposit holds ROOT."""
    ocfl = _ocfl()
    out, root = Path(out), Path(root)
    check_places(out, root)
    _check_plain(out)
    object_id = object_id or default_id(out)
    metadata = ocfl.VersionMetadata(created=created_now(), message=message or version_message(out),
                                    name=user or DEFAULT_USER, address=address)
    with _locked(root):
        if not root.exists() or not any(root.iterdir()):
            _initialize(ocfl, root)
        relative, target = _object_place(ocfl, root, object_id)
        try:
            if not target.exists():
                _create(ocfl, out, root, target, object_id, metadata)
                return Deposit(object_id, relative, "v1", True)
            return _add_version(ocfl, out, target, object_id, metadata, relative)
        except (ocfl.ObjectException, ocfl.NewVersionException) as error:
            raise OcflError(f"cannot deposit into {object_id} at {root}/{relative}: {error}") from error


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """The lock of archive.locked (``.ROOT.lock`` beside the root): one deposit at a time."""
    with ExitStack() as stack:
        try:
            stack.enter_context(locked(root))
        except UsageError:  # the one refusal of locked(): someone holds it
            raise UsageError(f"another deposit is writing the OCFL root {root}; "
                             "run this one when it has finished") from None
        yield


def _check_plain(out: Path) -> None:
    """OcflError unless ``out`` is a folder holding only folders and regular files (a link
    would be deposited as its target)."""
    if not out.is_dir():
        raise OcflError(f"{out} is not a folder")
    for here, folders, files in os.walk(out):
        for name in folders + files:
            path = Path(here) / name
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                raise OcflError(f"{path} is a link or a special file; an archive holds only files")


def _initialize(ocfl: ModuleType, root: Path) -> None:
    if root.exists():
        root.rmdir()  # empty: ocfl-py makes the folder itself
    root.parent.mkdir(parents=True, exist_ok=True)
    try:
        ocfl.StorageRoot(root=str(root), layout_name=LAYOUT).initialize(spec_version=SPEC_VERSION)
    except ocfl.StorageRootException as error:
        raise OcflError(f"cannot make the OCFL storage root {root}: {error}") from error


def _open_root(ocfl: ModuleType, root: Path) -> Any:
    store = ocfl.StorageRoot(root=str(root))
    try:
        store.open_root_fs()
        store.check_root_structure()
    except ocfl.StorageRootException as error:
        raise OcflError(f"{root} is not a valid OCFL storage root: {error}") from error
    if store.layout is None:
        raise OcflError(f"the OCFL storage root {root} declares no storage layout (ocfl_layout.json); "
                        "normalize cannot tell where an object goes")
    return store


def _object_place(ocfl: ModuleType, root: Path, object_id: str) -> tuple[str, Path]:
    """The object's folder, relative to the root and on disk; OcflError if the layout
    cannot place that id or places it outside the root."""
    from ocfl.layout import LayoutException

    store = _open_root(ocfl, root)
    try:
        relative = store.object_path(object_id)
        safe_relative(Path(relative).as_posix())
        return relative, inside(root, root / relative)
    except (UnsafePath, LayoutException) as error:
        raise OcflError(f"the layout of {root} cannot place the id {object_id!r}: {error}") from error


def _create(ocfl: ModuleType, out: Path, root: Path, target: Path, object_id: str, metadata: Any) -> None:
    """A new object, built beside the root (not in it, where a left-over would be taken
    for an object) and moved into place whole. The folders above it are made only then:
    an empty folder left in a root is an error (E073)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.", suffix=".tmp", dir=root.resolve().parent))
    try:
        ocfl.Object(identifier=object_id, spec_version=SPEC_VERSION).create(
            srcdir=str(out), metadata=metadata, objdir=str(staging / "object"))
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / "object", target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _add_version(ocfl: ModuleType, out: Path, target: Path, object_id: str, metadata: Any,
                 relative: str) -> Deposit:
    obj = ocfl.Object()
    new = obj.start_new_version(objdir=str(target), srcdir=str(out), metadata=metadata, carry_content_forward=False)
    inventory = new.inventory
    if inventory.id != object_id:
        raise OcflError(f"the object at {relative} has the id {inventory.id!r}, not {object_id!r}")
    new.add_from_srcdir()
    if not new.diff_with_previous():
        return Deposit(object_id, relative, _previous_head(inventory), False)
    head = inventory.head
    obj.obj_fs.makedir(head)
    for source, content in new.files_to_copy.items():
        obj.copy_into_object(new.src_fs, source, content, create_dirs=True)
    sidecar = obj.write_inventory_and_sidecar(inventory, head)
    for name in (INVENTORY, Path(sidecar).name):  # the root's inventory last, each file swapped in whole
        swapped = target / f".{name}.tmp"
        shutil.copyfile(target / head / name, swapped)
        os.replace(swapped, target / name)
    return Deposit(object_id, relative, head, True)


def _previous_head(inventory: Any) -> str:
    """The head before the version started (the one the archive equals)."""
    return inventory.version_directories[-2]


def object_ids(root: str | os.PathLike) -> list[tuple[str, str]]:
    """``(object id, folder relative to the root)`` of every object in a storage root, sorted."""
    ocfl = _ocfl()
    store = _open_root(ocfl, Path(root))
    return sorted((identifier, path) for path, identifier in store.list_objects())


def restore(root: str | os.PathLike, object_id: str, version: str, dest: str | os.PathLike) -> str:
    """Extract ``version`` (``v1``…, or ``head``) of the object ``object_id`` in the storage
    root ``root`` into ``dest`` (absent or an empty folder), byte for byte; return the
    version extracted (``head`` named as its version).
    The object is validated (digests included) and its paths checked first. Raises OcflError."""
    ocfl = _ocfl()
    root, dest = Path(root), Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise OcflError(f"{dest} exists and is not an empty folder")
    if dest.resolve().is_relative_to(root.resolve()):
        raise OcflError(f"{dest} is inside the OCFL root {root}; restore elsewhere")
    relative, target = _object_place(ocfl, root, object_id)
    if not target.is_dir():
        raise OcflError(f"no object {object_id!r} in {root} (looked in {relative})")
    problems = _ocfl_problems(ocfl, target, relative)
    if problems:
        raise OcflError(f"the object {object_id!r} is not valid ({problems[0]}); nothing restored")
    return _extract(ocfl, target, relative, version, dest)


def _extract(ocfl: ModuleType, target: Path, label: str, version: str, dest: Path) -> str:
    """Extract a version of a validated object after checking its paths; the folder is
    made beside ``dest`` and moved into place when complete."""
    inventory = json.loads((target / INVENTORY).read_text("utf-8"))
    version = inventory["head"] if version == "head" else version
    if version not in inventory["versions"]:
        raise OcflError(f"the object at {label} has no version {version!r} "
                        f"(it has {', '.join(inventory['versions'])})")
    unsafe = _unsafe_paths(inventory, version, target)
    if unsafe:
        raise OcflError(f"the object at {label}: {unsafe[0]}; nothing restored")
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        ocfl.Object().extract(objdir=str(target), version=version, dstdir=str(staging / "version"))
        if dest.exists():
            dest.rmdir()
        os.replace(staging / "version", dest)
    except ocfl.ObjectException as error:
        raise OcflError(f"cannot restore {version} of the object at {label}: {error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return version


def _unsafe_paths(inventory: dict[str, Any], version: str, target: Path) -> list[str]:
    """Why a version cannot be read safely: a logical path that is not a safe relative
    path, or a content path that is not one or resolves (through links) outside the object."""
    reasons = []
    manifest = inventory["manifest"]
    for digest, logical_paths in inventory["versions"][version]["state"].items():
        for logical in logical_paths:
            try:
                safe_relative(logical)
            except UnsafePath as error:
                reasons.append(f"{version} logical path refused: {error}")
        for content in manifest.get(digest, [])[:1]:  # the copy ocfl-py reads
            try:
                safe_relative(content)
                inside(target, target / content)
            except UnsafePath as error:
                reasons.append(f"content path refused: {error}")
    return reasons


#: One problem found: (file, line, message), the shape of :class:`normalize.validation.Problem`.
Found = tuple[str, int, str]


def problems(path: str | os.PathLike, check_archive: Callable[[Path], list[Found]]) -> list[Found]:
    """Every problem of an OCFL storage root (its structure and each object) or of one
    OCFL object: ocfl-py's validator errors (digests checked; warnings are not problems),
    then, for each valid object, the problems of its head version as an archive. A
    problem's file is the object's folder (relative to the root), and for the archive
    checks ``<folder>/<head>/<file in the archive>``. ``check_archive`` gives the problems
    of an archive folder (normalize.validation passes its own: this module knows OCFL, not
    archives). Raises OcflError if ocfl-py is missing."""
    ocfl = _ocfl()
    path = Path(path)
    if kind(path) == "object":
        return _object_problems(ocfl, path, path.name, check_archive)
    from ocfl.validation_logger import ValidationLogger

    store = ocfl.StorageRoot(root=str(path))
    store.log = ValidationLogger(log_warnings=False, log_errors=True)
    found: list[Found] = []
    try:
        store.open_root_fs()
        store.check_root_structure()
    except ocfl.StorageRootException as error:
        store.log.error(error.code, **error.kwargs)
        return [(".", 0, message) for message in store.log.messages]
    for relative in store.object_paths():
        found.extend(_object_problems(ocfl, path / relative, relative, check_archive))
    return [(".", 0, message) for message in store.log.messages] + found


def _ocfl_problems(ocfl: ModuleType, target: Path, label: str) -> list[Found]:
    from ocfl.validator import Validator

    validator = Validator(log_warnings=False, log_errors=True, check_digests=True)
    if validator.validate_object(str(target)):
        return []
    return [(label, 0, message) for message in validator.log.messages] or [
        (label, 0, "not a valid OCFL object")]


def _object_problems(ocfl: ModuleType, target: Path, label: str,
                     check_archive: Callable[[Path], list[Found]]) -> list[Found]:
    found = _ocfl_problems(ocfl, target, label)
    if found:
        return found
    with tempfile.TemporaryDirectory(prefix="normalize-ocfl-") as scratch:
        try:
            head = _extract(ocfl, target, label, "head", Path(scratch) / "head")
        except OcflError as error:
            return [(label, 0, str(error))]
        if not (Path(scratch) / "head" / MANIFEST).is_file():
            return [(f"{label}/{head}", 0, f"the head version holds no {MANIFEST}: not a normalize archive")]
        return [(f"{label}/{head}/{file}", line, message)
                for file, line, message in check_archive(Path(scratch) / "head")]
