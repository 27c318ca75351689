"""PDF posters: pages rendered and checked, page numbers, sizes in mm, hostile PDFs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

pytest.importorskip("pypdfium2")
pytest.importorskip("pikepdf")

from brandcheck.api import check_path
from brandcheck.cli import cli
from tests.pdfs import (
    deep_forms_pdf,
    form_cycle_pdf,
    form_fanout_pdf,
    operator_flood_pdf,
    poster_pdf,
)


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


# --- structure bombs: bounded work, a stable code, the pages before kept ----------------------


def test_a_form_that_draws_itself_is_too_complex_and_not_rendered(tmp_path):
    import time

    t0 = time.perf_counter()
    (r,) = check_path(write(tmp_path, "cycle.pdf", form_cycle_pdf(copies=50)), text=False)
    assert r.status == "error" and r.error.code == "too-complex"
    assert "draws itself" in r.error.message and "page 1" in r.error.message
    assert time.perf_counter() - t0 < 10  # before the fix: 261 s and 23 GB, then killed


def test_the_pages_before_a_structure_bomb_keep_their_results(tmp_path):
    rs = check_path(write(tmp_path, "mixed.pdf", form_cycle_pdf(pages_before=2)), text=False)
    assert [(r.page, r.status) for r in rs] == [(1, "pass"), (2, "pass"), (3, "error")]
    assert rs[2].error.code == "too-complex"


@pytest.mark.parametrize("limit, code", [(20_000, "too-complex"), (40_000, None)])
def test_the_operator_limit_decides_a_flood(tmp_path, limit, code):
    from brandcheck.load import ReadOptions

    p = write(tmp_path, "flood.pdf", operator_flood_pdf(30_000))
    (r,) = check_path(p, text=False, options=ReadOptions(pdf_max_operators=limit))
    assert (r.error.code if r.error else None) == code
    if code:
        assert f"more than {limit:,} content operators" in r.error.message


def test_forms_drawn_many_times_count_as_drawn(tmp_path):
    from brandcheck.load import ReadOptions

    # five small forms, each drawing the next 20 times: 20 ** 4 = 160,000 draws of the
    # innermost rectangle (4 operators each), from a file of a few kilobytes
    p = write(tmp_path, "fanout.pdf", form_fanout_pdf(copies=20, levels=5))
    (r,) = check_path(p, text=False, options=ReadOptions(pdf_max_operators=100_000))
    assert r.error.code == "too-complex" and "forms counted as drawn" in r.error.message


@pytest.mark.parametrize("levels, refused", [(12, False), (13, True)])
def test_form_nesting_deeper_than_the_limit_is_refused(tmp_path, levels, refused):
    (r,) = check_path(write(tmp_path, "deep.pdf", deep_forms_pdf(levels)), text=False)
    assert (r.status == "error") == refused
    if refused:
        assert r.error.code == "too-complex" and "deeper than 12" in r.error.message


@pytest.mark.parametrize(
    "content",
    [
        b"q 1 0 0 1 10 20 cm 0.11 0.99 1 0 k 0 0 5 5 re f Q",
        b"BT /F1 12 Tf (a (nested) string \\) with \\\\ escapes) Tj [(x) -20 (y)] TJ ET",
        b"<414243> Tj <</MCID 3 /P <</A [1 2]>> >> BDC EMC /CS0 cs 0.5 scn %comment\n-.5 4. m",
        b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\xffEIx EI Q 1 g",
        b"/F#20x Do true false null 3 d0 1 2 3 4 5 6 d1 0 0 m 1 1 l 2 2 3 3 4 4 c h S",
    ],
)
def test_content_instructions_agree_with_qpdf(content):
    import pikepdf

    from brandcheck.load.pdftokens import OTHER, instructions

    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.Contents = pdf.make_stream(content)

    def plain(v):  # what the walk needs of an operand: a number, a name, or neither
        if isinstance(v, bool):
            return OTHER
        if isinstance(v, pikepdf.Name):
            return str(v)
        return float(v) if isinstance(v, (int, float)) or type(v).__name__ == "Decimal" else OTHER

    want = [
        (
            "BI" if isinstance(ins, pikepdf.ContentStreamInlineImage) else str(ins.operator),
            []
            if isinstance(ins, pikepdf.ContentStreamInlineImage)
            else [plain(v) for v in ins.operands],
        )
        for ins in pikepdf.parse_content_stream(page)
    ]
    assert [(op, ops) for ops, op in instructions(content)] == want


def test_long_content_is_read_the_same_a_chunk_at_a_time(monkeypatch):
    import random

    from brandcheck.load import pdftokens

    parts = [
        b"q 1 0 0 1 5 5 cm",
        b"(a (b) c) Tj",
        b"(x)Tj [(y)]TJ <41> Tj",
        b"/CS0 cs 0.5 scn",
        b"BI /W 1 ID \x01 EI",
        b"BIG << /A 1 >> BDC % c\n",
        b"0 0 m 1 1 l f /A/B Do Q",
    ]
    rng = random.Random(5)
    data = b" ".join(rng.choice(parts) for _ in range(3000))

    def read():
        return [
            (op, [v if v is not pdftokens.OTHER else None for v in ops])
            for ops, op in pdftokens.instructions(data)
        ]

    whole = read()
    for chunk in (16, 31, 1000):
        monkeypatch.setattr(pdftokens, "_CHUNK", chunk)
        assert read() == whole


@pytest.mark.parametrize("limit, code", [(100_000, "too-complex"), (1_000_000, None)])
def test_decoded_content_is_measured_before_qpdf_decodes_it(tmp_path, limit, code):
    from brandcheck.load import ReadOptions

    # 30,000 operators are 168,000 bytes decoded, about 1 KB compressed: a small Flate bomb
    p = write(tmp_path, "flood.pdf", operator_flood_pdf(30_000))
    (r,) = check_path(p, text=False, options=ReadOptions(pdf_max_content_bytes=limit))
    assert (r.error.code if r.error else None) == code
    if code:
        assert "more than 100,000 bytes of decoded content streams" in r.error.message
