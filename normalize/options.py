"""The one frozen object of build options, and the error for options that cannot be used.

Every stage that needs an option takes :class:`BuildOptions` (or the few fields it
needs, read from it); nothing threads ``profile``, ``fmt`` or ``seconds`` through
signatures of its own. ``normalize.build()`` and the CLI both make one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .repairs import DEFAULT_PROFILE, PROFILES
from .shards import COMPRESSIONS

#: Seconds a file of up to LIMIT_BYTES may take before it is rejected (``too_slow``);
#: a bigger file gets as much again per LIMIT_BYTES: the limit catches pathological
#: files, not big ones (a Sogou dump of 100 MB holds 60,000 articles; we read about
#: 3 MB/s on one core).
FILE_SECONDS = 30.0
LIMIT_BYTES = 30_000_000
#: The address space of each helper process (``--jobs`` 2+, Dask): a file that would
#: need more meets MemoryError and is rejected ``too_complex``. A build reads about
#: 200 MB of it; a 256 MB file (the largest read) needs about 3 GB.
FILE_MEMORY = 8 * 1024 ** 3

ENGINES = ("local", "dask")


class UsageError(Exception):
    """The paths or options given cannot be used (exit code 2)."""


@dataclass(frozen=True)
class BuildOptions:
    """How to build: what to fold (``profile``), a forced format (``fmt``, else detected),
    the time limit per file (``seconds``, 0: none), the address space of each helper
    process (``memory``, bytes, 0: none; see :mod:`normalize.isolation`), how to run (``jobs``, ``engine``,
    ``scheduler``), how to write (``shard_bytes``, ``compress``, ``drop_duplicates``) and
    whether to add to an existing archive (``append``).

    ``profile`` None means the default, or the profile of the archive appended to.
    """

    profile: str | None = None
    fmt: str | None = None
    seconds: float = FILE_SECONDS
    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None
    shard_bytes: int | None = None
    compress: str = "none"
    drop_duplicates: bool = False
    append: bool = False
    memory: int = FILE_MEMORY

    def __post_init__(self) -> None:
        if self.profile is not None and self.profile not in PROFILES:
            raise UsageError(f"unknown profile {self.profile!r}; choose one of {', '.join(sorted(PROFILES))}")
        if self.engine not in ENGINES:
            raise UsageError(f"unknown engine {self.engine!r} (choose {' or '.join(ENGINES)})")
        if self.compress not in COMPRESSIONS:
            raise UsageError(f"unknown compression {self.compress!r} (choose {', '.join(COMPRESSIONS)})")
        if not isinstance(self.jobs, int) or self.jobs < 1:
            raise UsageError(f"jobs must be a whole number of 1 or more, not {self.jobs!r}")
        if not isinstance(self.memory, int) or self.memory < 0:
            raise UsageError(f"the memory limit must be a whole number of bytes, not {self.memory!r}")
        if self.seconds < 0:
            raise UsageError("the file time limit cannot be negative")
        if self.shard_bytes is not None and self.shard_bytes < 1:
            raise UsageError("the shard size must be at least 1 byte")

    @property
    def profile_name(self) -> str:
        """The profile in force: the one chosen, or the default."""
        return self.profile or DEFAULT_PROFILE

    def file_limit(self, size: int) -> float:
        """The time limit of one file of ``size`` bytes; 0 (no limit) stays 0."""
        return self.seconds * max(1.0, size / LIMIT_BYTES)
