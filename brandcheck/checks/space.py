"""``clear-space`` and ``cropped``: what surrounds the logo and whether it is all there."""

from __future__ import annotations

from brandcheck.brand import BrandKit
from brandcheck.checks._common import region, unmeasured, zone_region
from brandcheck.findings import Finding, Severity
from brandcheck.measure import SEPARABLE_DE76, Measurements

#: Share of the frame that may fall off the canvas before a logo counts as cropped
#: (half a percent absorbs the anti-aliased edge of a logo set flush with the trim).
CROP_TOLERANCE = 0.005


def check_cropped(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail when part of the logo lies outside the canvas."""
    off = 1.0 - m.visible
    if off <= CROP_TOLERANCE:
        return []
    return [
        Finding(
            "cropped",
            Severity.FAIL,
            f"{off:.0%} of the logo lies outside the canvas",
            measured=round(off, 4),
            expected=0.0,
            unit="share_off_canvas",
            region=region(m),
            fix="move the logo fully inside the trim",
        )
    ]


def inseparable(m: Measurements) -> str:
    """Why ink and background pixels cannot be told apart here, or an empty string."""
    if m.ink_bg_de76 is not None and m.ink_bg_de76 < SEPARABLE_DE76:
        return (
            f"ink and background only ΔE76 {m.ink_bg_de76:.1f} apart; telling their "
            f"pixels apart needs {SEPARABLE_DE76:g}"
        )
    return ""


def added_marks(m: Measurements, kit: BrandKit) -> bool:
    """Whether ``altered`` fails this logo for added ink (an outline, a shadow, marks).

    Then the zone objects running along the logo's edge are that outline or shadow,
    reported once by ``altered``, not again as clear-space objects.
    """
    ck = kit.checks
    return (m.added is not None and m.added > ck.altered_max_added) or (
        m.edge_marked is not None and m.edge_marked > ck.altered_max_edge
    )


def check_clear_space(m: Measurements, kit: BrandKit) -> list[Finding]:
    """Fail for every object that enters the zone of ``clear_space`` × height around the logo.

    Each connected foreign region above the kit's noise floor (``min_object``) fails on
    its own, with its box, largest first and every one of them (the JSON lists them all;
    the text folds all but a few, :data:`brandcheck.report.text.OBJECTS_LISTED`): a
    caption of two characters is a small share of the zone but plainly an intrusion. The share of the zone is still measured, and fails above
    ``clear_space_max_intrusion`` when the content is scattered below the floor. When
    ``altered`` fails the logo for added ink, the objects running along its edge are that
    outline or shadow spilling into the zone: info, not fail (reported once).
    """
    cs = kit.logo.clear_space
    out: list[Finding] = []
    if m.zone_visible < 0.999 and m.visible > 1.0 - CROP_TOLERANCE:
        out.append(
            Finding(
                "clear-space",
                Severity.WARN,
                f"the clear-space zone ({cs:g} × logo height) runs off the canvas "
                f"({1 - m.zone_visible:.0%} of it)",
                measured=round(1 - m.zone_visible, 4),
                expected=0.0,
                unit="share_off_canvas",
                region=zone_region(m),
                fix=f"keep {cs:g} × the logo height free on every side inside the trim",
            )
        )
    if m.intrusion is None:
        return out + unmeasured("clear-space", m, "no background around the logo to compare")
    why = inseparable(m)
    if why:
        return out + unmeasured("clear-space", m, why)
    lim = kit.checks.clear_space_max_intrusion
    objs = m.intrusions or []
    halo = added_marks(m, kit)
    edge = sum(1 for ob in objs if ob.get("along_edge")) if halo else 0
    tally = f"{len(objs)} in all" + (f", {edge} of them the outline/shadow" if edge else "")
    for i, ob in enumerate(objs):
        if halo and ob.get("along_edge"):
            out.append(
                Finding(
                    "clear-space",
                    Severity.INFO,
                    f"an object inside the clear-space zone ({cs:g} × logo height) runs "
                    f"along the logo's edge: part of the outline/shadow reported by altered "
                    f"({ob['area_h2']:.4f} logo heights²)",
                    measured=ob["share_of_zone"],
                    expected=0.0,
                    unit="share_of_zone",
                    region=ob["region"],
                    details={"zone": zone_region(m), "halo_object": i},
                )
            )
            continue
        out.append(
            Finding(
                "clear-space",
                Severity.FAIL,
                f"an object inside the clear-space zone ({cs:g} × logo height): "
                f"{ob['share_of_zone']:.1%} of the zone, {ob['area_h2']:.4f} logo heights² "
                f"(objects from {kit.checks.min_object:g} × height square count; "
                f"{tally}, {m.intrusion:.1%} of the zone)",
                measured=ob["share_of_zone"],
                expected=0.0,
                unit="share_of_zone",
                region=ob["region"],
                fix=f"move other elements at least {cs:g} × the logo height away",
                details={
                    "zone": zone_region(m),
                    "object": i,
                    "objects": len(objs),
                    "intrusion": m.intrusion,
                },
            )
        )
    if not objs and m.intrusion > lim:
        out.append(
            Finding(
                "clear-space",
                Severity.FAIL,
                f"{m.intrusion:.1%} of the clear-space zone ({cs:g} × logo height) "
                f"holds other content (limit {lim:.1%})",
                measured=round(m.intrusion, 4),
                expected=lim,
                unit="share_of_zone",
                region=m.intrusion_box or zone_region(m),
                fix=f"move other elements at least {cs:g} × the logo height away",
                details={"zone": zone_region(m)},
            )
        )
    return out
