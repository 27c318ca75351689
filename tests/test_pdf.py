"""PDF posters: pages rendered and checked, page numbers, sizes in mm, hostile PDFs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

pytest.importorskip("pypdfium2")
pytest.importorskip("pikepdf")

from brandcheck.api import check_path
from brandcheck.cli import cli
from tests.pdfs import poster_pdf


def write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_compliant_cmyk_pdf_passes_with_page_and_mm(tmp_path):
    p = write(tmp_path, "ok.pdf", poster_pdf())
    (r,) = check_path(p)
    assert r.page == 1 and r.status == "pass", [f.message for f in r.findings]
    (logo,) = r.logos
    assert 78 < logo.measurements["width_mm"] < 82


def test_small_logo_in_mm(tmp_path):
    p = write(tmp_path, "small.pdf", poster_pdf(logo_width_mm=20))
    (r,) = check_path(p)
    assert {f.code for f in r.findings if f.severity.value == "fail"} == {"too-small"}
    f = next(f for f in r.findings if f.code == "too-small")
    assert f.unit == "width_mm" and 19 < f.measured < 21


@pytest.mark.slow
def test_every_page_is_checked_and_numbered(tmp_path):
    p = write(tmp_path, "three.pdf", poster_pdf(pages=3))
    rs = check_path(p)
    assert [r.page for r in rs] == [1, 2, 3]
    out = CliRunner().invoke(cli, ["check", str(p), "--format", "json"]).output
    assert [x["page"] for x in json.loads(out)["results"]] == [1, 2, 3]


def test_encrypted_pdf_is_a_clear_error(tmp_path):
    p = write(tmp_path, "locked.pdf", poster_pdf(password="s3cret"))
    (r,) = check_path(p)
    assert r.status == "error" and r.error.code == "encrypted"


def test_truncated_pdf_is_unreadable(tmp_path):
    data = poster_pdf()
    p = write(tmp_path, "cut.pdf", data[: len(data) // 3])
    (r,) = check_path(p)
    assert r.status == "error" or r.logos  # pdfium may recover a truncated file; never a crash


def test_absurd_page_count_is_refused(tmp_path):
    p = write(tmp_path, "many.pdf", poster_pdf(pages=60))
    (r,) = check_path(p)
    assert r.status == "error" and r.error.code == "too-large" and "60 pages" in r.error.message


def fails(r):
    return {f.code for f in r.findings if f.severity.value == "fail"}


def colour_finding(r):
    return next(f for f in r.findings if f.code == "colour")


def test_stated_cmyk_is_judged_exactly(tmp_path):
    (r,) = check_path(write(tmp_path, "ok.pdf", poster_pdf()))
    f = colour_finding(r)
    # pdfium's uncalibrated CMYK rendering alone reads about ΔE00 3.6; the stated values give 0
    assert f.measured < 0.05 and "stated in the PDF: DeviceCMYK" in f.message
    assert f.details["stated"]["values"] == pytest.approx([0.11, 0.99, 1.0, 0.0])


def test_wrong_cmyk_build_fails(tmp_path):
    (r,) = check_path(write(tmp_path, "wrong.pdf", poster_pdf(value=(0.0, 0.8, 0.6, 0.0))))
    assert "colour" in fails(r)
    assert "DeviceCMYK [0.0, 0.8, 0.6, 0.0]" in colour_finding(r).message


def test_rgb_logo_is_judged_from_its_stated_rgb(tmp_path):
    good = check_path(
        write(tmp_path, "rgb.pdf", poster_pdf("rgb", (200 / 255, 38 / 255, 38 / 255)))
    )[0]
    assert colour_finding(good).measured < 1.0 and "DeviceRGB" in colour_finding(good).message
    bad = check_path(write(tmp_path, "rgb2.pdf", poster_pdf("rgb", (0.1, 0.2, 0.8))))[0]
    assert "colour" in fails(bad)


def test_correctly_named_spot_passes(tmp_path):
    (r,) = check_path(write(tmp_path, "spot.pdf", poster_pdf("spot", spot="PANTONE 5216 C")))
    assert not fails(r)
    spot = next(f for f in r.findings if f.code == "spot-colour")
    assert spot.severity.value == "info" and spot.measured == "PANTONE 5216 C"


def test_misnamed_spot_fails(tmp_path):
    (r,) = check_path(write(tmp_path, "spot2.pdf", poster_pdf("spot", spot="PANTONE 485 C")))
    assert "spot-colour" in fails(r)
    f = next(f for f in r.findings if f.code == "spot-colour")
    assert f.measured == "PANTONE 485 C" and f.expected == "PANTONE 5216 C"


def test_font_beside_the_logo_is_checked(tmp_path):
    (r,) = check_path(
        write(tmp_path, "helv.pdf", poster_pdf(beside=("Helvetica", "2019 Quality Month")))
    )
    f = next(f for f in r.findings if f.code == "font")
    assert (
        f.severity.value == "warn" and f.measured == "Helvetica" and "Swis721 BlkBT" in f.expected
    )
    (ok,) = check_path(write(tmp_path, "swis.pdf", poster_pdf(beside=("Swis721BlkBT", "2019"))))
    assert not [f for f in ok.findings if f.code == "font"]


# --- one pass, one page at a time -----------------------------------------------------------


def test_a_pdf_is_opened_once_for_pixels_text_and_stated_colours(tmp_path, monkeypatch):
    import pikepdf
    import pypdfium2

    opened = {"pdfium": 0, "pikepdf": 0}
    pdfium_doc, pikepdf_open = pypdfium2.PdfDocument, pikepdf.open

    def counting_pdfium(*a, **k):
        opened["pdfium"] += 1
        return pdfium_doc(*a, **k)

    def counting_pikepdf(*a, **k):
        opened["pikepdf"] += 1
        return pikepdf_open(*a, **k)

    monkeypatch.setattr(pypdfium2, "PdfDocument", counting_pdfium)
    monkeypatch.setattr(pikepdf, "open", counting_pikepdf)
    p = write(tmp_path, "three.pdf", poster_pdf(pages=3, beside=("Helvetica", "2019")))
    rs = check_path(p, text=False)
    assert [r.page for r in rs] == [1, 2, 3]
    assert all(r.logos[0].measurements["stated"]["space"] == "DeviceCMYK" for r in rs)
    assert all(r.logos[0].measurements["nearby_text"] for r in rs)
    assert opened == {"pdfium": 1, "pikepdf": 1}  # not once per page, nor twice


def test_pages_are_streamed_one_rendered_page_at_a_time(tmp_path):
    import gc
    import weakref

    from brandcheck.api import inspect_all

    p = write(tmp_path, "five.pdf", poster_pdf(pages=5))
    seen, peak = [], 0
    for a in inspect_all(p, text=False):
        seen.append(weakref.ref(a.poster))
        gc.collect()
        peak = max(peak, sum(r() is not None for r in seen))
    assert len(seen) == 5 and peak == 1
