"""Two checkouts side by side on the same photographs: the photograph path's time and
whether its results changed (issue 13).

    python benchmarks/photo_path_ab.py BASE NEW PHOTO... [--threads 1] [--reps 1]

``BASE`` and ``NEW`` are roots of brandcheck checkouts (``git worktree add`` or ``git
archive | tar -x`` of a commit, with its ``reference/`` kit). Each runs in its own worker
process; per photo the two alternate (A B, then B A on the next photo), so a ratio compares
timings taken side by side on a shared machine whose speed drifts. Each worker checks the
photo as ``benchmarks/photos.py`` does: with the photograph path, without it (no plane, no
recognition, no second look), and the plane search alone (``rectify.find_page`` with the
logos' corners), in CPU time (``time.process_time``: the process's, all its threads).

Identity: the check's JSON result (schema 1, less ``seconds``) and every plane the check
found (``find_page`` and ``fallback_plane``: method, trust, corners, confidence and aspect,
to 1e-6) must be the same from both checkouts. A speed-up meant to leave results unchanged
is checked so; the photos of ``benchmarks/photos.py --out DIR`` are the usual input.

``--threads N`` runs OpenCV and the BLAS on N threads (1: an audit worker's setting);
by default they keep their own, as ``benchmarks/photos.py`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TOLERANCE = 1e-6  # px, corners; and confidence, aspect


def worker(root: str, threads: str) -> None:
    """Answer one JSON command a line on stdin: check a photo or time its plane search."""
    sys.path.insert(0, root)
    import cv2
    import numpy as np

    if threads != "default":
        from threadpoolctl import threadpool_limits

        cv2.setNumThreads(int(threads))
        threadpool_limits(limits=int(threads))
    import brandcheck

    if not brandcheck.__file__ or not brandcheck.__file__.startswith(root):
        raise SystemExit(f"{root}: imported {brandcheck.__file__} instead")
    from brandcheck import api, pageframe, rectify
    from brandcheck.brand import load_brand
    from brandcheck.load import load
    from brandcheck.report.jsonout import result_dict

    kit = load_brand()
    planes: list[Any] = []
    find_page, fallback = rectify.find_page, rectify.fallback_plane

    def seen(kind: str, plane: Any) -> Any:
        if not plane:
            planes.append([kind, None, plane.reason])
        else:
            what = [plane.quad.tolist(), plane.method, bool(rectify.trusted(plane))]
            planes.append([kind, [*what, float(plane.confidence), float(plane.aspect)], None])
        return plane

    rectify.find_page = lambda *a, **k: seen("page", find_page(*a, **k))  # type: ignore[assignment]
    rectify.fallback_plane = lambda *a, **k: seen("fallback", fallback(*a, **k))  # type: ignore[assignment]
    real_plane, real_second = pageframe.photo_plane, pageframe.locate_on_page
    for line in sys.stdin:
        cmd = json.loads(line)
        out: dict[str, Any] = {}
        if cmd["mode"] == "plane":
            rgb = load(cmd["path"]).rgb
            dets = [np.array(q) - 0.5 for q in cmd["quads"]]  # edge -> centre convention
            c0 = time.process_time()
            find_page(rgb, contains=np.vstack(dets) if dets else None)
            out["cpu"] = time.process_time() - c0
        else:
            on = cmd["mode"] == "on"
            pageframe.photo_plane = real_plane if on else (lambda *args: None)  # type: ignore[assignment]
            pageframe.locate_on_page = (  # type: ignore[assignment]
                real_second if on else (lambda poster, ref, missed: (missed, None))
            )
            planes.clear()
            c0, w0 = time.process_time(), time.perf_counter()
            r = api.check_file(cmd["path"], kit)
            out["cpu"], out["wall"] = time.process_time() - c0, time.perf_counter() - w0
            result = result_dict(r)
            result.pop("seconds", None)
            out.update(result=result, quads=[lg.quad for lg in r.logos], planes=list(planes))
        print(json.dumps(out), flush=True)


def same_planes(a: list[Any], b: list[Any]) -> bool:
    """Every plane found the same way, its corners, confidence and aspect within 1e-6."""
    if len(a) != len(b):
        return False
    for (ka, pa, ra), (kb, pb, rb) in zip(a, b, strict=True):
        if ka != kb or ra != rb or (pa is None) != (pb is None):
            return False
        if pa is None:
            continue
        if pa[1:3] != pb[1:3] or abs(pa[3] - pb[3]) > TOLERANCE or abs(pa[4] - pb[4]) > TOLERANCE:
            return False
        corners = [
            abs(x - y)
            for qa, qb in zip(pa[0], pb[0], strict=True)
            for x, y in zip(qa, qb, strict=True)
        ]
        if max(corners) > TOLERANCE:
            return False
    return True


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3])
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("base", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("photos", nargs="+", type=Path)
    ap.add_argument("--threads", default="default")
    ap.add_argument("--reps", type=int, default=1, help="rounds per photo (the minimum is kept)")
    a = ap.parse_args()
    roots = {"A": str(a.base.resolve()), "B": str(a.new.resolve())}
    procs = {
        k: subprocess.Popen(
            [sys.executable, __file__, "--worker", root, a.threads],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent,
        )
        for k, root in roots.items()
    }

    def ask(k: str, **cmd: Any) -> dict[str, Any]:
        p = procs[k]
        assert p.stdin is not None and p.stdout is not None
        p.stdin.write(json.dumps(cmd) + "\n")
        p.stdin.flush()
        answer: dict[str, Any] = json.loads(p.stdout.readline())
        return answer

    for k in procs:  # warm up: the OCR session and the kit's caches load on the first check
        ask(k, path=str(a.photos[0]), mode="on")
    rows: dict[str, list[dict[str, float]]] = {"A": [], "B": []}
    changed = []
    for i, photo in enumerate(a.photos):
        order = ["A", "B"] if i % 2 == 0 else ["B", "A"]
        got: dict[str, dict[str, Any]] = {"A": {}, "B": {}}
        for _ in range(a.reps):
            for k in order:
                on = ask(k, path=str(photo), mode="on")
                off = ask(k, path=str(photo), mode="off")
                plane = ask(k, path=str(photo), mode="plane", quads=on["quads"])
                g = got[k]
                for name, v in (("on", on), ("off", off), ("plane", plane)):
                    g[name] = min(g.get(name, float("inf")), v["cpu"])
                for name, v in (("won", on), ("woff", off)):
                    g[name] = min(g.get(name, float("inf")), v["wall"])
                g["result"], g["planes"] = on["result"], on["planes"]
            order.reverse()
        for k in "AB":
            rows[k].append({n: got[k][n] for n in ("on", "off", "plane", "won", "woff")})
        same = got["A"]["result"] == got["B"]["result"]
        same_p = same_planes(got["A"]["planes"], got["B"]["planes"])
        if not (same and same_p):
            changed.append(photo.name)
        ms = {k: {n: 1000 * v for n, v in rows[k][-1].items()} for k in "AB"}
        print(
            f"{photo.name}: "
            + " | ".join(
                f"{k} {ms[k]['on']:.0f}/{ms[k]['off']:.0f} ms, plane {ms[k]['plane']:.1f}"
                for k in "AB"
            )
            + f" | result {'same' if same else 'CHANGED'}, planes {'same' if same_p else 'CHANGED'}",
            flush=True,
        )
    for p in procs.values():
        assert p.stdin is not None
        p.stdin.close()
        p.wait()
    import cv2

    print()
    print(
        f"command: python benchmarks/photo_path_ab.py {a.base} {a.new} <{len(a.photos)} photos> --threads {a.threads} --reps {a.reps}"
    )
    print(
        f"machine: {os.cpu_count()} CPU, load average {os.getloadavg()[0]:.1f}, Python "
        f"{platform.python_version()}, OpenCV {cv2.__version__}; threads: {a.threads}"
    )
    print(
        "| checkout | photo path adds (CPU, median) | check with / without | plane search alone | wall, median |"
    )
    print("|---|---|---|---|---|")
    for k in "AB":
        r = rows[k]

        def med(name: str, r: list[dict[str, float]] = r) -> float:
            return statistics.median(x[name] for x in r)

        cpu = statistics.median(x["on"] / x["off"] - 1 for x in r)
        wall = statistics.median(x["won"] / x["woff"] - 1 for x in r)
        print(
            f"| {k} {roots[k]} | {100 * cpu:+.0f} % | {med('on'):.3f} s / {med('off'):.3f} s | "
            f"{1000 * med('plane'):.0f} ms | {100 * wall:+.0f} % |"
        )
    ratio = statistics.median(
        b["plane"] / a_["plane"] for a_, b in zip(rows["A"], rows["B"], strict=True)
    )
    print(f"plane search B / A, median of per-photo ratios: {ratio:.3f}")
    n = len(a.photos)
    print(f"identity: {n - len(changed)}/{n} photos with the same result and planes")
    for name in changed:
        print(f"  changed: {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
