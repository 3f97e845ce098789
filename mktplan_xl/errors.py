"""Exception classes raised by mktplan-xl.

Every error a user can cause derives from :class:`MktplanError`; the CLI turns
it into one message on stderr and exit code 2.
"""

from __future__ import annotations


class MktplanError(Exception):
    """Base class for mktplan-xl errors."""


class SpecError(MktplanError):
    """The plan spec is invalid; ``problems`` holds ``(field path, message)`` pairs.

    The message lists the first :attr:`SHOWN` problems and counts the rest.
    """

    SHOWN = 20

    def __init__(self, problems: list[tuple[str, str]], source: str | None = None):
        self.problems = problems
        self.source = source
        where = f" in {source}" if source else ""
        lines = [f"invalid plan spec{where}:"]
        lines += [f"  {path or '(top level)'}: {message}" for path, message in problems[:self.SHOWN]]
        if len(problems) > self.SHOWN:
            lines.append(f"  ... and {len(problems) - self.SHOWN:,} more problems")
        super().__init__("\n".join(lines))


class SpecFileError(MktplanError):
    """A spec file is missing, unreadable or not valid YAML/JSON."""


class OutputError(MktplanError):
    """The workbook cannot be written where asked (exists, locked, not writable)."""


class WorkbookLimitError(MktplanError):
    """Something would break one of Excel's limits (sheet name, name, validation list)."""


class SheetDefinitionError(RuntimeError):
    """A sheet's code breaks the sheet protocol (an undeclared or doubly defined name, sheets that
    use each other in a circle): a bug in mktplan-xl, not in the user's input. Not a
    :class:`MktplanError`, so the CLI reports an internal error with exit 1."""


class FormulaError(MktplanError):
    """A formula object is malformed (unknown function, bad reference)."""


class RecalcError(MktplanError):
    """LibreOffice could not recalculate a workbook."""
