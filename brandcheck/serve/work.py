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
    path: str,
    name: str,
    *,
    text: bool = True,
    slogans: bool = False,
    preview: bool = False,
    paper: str | None = None,
) -> list[dict[str, Any]]:
    """Schema-1 result dicts for every page of the upload at ``path``, reported as ``name``.

    Each result also carries ``checked`` (what was checked and found OK) and
    ``annotated_name``, and with ``preview``, ``preview.poster_jpeg``: the page in its true
    colours (base64 JPEG reduced to :data:`~brandcheck.report.annotate.MAX_SIDE`), for
    what a browser cannot show itself (PDF, TIFF). The annotated PNG is drawn on request
    (:func:`annotate_upload`): about a fifth of a second the page would otherwise wait for
    on every file.
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
    for a in inspect_all(path, _KIT, text=text, slogans=slogans, paper=paper):
        r = replace(a.result, path=name)
        d = _scrub(_scrub(result_dict(r), path, name), str(Path(path).parent), "(upload)")
        d["checked"] = [asdict(c) for c in checked_ok(r)]
        d["annotated_name"] = annotate.annotation_name(r)
        if preview and a.poster is not None:
            small, _ = annotate.reduce(a.poster.rgb)
            d["preview"] = {"poster_jpeg": _encode(small, ".jpg", [cv2.IMWRITE_JPEG_QUALITY, 92])}
        out.append(d)
    return out


def annotate_upload(
    path: str,
    name: str,
    *,
    page: int = 1,
    text: bool = True,
    slogans: bool = False,
    paper: str | None = None,
) -> tuple[str, bytes] | str:
    """``(file name, PNG bytes)`` of page ``page``'s annotated overlay, or why there is none."""
    from dataclasses import replace

    from brandcheck.api import inspect_all
    from brandcheck.report import annotate

    if _KIT is None:
        init(None)
    n, a = 0, None
    for n, a in enumerate(inspect_all(path, _KIT, text=text, slogans=slogans, paper=paper), 1):
        if n == page:
            break
    if a is None or n != page:
        return f"{name} has {n} page(s), not {page}"
    r = replace(a.result, path=name)
    if a.poster is None:
        err = r.error.message if r.error else "it could not be read"
        return _scrub(f"{name}: no image to annotate: {err}", path, name)  # type: ignore[no-any-return]
    return annotate.annotation_name(r), _png(annotate.overlay(a.poster.rgb, r))


def _png(img: Any) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".png", cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    if not ok:
        raise OSError("could not encode the annotated PNG")
    return bytes(buf.tobytes())
