"""Accuracy and speed of brandcheck against two classic baselines, side by side, one run.

    python benchmarks/accuracy.py --corpus DIR [--limit N] [--markdown FILE]

``DIR`` is a corpus from ``python -m posterlab.independent.corpus``; when it has no
``truth.jsonl`` one is generated there first (``--n 320 --seed 1`` unless given). Every
poster (the first ``--limit`` if given) is run, in this one process, through:

- ``decode``: ``cv2.imread(path)``: the floor any checker pays;
- ``brandcheck``: ``brandcheck.api.check_file(path)`` (load, locate, measure, judge);
- ``sift`` (baseline a): the classic OpenCV recipe, unmodified, on the full-resolution grey
  image: SIFT keypoints of the artwork (grey ink on white) and of the poster, BFMatcher
  (L2) k=2, Lowe's ratio 0.75, ``findHomography`` RANSAC 5 px, accepted at >= 10 inliers;
  one detection at most;
- ``template`` (baseline b): multi-scale template matching: the poster reduced to a long
  side of 800 px, the artwork's grey on white at widths 20 px to 90 % of that width in
  steps of ×1.2, ``cv2.matchTemplate`` TM_CCOEFF_NORMED, best score over all scales,
  accepted at >= 0.5 (threshold fixed before the run, not tuned); one axis-aligned
  detection at most.

A detection is correct when each of its four corners lies within 5 % of the true quad's
diagonal of the matching corner. Printed (Markdown, also to ``--markdown FILE``): detection
recall, precision and median corner error per method and category; brandcheck's per-code
recall and false-alarm rate (codes of fail/warn findings against ``expected``; codes the
truth marks ambiguous count neither way), false-fail rate on compliant posters and exact
verdicts per category; median time per poster of each method, brandcheck's ratio to the
decode of the same file, throughput. Per-poster results go to ``DIR/accuracy-results.jsonl``.
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
import warnings
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import cv2
import numpy as np

# measure this checkout's brandcheck, not whichever one is installed
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
TOL = 0.05  # share of the true quad's diagonal

# ---------------------------------------------------------------- baselines


def artwork_grey(alpha: np.ndarray, ink: tuple[int, int, int]) -> np.ndarray:
    """The artwork's ink composited on white, as grey (what the baselines look for)."""
    a = alpha.astype(np.float32)[..., None] / 255.0
    rgb = 255.0 * (1 - a) + np.array(ink, np.float32) * a
    grey: np.ndarray = cv2.cvtColor(np.clip(rgb + 0.5, 0, 255).astype(np.uint8), cv2.COLOR_RGB2GRAY)
    return grey


def read_grey(path: Path) -> np.ndarray:
    g = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if g is None:  # e.g. a CMYK TIFF OpenCV cannot read
        from PIL import Image

        with Image.open(path) as im:
            g = np.asarray(im.convert("L"))
    return g


def frame_quad(h: np.ndarray, w: int, hgt: int) -> np.ndarray:
    """Artwork frame through ``h`` (OpenCV keypoint coordinates: pixel centres), edge coords."""
    c = np.array([[-0.5, -0.5], [w - 0.5, -0.5], [w - 0.5, hgt - 0.5], [-0.5, hgt - 0.5]])
    p = np.hstack([c, np.ones((4, 1))]) @ h.T
    out: np.ndarray = p[:, :2] / p[:, 2:3] + 0.5
    return out


class SiftBaseline:
    """Baseline (a): SIFT + BFMatcher k=2 + ratio 0.75 + RANSAC 5 px, >= 10 inliers."""

    name = "sift"

    def __init__(self, art: np.ndarray) -> None:
        self.sift = cv2.SIFT_create()  # type: ignore[attr-defined]
        self.kp, self.des = self.sift.detectAndCompute(art, None)
        self.h, self.w = art.shape
        self.bf = cv2.BFMatcher(cv2.NORM_L2)

    def __call__(self, path: Path) -> list[np.ndarray]:
        grey = read_grey(path)
        kp, des = self.sift.detectAndCompute(grey, None)
        if des is None or len(kp) < 2:
            return []
        good = [
            m
            for m, n in (p for p in self.bf.knnMatch(self.des, des, k=2) if len(p) == 2)
            if m.distance < 0.75 * n.distance
        ]
        if len(good) < 10:
            return []
        src = np.array([self.kp[m.queryIdx].pt for m in good], np.float32).reshape(-1, 1, 2)
        dst = np.array([kp[m.trainIdx].pt for m in good], np.float32).reshape(-1, 1, 2)
        h, mask = cv2.findHomography(src, dst, cv2.RANSAC, 5.0)
        if h is None or mask is None or int(mask.sum()) < 10:
            return []
        return [frame_quad(h, self.w, self.h)]


class TemplateBaseline:
    """Baseline (b): multi-scale TM_CCOEFF_NORMED on an 800 px copy, best score >= 0.5."""

    name = "template"
    SIDE = 800
    MIN_W = 20
    STEP = 1.2
    THRESHOLD = 0.5

    def __init__(self, art: np.ndarray) -> None:
        self.art = art

    def __call__(self, path: Path) -> list[np.ndarray]:
        grey = read_grey(path)
        hh, ww = grey.shape
        f = min(1.0, self.SIDE / max(hh, ww))
        small = (
            cv2.resize(
                grey, (max(1, round(ww * f)), max(1, round(hh * f))), interpolation=cv2.INTER_AREA
            )
            if f < 1
            else grey
        )
        sh, sw = small.shape
        ah, aw = self.art.shape
        best = (-2.0, 0, 0, 0, 0)
        tw = float(self.MIN_W)
        while tw <= 0.9 * sw:
            w_ = round(tw)
            h_ = max(2, round(tw * ah / aw))
            if h_ < sh:
                t = cv2.resize(self.art, (w_, h_), interpolation=cv2.INTER_AREA)
                r = cv2.matchTemplate(small, t, cv2.TM_CCOEFF_NORMED)
                _, mx, _, loc = cv2.minMaxLoc(r)
                if mx > best[0]:
                    best = (mx, loc[0], loc[1], w_, h_)
            tw *= self.STEP
        score, x, y, w_, h_ = best
        if score < self.THRESHOLD:
            return []
        q = np.array([[x, y], [x + w_, y], [x + w_, y + h_], [x, y + h_]], np.float64)
        return [q * np.array([ww / sw, hh / sh])]


# ---------------------------------------------------------------- scoring


def corner_error(det: np.ndarray, truth: np.ndarray) -> float:
    return float(np.max(np.hypot(*(np.asarray(det) - np.asarray(truth)).T)))


def diagonal(q: np.ndarray) -> float:
    q = np.asarray(q)
    return 0.5 * float(np.hypot(*(q[2] - q[0])) + np.hypot(*(q[3] - q[1])))


def match(
    dets: list[np.ndarray], truths: list[np.ndarray]
) -> tuple[int, int, list[float], list[float]]:
    """Greedy matching: (correct detections, found truths, errors px, errors % diagonal)."""
    pairs = sorted(
        (
            (corner_error(d, t) / diagonal(t), i, j)
            for i, d in enumerate(dets)
            for j, t in enumerate(truths)
        )
    )
    used_d, used_t = set(), set()
    px, rel = [], []
    for r, i, j in pairs:
        if r > TOL or i in used_d or j in used_t:
            continue
        used_d.add(i)
        used_t.add(j)
        rel.append(100 * r)
        mean_err = float(np.mean(np.hypot(*(dets[i] - truths[j]).T)))
        px.append(mean_err)
    return len(used_d), len(used_t), px, rel


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


# ---------------------------------------------------------------- run


def git_state() -> str:
    try:
        rev = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "brandcheck"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        return rev + (" (working tree modified)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run(
    corpus: Path, limit: int | None, methods: tuple[str, ...]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from brandcheck.api import check_file
    from brandcheck.brand import load_brand
    from posterlab.assets import INK_SRGB, load_artwork

    recs = [
        json.loads(line)
        for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if limit:
        recs = recs[:limit]
    kit = load_brand()
    art = artwork_grey(load_artwork(kit=kit).alpha, INK_SRGB)
    baselines = {b.name: b for b in (SiftBaseline(art), TemplateBaseline(art)) if b.name in methods}
    info: dict[str, Any] = {}
    # warm-up (imports, reference features, colour tables), reported, not counted
    _, info["warmup_s"] = timed(lambda: check_file(corpus / recs[0]["path"], kit))
    out = []
    for k, r in enumerate(recs):
        path = corpus / r["path"]
        truths = [np.array(lg["quad"]) for lg in r["logos"]]
        row: dict[str, Any] = {
            "path": r["path"],
            "category": r["category"],
            "expected": r["expected"],
            "ambiguous": r.get("ambiguous", []),
            "n_truth": len(truths),
        }
        _, row["t_decode"] = timed(partial(cv2.imread, str(path), cv2.IMREAD_COLOR))
        if "brandcheck" in methods:
            res, row["t_brandcheck"] = timed(partial(check_file, path, kit))
            dets = [np.array(lg.quad) for lg in res.logos]
            row["status"] = res.status
            row["codes"] = sorted(
                {
                    f.code
                    for f in res.findings
                    if f.severity.value in ("fail", "warn") and f.code != "load"
                }
            )
            if res.error:
                row["error"] = f"{res.error.code}: {res.error.message}"
            row["brandcheck"] = _score(dets, truths)
        for name, b in baselines.items():
            dets, row[f"t_{name}"] = timed(partial(b, path))
            row[name] = _score(dets, truths)
        out.append(row)
        if (k + 1) % 10 == 0:
            print(f"  {k + 1}/{len(recs)}", file=sys.stderr, flush=True)
    return out, info


def _score(dets: list[np.ndarray], truths: list[np.ndarray]) -> dict[str, Any]:
    correct, found, px, rel = match(dets, truths)
    return {"n_det": len(dets), "correct": correct, "found": found, "err_px": px, "err_rel": rel}


# ---------------------------------------------------------------- report


def pct(a: float, b: float) -> str:
    return "-" if b == 0 else f"{100 * a / b:.0f}%"


def med(xs: list[float], fmt: str = "{:.2f}") -> str:
    return "-" if not xs else fmt.format(statistics.median(xs))


def report(
    rows: list[dict[str, Any]], methods: tuple[str, ...], info: dict[str, Any], header: list[str]
) -> str:
    from brandcheck.checks import CODES

    lines = list(header)
    cats = list(dict.fromkeys(r["category"] for r in rows))
    groups = {c: [r for r in rows if r["category"] == c] for c in cats}
    groups["all"] = rows
    det_methods = [m for m in ("brandcheck", "sift", "template") if m in methods]

    lines += [
        "",
        "### Detection (correct: every corner within 5 % of the logo diagonal)",
        "",
        "| category | posters | logos | "
        + " | ".join(f"{m} recall | {m} precision | {m} err" for m in det_methods)
        + " |",
        "|---|---:|---:|" + "---:|---:|---:|" * len(det_methods),
    ]
    for c, rs in groups.items():
        cells = [c if c != "all" else "**all**", str(len(rs)), str(sum(r["n_truth"] for r in rs))]
        for m in det_methods:
            found = sum(r[m]["found"] for r in rs)
            truth = sum(r["n_truth"] for r in rs)
            corr = sum(r[m]["correct"] for r in rs)
            ndet = sum(r[m]["n_det"] for r in rs)
            errs = [e for r in rs for e in r[m]["err_rel"]]
            cells += [pct(found, truth), pct(corr, ndet), med(errs, "{:.2f}%")]
        lines.append("| " + " | ".join(cells) + " |")
    errs_px = {m: [e for r in rows for e in r[m]["err_px"]] for m in det_methods}
    lines += [
        "",
        "Median corner error of correct detections, px: "
        + ", ".join(f"{m} {med(errs_px[m])}" for m in det_methods)
        + " (err columns: % of the diagonal).",
    ]

    if "brandcheck" in methods:
        lines += [
            "",
            "### brandcheck findings per code (fail/warn codes vs the truth's expected codes)",
            "",
            "| code | posters expecting it | recall | posters not expecting it | false alarms |",
            "|---|---:|---:|---:|---:|",
        ]
        for code in CODES:
            pos = [r for r in rows if code in r["expected"] and code not in r["ambiguous"]]
            neg = [r for r in rows if code not in r["expected"] and code not in r["ambiguous"]]
            tp = sum(code in r["codes"] for r in pos)
            fp = sum(code in r["codes"] for r in neg)
            lines.append(
                f"| {code} | {len(pos)} | {pct(tp, len(pos))} | {len(neg)} | {pct(fp, len(neg))} |"
            )
        lines += [
            "",
            "### brandcheck verdicts per category",
            "",
            (
                "| category | posters | exact verdict | compliant posters | false fail | false warn "
                "| expected codes found | extra codes / poster | errors |"
            ),
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for c, rs in groups.items():
            exact = sum(
                set(r["codes"]) - set(r["ambiguous"]) == set(r["expected"]) - set(r["ambiguous"])
                for r in rs
            )
            comp = [r for r in rs if not r["expected"]]
            ff = sum(r["status"] == "fail" for r in comp)
            fw = sum(r["status"] == "warn" for r in comp)
            exp = [(code, r) for r in rs for code in r["expected"] if code not in r["ambiguous"]]
            hit = sum(code in r["codes"] for code, r in exp)
            extra = [len(set(r["codes"]) - set(r["expected"]) - set(r["ambiguous"])) for r in rs]
            n_err = sum("error" in r for r in rs)
            lines.append(
                f"| {c if c != 'all' else '**all**'} | {len(rs)} | {pct(exact, len(rs))} | "
                f"{len(comp)} | {pct(ff, len(comp))} | {pct(fw, len(comp))} | {pct(hit, len(exp))} | "
                f"{statistics.mean(extra):.2f} | {n_err} |"
            )
        extra_codes: dict[str, int] = defaultdict(int)
        for r in rows:
            for code in set(r["codes"]) - set(r["expected"]) - set(r["ambiguous"]):
                extra_codes[code] += 1
        if extra_codes:
            lines += [
                "",
                "Codes reported but not expected (posters): "
                + ", ".join(
                    f"{k} {v}" for k, v in sorted(extra_codes.items(), key=lambda kv: -kv[1])
                ),
            ]

    lines += [
        "",
        "### Time per poster (median; each method reads the file itself)",
        "",
        "| category | decode | " + " | ".join(det_methods) + " | brandcheck / decode |",
        "|---|---:|" + "---:|" * len(det_methods) + "---:|",
    ]
    for c, rs in groups.items():
        cells = [
            c if c != "all" else "**all**",
            med([r["t_decode"] * 1000 for r in rs], "{:.0f} ms"),
        ]
        cells += [med([r[f"t_{m}"] * 1000 for r in rs], "{:.0f} ms") for m in det_methods]
        ratio = (
            med([r["t_brandcheck"] / r["t_decode"] for r in rs if r["t_decode"] > 0], "{:.1f}×")
            if "brandcheck" in methods
            else "-"
        )
        cells.append(ratio)
        lines.append("| " + " | ".join(cells) + " |")
    tput = []
    for m in det_methods:
        tot = sum(r[f"t_{m}"] for r in rows)
        tput.append(f"{m} {len(rows) / tot:.2f} posters/s" if tot else f"{m} -")
    lines += ["", "Throughput (one process, sequential): " + ", ".join(tput) + "."]
    if "brandcheck" in methods:
        dec = statistics.median(r["t_decode"] for r in rows)
        bc = statistics.median(r["t_brandcheck"] for r in rows)
        lines += [
            (
                f"brandcheck / decode: ratio of medians {bc / dec:.1f}×; median of per-poster ratios in "
                "the table. First call (warm-up: imports, reference features, colour tables), not "
                f"counted: {info.get('warmup_s', 0):.1f} s."
            )
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, type=Path, help="corpus folder (truth.jsonl)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N posters")
    ap.add_argument("--n", type=int, default=320, help="posters to generate when missing")
    ap.add_argument("--seed", type=int, default=1, help="seed when generating")
    ap.add_argument(
        "--methods",
        default="brandcheck,sift,template",
        help="comma-separated subset of brandcheck,sift,template",
    )
    ap.add_argument("--markdown", type=Path, default=None, help="also write the tables here")
    a = ap.parse_args(argv)
    methods = tuple(m.strip() for m in a.methods.split(",") if m.strip())
    warnings.simplefilter("ignore", UserWarning)
    if not (a.corpus / "truth.jsonl").is_file():
        from posterlab.independent.corpus import make_corpus

        print(f"generating corpus in {a.corpus} (n={a.n}, seed={a.seed})", file=sys.stderr)
        t0 = time.perf_counter()
        make_corpus(a.corpus, a.n, a.seed, progress=True)
        print(f"  generated in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    t0 = time.perf_counter()
    rows, info = run(a.corpus, a.limit, methods)
    wall = time.perf_counter() - t0
    cmd = "python benchmarks/accuracy.py " + " ".join(sys.argv[1:] if argv is None else argv)
    header = [
        "## Accuracy benchmark",
        "",
        f"- command: `{cmd}`",
        (
            f"- machine: {os.cpu_count()} CPUs ({platform.machine()}, {platform.system()}), Python "
            f"{platform.python_version()}, OpenCV {cv2.__version__}, NumPy {np.__version__}"
        ),
        f"- brandcheck: git {git_state()}",
        f"- corpus: {a.corpus} ({len(rows)} posters), wall time {wall:.0f} s",
    ]
    text = report(rows, methods, info, header)
    print(text)
    if a.markdown:
        a.markdown.parent.mkdir(parents=True, exist_ok=True)
        a.markdown.write_text(text, encoding="utf-8")
    with open(a.corpus / "accuracy-results.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
