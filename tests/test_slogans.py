"""Slogans: every text line on the page against the official theme and slogans."""

from __future__ import annotations

import numpy as np
import pytest

from brandcheck.api import analyse
from brandcheck.load import Poster
from brandcheck.slogans import check_slogans, levenshtein
from tests.conftest import KIT, Text, draw_poster


def test_levenshtein():
    assert levenshtein("共创中国质量", "共建中国质量") == 1
    assert levenshtein("质量强国", "质强国") == 1
    assert levenshtein("", "abc") == 3
    assert levenshtein("abc", "abc") == 0


def poster(lines: list[str]) -> np.ndarray:
    """Text lines alone, 64 px, on paper."""
    text = [Text(line, (120, 120 + 150 * i), 64) for i, line in enumerate(lines)]
    return draw_poster((1800, 1400), bg=(248, 246, 240), text=text).rgb


@pytest.fixture(scope="module")
def findings():
    pytest.importorskip("rapidocr_onnxruntime")
    exact, theme = KIT.usage.slogans[2], KIT.usage.theme
    lines = [
        exact,  # official: info
        theme.replace("共创", "共建"),  # near the theme: warn
        KIT.usage.slogans[13].replace("安全", "安"),  # a character missing: warn
        "欢迎参观本次展览",
    ]  # unrelated: nothing
    a = analyse(Poster(path="<test>", rgb=poster(lines)), KIT, slogans=True)
    return [f for f in a.result.findings if f.code == "slogan-text"]


@pytest.mark.slow
def test_exact_slogan_is_listed_as_info(findings):
    info = [f for f in findings if f.severity.value == "info"]
    assert [f.expected for f in info] == [KIT.usage.slogans[2]]


@pytest.mark.slow
def test_near_misses_warn_with_the_official_wording(findings):
    warns = {f.expected: f for f in findings if f.severity.value == "warn"}
    assert set(warns) == {KIT.usage.theme, KIT.usage.slogans[13]}, [f.message for f in findings]
    for f in warns.values():
        assert f.details["edit_distance"] >= 1 and f.region and f.fix


def test_without_an_engine_it_says_so():
    fs = check_slogans(None, KIT)
    assert [(f.code, f.severity.value) for f in fs] == [("slogan-text", "info")]
    assert "not read" in fs[0].message
