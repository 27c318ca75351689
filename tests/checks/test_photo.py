"""A photograph's findings: what changes, what stays."""

from __future__ import annotations

from brandcheck.checks import run_checks
from brandcheck.checks.photo import as_photograph
from brandcheck.findings import Severity


def test_resolution_and_colour_fails_are_downgraded_with_their_numbers(make, kit):
    m = make(
        effective_width_px=40.0,
        ink_lab=make().ink_lab + [20.0, 0.0, 0.0],
        angle_deg=5.0,
        width_px=100.0,
    )
    before = {f.code: f for f in run_checks(m, kit)}
    assert {before[c].severity for c in ("low-resolution", "too-small", "colour", "rotated")} == {
        Severity.FAIL
    }
    after = as_photograph(list(before.values()), "Acme Phone 7")
    by = {f.code: f for f in after}
    assert by["photo"].severity is Severity.INFO and "Acme Phone 7" in by["photo"].message
    assert by["low-resolution"].severity is Severity.INFO
    assert by["too-small"].severity is Severity.INFO
    assert by["colour"].severity is Severity.WARN
    assert by["rotated"].severity is Severity.FAIL  # the photo shows it; it stays, and says so
    assert (
        "camera's roll" in by["rotated"].message
        and before["rotated"].message in by["rotated"].message
    )
    for c in ("low-resolution", "too-small", "colour"):
        assert (by[c].measured, by[c].expected, by[c].region) == (
            before[c].measured,
            before[c].expected,
            before[c].region,
        )
        assert before[c].message in by[c].message


def test_a_colour_warn_stays_a_warn(make, kit):
    m = make(ink_lab=make().ink_lab + [5.0, 0.0, 0.0])
    colour = [f for f in run_checks(m, kit) if f.code == "colour"]
    assert colour[0].severity is Severity.WARN
    assert next(f for f in as_photograph(colour, "x") if f.code == "colour") == colour[0]


def with_camera_exif(jpeg: bytes, make: str, model: str) -> bytes:
    """``jpeg`` with an EXIF segment naming a camera inserted after SOI: pixels untouched."""
    from posterlab.io import camera_exif

    body = camera_exif(make, model)
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body + jpeg[2:]


def test_a_camera_in_the_exif_makes_a_photograph_end_to_end(tmp_path, samples):
    """The upscaled-logo sample fails on low-resolution; the same pixels in a file whose
    EXIF names a camera are read as a photograph: the finding stays, as info."""

    import numpy as np

    from brandcheck.api import check_file
    from brandcheck.load import load

    src = samples / "low-resolution-upscaled.jpg"
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(with_camera_exif(src.read_bytes(), "Acme", "Phone 7"))
    assert load(photo).camera == "Acme Phone 7" and load(src).camera is None
    assert np.array_equal(load(photo).rgb, load(src).rgb)
    plain, shot = check_file(src), check_file(photo)
    lr = [f for f in plain.findings if f.code == "low-resolution"]
    assert plain.status == "fail" and lr[0].severity is Severity.FAIL
    by = {f.code: f for f in shot.findings}
    assert by["low-resolution"].severity is Severity.INFO
    assert by["low-resolution"].measured == lr[0].measured
    assert "photo" in by and shot.status != "fail"
