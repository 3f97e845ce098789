"""The reader's commands: ``read``, ``check``, ``rollup``, ``actuals``, ``diff``.

Registered on the ``mktplan`` command by :func:`add_reader_cli`. Exit codes as
everywhere: 0 done, 2 a file cannot be read or bad input (one message), 1 an
unexpected failure; ``check`` exits 1 when it finds problems and ``diff`` when
the plans differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import MktplanError


def add_reader_cli(commands: Any) -> None:
    read = commands.add_parser(
        "read", help="read a filled plan back into tables and a spec",
        description="Read the inputs of a filled plan workbook (found through its defined names) as tidy "
                    "tables: budget, sales, one per other list, and settings. Without --out, print a "
                    "summary (or, with --format json, every table and the spec as one JSON document); "
                    "with --out DIR, write one file per table and DIR/spec.json (a spec "
                    "`mktplan new --spec` turns into the same workbook).")
    read.add_argument("workbook", type=Path, metavar="PLAN.xlsx")
    read.add_argument("--out", type=Path, metavar="DIR", help="folder to write the tables and spec.json into")
    read.add_argument("--format", choices=("csv", "json", "parquet"),
                      help="table file format (default csv; parquet needs pyarrow)")
    read.add_argument("--force", action="store_true", help="overwrite files in DIR")
    read.set_defaults(handler=_cmd_read)

    check = commands.add_parser(
        "check", help="lint a filled plan (exit 0 clean, 1 problems, 2 unreadable)",
        description="Check a filled plan: formulas overwritten with constants, error cells, inputs that "
                    "break their validation, failing checks (ChecksOK), defined names pointing to #REF!, "
                    "missing sheets, another schema version. Each finding names sheet!cell.")
    check.add_argument("workbook", type=Path, metavar="PLAN.xlsx")
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.set_defaults(handler=_cmd_check)

    rollup = commands.add_parser(
        "rollup", help="add many unit plans up into a group plan",
        description="Write a group plan of the same layout whose inputs are the sums of the plans' "
                    "(budget lines matched by activity, sales and actual sales by product, media by "
                    "channel; other sections from the first plan), with a 'by unit' sheet showing "
                    "each plan's totals in its own column. Plans with different fiscal calendars or "
                    "currencies, the same file twice or two plans of the same unit are refused.")
    rollup.add_argument("output", type=Path, metavar="OUT.xlsx")
    rollup.add_argument("plans", type=Path, nargs="+", metavar="PLAN.xlsx")
    rollup.add_argument("--force", action="store_true", help="overwrite OUT.xlsx if it exists")
    rollup.set_defaults(handler=_cmd_rollup)

    actuals = commands.add_parser(
        "actuals", help="import actuals from a CSV into a new version of a plan",
        description="Write NEW.xlsx: PLAN.xlsx with the actuals of ACTUALS (CSV or .xlsx with columns "
                    "activity, month, amount; month 1-12 or YYYY-MM) and the as-of month moved to the last "
                    "month given. PLAN.xlsx is only read. Bad lines are listed with their line numbers and "
                    "nothing is written.")
    actuals.add_argument("workbook", type=Path, metavar="PLAN.xlsx")
    actuals.add_argument("actuals", type=Path, metavar="ACTUALS.csv")
    actuals.add_argument("-o", "--output", type=Path, required=True, metavar="NEW.xlsx")
    actuals.add_argument("--add-missing", action="store_true",
                         help="add activities the plan lacks as new lines instead of refusing them")
    actuals.add_argument("--force", action="store_true", help="overwrite NEW.xlsx if it exists")
    actuals.set_defaults(handler=_cmd_actuals)

    diff = commands.add_parser(
        "diff", help="what changed between two versions of a plan",
        description="List every input that differs between A and B: field, item (activity, product ...), "
                    "month, old and new value. Exit 0 when they are the same, 1 when they differ.")
    diff.add_argument("first", type=Path, metavar="A.xlsx")
    diff.add_argument("second", type=Path, metavar="B.xlsx")
    diff.add_argument("--format", choices=("text", "csv", "json"), default="text")
    diff.set_defaults(handler=_cmd_diff)


def _number(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, (int, float)):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return str(value)


def _cmd_read(args: argparse.Namespace) -> int:
    from .core import read_plan

    read = read_plan(args.workbook)
    read.close()
    if args.out:
        from .output import write_tables

        written = write_tables(read, args.out, args.format or "csv", args.force)
        print(f"wrote {len(written)} files to {args.out}: {', '.join(p.name for p in written)}")
    elif args.format == "json":
        from .output import document_json

        print(document_json(read))
    elif args.format:
        raise MktplanError(f"--format {args.format} writes files: give --out DIR (or use --format json "
                           f"to print to the terminal)")
    else:
        info = read.info
        print(f"{read.path}: {info.get('name') or '(no plan name)'}"
              f"{' · ' + info['company'] if info.get('company') else ''} · fiscal year {info.get('year')} "
              f"starting in month {info.get('fiscal_year_start')} · {info.get('currency')} · "
              f"schema {read.schema}")
        for name, table in read.tables.items():
            key = table.columns[0] if table.columns and name != "settings" else ""
            count = len({row[0] for row in table.rows}) if key else 0
            print(f"  {name}: {len(table.rows)} rows" + (f", {count} × {key}" if key else ""))
        print(f"  {_key_figures(read)}")
        print("  (use --out DIR to write the tables and spec.json)")
    problems = [f for f in read.findings]
    for finding in problems[:20]:
        print(f"  warning: {finding}", file=sys.stderr)
    return 0


def _key_figures(read: Any) -> str:
    """Budget plan, actual and revenue plan totals, as the workbook computes them from the inputs read."""
    from ..errors import SpecError
    from .figures import key_figures, plan_model

    try:
        figures = key_figures(plan_model(read.spec))
    except SpecError:
        return "key figures: not shown, the inputs have problems (`mktplan check` lists them)"
    return (f"budget plan {_number(figures.budget_plan)}, actual {_number(figures.budget_actual)} "
            f"(as of month {figures.as_of_month}); revenue plan {_number(figures.revenue_plan)}")


def _cmd_check(args: argparse.Namespace) -> int:
    from .lint import check_plan

    report = check_plan(args.workbook)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(report.text())
    return 0 if report.ok else 1


def _cmd_rollup(args: argparse.Namespace) -> int:
    from .rollup import progress_bar, rollup

    bar = progress_bar(len(args.plans))
    if bar is None:
        result = rollup(args.output, args.plans, force=args.force)
    else:
        with bar:
            task = bar.add_task("plans", total=len(args.plans))
            result = rollup(args.output, args.plans, force=args.force,
                            progress=lambda done, total, path: bar.update(task, completed=done))
    print(f"wrote {result.path}: the roll-up of {result.plans} plans")
    for note in result.notes:
        print(f"  note: {note}")
    return 0


def _cmd_actuals(args: argparse.Namespace) -> int:
    from .actuals import import_actuals

    result = import_actuals(args.workbook, args.actuals, args.output, add_missing=args.add_missing,
                            force=args.force)
    added = f"; added {len(result.added)} new line(s): {', '.join(result.added)}" if result.added else ""
    print(f"wrote {result.path}: {result.lines} actual(s) for {result.activities} activit"
          f"{'y' if result.activities == 1 else 'ies'}, as of month {result.as_of_month}{added}")
    if result.previous_as_of is not None and result.previous_as_of > result.as_of_month:
        print(f"note: the plan reported actuals up to month {result.previous_as_of}; the new version counts "
              f"them up to month {result.as_of_month}, the last month of {args.actuals.name} (set AsOfMonth "
              f"in the workbook to count the later months again)")
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff_plans

    changes = diff_plans(args.first, args.second)
    if args.format == "json":
        print(json.dumps([c.as_dict() for c in changes], ensure_ascii=False, indent=1, default=str))
    elif args.format == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["field", "item", "month", "old", "new"])
        for c in changes:
            writer.writerow([c.field, c.item, "" if c.month is None else c.month,
                             "" if c.old is None else c.old, "" if c.new is None else c.new])
    else:
        if not changes:
            print(f"{args.first} and {args.second}: no input differs")
        else:
            print(f"{len(changes)} input(s) differ between {args.first} and {args.second}:")
            for c in changes:
                where = c.field + (f" [{c.item}]" if c.item else "") + (f" month {c.month}" if c.month else "")
                print(f"  {where}: {_shown(c.old)} → {_shown(c.new)}")
    return 1 if changes else 0


def _shown(value: Any) -> str:
    if value is None:
        return "(blank)"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(value)
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:59] + "…"
