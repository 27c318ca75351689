"""``colour``: the ink against the kit's colour, in ΔE00 with its ΔL, ΔC, ΔH terms."""

from __future__ import annotations

from typing import Any

import numpy as np

from brandcheck import colour as col
from brandcheck.brand import BrandKit
from brandcheck.checks._common import region, unmeasured
from brandcheck.findings import Finding, Severity
from brandcheck.measure import Measurements


def _stated_lab(m: Measurements, spec: Any) -> tuple[np.ndarray, str] | None:
    """The Lab of the colour a PDF states for the logo, exactly, where it is computable."""
    st = m.stated
    if not st:
        return None
    space, values = st["space"], st["values"]
    if st.get("alternate"):
        space, values = st["alternate"]["space"], st["alternate"]["values"]
        via = st["alternate"].get("via") or space
        origin = f"spot {st.get('spot')!r}, alternate " if st.get("spot") else f"{via}: "
    else:
        origin = ""
    if space == "DeviceCMYK" and len(values) == 4:
        lab = col.cmyk_to_lab(np.array(values) * 100.0, spec.characterisation)
        return (
            np.asarray(lab),
            f"stated in the PDF: {origin}DeviceCMYK {[round(v, 3) for v in values]} via {spec.characterisation.stem}",
        )
    if space == "DeviceRGB" and len(values) == 3:
        return col.srgb_to_lab(
            np.array(values, float)
        ), f"stated in the PDF: {origin}DeviceRGB (taken as sRGB)"
    if space == "Lab" and len(values) == 3:
        return np.array(
            values, float
        ), f"stated in the PDF: {origin}Lab {[round(v, 2) for v in values]}"
    if space == "DeviceGray" and len(values) == 1:
        return col.srgb_to_lab(
            np.array(values * 3, float)
        ), f"stated in the PDF: {origin}DeviceGray"
    return None


def _norm_spot(name: str) -> str:
    return "".join(name.upper().split())


def _spot_matches(stated: dict[str, Any], pantone: str | None) -> bool:
    spot = stated.get("spot")
    return bool(spot and pantone and _norm_spot(str(spot)) == _norm_spot(pantone))


def check_spot(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail when the PDF paints the logo in a spot colour whose name is not the kit's."""
    st = m.stated
    if not st or st.get("space") != "Separation" or not st.get("spot"):
        return []
    want = kit.colour.pantone
    got = str(st["spot"])
    if want and _norm_spot(got) == _norm_spot(want):
        return [
            Finding(
                "spot-colour",
                Severity.INFO,
                f"logo printed as spot colour {got!r}, as the kit names it",
                measured=got,
                expected=want,
                unit="spot_name",
                region=region(m),
            )
        ]
    return [
        Finding(
            "spot-colour",
            Severity.FAIL,
            f"logo printed as spot colour {got!r}; the kit names {want!r}",
            measured=got,
            expected=want,
            unit="spot_name",
            region=region(m),
            fix=f"rename the separation to {want!r} (or use the CMYK build)",
        )
    ]


def check_colour(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail above ``warn_de00``, warn above ``pass_de00``; CMYK inputs are judged from ink values."""
    if m.ink_lab is None:
        return unmeasured("colour", m, f"only {m.ink_pixels} ink pixels away from edges")
    spec = kit.colour
    expected = col.expected_lab(spec)
    measured = m.ink_lab
    source = "pixels (sRGB)"
    stated = _stated_lab(m, spec)
    # the PDF states a colour that cannot be computed: its pixels come from pdfium's
    # rendering, whose CMYK conversion is uncalibrated (C11 M99 Y100 K0 came back ΔE00 3.6
    # off): a correctly named spot passes by name, and pixels never make a warn
    uncomputable = m.stated is not None and stated is None
    if uncomputable and m.stated is not None and _spot_matches(m.stated, spec.pantone):
        return [
            Finding(
                "colour",
                Severity.INFO,
                f"logo printed as spot colour {m.stated.get('spot')!r}, as the kit names it; "
                f"its alternate colour cannot be evaluated, so the colour passes by name "
                f"(pixels of the rendering are not judged)",
                measured=m.stated.get("spot"),
                expected=spec.pantone,
                unit="spot_name",
                region=region(m),
                details={"stated": m.stated, "source": "spot name"},
            )
        ]
    if stated is not None:
        measured, source = stated
    elif m.ink_cmyk is not None:
        measured = np.asarray(col.cmyk_to_lab(np.array(m.ink_cmyk), spec.characterisation))
        source = "CMYK ink values via " + spec.characterisation.stem
    de, dl, dc, dh = (float(v) for v in col.delta_e00_components(measured, expected))
    if uncomputable:
        source += ", the PDF's stated colour not computable (rendering uncalibrated: no warn)"
    if de <= spec.pass_de00 or (uncomputable and de <= spec.warn_de00):
        sev, verdict = Severity.INFO, "within tolerance"
    elif de <= spec.warn_de00:
        sev, verdict = Severity.WARN, "off the brand colour"
    else:
        sev, verdict = Severity.FAIL, "not the brand colour"
    hue = float(np.degrees(np.arctan2(expected[2], expected[1])))
    got = float(np.degrees(np.arctan2(measured[2], measured[1])))
    words = col.describe_difference(dl, dc, dh, expected_hue_deg=hue, measured_hue_deg=got)
    target = f"C{spec.cmyk[0]:g} M{spec.cmyk[1]:g} Y{spec.cmyk[2]:g} K{spec.cmyk[3]:g}"
    want_srgb = col.expected_srgb(spec)
    details = {
        "delta_e00": round(de, 2),
        "delta_l": round(dl, 2),
        "delta_c": round(dc, 2),
        "delta_h": round(dh, 2),
        "measured_lab": [round(float(v), 2) for v in measured],
        "expected_lab": [round(float(v), 2) for v in expected],
        "source": source,
        "pipeline": col.PIPELINE_NOTE,
        "pantone": spec.pantone,
        "words": words,
        # the targets, so a report can name them without parsing the fix
        "expected_cmyk": list(spec.cmyk),
        "expected_srgb": list(want_srgb),
    }
    if m.ink_srgb is not None:
        details["measured_srgb"] = list(m.ink_srgb)
    if m.stated is not None:
        details["stated"] = m.stated
    if m.ink_cmyk is not None:
        details["measured_cmyk"] = [round(v, 1) for v in m.ink_cmyk]
    fix = (
        None
        if sev is Severity.INFO
        else (
            f"set the logo in {target} ({spec.pantone}); for screen use sRGB "
            f"{tuple(want_srgb)} #{''.join(f'{v:02X}' for v in want_srgb)}"
        )
    )
    # the pipeline is in details (and printed once by ``check -v``), not in each message
    msg = (
        f"ink colour {verdict}: ΔE00 {de:.1f} (ΔL {dl:+.1f}, ΔC {dc:+.1f}, ΔH {dh:+.1f}"
        f"{': ' + words if words and sev is not Severity.INFO else ''}) from {target}, "
        f"measured from {source}; tolerance {spec.pass_de00:g} pass / {spec.warn_de00:g} warn"
    )
    return [
        Finding(
            "colour",
            sev,
            msg,
            measured=round(de, 2),
            expected=spec.pass_de00,
            unit="delta_e00",
            region=region(m),
            fix=fix,
            details=details,
        )
    ]
