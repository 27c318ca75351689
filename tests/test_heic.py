"""HEIC input (the heic extra): a phone's photo is checked, with its EXIF; without the
extra it is an ``unsupported`` error naming the extra, never a skip."""

from __future__ import annotations

import sys

import pytest
from PIL import Image

from brandcheck.api import check_file
from brandcheck.audit import walk
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def heic(tmp_path_factory):
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    p = tmp_path_factory.mktemp("heic") / "branch photo.HEIC"
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 12"  # Make, Model: a camera
    with Image.open(SAMPLES / "rotated.jpg") as im:
        im.save(p, format="HEIF", quality=90, exif=exif.tobytes())
    return p


def test_heic_photo_is_checked_with_its_exif(heic):
    r = check_file(heic, text=False)
    assert r.error is None, r.error
    assert r.size == (1000, 1414)
    codes = {f.code: f.severity.value for f in r.findings}
    assert "rotated" in codes  # the logo is found and measured (its severity: checks/photo)
    assert "photo" in codes  # EXIF Make/Model read: judged as a photograph of a print


def test_heic_is_walked_not_skipped(heic):
    files, skipped = walk([heic.parent])
    assert files == [heic] and skipped == []


def test_without_the_extra_heic_names_it(heic, monkeypatch):
    monkeypatch.setitem(sys.modules, "pillow_heif", None)  # import fails as if not installed
    r = check_file(heic, text=False)
    assert r.status == "error" and r.error.code == "unsupported"
    assert "brandcheck[heic]" in r.error.message and "HEIC" in r.error.message


def test_damaged_heic_is_unreadable_and_named(tmp_path):
    pytest.importorskip("pillow_heif")
    p = tmp_path / "cut.heic"
    p.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    r = check_file(p, text=False)
    assert r.status == "error" and r.error.code == "unreadable" and "HEIC" in r.error.message


def test_under_pre_commit_the_hint_is_the_hooks_dependencies(heic, monkeypatch):
    monkeypatch.setitem(sys.modules, "pillow_heif", None)
    monkeypatch.setenv("PRE_COMMIT", "1")  # set by pre-commit for its hooks
    r = check_file(heic, text=False)
    assert "additional_dependencies" in r.error.message and "pip install" not in r.error.message
