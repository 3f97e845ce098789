"""Command line: ``mktplan new``, ``mktplan spec``, ``mktplan recalc``, ``mktplan pdf``, ``mktplan udfs``,
and the reader's ``read``, ``check``, ``rollup``, ``actuals`` and ``diff`` (:mod:`mktplan_xl.reader.commands`).

Exit codes: 0 done, 2 bad input or output problem (one message on stderr,
nothing written), 1 unexpected failure (one message too; ``MKTPLAN_DEBUG=1``
shows the traceback), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from .errors import MktplanError

# Setting up the parser imports nothing heavy (``mktplan --help`` starts in a few times the
# time of ``import argparse``): every handler imports what it needs when its command runs,
# and these copies keep pydantic and the style tables out (tests/test_lean_start.py checks them).
LANGUAGE_CHOICES = ("en", "vi", "zh")  # spec.LANGUAGES
DISPLAY_UNIT_CHOICES = (1, 1_000, 10_000, 1_000_000, 100_000_000, 1_000_000_000)  # styles.DISPLAY_UNITS


class _VersionAction(argparse.Action):
    """``--version``, reading the installed version only when asked for (importlib.metadata is slow)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: Any = argparse.SUPPRESS, help: str = "show program's version number and exit"):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: Optional[str] = None) -> None:
        sys.stdout.write(f"{parser.prog} {_version()}\n")
        parser.exit()


def _whole_number(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {what}, not {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {what}, not {value}")
        return value
    return parse


_month = _whole_number(1, 12, "a month number from 1 to 12")
_year = _whole_number(1900, 9998, "a year from 1900 to 9998 such as 2027")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mktplan", description="Marketing-plan workbooks with live Excel formulas.")
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="write a plan workbook",
                              description="Write a plan workbook (a blank plan for the current year "
                                          "when no spec is given). Options override the spec.")
    new.add_argument("output", type=Path, metavar="OUT.xlsx")
    new.add_argument("--spec", type=Path, metavar="FILE", help="plan spec, YAML or JSON")
    new.add_argument("--lang", choices=LANGUAGE_CHOICES, help="labels, sheet and month names")
    new.add_argument("--year", type=_year, help="calendar year in which the fiscal year starts")
    new.add_argument("--fiscal-start", type=_month, metavar="MONTH",
                     help="first month of the fiscal year, 1-12 (4: Apr-Mar, Q1 = Apr-Jun)")
    new.add_argument("--currency", help="VND, USD, CNY, EUR, JPY, ...")
    new.add_argument("--display-unit", type=int, choices=DISPLAY_UNIT_CHOICES, metavar="N",
                     help="show calculated amounts in units of N: 1, 1000, 10000 (万), 1000000, "
                          "100000000 (亿) or 1000000000; amounts typed in always show in full")
    new.add_argument("--name", help="plan name shown on every sheet")
    new.add_argument("--company", help="company name")
    new.add_argument("--udfs", action="store_true",
                     help="add a Functions sheet and an xlwings.conf sheet for the mktplan_udfs add-in")
    new.add_argument("--force", action="store_true", help="overwrite OUT.xlsx if it exists")
    new.set_defaults(handler=_cmd_new)

    spec = commands.add_parser("spec", help="print an example spec or check a spec file")
    group = spec.add_mutually_exclusive_group(required=True)
    group.add_argument("--example", action="store_true", help="print a complete, commented example spec")
    group.add_argument("--check", type=Path, metavar="FILE", help="validate a spec file and exit")
    spec.add_argument("--lang", choices=LANGUAGE_CHOICES, default="en", help="language of the example")
    spec.set_defaults(handler=_cmd_spec)

    recalc = commands.add_parser("recalc", help="recalculate workbooks in LibreOffice headless",
                                 description="Open each workbook (.xlsx or .xlsm) in LibreOffice, "
                                             "recalculate all formulas and save a copy as "
                                             "OUT_DIR/NAME.xlsx (sources untouched; an .xlsm copy "
                                             "loses its macros). Nothing is written unless every "
                                             "workbook converts.")
    recalc.add_argument("workbooks", type=Path, nargs="+", metavar="IN.xlsx")
    recalc.add_argument("--out-dir", type=Path, required=True, metavar="OUT_DIR")
    recalc.add_argument("--force", action="store_true", help="overwrite existing files in OUT_DIR")
    recalc.set_defaults(handler=_cmd_recalc)

    pdf = commands.add_parser("pdf", help="render a plan workbook as a PDF document",
                              description="Recalculate the workbook in LibreOffice and export every "
                                          "sheet to PDF with its print settings (default output: "
                                          "PLAN.pdf beside PLAN.xlsx). Nothing is written on failure.")
    pdf.add_argument("workbook", type=Path, metavar="PLAN.xlsx")
    pdf.add_argument("-o", "--output", type=Path, metavar="PLAN.pdf", help="where to write the PDF")
    pdf.add_argument("--force", action="store_true", help="overwrite the PDF if it exists")
    pdf.set_defaults(handler=_cmd_pdf)

    from .reader.commands import add_reader_cli
    add_reader_cli(commands)  # read, check, rollup, actuals, diff

    try:
        from .lite import add_udfs_cli
    except ImportError:  # the UDF exporter is optional in a partial checkout
        pass
    else:
        add_udfs_cli(commands)
    return parser


def _version() -> str:
    from . import __version__
    return __version__


def _cmd_new(args: argparse.Namespace) -> int:
    from .plan import Plan

    overrides = {"language": args.lang, "year": args.year, "fiscal_year_start": args.fiscal_start,
                 "currency": args.currency, "display_unit": args.display_unit,
                 "name": args.name, "company": args.company}
    overrides = {k: v for k, v in overrides.items() if v is not None}
    plan = Plan.from_file(args.spec, **overrides) if args.spec else Plan.default(**overrides)
    path = plan.save(args.output, force=args.force, udfs=args.udfs)
    info = plan.spec.plan
    print(f"wrote {path}: {len(plan.spec.budget.activities)} activities, "
          f"{len(plan.spec.sales.products)} products, fiscal year {info.year} starting in month "
          f"{info.fiscal_year_start}, {info.currency}, language {info.language}")
    return 0


def _cmd_spec(args: argparse.Namespace) -> int:
    from .plan import Plan
    from .templates import example_spec

    if args.example:
        sys.stdout.write(example_spec(args.lang))
        return 0
    plan = Plan.from_file(args.check)
    print(f"{args.check}: valid ({len(plan.spec.budget.activities)} activities, "
          f"{len(plan.spec.sales.products)} products)")
    return 0


def _cmd_recalc(args: argparse.Namespace) -> int:
    from .recalc import recalculate

    for path in args.workbooks:
        if not path.is_file():
            raise MktplanError(f"{path}: no such workbook")
    for source, out in zip(args.workbooks, recalculate(args.workbooks, args.out_dir, force=args.force)):
        note = f" (from {source.name}; macros are not kept)" if source.suffix.lower() == ".xlsm" else ""
        print(f"wrote {out}{note}")
    return 0


def _cmd_pdf(args: argparse.Namespace) -> int:
    from .pdf import export_pdf, page_count

    path = export_pdf(args.workbook, args.output, force=args.force)
    print(f"wrote {path}: {page_count(path)} pages")
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except MktplanError as exc:
        print(f"mktplan: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mktplan: interrupted; nothing was written", file=sys.stderr)
        return 130
    except MemoryError:
        print("mktplan: error: out of memory; nothing was written", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader of our output went away (`mktplan read plan.xlsx | head`)
        _silence_stdout()
        return 0
    except Exception as exc:  # a bug: one line, not a traceback, unless asked for
        if os.environ.get("MKTPLAN_DEBUG"):
            raise
        detail = str(exc)
        detail = detail if len(detail) <= 200 else detail[:199] + "…"
        print(f"mktplan: internal error ({type(exc).__name__}: {detail}). "
              f"Please report it; MKTPLAN_DEBUG=1 shows the traceback", file=sys.stderr)
        return 1


def _silence_stdout() -> None:
    """Point standard output at the null device, so Python's flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
