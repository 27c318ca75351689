"""Lookalikes: red emblems that are not the logo (circles, stars, shields, seals, a red
mark with text, the wordmark characters 质量 set large). A locator must not take them."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from posterlab.independent.layout import Box, pick, text_line

KINDS = ("ring", "star", "shield", "seal", "mark-text", "wordmark", "magnifier")
REDS = ((200, 37, 38), (210, 30, 40), (190, 20, 30), (220, 50, 45), (180, 28, 36))


def _star(cx: float, cy: float, r: float, rot: float = -90.0) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.4
        a = math.radians(rot + 36 * i)
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def draw_emblem(
    draw: ImageDraw.ImageDraw,
    kind: str,
    box: Box,
    colour: tuple[int, int, int],
    paper: tuple[int, int, int],
    fpath: str,
) -> None:
    """Draw one lookalike of ``kind`` inside ``box``."""
    side = min(box.w, box.h)
    cx, cy = box.x0 + box.w / 2, box.y0 + box.h / 2
    r = side / 2
    if kind == "ring":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
        draw.ellipse((cx - 0.7 * r, cy - 0.7 * r, cx + 0.7 * r, cy + 0.7 * r), fill=paper)
        text_line(
            draw,
            Box(cx - 0.6 * r, cy - 0.5 * r, cx + 0.6 * r, cy + 0.5 * r),
            "质",
            r,
            colour,
            fpath,
        )
    elif kind == "star":
        draw.polygon(_star(cx, cy, r), fill=colour)
    elif kind == "shield":
        pts = [
            (cx - 0.8 * r, cy - r),
            (cx + 0.8 * r, cy - r),
            (cx + 0.8 * r, cy + 0.1 * r),
            (cx, cy + r),
            (cx - 0.8 * r, cy + 0.1 * r),
        ]
        draw.polygon(pts, fill=colour)
        text_line(
            draw,
            Box(cx - 0.6 * r, cy - 0.7 * r, cx + 0.6 * r, cy + 0.2 * r),
            "质量",
            0.6 * r,
            paper,
            fpath,
        )
    elif kind == "seal":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=max(2, int(0.08 * r)))
        draw.polygon(_star(cx, cy - 0.1 * r, 0.35 * r), fill=colour)
        text_line(
            draw,
            Box(cx - 0.7 * r, cy + 0.3 * r, cx + 0.7 * r, cy + 0.65 * r),
            "质量月",
            0.3 * r,
            colour,
            fpath,
        )
    elif kind == "mark-text":
        # a different red mark (rounded square with bars) with text beside it
        s = min(box.h, box.w * 0.35)
        x0, y0 = box.x0, cy - s / 2
        draw.rounded_rectangle((x0, y0, x0 + s, y0 + s), radius=int(0.18 * s), fill=colour)
        for j in range(3):
            bx = x0 + s * (0.2 + 0.22 * j)
            draw.rectangle((bx, y0 + s * (0.7 - 0.15 * j), bx + 0.14 * s, y0 + 0.8 * s), fill=paper)
        text_line(
            draw,
            Box(x0 + 1.15 * s, y0, box.x1, y0 + s),
            "质量提升",
            0.6 * s,
            colour,
            fpath,
            align="left",
        )
    elif kind == "wordmark":
        text_line(draw, Box(box.x0, box.y0, box.x1, cy + 0.3 * box.h), "质量", box.h, colour, fpath)
        draw.rectangle(
            (box.x0 + 0.1 * box.w, cy + 0.35 * box.h, box.x1 - 0.1 * box.w, cy + 0.45 * box.h),
            fill=colour,
        )
    elif kind == "magnifier":
        # a magnifying glass over bars: the same idea as many quality emblems
        rr = 0.6 * r
        ccx, ccy = cx - 0.2 * r, cy - 0.2 * r
        draw.ellipse(
            (ccx - rr, ccy - rr, ccx + rr, ccy + rr), outline=colour, width=max(2, int(0.2 * rr))
        )
        hx, hy = ccx + rr * 0.7, ccy + rr * 0.7
        draw.line((hx, hy, cx + 0.9 * r, cy + 0.9 * r), fill=colour, width=max(2, int(0.25 * rr)))
        for j in range(3):
            bx = ccx - 0.45 * rr + j * 0.32 * rr
            draw.rectangle(
                (bx, ccy + 0.3 * rr - 0.25 * (j + 1) * rr, bx + 0.2 * rr, ccy + 0.35 * rr),
                fill=colour,
            )
    else:
        raise ValueError(f"unknown lookalike {kind!r}")


def draw_lookalikes(
    img: np.ndarray,
    rng: np.random.Generator,
    boxes: list[Box],
    paper: tuple[int, int, int],
    fpath: str,
) -> list[dict[str, Any]]:
    """One random lookalike per box (in place); returns what was drawn where (edge coords)."""
    pil = Image.fromarray(img)
    draw = ImageDraw.Draw(pil)
    out: list[dict[str, Any]] = []
    for b in boxes:
        kind = str(pick(rng, KINDS))
        col = pick(rng, REDS)
        draw_emblem(draw, kind, b, col, paper, fpath)
        out.append(
            {
                "kind": kind,
                "box": [round(v, 1) for v in (b.x0, b.y0, b.x1, b.y1)],
                "colour": list(col),
            }
        )
    img[:] = np.asarray(pil)
    return out
