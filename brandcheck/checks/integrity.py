"""``altered``: parts of the artwork missing, or foreign ink (outlines, shadows) added."""

from __future__ import annotations

from brandcheck.brand import BrandKit
from brandcheck.checks._common import region, unmeasured
from brandcheck.findings import Finding, Severity
from brandcheck.measure import Measurements


def check_altered(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail when more of the artwork is missing, or more ink added, than the kit allows."""
    if m.missing is None or m.added is None:
        return unmeasured("altered", m, "ink or background colour not measurable")
    ck = kit.checks
    out: list[Finding] = []
    if m.missing > ck.altered_max_missing:
        out.append(Finding("altered", Severity.FAIL,
                           f"{m.missing:.1%} of the logo's ink is missing (limit {ck.altered_max_missing:.0%})",
                           measured=round(m.missing, 4), expected=ck.altered_max_missing,
                           unit="share_missing", region=region(m),
                           fix="use the complete, unmodified artwork"))
    if m.added > ck.altered_max_added:
        out.append(Finding("altered", Severity.FAIL,
                           f"foreign marks inside the logo (outline, shadow or additions): "
                           f"{m.added:.1%} of its ink area (limit {ck.altered_max_added:.0%})",
                           measured=round(m.added, 4), expected=ck.altered_max_added,
                           unit="share_added", region=region(m),
                           fix="remove outlines, shadows and effects; place the artwork as supplied"))
    if m.edge_marked is not None and m.edge_marked > ck.altered_max_edge and not any(
            f.unit == "share_added" for f in out):
        out.append(Finding("altered", Severity.FAIL,
                           f"an outline or shadow runs along {m.edge_marked:.0%} of the logo's edge "
                           f"(limit {ck.altered_max_edge:.0%})",
                           measured=round(m.edge_marked, 4), expected=ck.altered_max_edge,
                           unit="share_of_edge", region=region(m),
                           fix="remove outlines, shadows and effects; place the artwork as supplied"))
    return out
