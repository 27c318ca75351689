"""``altered``: parts of the artwork missing, or foreign ink (outlines, shadows) added."""

from __future__ import annotations

from brandcheck.brand import BrandKit
from brandcheck.checks._common import region, unmeasured
from brandcheck.checks.space import inseparable
from brandcheck.findings import Finding, Severity
from brandcheck.measure import Measurements

#: What to do about foreign marks, whichever measure saw them.
_REMOVE_MARKS = "remove outlines, shadows and effects; place the artwork as supplied"


def check_altered(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail when more of the artwork is missing, or more ink added, than the kit allows.

    Added ink is judged by area and, for outlines and shadows thinner than the area count
    can see, by the share of the edge they run along; one finding for either.
    """
    if m.missing is None or m.added is None:
        return unmeasured("altered", m, "ink or background colour not measurable")
    why = inseparable(m)
    if why:
        return unmeasured("altered", m, why)
    ck = kit.checks

    def fail(
        message: str,
        measured: float,
        limit: float,
        unit: str,
        fix: str,
        where: list[list[float]] | None = None,
    ) -> Finding:
        return Finding(
            "altered",
            Severity.FAIL,
            message,
            measured=round(measured, 4),
            expected=limit,
            unit=unit,
            region=where or region(m),
            fix=fix,
        )

    out: list[Finding] = []
    lim_c = ck.altered_max_component_missing
    broken = [c for c in (m.component_missing or []) if c["share_missing"] > lim_c]
    if broken and m.missing <= ck.altered_max_missing:
        worst = broken[0]
        out.append(
            fail(
                f"{worst['share_missing']:.0%} of one part of the logo is missing (a stroke "
                f"group holding {worst['ink_share']:.1%} of its ink; limit {lim_c:.0%} of a "
                f"part; {len(broken)} part(s) in all, {m.missing:.1%} of the whole)",
                worst["share_missing"],
                lim_c,
                "share_of_component_missing",
                "use the complete, unmodified artwork",
                worst["region"],
            )
        )
    if m.missing > ck.altered_max_missing:
        out.append(
            fail(
                f"{m.missing:.1%} of the logo's ink is missing (limit {ck.altered_max_missing:.0%})",
                m.missing,
                ck.altered_max_missing,
                "share_missing",
                "use the complete, unmodified artwork",
            )
        )
    if m.added > ck.altered_max_added:
        out.append(
            fail(
                f"foreign marks inside the logo (outline, shadow or additions): "
                f"{m.added:.1%} of its ink area (limit {ck.altered_max_added:.0%})",
                m.added,
                ck.altered_max_added,
                "share_added",
                _REMOVE_MARKS,
            )
        )
    elif m.edge_marked is not None and m.edge_marked > ck.altered_max_edge:
        out.append(
            fail(
                f"an outline or shadow runs along {m.edge_marked:.0%} of the logo's edge "
                f"(limit {ck.altered_max_edge:.0%})",
                m.edge_marked,
                ck.altered_max_edge,
                "share_of_edge",
                _REMOVE_MARKS,
            )
        )
    return out
