"""A photograph's findings: what changes, what stays."""

from __future__ import annotations

from brandcheck.checks import run_checks
from brandcheck.checks.photo import CAMERA_BOUNDS, as_photograph, exif_only
from brandcheck.findings import Severity
from brandcheck.pageframe import PhotoFacts, PhotoLogo


def test_resolution_and_colour_fails_are_downgraded_with_their_numbers(make, kit):
    m = make(
        effective_width_px=40.0,
        ink_lab=make().ink_lab + [20.0, 0.0, 0.0],
        angle_deg=5.0,
        width_px=100.0,
    )
    before = {f.code: f for f in run_checks(m, kit)}
    assert {before[c].severity for c in ("low-resolution", "too-small", "colour", "rotated")} == {
        Severity.FAIL
    }
    after = as_photograph(list(before.values()), exif_only("Acme Phone 7"), kit)
    by = {f.code: f for f in after}
    assert by["photo"].severity is Severity.INFO and "Acme Phone 7" in by["photo"].message
    assert by["low-resolution"].severity is Severity.INFO
    assert by["too-small"].severity is Severity.INFO
    assert by["colour"].severity is Severity.WARN
    # no page plane: 5° may be the camera's, so it is a review, with its numbers
    assert by["rotated"].severity is Severity.WARN
    assert by["rotated"].message.startswith("review: the camera's tilt")
    assert before["rotated"].message in by["rotated"].message
    for c in ("low-resolution", "too-small", "colour", "rotated"):
        assert (by[c].measured, by[c].expected, by[c].region) == (
            before[c].measured,
            before[c].expected,
            before[c].region,
        )
        assert before[c].message in by[c].message


def test_without_paper_the_colour_is_indicative(make, kit):
    """No paper to balance from: info, and a warn only beyond the kit's pass limit by more
    than an unbalanced photograph adds (COLOUR_ERROR_DE00); never a fail."""
    from brandcheck.checks.photo import COLOUR_ERROR_DE00

    limit = kit.colour.pass_de00 + COLOUR_ERROR_DE00["unbalanced"]
    seen = set()
    for dl in (5.0, 11.0, 14.0, 40.0):
        colour = [f for f in run_checks(make(ink_lab=make().ink_lab + [dl, 0.0, 0.0]), kit)]
        colour = [f for f in colour if f.code == "colour"]
        after = next(f for f in as_photograph(colour, exif_only("x"), kit) if f.code == "colour")
        sev = Severity.WARN if colour[0].measured > limit else Severity.INFO
        assert after.severity is sev and after.measured == colour[0].measured
        assert "indicative" in after.message
        seen.add(sev)
    assert seen == {Severity.INFO, Severity.WARN}


def test_a_rotation_beyond_any_camera_pose_fails_without_the_plane(make, kit):
    bound = CAMERA_BOUNDS["angle_deg"]
    for angle, sev in ((bound - 2, Severity.WARN), (bound + 2, Severity.FAIL)):
        rot = [f for f in run_checks(make(angle_deg=angle), kit) if f.code == "rotated"]
        after = as_photograph(rot, exif_only("x"), kit)
        assert next(f for f in after if f.code == "rotated").severity is sev


def _balanced(kit) -> PhotoFacts:
    from brandcheck.rectify import NoPlane

    return PhotoFacts(
        "image",
        "seen",
        NoPlane("x"),
        False,
        (240, 238, 236),
        0.2,
        (PhotoLogo((0, 1, 0), None, True, None, (240, 238, 236)),),
    )


def test_white_balanced_colour_fails_only_when_gross(make, kit):
    """Beyond the kit's fail limit by more than a balanced photograph adds it fails;
    beyond its pass limit by more than that it warns; else info."""
    from brandcheck.checks.photo import COLOUR_ERROR_DE00

    err = COLOUR_ERROR_DE00["balanced"]
    gross, moderate = kit.colour.warn_de00 + err, kit.colour.pass_de00 + err
    seen = []
    for dl in (1.0, 6.0, 8.0, 10.0, 30.0):
        f = [f.with_logo(0) for f in run_checks(make(ink_lab=make().ink_lab + [dl, 0, 0]), kit)]
        col = next(x for x in as_photograph(f, _balanced(kit), kit) if x.code == "colour")
        assert "white-balanced from the paper" in col.message
        seen.append((col.measured > gross, col.measured > moderate, col.severity))
    assert [s for *_, s in seen] == [
        Severity.FAIL if g else Severity.WARN if w else Severity.INFO for g, w, _ in seen
    ]
    assert {s for *_, s in seen} == {Severity.INFO, Severity.WARN, Severity.FAIL}


def with_camera_exif(jpeg: bytes, make: str, model: str) -> bytes:
    """``jpeg`` with an EXIF segment naming a camera inserted after SOI: pixels untouched."""
    from posterlab.io import camera_exif

    body = camera_exif(make, model)
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body + jpeg[2:]


def test_a_camera_in_the_exif_makes_a_photograph_end_to_end(tmp_path, samples):
    """The upscaled-logo sample fails on low-resolution; the same pixels in a file whose
    EXIF names a camera are read as a photograph: the finding stays, as info."""

    import numpy as np

    from brandcheck.api import check_file
    from brandcheck.load import load

    src = samples / "low-resolution-upscaled.jpg"
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(with_camera_exif(src.read_bytes(), "Acme", "Phone 7"))
    assert load(photo).camera == "Acme Phone 7" and load(src).camera is None
    assert np.array_equal(load(photo).rgb, load(src).rgb)
    plain, shot = check_file(src), check_file(photo)
    lr = [f for f in plain.findings if f.code == "low-resolution"]
    assert plain.status == "fail" and lr[0].severity is Severity.FAIL
    by = {f.code: f for f in shot.findings}
    assert by["low-resolution"].severity is Severity.INFO
    assert by["low-resolution"].measured == lr[0].measured
    assert "photo" in by and shot.status != "fail"


def test_a_small_missing_part_is_reviewed_when_the_camera_blurs_it(make, kit):
    """A part narrower than PART_DETAILS resolved details may be the camera's blur."""
    from brandcheck.checks.photo import PART_DETAILS
    from brandcheck.findings import Finding

    def facts(detail_px):
        from brandcheck.rectify import NoPlane

        lg = PhotoLogo((0, 1, 0), None, False, None, None, detail_px)
        return PhotoFacts("exif", "x", NoPlane("x"), False, None, None, (lg,))

    part = Finding(
        "altered",
        Severity.FAIL,
        "67% of one part missing",
        measured=0.67,
        expected=0.5,
        unit="share_of_component_missing",
        region=[[100, 100], [110, 100], [110, 110], [100, 110]],
        logo=0,
    )
    blurred = next(
        f for f in as_photograph([part], facts(11 / PART_DETAILS), kit) if f.code == "altered"
    )
    sharp = next(
        f for f in as_photograph([part], facts(9 / PART_DETAILS), kit) if f.code == "altered"
    )
    assert blurred.severity is Severity.WARN and "blur" in blurred.message
    assert sharp.severity is Severity.FAIL


def _trusted(short_px: float) -> PhotoFacts:
    """A photograph judged on a trusted page plane, its one logo ``short_px`` px across."""
    import numpy as np

    from brandcheck import geometry as geo
    from brandcheck.rectify import plane_from_quad

    quad = geo.frame_corners(1000, 1414) + np.array([[10, 0], [-10, 0], [0, 0], [0, 0]])
    plane = plane_from_quad(quad, (1200, 1600), confidence=1.0)
    lg = PhotoLogo((0, 1, 0), (0, 1, 0), False, False, None, None, short_px)
    return PhotoFacts("exif", "x", plane, True, None, None, (lg,))


def test_a_pose_on_a_trusted_plane_is_judged_at_the_precision_of_its_size(make, kit):
    """Beyond tolerance + the precision at the logo's size it fails; within it is not
    measured (info, with the precision); the same angle fails on a larger logo."""
    from brandcheck.checks.photo import pose_precision

    tol = kit.logo.rotation_tolerance_deg
    for short in (40.0, 160.0):
        prec = pose_precision("angle_deg", short)
        assert prec > 0
        for angle, sev in ((tol + 0.8 * prec, Severity.INFO), (tol + 1.2 * prec, Severity.FAIL)):
            rot = [
                f.with_logo(0)
                for f in run_checks(make(angle_deg=angle, width_px=400.0), kit)
                if f.code == "rotated"
            ]
            assert rot and rot[0].severity is Severity.FAIL
            after = next(f for f in as_photograph(rot, _trusted(short), kit) if f.code == "rotated")
            assert after.severity is sev, (short, angle, after.message)
            assert "known to" in after.message and f"{short:.0f} px" in after.message
            assert after.measured == rot[0].measured
    assert pose_precision("angle_deg", 40.0) > pose_precision("angle_deg", 160.0)
    # one angle, two sizes: not measured on the small logo, a fail on the large one
    angle = tol + 0.5 * (pose_precision("angle_deg", 40.0) + pose_precision("angle_deg", 160.0))
    rot = [f.with_logo(0) for f in run_checks(make(angle_deg=angle), kit) if f.code == "rotated"]
    small = next(f for f in as_photograph(rot, _trusted(40.0), kit) if f.code == "rotated")
    large = next(f for f in as_photograph(rot, _trusted(160.0), kit) if f.code == "rotated")
    assert (small.severity, large.severity) == (Severity.INFO, Severity.FAIL)


def test_a_speck_in_the_clear_space_under_the_photos_noise_floor_is_not_counted(kit):
    """An object narrower than PART_DETAILS resolved details is under the photograph's
    noise floor (info); a wider one, or the same in a sharper photo, still fails."""
    from brandcheck.checks.photo import PART_DETAILS
    from brandcheck.findings import Finding
    from brandcheck.rectify import NoPlane

    def facts(detail_px):
        lg = PhotoLogo((0, 1, 0), None, False, None, None, detail_px)
        return PhotoFacts("exif", "x", NoPlane("x"), False, None, None, (lg,))

    def speck(side):
        return Finding(
            "clear-space",
            Severity.FAIL,
            "an object inside the clear-space zone",
            measured=0.002,
            expected=0.0,
            unit="share_of_zone",
            region=[[100, 100], [100 + side, 100], [100 + side, 100 + side], [100, 100 + side]],
            details={"object": 0, "objects": 1},
            logo=0,
        )

    def judged(side, detail_px):
        return next(
            f
            for f in as_photograph([speck(side)], facts(detail_px), kit)
            if f.code == "clear-space"
        )

    blurred = judged(10, 11 / PART_DETAILS)
    assert blurred.severity is Severity.INFO and "noise floor" in blurred.message
    assert blurred.measured == 0.002 and blurred.region == speck(10).region
    assert judged(10, 9 / PART_DETAILS).severity is Severity.FAIL
    assert judged(40, 11 / PART_DETAILS).severity is Severity.FAIL


def test_a_small_photographed_logo_is_judged_at_the_photos_precision_not_the_files(make, kit):
    """At 87 x 36 px a file's edge precision (half a px per edge) leaves the aspect known
    to ±4 %, so 6 % off is 'not measured'; a photographed logo on a trusted plane is known
    to what the sweep measured (pageframe.pose_precision), so the same 6 % fails."""
    from brandcheck.pageframe import pose_precision

    short = 36.0
    known = tuple(pose_precision(u, short) for u in ("angle_deg", "aspect_ratio", "shear_deg"))
    as_file = make(aspect=1.06, width_px=87.0, height_px=short)
    dist = [f for f in run_checks(as_file, kit) if f.code == "distorted"]
    assert [f.severity for f in dist] == [Severity.INFO] and "not measured" in dist[0].message
    photo = make(aspect=1.06, width_px=87.0, height_px=short, pose_precision=known)
    dist = [f.with_logo(0) for f in run_checks(photo, kit) if f.code == "distorted"]
    after = [f for f in as_photograph(dist, _trusted(short), kit) if f.code == "distorted"]
    assert [f.severity for f in after] == [Severity.FAIL], [f.message for f in after]
    assert "known to" in after[0].message


def test_a_clear_space_zone_cut_by_the_photos_frame_is_judged_by_the_page(kit):
    """The zone running off the photo is the photographer's framing when it lies on the
    page (info); past the page's outline, or with no outline found, it stays a warn."""
    from brandcheck.findings import Finding
    from brandcheck.rectify import NoPlane

    off = Finding(
        "clear-space",
        Severity.WARN,
        "the clear-space zone (0.25 × logo height) runs off the canvas (4% of it)",
        measured=0.04,
        expected=0.0,
        unit="share_off_canvas",
        logo=0,
    )
    seen = {}
    for zone_off_page in (False, True, None):
        lg = PhotoLogo((0, 1, 0), None, False, False, None, None, 80.0, zone_off_page)
        facts = PhotoFacts("exif", "x", NoPlane("x"), False, None, None, (lg,))
        after = next(f for f in as_photograph([off], facts, kit) if f.code == "clear-space")
        assert after.measured == 0.04 and off.message in after.message
        seen[zone_off_page] = after.severity
    assert seen == {False: Severity.INFO, True: Severity.WARN, None: Severity.WARN}


def _logo_missing(kit):
    from brandcheck.checks.file import FileFacts, check_logo_missing

    facts = FileFacts(logos=0, not_found="no candidate passed verification")
    return check_logo_missing(facts, [], kit)


def _page(offset=(100.0, 100.0), size=(1200, 1600), **details):
    """A page photographed square on: its outline found, 1:√2, at ``offset`` in the photo."""
    import numpy as np

    from brandcheck import geometry as geo
    from brandcheck.rectify import plane_from_quad

    quad = geo.frame_corners(1000, 1414) + np.asarray(offset)
    w, h = size
    return plane_from_quad(quad, size, confidence=1.0, details={"width": w, "height": h, **details})


def test_a_logo_missing_from_a_page_the_photo_shows_whole_fails(kit):
    """A trusted outline wholly in the photo: the logo is not in the poster (fail)."""
    before = _logo_missing(kit)
    after = as_photograph(before, PhotoFacts("exif", "x", _page(), True, None, None), kit)
    (f,) = [f for f in after if f.code == "logo-missing"]
    assert f.severity is Severity.FAIL and f.message == before[0].message
    assert f.details["page_seen_whole"] is True and f.details["page_outline_in_frame"] is True


def test_a_logo_missing_from_a_page_the_photo_cuts_is_a_review(kit):
    """The page cut by the photo's frame (a corner past it, or a side that is the frame's
    edge), not found, or its outline not trusted: the logo may be in the part not
    photographed, so logo-missing is a review (re-take), saying why; same code and values."""
    from brandcheck.rectify import NoPlane

    (before,) = _logo_missing(kit)
    cases = {
        "runs 60 px past it": (_page(offset=(-60.0, 100.0)), True),
        "one side of its outline is the frame's edge": (_page(partial=1.0, framed_side=1.0), True),
        "no page outline found": (NoPlane("page outline not found: 3 lines"), False),
        "not trusted": (_page(), False),
    }
    for why, (plane, trusted) in cases.items():
        facts = PhotoFacts("image", "x", plane, trusted, None, None)
        (f,) = [f for f in as_photograph([before], facts, kit) if f.code == "logo-missing"]
        assert f.severity is Severity.WARN, why
        assert f.message.startswith("review: logo not found; the page is not wholly in the")
        assert why in f.message and why in f.details["page_unseen"]
        assert before.message in f.message and f.fix.startswith("photograph the whole poster")
        assert (f.measured, f.expected, f.unit) == (before.measured, before.expected, before.unit)
        assert f.details["candidates"] == before.details["candidates"]
        assert f.details["page_seen_whole"] is False
    # the untrusted outline is in frame; the others are not
    facts = PhotoFacts("image", "x", _page(), False, None, None)
    (f,) = [f for f in as_photograph([before], facts, kit) if f.code == "logo-missing"]
    assert f.details["page_outline_in_frame"] is True


def test_a_photographed_colour_not_measured_says_why(make, kit):
    """Too few ink px beyond the camera's blur: info, saying how far inside it looked."""
    from brandcheck.rectify import NoPlane

    f = [f.with_logo(0) for f in run_checks(make(ink_lab=None, ink_pixels=3), kit)]
    logo = PhotoLogo((0, 1, 0), None, False, None, (240, 238, 236), ink_guard_px=2.5)
    facts = PhotoFacts("image", "seen", NoPlane("x"), False, None, None, (logo,))
    col = next(x for x in as_photograph(f, facts, kit) if x.code == "colour")
    assert col.severity is Severity.INFO and col.measured is None
    assert "not measured" in col.message and "2.5 px inside its edges" in col.message
    note = next(x for x in as_photograph(f, facts, kit) if x.code == "photo")
    assert "paper seen around the logos" in note.message


def _cut(off: float):
    from brandcheck.findings import Finding

    return Finding(
        "cropped",
        Severity.FAIL,
        f"{off:.0%} of the logo lies outside the canvas",
        measured=off,
        expected=0.0,
        unit="share_off_canvas",
        logo=0,
    )


def test_the_pose_of_a_logo_the_frame_cuts_is_judged_only_beyond_what_a_part_tells(make, kit):
    """A logo the photo's frame cuts has its pose measured on the part shown, known to
    CUT_POSE_ERROR: within tolerance + that it is not measured (info, one review left:
    cropped), beyond it it fails on a trusted plane; without a trusted plane only beyond
    any camera pose. The same logo whole keeps its verdicts."""
    from brandcheck.checks.photo import CUT_POSE_ERROR
    from brandcheck.pageframe import pose_precision

    tol = kit.logo.rotation_tolerance_deg
    short = 160.0
    margin = CUT_POSE_ERROR["angle_deg"] + pose_precision("angle_deg", short)
    assert CUT_POSE_ERROR["angle_deg"] > pose_precision("angle_deg", short)

    def judged(angle, facts, cut=True):
        rot = [
            f.with_logo(0) for f in run_checks(make(angle_deg=angle), kit) if f.code == "rotated"
        ]
        assert rot and rot[0].severity is Severity.FAIL
        out = as_photograph([*rot, *([_cut(0.3)] if cut else [])], facts, kit)
        return next(f for f in out if f.code == "rotated"), rot[0]

    small = tol + 0.8 * margin  # beyond what a whole logo is known to, within a cut one's
    large = tol + 1.2 * margin
    f, before = judged(small, _trusted(short))
    assert f.severity is Severity.INFO and f.message.startswith("rotated not measured")
    assert "frame cuts 30% of the logo" in f.message and before.message in f.message
    assert (f.measured, f.expected, f.unit) == (before.measured, before.expected, before.unit)
    assert judged(large, _trusted(short))[0].severity is Severity.FAIL
    assert judged(small, _trusted(short), cut=False)[0].severity is Severity.FAIL  # whole
    # no trusted plane: a review for a whole logo, not measured for a cut one, unless
    # beyond any camera pose
    bound = CAMERA_BOUNDS["angle_deg"]
    assert judged(10.0, exif_only("x"))[0].severity is Severity.INFO
    assert judged(10.0, exif_only("x"), cut=False)[0].severity is Severity.WARN
    assert judged(bound + 2, exif_only("x"))[0].severity is Severity.FAIL
