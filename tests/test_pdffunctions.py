"""PDF colour as producers write it: tint transforms, ICCBased, Indexed, real libraries.

Two PDF libraries from PyPI write posters here the way a designer's tools would:
reportlab (``CMYKColorSep``: a Separation whose tint transform is a type 4 PostScript
function, as reportlab 4-5 writes it) and fpdf2 (DeviceCMYK paths). pikepdf writes the
spaces neither library does (DeviceN with a sampled function, ICCBased, Indexed).
"""

from __future__ import annotations

import io
import zlib

import cv2
import numpy as np
import pytest

pikepdf = pytest.importorskip("pikepdf")
pytest.importorskip("pypdfium2")

from brandcheck.api import check_path
from brandcheck.brand import load_brand
from brandcheck.pdffunctions import FunctionError, evaluate, to_device
from tests.pdfs import A4, logo_mask

KIT_CMYK = (0.11, 0.99, 1.0, 0.0)
#: reportlab 5.1's tint transform for CMYKColorSep(0.11, 0.99, 1.0, 0.0), verbatim.
REPORTLAB_PS = b"{dup 0.11 mul exch dup 0.99 mul exch dup 1.0 mul exch pop 0.0}"


def _pdf() -> pikepdf.Pdf:
    return pikepdf.new()


def _stream(pdf, data: bytes, **kw):
    s = pikepdf.Stream(pdf, data)
    for k, v in kw.items():
        s[f"/{k}"] = v
    return s


# ---------------------------------------------------------------- functions


def test_type2_exponential():
    fn = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=list(KIT_CMYK), N=1)
    assert evaluate(fn, [0.5]) == pytest.approx([0.055, 0.495, 0.5, 0.0])
    fn.N = 2
    assert evaluate(fn, [0.5]) == pytest.approx([0.0275, 0.2475, 0.25, 0.0])


def test_type4_as_reportlab_writes_it():
    pdf = _pdf()
    fn = _stream(pdf, REPORTLAB_PS, FunctionType=4, Domain=[0, 1], Range=[0, 1] * 4)
    assert evaluate(fn, [1.0]) == pytest.approx(KIT_CMYK)
    assert evaluate(fn, [0.5]) == pytest.approx([0.055, 0.495, 0.5, 0.0])


def test_type4_conditionals_and_stack_operators():
    pdf = _pdf()
    prog = b"{ dup 0.5 gt { 1 exch sub } { 2 mul } ifelse 3 1 roll pop pop }"
    fn = _stream(pdf, prog, FunctionType=4, Domain=[0, 1, 0, 1, 0, 1], Range=[0, 1])
    assert evaluate(fn, [0.1, 0.2, 0.8]) == pytest.approx([0.2])
    assert evaluate(fn, [0.1, 0.2, 0.25]) == pytest.approx([0.5])


@pytest.mark.parametrize("prog", [b"{ 1 add currentpoint }", b"{ 1 add", b"{ 0 div }", b"{ pop }"])
def test_type4_outside_the_calculator_subset_is_an_error(prog):
    pdf = _pdf()
    fn = _stream(pdf, prog, FunctionType=4, Domain=[0, 1], Range=[0, 1])
    with pytest.raises(FunctionError):
        evaluate(fn, [1.0])


def test_type0_sampled_interpolates():
    pdf = _pdf()
    # two samples (tint 0 and tint 1) of four 8-bit outputs
    data = bytes([0, 0, 0, 0, 28, 252, 255, 0])
    fn = _stream(
        pdf, data, FunctionType=0, Domain=[0, 1], Range=[0, 1] * 4, Size=[2], BitsPerSample=8
    )
    assert evaluate(fn, [1.0]) == pytest.approx([28 / 255, 252 / 255, 1.0, 0.0])
    assert evaluate(fn, [0.5]) == pytest.approx([14 / 255, 126 / 255, 0.5, 0.0])


def test_type3_stitching_picks_the_interval():
    f_lo = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0], C1=[1], N=1)
    f_hi = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1], C1=[0], N=1)
    fn = pikepdf.Dictionary(
        FunctionType=3, Domain=[0, 1], Functions=[f_lo, f_hi], Bounds=[0.5], Encode=[0, 1, 0, 1]
    )
    assert evaluate(fn, [0.25]) == pytest.approx([0.5])
    assert evaluate(fn, [0.75]) == pytest.approx([0.5])
    assert evaluate(fn, [1.0]) == pytest.approx([0.0])


def test_unknown_function_type_is_an_error():
    with pytest.raises(FunctionError):
        evaluate(pikepdf.Dictionary(FunctionType=7, Domain=[0, 1]), [0.5])


# ---------------------------------------------------------------- spaces


def _spaces(pdf) -> dict[str, tuple[object, list[float]]]:
    """Colour spaces that all state the kit's CMYK build, and the operands that select it."""
    ps = _stream(pdf, REPORTLAB_PS, FunctionType=4, Domain=[0, 1], Range=[0, 1] * 4)
    sampled = _stream(
        pdf,
        bytes([0, 0, 0, 0]) + bytes(round(v * 255) for v in KIT_CMYK),
        FunctionType=0,
        Domain=[0, 1],
        Range=[0, 1] * 4,
        Size=[2],
        BitsPerSample=8,
    )
    icc = _stream(pdf, b"\0" * 128, N=4)
    icc_alt = _stream(pdf, b"\0" * 128, N=4, Alternate=pikepdf.Name.DeviceCMYK)
    sep = pikepdf.Name("/PANTONE 5216 C")
    table = bytes([255, 255, 255, 0]) + bytes(round(v * 255) for v in KIT_CMYK)
    return {
        "separation-type4": (
            pikepdf.Array([pikepdf.Name.Separation, sep, pikepdf.Name.DeviceCMYK, ps]),
            [1],
        ),
        "separation-type0": (
            pikepdf.Array([pikepdf.Name.Separation, sep, pikepdf.Name.DeviceCMYK, sampled]),
            [1],
        ),
        "devicen-type4": (
            pikepdf.Array(
                [pikepdf.Name.DeviceN, pikepdf.Array([sep]), pikepdf.Name.DeviceCMYK, ps]
            ),
            [1],
        ),
        "iccbased-n4": (pikepdf.Array([pikepdf.Name.ICCBased, icc]), list(KIT_CMYK)),
        "iccbased-alternate": (pikepdf.Array([pikepdf.Name.ICCBased, icc_alt]), list(KIT_CMYK)),
        "indexed": (
            pikepdf.Array(
                [pikepdf.Name.Indexed, pikepdf.Name.DeviceCMYK, 1, pikepdf.String(table)]
            ),
            [1],
        ),
        "separation-of-icc": (
            pikepdf.Array(
                [pikepdf.Name.Separation, sep, pikepdf.Array([pikepdf.Name.ICCBased, icc]), ps]
            ),
            [1],
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "separation-type4",
        "separation-type0",
        "devicen-type4",
        "iccbased-n4",
        "iccbased-alternate",
        "indexed",
        "separation-of-icc",
    ],
)
def test_every_space_reaches_the_kit_cmyk(name):
    pdf = _pdf()
    space, ops = _spaces(pdf)[name]
    dev = to_device(space, ops)
    assert dev is not None and dev.space == "DeviceCMYK"
    assert dev.values == pytest.approx(KIT_CMYK, abs=0.5 / 255), dev.via


def test_lab_and_unknown_spaces():
    lab = pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9642, 1, 0.8249])])
    assert to_device(lab, [44.6, 62.1, 43.3]).space == "Lab"
    assert to_device(pikepdf.Name.Pattern, [1]) is None
    bad = pikepdf.Array(
        [
            pikepdf.Name.Separation,
            pikepdf.Name("/X"),
            pikepdf.Name.DeviceCMYK,
            pikepdf.Dictionary(FunctionType=5),
        ]
    )
    assert to_device(bad, [1]) is None


# ---------------------------------------------------------------- whole PDFs


def _poster(make) -> bytes:
    """A4, the kit's logo as a stencil painted in the space ``make(pdf)`` returns with its
    operands (objects are made in the poster's own PDF)."""
    pdf = pikepdf.new()
    space, ops = make(pdf)
    data, w, h = logo_mask()
    mask = pikepdf.Stream(pdf, zlib.compress(data))
    mask.Type, mask.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    mask.Width, mask.Height, mask.ImageMask, mask.BitsPerComponent = w, h, True, 1
    mask.Decode = pikepdf.Array([1, 0])
    mask.Filter = pikepdf.Name.FlateDecode
    lw = 80 / 25.4 * 72
    lh = lw * h / w
    x, y = (A4[0] - lw) / 2, A4[1] * 0.78
    page = pdf.add_blank_page(page_size=A4)
    page.Resources = pikepdf.Dictionary(
        XObject=pikepdf.Dictionary(Logo=mask),
        ColorSpace=pikepdf.Dictionary(CS0=pdf.make_indirect(space)),
    )
    sc = " ".join(f"{v:g}" for v in ops)
    page.Contents = pdf.make_stream(
        f"q /CS0 cs {sc} scn {lw:.2f} 0 0 {lh:.2f} {x:.2f} {y:.2f} cm /Logo Do Q".encode()
    )
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _colour(r):
    return next(f for f in r.findings if f.code == "colour")


@pytest.mark.parametrize("name", ["separation-type0", "devicen-type4", "iccbased-n4", "indexed"])
def test_pikepdf_posters_are_judged_from_the_stated_colour(tmp_path, name):
    p = tmp_path / f"{name}.pdf"
    p.write_bytes(_poster(lambda pdf: _spaces(pdf)[name]))
    (r,) = check_path(p, text=False)
    c = _colour(r)
    assert c.severity.value == "info" and "stated in the PDF" in c.details["source"], c.message
    assert c.measured < 0.5


def _contours(width_pt: float):
    with open(load_brand().logo.artwork, "rb") as fh:
        a = cv2.imdecode(np.frombuffer(fh.read(), np.uint8), cv2.IMREAD_UNCHANGED)[..., 3]
    cs, _ = cv2.findContours((a >= 128).astype(np.uint8), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    k = width_pt / a.shape[1]
    return [c[:, 0, :].astype(float) * k for c in cs], a.shape[0] * k


def _reportlab(path, spot: str) -> None:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    from reportlab.lib.colors import CMYKColorSep

    c = canvas.Canvas(str(path), pagesize=A4)
    polys, h = _contours(220)
    x0, y0 = 80, A4[1] - 120 - h
    c.setFillColor(CMYKColorSep(*KIT_CMYK, spotName=spot))
    p = c.beginPath()
    for poly in polys:
        p.moveTo(x0 + poly[0, 0], y0 + h - poly[0, 1])
        for x, y in poly[1:]:
            p.lineTo(x0 + x, y0 + h - y)
        p.close()
    c.drawPath(p, fill=1, stroke=0, fillMode=1)
    c.save()


def _fpdf(path) -> None:
    fpdf = pytest.importorskip("fpdf")
    from fpdf.drawing import DeviceCMYK

    pdf = fpdf.FPDF(unit="pt", format="A4")
    pdf.add_page()
    polys, _ = _contours(220)
    with pdf.new_path() as pp:
        pp.style.fill_color = DeviceCMYK(*KIT_CMYK)
        pp.style.stroke_color = None
        pp.style.intersection_rule = "evenodd"
        for poly in polys:
            pp.move_to(80 + poly[0, 0], 120 + poly[0, 1])
            for x, y in poly[1:]:
                pp.line_to(80 + x, 120 + y)
            pp.close()
    pdf.output(str(path))


def test_reportlab_separation_is_read_through_its_tint_transform(tmp_path):
    p = tmp_path / "reportlab.pdf"
    _reportlab(p, "PANTONE 5216 C")
    (r,) = check_path(p, text=False)
    assert r.status == "pass", [f.message for f in r.findings]
    (logo,) = r.logos
    alt = logo.measurements["stated"]["alternate"]
    assert alt["space"] == "DeviceCMYK" and alt["values"] == pytest.approx(KIT_CMYK)
    assert "type 4" in alt["via"]
    assert _colour(r).severity.value == "info"


def test_fpdf2_cmyk_paths_give_no_colour_warn(tmp_path):
    p = tmp_path / "fpdf2.pdf"
    _fpdf(p)
    (r,) = check_path(p, text=False)
    assert r.status == "pass", [f.message for f in r.findings]
    assert _colour(r).severity.value == "info"
