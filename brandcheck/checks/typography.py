"""``font``: text set beside the logo in a typeface other than the kit's (PDF input)."""

from __future__ import annotations

from brandcheck.brand import BrandKit
from brandcheck.checks._common import region
from brandcheck.findings import Finding, Severity
from brandcheck.measure import Measurements


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def check_font(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Warn for each font beside the logo whose name matches none of the kit's typefaces.

    Names match when one contains the other once case, spaces and punctuation are
    dropped (PDFs carry PostScript names such as "Swiss721BT-Black"); a kit may list
    exact PostScript names under ``[typography] postscript_names``.
    """
    if not m.nearby_text:
        return []
    wanted = [v for k, v in kit.typography.items() if k != "postscript_names"]
    accepted = {_norm(v) for v in wanted} | {
        _norm(v) for v in kit.typography.get("postscript_names", "").split(",") if v
    }
    out = []
    seen = set()
    for t in m.nearby_text:
        font = t.get("font") or "(unnamed font)"
        nf = _norm(font)
        if nf in seen:
            continue
        seen.add(nf)
        if any(a and (a in nf or nf in a) for a in accepted):
            continue
        out.append(
            Finding(
                "font",
                Severity.WARN,
                f"text beside the logo ({t.get('text', '')[:30]!r}) is set in {font!r}; the kit's "
                f"typography is {' / '.join(wanted)}",
                measured=font,
                expected=wanted,
                unit="font_name",
                region=region(m),
                fix="set the lockup text in the kit's typefaces",
            )
        )
    return out
