"""Paths: names of files as records keep them, paths read from an archive, paths written to.

One concern, checked in one place: a path is untrusted until this module has looked at it.

**Names as records keep them.** :func:`display_path` turns a name as the OS gives it (a
``str`` whose undecodable bytes are surrogate escapes, as from ``os.fsdecode`` or
``os.walk``) into the text records and manifests store: valid UTF-8, JSON-safe, no
surrogates. Valid UTF-8 is kept as it is; every byte that is not part of valid UTF-8 is
written ``\\xNN`` (two lower-case hex digits) and a backslash of the name itself is
written ``\\\\``. The mapping is a bijection: :func:`os_name` turns a display path back
into the OS's name and refuses any text :func:`display_path` would never write (a lone
backslash, ``\\x41`` for ``A``, upper-case hex), so two files never share a display path
and every display path finds its file again. A GBK name 新闻.txt (bytes ``d0 c2 ce c5``)
is kept as ``\\xd0\\xc2\\xce\\xc5.txt``: reading it as GB18030 would look nicer but is
ambiguous (a UTF-8 新闻.txt can sit beside it), so it is not done.

**Paths read from an archive** are hostile: someone else's manifest may name
``../../etc/hostname``. :func:`safe_relative` accepts only a relative POSIX path of
named components (no ``..``, ``.``, empty component, NUL, drive or Windows root, no
backslash that is not an escape of :func:`display_path`); :func:`disk_path` finds such a
path under a root, refusing one that resolves (through links) outside it. Both raise
:class:`UnsafePath`. The roots of a manifest are where the user's originals were (they may
be ``../input``); what lies under them is checked.

**Outputs** must never touch the inputs: :class:`Guard` holds the identities (``st_dev``,
``st_ino``) of an archive's files and of the folders outputs must stay out of (the archive,
the originals), :func:`check_output` refuses a destination that is one of them or lies
inside one, and :func:`atomic_output` writes through a temporary file beside the
destination, moved over it only when complete. Both raise :class:`OutputError`, with the
path and the reason, never a bare ``OSError``.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Iterable, Iterator

_ESCAPE_RE = re.compile(r"\\(?:x([0-9a-f]{2})|(\\))?")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_PIECE_RE = re.compile(r"[\\/]")


class UnsafePath(ValueError):
    """A path from an archive that could reach outside where it belongs, or is no path at all."""


class OutputError(Exception):
    """An output that cannot be written: it is (or lies inside) an input, it is a folder
    where a file is expected (or the reverse), or writing it failed (the OS's reason)."""


def display_path(os_path: str) -> str:
    """A name (or relative path) as the OS gives it, as the text records keep: valid UTF-8
    as is, other bytes as ``\\xNN``, a backslash as ``\\\\`` (see the module docstring)."""
    if "\\" not in os_path and not _SURROGATE_RE.search(os_path):
        return os_path
    text = _os_bytes(os_path).decode("utf-8", "surrogateescape")
    return "".join("\\\\" if char == "\\" else f"\\x{ord(char) - 0xDC00:02x}" if "\udc80" <= char <= "\udcff"
                   else char for char in text)


def _os_bytes(os_path: str) -> bytes:
    try:
        return os.fsencode(os_path)
    except UnicodeEncodeError:  # a lone surrogate no fsdecode makes: keep its bytes, escaped
        return os_path.encode("utf-8", "surrogatepass")


def os_name(display: str) -> str:
    """The OS's name (``os.fsdecode`` of its bytes) of a display path; UnsafePath for text
    :func:`display_path` would never write."""
    raw = bytearray()
    position = 0
    try:
        for match in _ESCAPE_RE.finditer(display):
            raw += display[position:match.start()].encode("utf-8")
            if match.group(1):
                raw.append(int(match.group(1), 16))
            elif match.group(2):
                raw += b"\\"
            else:
                raise UnsafePath(f"{display!r} holds a backslash that is neither \\\\ nor \\xNN")
            position = match.end()
        raw += display[position:].encode("utf-8")
    except UnicodeEncodeError as error:
        raise UnsafePath(f"{display!r} is not valid UTF-8 text") from error
    name = os.fsdecode(bytes(raw))
    if display_path(name) != display:
        raise UnsafePath(f"{display!r} is not a name as normalize writes names (an escape of a valid character)")
    return name


def safe_relative(path: object, root: str | os.PathLike | None = None) -> PurePosixPath:
    """``path`` (a display path from an archive) as a relative POSIX path of named
    components; with ``root``, also checked that the file of that name on disk (its OS
    name, see :func:`disk_path`) resolves, through links, inside ``root``.

    Raises UnsafePath for a non-string, an empty or absolute path, NUL, surrogates, a
    ``.``/``..``/empty component, a drive or Windows root, a backslash that is not an
    escape, ``..`` between backslashes (a climb on Windows)."""
    if not isinstance(path, str):
        raise UnsafePath(f"not a path: {path!r}")
    if not path:
        raise UnsafePath("an empty path")
    if "\x00" in path:
        raise UnsafePath(f"{path!r} holds a NUL")
    if path.startswith("/"):
        raise UnsafePath(f"{path!r} is absolute")
    for part in path.split("/"):
        if part in ("", ".", ".."):
            raise UnsafePath(f"{path!r} has a component {part!r}" if part else f"{path!r} has an empty component")
    name = os_name(path)
    # a backslash or a drive is a separator or a root only where the OS takes it for one: on
    # POSIX `C:\x.txt` is a legal file name a build archives, and must validate
    if os.sep == "\\" or os.altsep == "\\":
        if PureWindowsPath(name).anchor:
            raise UnsafePath(f"{path!r} starts with a drive or a root")
        if ".." in _PIECE_RE.split(name):
            raise UnsafePath(f"{path!r} climbs out between backslashes")
    if root is not None:
        inside(root, Path(root) / name)
    return PurePosixPath(path)


def disk_path(root: str | os.PathLike, display: str) -> Path:
    """Where the file a record names as ``display`` is under the folder ``root``: its OS
    name joined to ``root``; UnsafePath if ``display`` is unsafe or resolves outside.

    Archives written before this naming kept a name that is not UTF-8 as its GB18030
    reading: when no file has the OS name but one has those GB18030 bytes (which are
    not UTF-8), that one is the file."""
    safe_relative(display)
    path = Path(root) / os_name(display)
    if not os.path.lexists(path):
        legacy = _legacy_name(display)
        if legacy is not None and os.path.lexists(Path(root) / legacy):
            path = Path(root) / legacy
    return inside(root, path)


def _legacy_name(display: str) -> str | None:
    """The OS name an older normalize displayed as ``display`` by reading it as GB18030, if any."""
    try:
        raw = display.encode("gb18030")
        raw.decode("utf-8")
    except UnicodeEncodeError:
        return None
    except UnicodeDecodeError:
        return os.fsdecode(raw)
    return None  # valid UTF-8: an older normalize kept such a name as it was


def stored_path(root: str | os.PathLike, display: str) -> Path:
    """Where a file kept under its display path (a bag's ``data/originals/``, whose names
    must be UTF-8) is under ``root``; UnsafePath if ``display`` is unsafe or resolves outside."""
    safe_relative(display)
    return inside(root, Path(root) / display)


def inside(root: str | os.PathLike, path: str | os.PathLike) -> Path:
    """``path``, after checking that it resolves (through links) inside ``root``; UnsafePath if not."""
    resolved, top = Path(path).resolve(), Path(root).resolve()
    if resolved != top and not resolved.is_relative_to(top):
        raise UnsafePath(f"{path} resolves to {resolved}, outside {root}")
    return Path(path)


Identity = tuple[int, int]


def identity(status: os.stat_result) -> Identity:
    """A file's identity: two paths with it are the same file (hard links, bind mounts)."""
    return status.st_dev, status.st_ino


@dataclass
class Guard:
    """What outputs must not touch: files by identity, and folders they must not lie in,
    each with the words that name it in an error."""

    files: dict[Identity, str] = field(default_factory=dict)
    folders: dict[Identity, str] = field(default_factory=dict)

    def protect_folder(self, folder: str | os.PathLike, what: str, with_files: bool = False) -> None:
        """Keep outputs out of ``folder`` (and, with ``with_files``, off every file in it,
        wherever a hard link to it lies); a folder that does not exist is left out."""
        try:
            self.folders[identity(os.stat(folder))] = what
        except OSError:
            return
        if with_files:
            for here, _, names in os.walk(folder):
                for name in names:
                    path = os.path.join(here, name)
                    self.protect_file(path, f"{os.path.relpath(path, folder)} of {what}")

    def protect_file(self, path: str | os.PathLike, what: str) -> None:
        """Keep outputs off the file at ``path`` (if it exists)."""
        try:
            self.files[identity(os.stat(path))] = what
        except OSError:
            return

    def protect(self, path: str | os.PathLike, what: str) -> None:
        """A folder or a file, whichever ``path`` is."""
        if os.path.isdir(path):
            self.protect_folder(path, what)
        else:
            self.protect_file(path, what)


def check_output(dest: str | os.PathLike, guard: Guard, folder: bool = False) -> None:
    """Refuse ``dest`` (a file, or a folder if ``folder``) if it is a file of ``guard``, lies
    in one of its folders (or is one), or exists as the other kind; OutputError says which."""
    try:
        status = os.stat(dest)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise OutputError(f"cannot write {dest}: {error.strerror or error}") from error
    if status is not None:
        if identity(status) in guard.files:
            raise OutputError(f"{dest} is {guard.files[identity(status)]}; nothing written over it")
        if folder and not stat.S_ISDIR(status.st_mode):
            raise OutputError(f"{dest} exists and is not a folder")
        if not folder and stat.S_ISDIR(status.st_mode):
            raise OutputError(f"{dest} is a folder; a file is expected")
    for place in _places(Path(dest) if folder else Path(dest).parent):
        if place in guard.folders:
            raise OutputError(f"{dest} would be inside {guard.folders[place]}; nothing written there")


def _places(folder: Path) -> Iterator[Identity]:
    """The identities of ``folder`` (resolved through links) and every folder above it that exists."""
    resolved = folder.resolve()
    for candidate in (resolved, *resolved.parents):
        try:
            yield identity(os.stat(candidate))
        except OSError:
            continue


@contextmanager
def atomic_output(dest: str | os.PathLike) -> Iterator[Path]:
    """A path to write ``dest``'s content to: a new file beside it, moved over ``dest``
    once the block ends without error (removed if it fails). A ``dest`` that exists and
    is not a regular file (``/dev/stdout``, a pipe) is written directly. An OSError in
    writing or moving becomes OutputError naming ``dest`` and the OS's reason; one that
    names another file (an input read in the block) passes as it is."""
    dest = Path(dest)
    if os.path.isdir(dest):
        raise OutputError(f"{dest} is a folder; a file is expected")
    if os.path.exists(dest) and not os.path.isfile(dest):
        with _as_output_error(dest):
            yield dest
        return
    temporary = dest.parent / f".{dest.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    with _as_output_error(dest):
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # the umask's mode
    try:
        with _as_output_error(dest, temporary):
            yield temporary
            os.replace(temporary, dest)
    finally:
        if os.path.lexists(temporary):
            temporary.unlink()


@contextmanager
def _as_output_error(dest: Path, temporary: Path | None = None) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        mine = {str(dest), str(temporary), str(dest.parent)} | {str(p) for p in dest.parents}
        if temporary is not None and error.filename is not None and os.fsdecode(error.filename) not in mine:
            raise  # not the writing that failed (an input read in the block): its own error
        raise OutputError(f"cannot write {dest}: {error.strerror or error}") from error


def archive_guard(out: str | os.PathLike, roots: Iterable[str | os.PathLike] = ()) -> Guard:
    """The guard of an archive: its folder and every file in it, and ``roots`` (the
    originals' folders or files, where they exist)."""
    guard = Guard()
    guard.protect_folder(out, f"the archive {out}", with_files=True)
    for root in roots:
        guard.protect(root, f"the originals {root}")
    return guard
