"""posterlab.tuned: the same seed gives the same files, and the corpus writer names them."""

from __future__ import annotations

import numpy as np
import pytest

from posterlab.tuned.corpus import CATEGORIES, make_corpus, poster_for, to_cmyk
from tests.conftest import KIT


@pytest.mark.slow
def test_same_seed_same_poster_and_cmyk():
    def draw(seed):
        s, suffix, _opts = poster_for("cmyk-tiff", np.random.default_rng([seed, 3]), seed, KIT)
        return s, suffix

    (a, suffix), (b, _) = draw(1), draw(1)
    assert suffix == ".tif"
    assert np.array_equal(a.rgb, b.rgb) and a.truth() == b.truth()
    assert np.array_equal(to_cmyk(a, KIT), to_cmyk(b, KIT))
    c, _ = draw(2)
    assert not np.array_equal(a.rgb, c.rgb)


@pytest.mark.slow
def test_corpus_files_are_byte_identical_for_a_seed(tmp_path):
    one, two = (make_corpus(tmp_path / d, 2, 5, KIT).parent for d in ("one", "two"))
    names = sorted(p.name for p in one.iterdir())
    assert names == ["0000-clean.png", "0001-print.jpg", "truth.jsonl"]
    assert CATEGORIES[:2] == ("clean", "print")
    for n in names:
        assert (one / n).read_bytes() == (two / n).read_bytes(), n
