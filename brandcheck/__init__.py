"""brandcheck: checks how a brand's logo is used in posters.

The public API lives in :mod:`brandcheck.api`; importing this package stays cheap so
that ``brandcheck --help`` starts instantly (heavy imports happen inside functions).
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
