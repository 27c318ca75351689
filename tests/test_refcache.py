"""refcache: the prepared reference read back from disk is the one prepared, bit for bit;
a damaged, foreign or pickled entry is never trusted; a cache that cannot be written costs
nothing but time."""

from __future__ import annotations

import dataclasses
import pickle

import numpy as np
import pytest

from brandcheck import locate, refcache
from brandcheck.locate import LocateParams, prepare_reference
from posterlab.assets import load_artwork
from tests.conftest import KIT


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder, and no reference kept in the process."""
    monkeypatch.setenv("BRANDCHECK_CACHE_DIR", str(tmp_path))
    locate._reference_cached.cache_clear()
    yield tmp_path
    locate._reference_cached.cache_clear()


@pytest.fixture(scope="module")
def prepared():
    return prepare_reference(load_artwork(kit=KIT).alpha)


def _same(a, b) -> None:
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and np.array_equal(x, y), f.name
        else:
            assert x == y, f.name


def _entry(folder):
    (entry,) = folder.glob("reference-*.npz")
    return entry


def test_reference_read_back_is_the_prepared_one(cache, prepared):
    first = locate.reference_for(KIT.logo.artwork)  # prepared, then stored
    _same(first, prepared)
    locate._reference_cached.cache_clear()
    entry = _entry(cache)
    stamp = entry.stat().st_mtime_ns
    second = locate.reference_for(KIT.logo.artwork)  # read from disk
    _same(second, prepared)
    assert entry.stat().st_mtime_ns == stamp  # read, not rewritten


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "foreign key", "pickle"])
def test_damaged_entry_is_ignored_and_rebuilt(cache, prepared, damage):
    locate.reference_for(KIT.logo.artwork)
    locate._reference_cached.cache_clear()
    entry = _entry(cache)
    data = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        entry.write_bytes(b"\x00PK\x03\x04" + bytes(range(256)) * 64)
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "foreign key":
        with np.load(entry) as z:
            arrays = {k: z[k] for k in z.files}
        arrays["key"] = np.array("0" * 64)
        arrays["points"] = arrays["points"] + 1  # would move every match if trusted
        with open(entry, "wb") as fh:
            np.savez(fh, **arrays)
    else:  # an object array needs pickle to load: refused, never unpickled
        with np.load(entry) as z:
            arrays = {k: z[k] for k in z.files}
        arrays["points"] = np.array([pickle.dumps(1)], dtype=object)
        with open(entry, "wb") as fh:
            np.savez(fh, **arrays)
    key = refcache.entry_key(KIT.logo.artwork.read_bytes(), LocateParams())
    assert refcache.load(key) is None
    _same(locate.reference_for(KIT.logo.artwork), prepared)
    _same(refcache.load(key), prepared)  # rewritten whole


def test_key_covers_artwork_and_parameters():
    art = KIT.logo.artwork.read_bytes()
    base = refcache.entry_key(art, LocateParams())
    assert base == refcache.entry_key(art, LocateParams())
    assert base != refcache.entry_key(art + b"\0", LocateParams())
    assert base != refcache.entry_key(art, LocateParams(ref_widths=(800, 320, 130)))


def test_unwritable_cache_still_answers(tmp_path, monkeypatch, prepared):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BRANDCHECK_CACHE_DIR", str(blocker / "cache"))
    locate._reference_cached.cache_clear()
    try:
        _same(locate.reference_for(KIT.logo.artwork), prepared)
    finally:
        locate._reference_cached.cache_clear()
    assert blocker.read_text() == "not a folder"
