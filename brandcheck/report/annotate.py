"""``--annotate``: a PNG per input with each logo's quad, clear-space zone and findings."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from brandcheck.findings import Severity
from brandcheck.report.names import ascii_display
from brandcheck.result import FileResult

_COLOURS = {Severity.FAIL: (220, 30, 30), Severity.WARN: (235, 160, 0), Severity.INFO: (0, 150, 60)}
#: Long side of the overlay; posters are shown reduced, labels stay readable.
MAX_SIDE = 1600


def overlay(rgb: np.ndarray, r: FileResult) -> np.ndarray:
    """The poster reduced to ``MAX_SIDE`` with quads, zones and labelled findings drawn on."""
    h, w = rgb.shape[:2]
    f = min(1.0, MAX_SIDE / max(h, w))
    img = (
        cv2.resize(rgb, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
        if f < 1
        else rgb.copy()
    )
    img = (img * 0.75 + 64).astype(np.uint8)  # dim so the drawing stands out
    th = max(2, round(2 * max(img.shape[:2]) / 1000))
    for i, lg in enumerate(r.logos):
        worst = [x.severity for x in r.findings if x.logo == i and x.severity is not Severity.INFO]
        sev = Severity.FAIL if Severity.FAIL in worst else Severity.WARN if worst else Severity.INFO
        col = _COLOURS[sev]
        if lg.zone:
            z = (np.array(lg.zone) * f).astype(np.int32)
            cv2.polylines(img, [z], True, (90, 90, 255), max(1, th // 2), cv2.LINE_AA)
        q = (np.array(lg.quad) * f).astype(np.int32)
        cv2.polylines(img, [q], True, col, th, cv2.LINE_AA)
        cv2.circle(img, tuple(int(v) for v in q[0]), th * 2, col, -1)  # top-left corner
        y = int(q[:, 1].max()) + 18
        x = int(q[:, 0].min())
        labels = [f"logo {i + 1}"] + [
            f"{x_.severity.value}: {x_.code}"
            for x_ in r.findings
            if x_.logo == i and x_.severity is not Severity.INFO
        ]
        for text in labels:
            _label(img, text, (x, y), col)
            y += 20
    for x_ in r.findings:
        if x_.region and x_.code == "clear-space" and x_.severity is Severity.FAIL:
            reg = (np.array(x_.region) * f).astype(np.int32)
            cv2.polylines(img, [reg], True, (255, 0, 255), th, cv2.LINE_AA)
    banner = f"{Path(r.path).name}: {r.status.upper()}"
    if any(x_.code == "logo-missing" for x_ in r.findings):
        banner += " - logo not found"
    _label(img, banner, (8, 24), _COLOURS[Severity.FAIL] if r.status == "fail" else (0, 0, 0))
    return img


def _label(img: np.ndarray, text: str, org: tuple[int, int], col: tuple[int, int, int]) -> None:
    # Hershey fonts draw ASCII only, and OpenCV crashes (SIGSEGV) on a lone surrogate
    text = ascii_display(text)
    (tw, tht), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 0.55, 1)
    x = min(max(0, org[0]), max(0, img.shape[1] - tw - 6))
    y = min(max(tht + 4, org[1]), img.shape[0] - 4)
    cv2.rectangle(img, (x - 2, y - tht - 4), (x + tw + 4, y + 4), (255, 255, 255), -1)
    cv2.putText(img, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.55, col, 1, cv2.LINE_AA)


def write_png(img: np.ndarray, path: Path) -> Path:
    """Write the overlay as PNG, atomically."""
    from brandcheck.report.files import write_atomic

    ok, buf = cv2.imencode(".png", cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    if not ok:
        raise OSError(f"could not encode {path}")
    return write_atomic(path, buf.tobytes())


def annotation_name(r: FileResult) -> str:
    """File name of the overlay for a result (page number for PDFs)."""
    stem = Path(r.path).name
    return f"{stem}.p{r.page}.png" if r.page is not None else f"{stem}.annotated.png"
