"""Excel error values used by the finance core.

Errors travel as small integer codes inside arrays (``0`` means "no error") and
as their Excel text (``"#DIV/0!"``) everywhere a user sees them. Scalar calls
raise :class:`ExcelError`, whose ``code`` is that text.
"""

from __future__ import annotations

OK = 0
DIV0 = 1
NUM = 2
VALUE = 3
NA = 4
REF = 5
NAME = 6
NULL = 7

#: Excel text of each error code, indexed by code (``ERROR_TEXT[0]`` is unused).
ERROR_TEXT: tuple[str, ...] = ("", "#DIV/0!", "#NUM!", "#VALUE!", "#N/A", "#REF!", "#NAME?", "#NULL!")
#: Error code of each Excel error text, for error values arriving from cells.
ERROR_CODE: dict[str, int] = {text: code for code, text in enumerate(ERROR_TEXT) if code}


class ExcelError(ValueError):
    """A result that Excel shows as an error value; ``code`` is its text, e.g. ``"#NUM!"``."""

    def __init__(self, code: int, detail: str = ""):
        self.code_id = code
        self.code = ERROR_TEXT[code]
        super().__init__(f"{self.code} {detail}".rstrip())


def is_error_text(value: object) -> bool:
    """Whether ``value`` is one of Excel's error texts such as ``"#N/A"``."""
    return type(value) is str and value in ERROR_CODE
