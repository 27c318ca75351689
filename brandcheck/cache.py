"""The audit cache: results keyed by file content, brand kit, options and tool version.

What a key covers: the file's bytes (sha256), the kit's digest (every file the kit names),
the options that change results (``--no-text``, ``--slogans``) and the tool's version. What
it never covers is *where* the file is: a cached result is stored without meaning its path,
and the audit puts the current file's path on it, so a renamed file, or one poster in two
regions' folders, is reported under its own name.

Only the parent process writes (workers return results to it); SQLite's WAL mode and a
busy timeout let several audits share one cache. A cache that cannot be opened, read or
written (damaged, truncated, locked, read-only) never stops an audit: the first failure
becomes one warning and the audit goes on without it; a damaged file is moved aside and a
new cache started. Location: ``$BRANDCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/brandcheck``,
else ``~/.cache/brandcheck``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any

#: Seconds a writer waits for another audit's transaction before giving up on the cache.
BUSY_TIMEOUT_S = 10.0

Signature = tuple[int, int, int, int, int]


def cache_dir() -> Path:
    """Where the cache lives (created on first use)."""
    env = os.environ.get("BRANDCHECK_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "brandcheck"


def signature(path: str | Path) -> Signature | None:
    """What changes when a file is rewritten: device, inode, size, mtime and ctime (ns).

    ``None`` when the file cannot be stat-ed or is not a regular file.
    """
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def content_key(path: Path, kit_digest: str, version: str) -> str:
    """sha256 of the file's bytes, the kit's digest and the tool's version (with options)."""
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # read-only; no FIFO hang
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError(f"{path}: not a regular file")
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    h.update(b"\0" + kit_digest.encode() + b"\0" + version.encode())
    return h.hexdigest()


def stable_key(path: Path, kit_digest: str, version: str) -> tuple[str | None, Signature | None]:
    """The content key and the file's signature, or ``(None, sig)`` when the file changed
    while it was hashed (the key would describe no version of it) or cannot be read."""
    before = signature(path)
    if before is None:
        return None, None
    try:
        key = content_key(path, kit_digest, version)
    except OSError:
        return None, before
    return (key, before) if signature(path) == before else (None, before)


class Cache:
    """A key -> JSON value store in SQLite (raises ``sqlite3.Error`` / ``OSError``)."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "results.sqlite3"
        self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)
        try:
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            self._set_up(time.monotonic() + BUSY_TIMEOUT_S)
        except BaseException:
            self.db.close()
            raise

    def _set_up(self, deadline: float) -> None:
        """WAL mode and the table, retried while another audit is setting them up.

        Two audits opening a new cache at once: SQLite answers one of them "database is
        locked" at once, without its busy handler (it would deadlock waiting for the
        other's journal-mode change), so the wait is here.
        """
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute(
                    "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
                )
                self.db.commit()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                self.db.rollback()
                time.sleep(0.05)

    def get(self, key: str) -> Any | None:
        row = self.db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, key: str, value: Any) -> None:
        # ensure_ascii: a name or message that is not UTF-8 (lone surrogates) stays storable
        self.db.execute(
            "INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
            (key, json.dumps(value, ensure_ascii=True)),
        )
        self.db.commit()

    def close(self) -> None:
        self.db.close()


class SafeCache:
    """A :class:`Cache` whose failures are one warning, after which it is off.

    ``warnings`` collects what the user should be told (printed once by the CLI).
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.warnings: list[str] = []
        self.cache: Cache | None = None
        folder = folder or cache_dir()
        try:
            self.cache = Cache(folder)
            self.cache.db.execute("SELECT count(*) FROM results").fetchone()
        except (sqlite3.OperationalError, OSError) as exc:
            # locked, read-only, unreachable: someone else's file state, left untouched
            self._off(f"cannot open the cache in {folder}: {exc}")
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
            self._drop()
            self.cache = self._rebuild(folder, exc)

    def _rebuild(self, folder: Path, exc: Exception) -> Cache | None:
        """Move a damaged cache aside and start an empty one."""
        path = folder / "results.sqlite3"
        aside = path.with_name(f"results.damaged-{time.strftime('%Y%m%d-%H%M%S')}.sqlite3")
        try:
            path.replace(aside)
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            fresh = Cache(folder)
        except (sqlite3.Error, OSError) as again:
            self._off(f"the cache {path} cannot be used ({exc}; {again}); checking without it")
            return None
        self.warnings.append(
            f"warning: the cache {path} was damaged ({exc}); moved to {aside.name}, "
            "starting a new one"
        )
        return fresh

    def _off(self, why: str) -> None:
        self._drop()
        self.warnings.append(f"warning: {why}; the audit goes on without the cache")

    def _drop(self) -> None:
        if self.cache is not None:
            try:
                self.cache.close()
            except sqlite3.Error:
                pass
        self.cache = None

    def get(self, key: str) -> Any | None:
        if self.cache is None:
            return None
        try:
            value = self.cache.get(key)
        except (sqlite3.Error, OSError, ValueError) as exc:
            self._off(f"cannot read the cache {self.cache.path}: {exc}")
            return None
        ok = isinstance(value, dict) and isinstance(value.get("results"), list)
        return value if ok else None

    def put(self, key: str, value: Any) -> None:
        if self.cache is None:
            return
        try:
            self.cache.put(key, value)
        except (sqlite3.Error, OSError, ValueError) as exc:
            self._off(f"cannot write the cache {self.cache.path}: {exc}")

    def close(self) -> None:
        self._drop()
