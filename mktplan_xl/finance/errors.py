"""Excel error values used by the finance core.

Errors travel as small integer codes inside arrays (``0`` means "no error") and
as their Excel text (``"#DIV/0!"``) everywhere a user sees them. Scalar calls
raise :class:`ExcelError`, whose ``code`` is that text.
"""

from __future__ import annotations

from ..xlerrors import DIV0, ERROR_CODE, ERROR_TEXT, NA, NAME, NULL, NUM, OK, REF, VALUE

__all__ = ["DIV0", "ERROR_CODE", "ERROR_TEXT", "NA", "NAME", "NULL", "NUM", "OK", "REF", "VALUE",
           "ExcelError", "is_error_text"]


class ExcelError(ValueError):
    """A result that Excel shows as an error value; ``code`` is its text, e.g. ``"#NUM!"``."""

    def __init__(self, code: int, detail: str = ""):
        self.code_id = code
        self.code = ERROR_TEXT[code]
        super().__init__(f"{self.code} {detail}".rstrip())


def is_error_text(value: object) -> bool:
    """Whether ``value`` is one of Excel's error texts such as ``"#N/A"``."""
    return type(value) is str and value in ERROR_CODE
