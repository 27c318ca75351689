"""``python -m brandcheck``."""

from __future__ import annotations

from brandcheck.cli import main

raise SystemExit(main())
