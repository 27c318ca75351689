"""Run every hostile and clumsy input of issue 12 through the CLI and print how each ended.

    python tools/hostile.py [--timeout 60]

Each item runs in a fresh process under ``/usr/bin/time``: the table gives its exit code,
whether it printed a traceback or died of a signal, its wall time and its peak resident
memory (the audit's workers are separate processes, bounded by their own budget). The
target (issue 12): exit 0, 1 or 2, no traceback, no signal, within 60 s and 2 GB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def run(label: str, args: list[str], rows: list[tuple[str, ...]], limit: float) -> None:
    stats = Path(tempfile.mkstemp()[1])
    cmd = ["/usr/bin/time", "-f", "%e %M", "-o", str(stats), sys.executable, "-m", "brandcheck"]
    t0 = time.monotonic()
    # a session of its own: an item over the limit is killed with everything it started
    p = subprocess.Popen(
        cmd + args,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        out, _ = p.communicate(timeout=limit + 30)
        code = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        code, out = -1, out + b"(killed: over the time limit)"
    wall = time.monotonic() - t0
    text = stats.read_text().split() if stats.exists() else []
    stats.unlink(missing_ok=True)
    rss = f"{int(text[-1]) / 1024:.0f} MB" if text else "?"
    died = ""
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith("Command terminated by signal"):
            died = signal.Signals(int(line.split()[-1])).name
    trace = "yes" if b"Traceback" in out else "no"
    ok = code in (0, 1, 2) and not died and trace == "no" and wall <= limit
    rows.append(
        (label, str(code), died or "-", trace, f"{wall:.1f} s", rss, "ok" if ok else "MISSED")
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=60.0, help="the per-file target (s)")
    a = ap.parse_args()
    from tests.test_hostile import BAD_NAME, KIT, SAMPLES, hostile_corpus, pdf_bombs

    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    rows: list[tuple[str, ...]] = []
    posters = work / "posters"
    hostile_corpus(posters)
    bombs = pdf_bombs(posters)
    sock = work / "posters" / "socket.png"
    import socket

    s = socket.socket(socket.AF_UNIX)
    s.bind(str(sock))
    nt = "--no-text"
    try:
        for f in sorted(posters.rglob("*")):
            if f.is_dir():
                continue
            name = f.name.encode("unicode_escape", "backslashreplace").decode()
            run(f"check {name}", ["check", nt, str(f)], rows, a.timeout)
        for b in bombs:
            run(f"audit {b.name} alone", ["audit", nt, "--no-cache", str(b)], rows, a.timeout)
        run(
            "check --annotate, non-UTF-8 name",
            ["check", nt, str(posters / "sub" / BAD_NAME), "--annotate", str(work / "ann")],
            rows,
            a.timeout,
        )
        run(
            "hook, name with a newline",
            ["hook", nt, str(posters / "sub" / BAD_NAME)],
            rows,
            a.timeout,
        )
        # kits
        for label, old, new in (
            (
                "kit: negative tolerance",
                "rotation_tolerance_deg = 1.0",
                "rotation_tolerance_deg = -5.0",
            ),
            ("kit: NaN", "aspect_tolerance = 0.03", "aspect_tolerance = nan"),
            ("kit: render_width_px 200000", "render_width_px = 1600", "render_width_px = 200000"),
            ("kit: artwork ../", 'artwork = "logo.png"', 'artwork = "../x.png"'),
            ("kit: artwork /abs", 'artwork = "logo.png"', 'artwork = "/etc/passwd"'),
        ):
            kit = work / label.replace(" ", "_").replace(":", "")
            shutil.copytree(KIT, kit)
            spec = (kit / "brand.toml").read_text(encoding="utf-8").replace(old, new, 1)
            (kit / "brand.toml").write_text(spec, encoding="utf-8")
            run(
                label,
                ["check", nt, str(SAMPLES / "rotated.jpg"), "--brand", str(kit)],
                rows,
                a.timeout,
            )
        kit = work / "kit-missing"
        shutil.copytree(KIT, kit)
        (kit / "logo.png").unlink()
        run(
            "kit: logo.png missing (brand show)",
            ["brand", "show", "--brand", str(kit)],
            rows,
            a.timeout,
        )
        kit = work / "kit-big"
        shutil.copytree(KIT, kit)
        from PIL import Image

        Image.new("1", (13000, 13000)).save(kit / "logo.png")
        run(
            "kit: 13000² artwork",
            ["check", nt, str(SAMPLES / "rotated.jpg"), "--brand", str(kit)],
            rows,
            a.timeout,
        )
        for label, svg in (
            (
                "build: SVG external href",
                (
                    '<svg xmlns="http://www.w3.org/2000/svg" width="9" '
                    'height="9"><image href="/etc/hostname" width="9" height="9"/></svg>'
                ),
            ),
            (
                "build: SVG DOCTYPE entity",
                '<!DOCTYPE svg [<!ENTITY x "x">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
            ),
        ):
            kit = work / label.replace(" ", "_").replace(":", "")
            shutil.copytree(KIT, kit)
            (kit / "logo.svg").write_text(svg, encoding="utf-8")
            run(label, ["brand", "build", "--brand", str(kit)], rows, a.timeout)
        # outputs and audits
        first = next(p for p in sorted(posters.glob("*.jpg")) if p.is_file() and not p.is_symlink())
        run(
            "audit --report over an input",
            ["audit", nt, str(posters), "--report", str(first)],
            rows,
            a.timeout,
        )
        run(
            "audit --jobs 1000",
            ["audit", nt, "--no-cache", "--jobs", "1000", str(SAMPLES / "rotated.jpg")],
            rows,
            a.timeout,
        )
        run(
            "audit --dask nonsense",
            ["audit", nt, str(SAMPLES / "rotated.jpg"), "--dask", "nonsense"],
            rows,
            a.timeout,
        )
        run(
            "audit --dask tcp://127.0.0.1:1",
            [
                "audit",
                nt,
                "--no-cache",
                str(SAMPLES / "rotated.jpg"),
                "--dask",
                "tcp://127.0.0.1:1",
            ],
            rows,
            a.timeout,
        )
        out = work / "out"
        run(
            "audit of all the above, every output",
            [
                "audit",
                nt,
                "--no-cache",
                str(posters),
                "--json",
                str(out / "a.json"),
                "--csv",
                str(out / "a.csv"),
                "--sarif",
                str(out / "a.sarif"),
                "--report",
                str(out / "a.html"),
            ],
            rows,
            a.timeout * 3,
        )
    finally:
        s.close()
    head = ("item", "exit", "signal", "traceback", "wall", "peak RSS", "target")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    print(f"python tools/hostile.py  ({os.cpu_count()} cores, Python {sys.version.split()[0]})")
    for r in [head, *rows]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
    missed = [r for r in rows if r[-1] != "ok"]
    print(f"{len(rows) - len(missed)} of {len(rows)} items met the target")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
