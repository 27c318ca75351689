"""What a worker process does with one upload: check it and draw what the page shows.

Runs in the server's process pool, so a file that crashes a decoder takes down a worker,
not the server. Everything returned is plain data (JSON-able dicts, base64 strings).
"""

from __future__ import annotations

import base64
from dataclasses import asdict
from pathlib import Path
from typing import Any

_KIT: Any = None


def init(kit_root: str | None) -> None:
    """Load the brand kit once per worker and import the heavy modules before any upload."""
    global _KIT
    from brandcheck import api, locate, measure  # noqa: F401 - warm the worker
    from brandcheck.brand import load_brand

    _KIT = load_brand(kit_root)


def _encode(img: Any, ext: str, params: list[int] | None = None) -> str:
    import cv2

    ok, buf = cv2.imencode(ext, cv2.cvtColor(img, cv2.COLOR_RGB2BGR), params or [])
    if not ok:
        raise OSError(f"could not encode a {ext} preview")
    return base64.b64encode(buf.tobytes()).decode("ascii")


def _scrub(value: Any, secret: str, name: str) -> Any:
    """``value`` with the server-side upload path replaced by the client's name."""
    if isinstance(value, str):
        return value.replace(secret, name)
    if isinstance(value, list):
        return [_scrub(v, secret, name) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, secret, name) for k, v in value.items()}
    return value


def check_upload(
    path: str, name: str, *, text: bool = True, slogans: bool = False, preview: bool = False
) -> list[dict[str, Any]]:
    """Schema-1 result dicts for every page of the upload at ``path``, reported as ``name``.

    With ``preview``, each result also carries ``preview`` (the page in its true colours as
    JPEG, the annotated PNG, both base64) and ``checked`` (what was checked and found OK).
    """
    from dataclasses import replace

    import cv2

    from brandcheck.api import inspect_all
    from brandcheck.report import annotate
    from brandcheck.report.checked import checked_ok
    from brandcheck.report.jsonout import result_dict

    if _KIT is None:
        init(None)
    out = []
    for a in inspect_all(path, _KIT, text=text, slogans=slogans):
        r = replace(a.result, path=name)
        d = _scrub(_scrub(result_dict(r), path, name), str(Path(path).parent), "(upload)")
        d["checked"] = [asdict(c) for c in checked_ok(r)]
        if preview and a.poster is not None:
            rgb = a.poster.rgb
            h, w = rgb.shape[:2]
            f = min(1.0, annotate.MAX_SIDE / max(h, w))
            small = (
                cv2.resize(rgb, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
                if f < 1
                else rgb
            )
            d["preview"] = {
                "poster_jpeg": _encode(small, ".jpg", [cv2.IMWRITE_JPEG_QUALITY, 92]),
                "annotated_png": _encode(annotate.overlay(rgb, r), ".png"),
                "annotated_name": annotate.annotation_name(r),
            }
        out.append(d)
    return out
