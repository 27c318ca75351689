"""The bundled samples get exactly the verdicts samples/README.md promises."""

from __future__ import annotations

import re

import pytest

from brandcheck.api import check_file
from tests.conftest import SAMPLES


def promised() -> list[tuple[str, str, set[str]]]:
    rows = []
    for line in (SAMPLES / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `([^`]+)` \| .* \| (pass|warn|fail) \| (.*) \|$", line)
        if m:
            codes = {c.strip() for c in m.group(3).split(",") if c.strip() not in ("", "-")}
            rows.append((m.group(1), m.group(2), codes))
    return rows


def test_readme_lists_every_sample_file():
    files = {p.name for p in SAMPLES.iterdir() if p.suffix in (".jpg", ".png", ".tif")}
    assert files == {name for name, _, _ in promised()}
    assert 10 <= len(files) <= 16
    assert sum(p.stat().st_size for p in SAMPLES.iterdir()) < 8 * 1024 * 1024


@pytest.mark.parametrize("name, status, codes", promised())
def test_sample_verdict(name, status, codes):
    r = check_file(SAMPLES / name)
    got = {f.code for f in r.findings if f.severity.value in ("fail", "warn")}
    assert (r.status, got) == (status, codes)


@pytest.mark.slow
def test_samples_are_reproducible(tmp_path):
    import numpy as np
    from PIL import Image

    from posterlab.tuned.samples import write_samples

    write_samples(tmp_path)
    for name in ("rotated.jpg", "compliant-cmyk.tif"):
        a = np.asarray(Image.open(tmp_path / name))
        b = np.asarray(Image.open(SAMPLES / name))
        assert a.shape == b.shape and np.abs(a.astype(int) - b).max() <= 1


def test_only_the_phone_photo_names_a_camera():
    from brandcheck.load import load

    named = {n for n, _, _ in promised() if load(SAMPLES / n).camera}
    assert named == {"phone-photo-wall.jpg"}
