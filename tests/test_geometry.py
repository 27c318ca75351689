"""Geometry: homography round trips and the pose decomposition the checks rely on."""

from __future__ import annotations

import math

import cv2
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from brandcheck import geometry as geo

W, H = 1600, 900


def placement(scale: float, angle: float, stretch: float, tx: float, ty: float) -> np.ndarray:
    th = math.radians(angle)
    # counter-clockwise as seen on screen (image y points down)
    r = np.array([[math.cos(th), math.sin(th), 0], [-math.sin(th), math.cos(th), 0], [0, 0, 1]])
    return geo.translation(tx, ty) @ r @ np.diag([scale, scale * stretch, 1.0])


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0.05, 3),
    st.floats(-179, 179),
    st.floats(0.6, 1.6),
    st.floats(-500, 500),
    st.floats(-500, 500),
)
def test_pose_recovers_scale_angle_aspect(scale, angle, stretch, tx, ty):
    h = placement(scale, angle, stretch, tx, ty)
    p = geo.pose(h, W, H)
    assert p.scale_x == np.float64(p.scale_x)
    assert abs(p.scale_x - scale) < 1e-6 * max(1, scale)
    assert abs(((p.angle_deg - angle) + 180) % 360 - 180) < 1e-6
    assert abs(p.aspect - stretch) < 1e-6
    assert abs(p.shear_deg) < 1e-6


@settings(max_examples=60, deadline=None)
@given(st.floats(0.05, 3), st.floats(-179, 179), st.floats(-300, 300), st.floats(-300, 300))
def test_homography_round_trip_returns_corners(scale, angle, tx, ty):
    h = placement(scale, angle, 1.0, tx, ty)
    corners = geo.frame_corners(W, H)
    quad = geo.apply(h, corners)
    est, _ = cv2.findHomography(corners, quad, 0)
    back = geo.apply(np.linalg.inv(est), quad)
    assert np.abs(back - corners).max() < 1e-3  # findHomography solves in float32-ish precision


@settings(max_examples=40, deadline=None)
@given(st.floats(-1000, 1000), st.floats(-1000, 1000), st.floats(1, 200))
def test_clear_space_zone_moves_with_translation(dx, dy, margin):
    h = placement(0.5, 10, 1.0, 0, 0)
    zone = geo.apply(h, geo.expand_frame(W, H, margin))
    moved = geo.apply(geo.translation(dx, dy) @ h, geo.expand_frame(W, H, margin))
    assert np.allclose(moved - zone, [dx, dy])
    assert math.isclose(geo.polygon_area(moved), geo.polygon_area(zone), rel_tol=1e-9)


def test_resize_matrix_maps_edges_to_edges():
    s = geo.scale_matrix(0.25)
    edge_tl = geo.apply(s, np.array([[-0.5, -0.5]]))
    assert np.allclose(edge_tl, [[-0.5, -0.5]])
    edge_br = geo.apply(s, np.array([[399.5, 399.5]]))
    assert np.allclose(edge_br, [[99.5, 99.5]])


def test_mirrored_quad_is_not_convex_in_order():
    q = geo.frame_corners(10, 10)
    assert geo.is_convex(q)
    assert not geo.is_convex(q[[1, 0, 3, 2]])


def test_shear_and_perspective_are_measured():
    shear = np.array([[1, math.tan(math.radians(5)), 0], [0, 1, 0], [0, 0, 1.0]])
    p = geo.pose(shear, W, H)
    assert 4.5 < abs(p.shear_deg) < 5.5
    persp = np.array([[1, 0, 0], [0, 1, 0], [3e-4, 0, 1.0]])
    assert geo.pose(persp, W, H).perspective > 1.2
