"""The prepared reference (artwork renderings, ORB features, templates) kept on disk.

Preparing it costs ~70 ms of CPU in every fresh process (the hook, each audit worker), for
the same answer every time. The entry's key covers everything the answer depends on: the
artwork's bytes, the locate parameters, the tool's version, the source of the code that
prepares it (an edited checkout keeps its version number) and OpenCV's and NumPy's
versions (ORB's output may change with them). It lives beside the audit cache
(``$BRANDCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/brandcheck``, else ``~/.cache/brandcheck``).

Written atomically (a temporary file renamed into place), read as NumPy ``.npz`` without
pickles (``allow_pickle=False``): an entry is plain arrays, never code. An entry that
cannot be read, is incomplete or is inconsistent is ignored and prepared anew; a cache that
cannot be written is skipped silently. The cache never changes a result, only its cost.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from brandcheck.verify import LocateParams, Reference

#: Bumped when the entry's layout changes.
FORMAT = 1

_ARRAYS = (
    "points",
    "sizes",
    "angles",
    "descriptors",
    "verify_template",
    "verify_band",
    "rendered",
)


def entry_key(artwork_bytes: bytes, params: LocateParams) -> str:
    """sha256 of everything the prepared reference depends on."""
    import cv2

    from brandcheck import __version__, locate, verify

    h = hashlib.sha256()
    h.update(artwork_bytes)
    # the reference is prepared in locate with verify's ORB settings and templates
    source = b"".join(Path(m.__file__).read_bytes() for m in (locate, verify) if m.__file__)
    for part in (
        f"format {FORMAT}",
        __version__,
        f"opencv {cv2.__version__}",
        f"numpy {np.__version__}",
        repr(params),
        hashlib.sha256(source).hexdigest(),
    ):
        h.update(b"\0" + part.encode())
    return h.hexdigest()


def _path(key: str) -> Path:
    from brandcheck.cache import cache_dir

    return cache_dir() / f"reference-{key[:32]}.npz"


def load(key: str) -> Reference | None:
    """The cached reference under ``key``, or ``None`` (absent, unreadable or damaged)."""
    from brandcheck.locate import ink_of
    from brandcheck.verify import Reference

    try:
        with np.load(_path(key), allow_pickle=False) as z:
            if str(z["key"]) != key:
                return None
            arrays = {name: np.array(z[name]) for name in _ARRAYS}
            alpha = np.array(z["alpha"])
            width, height = (int(v) for v in z["size"])
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, TypeError):
        return None
    n = len(arrays["points"])
    consistent = (
        alpha.shape == (height, width)
        and alpha.dtype == np.uint8
        and arrays["points"].shape == (n, 2)
        and arrays["descriptors"].shape == (n, 32)
        and arrays["descriptors"].dtype == np.uint8
        and all(len(arrays[k]) == n for k in ("sizes", "angles", "rendered"))
        and arrays["verify_template"].shape == arrays["verify_band"].shape
        and arrays["verify_band"].dtype == np.bool_
    )
    if not consistent:
        return None
    return Reference(width, height, ink_of(alpha), **arrays)


def save(key: str, ref: Reference) -> None:
    """Store ``ref`` under ``key``, atomically; a cache that cannot be written is skipped."""
    path = _path(key)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".reference-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            np.savez(
                fh,
                key=np.array(key),
                size=np.array([ref.width, ref.height], np.int64),
                # the ink is alpha / 255: stored as the alpha it came from, a quarter the bytes
                alpha=np.rint(ref.ink * 255).astype(np.uint8),
                **{name: getattr(ref, name) for name in _ARRAYS},
            )
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
