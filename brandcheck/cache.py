"""The audit cache: results keyed by file content, brand kit and tool version, in SQLite.

Only the parent process writes (workers return results to it), so WAL mode and a busy
timeout are enough for several audits of one machine at once. Location:
``$BRANDCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/brandcheck``, else ``~/.cache/brandcheck``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """Where the cache lives (created on first use)."""
    env = os.environ.get("BRANDCHECK_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "brandcheck"


def content_key(path: Path, kit_digest: str, version: str) -> str:
    """sha256 of the file's bytes, the kit's digest and the tool's version."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:  # read-only
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    h.update(b"\0" + kit_digest.encode() + b"\0" + version.encode())
    return h.hexdigest()


class Cache:
    """A key -> JSON value store."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "results.sqlite3"
        self.db = sqlite3.connect(self.path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        self.db.commit()

    def get(self, key: str) -> Any | None:
        row = self.db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, key: str, value: Any) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
            (key, json.dumps(value, ensure_ascii=False)),
        )
        self.db.commit()

    def close(self) -> None:
        self.db.close()
