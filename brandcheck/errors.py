"""One exception hierarchy; each class carries a stable ``code`` that reports and scripts use.

Only the CLI turns these into exit codes; in a batch each becomes an error result.
"""

from __future__ import annotations


class BrandcheckError(Exception):
    """Base of every error brandcheck raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ImageReadError(BrandcheckError, OSError):
    """The input could not be read as an image (missing, empty, truncated, not an image)."""

    code = "unreadable"


class UnsupportedFormatError(ImageReadError):
    """The file is readable but of a kind brandcheck does not check."""

    code = "unsupported"


class TooLargeError(ImageReadError):
    """The input exceeds the configured pixel or page limit (decompression bombs land here)."""

    code = "too-large"


class TooComplexError(ImageReadError):
    """A PDF page whose content would take unbounded work to read or render: more
    content operators than the limit, form XObjects nested deeper than the limit, or a
    form that draws itself (a cycle). Refused before pdfium renders it."""

    code = "too-complex"


class EncryptedError(ImageReadError):
    """A password-protected PDF."""

    code = "encrypted"


class BrandKitError(BrandcheckError):
    """The brand kit is missing a file or a field, or a value is out of range."""

    code = "brand-kit"


def install_hint(extra: str) -> str:
    """How to install an optional extra, said for where brandcheck runs.

    Under pre-commit (which sets ``PRE_COMMIT=1`` for its hooks) ``pip install`` is the
    wrong advice: the hook has its own environment, built from the hook's
    ``additional_dependencies``, and a project's own list replaces the hook's
    ``".[pdf,ocr]"``.
    """
    import os

    if os.environ.get("PRE_COMMIT") == "1":
        return (
            f'add ".[{extra}]" to this hook\'s additional_dependencies in '
            '.pre-commit-config.yaml (a list of your own replaces the hook\'s ".[pdf,ocr]")'
        )
    return f"pip install 'brandcheck[{extra}]'"
