"""The sheet protocol: what every sheet declares and provides.

A sheet is a subclass of :class:`Sheet` in a module of its own, registered by
one line in :data:`mktplan_xl.sheets.REGISTRY`. It declares

``key``
    its stable id, used in references and by other sheets' ``uses``;
``tab``
    its place in the tab order (smaller first). Ranges: 0–9 About; 10–29
    situation analysis (PEST, competitors, SWOT, life cycle); 30–39 goals and
    actions (objectives, initiatives, alignment, timeline); 40–59 money (budget
    tracker, sales forecast); 60–79 media, distribution, pricing; 80–89
    control; 90–99 Summary and the add-in sheets;
``section``
    the attribute of :class:`~mktplan_xl.spec.PlanSpec` it reads (or None);
``uses``
    the keys of the sheets whose exports it uses; they are built first. The
    special key :data:`CHECKS` asks for every check and key figure declared
    by the sheets that do not themselves depend on this one (the Summary
    uses it);
``names``
    the defined names it defines (:class:`DefinedName`): what each holds and,
    for the cells a user types into, the spec field it carries, so a filled
    workbook can be read back without A1 addresses or sheet names;

and provides ``build(b)``, which places its cells through ``b.model`` and
returns its *exports*: what other sheets may use (areas with a stated meaning,
never row numbers); ``checks()``, its checks, each a label and a boolean
formula (:class:`Check`); and ``figures()``, the key figures it shows on the
Summary (:class:`Figure`). The builder runs the registered sheets in
dependency order; the Summary lists every sheet's figures and checks, and
``ChecksOK`` is the AND of all checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Literal, Mapping, Optional, Union

from ..errors import SheetDefinitionError
from ..formula import ABS, Area, Expr, Name, Ref
from ..model import WorkbookModel
from .common import Context

#: In ``Sheet.uses``: every check declared by the sheets built before this one.
CHECKS = "*checks"

InputKind = Literal["cell", "column", "row", "grid", "grid_t"]


@dataclass(frozen=True)
class DefinedName:
    """A defined name a sheet defines.

    ``field`` is the spec field a user's input in it carries, with ``[*]`` for
    the items of a list: ``budget.activities[*].plan``. ``kind`` says how the
    cells map to the field: ``cell`` one value; ``column`` one value per item,
    items down the rows; ``row`` one value per item, items across the columns;
    ``grid`` items down, each item's list across (12 months, say); ``grid_t``
    items across, each item's list down. ``optional`` names exist only in some
    workbooks (``when`` says which).
    """

    name: str
    holds: str
    field: Optional[str] = None
    kind: InputKind = "cell"
    optional: bool = False
    when: str = ""

    @property
    def is_input(self) -> bool:
        return self.field is not None


@dataclass(frozen=True)
class Check:
    """A check: a label and a boolean formula, with an optional figure shown beside it.

    ``ok`` is a boolean formula, or a function of the cell that shows ``shown``
    (so the test reads the figure the user sees). Use :func:`difference_check`,
    :func:`not_negative_check` and :func:`flag_check` to make the usual ones.
    """

    label: str
    ok: Union[Expr, Callable[[Ref], Expr]]
    shown: Optional[Expr] = None
    style: str = "amount"

    def ok_formula(self, shown_cell: Optional[Ref]) -> Expr:
        if callable(self.ok) and not isinstance(self.ok, Expr):
            if shown_cell is None:
                raise ValueError(f"check {self.label!r}: a test of the shown figure needs a figure")
            return self.ok(shown_cell)
        return self.ok


TOLERANCE = Name("CheckTolerance")


def difference_check(label: str, difference: Expr) -> Check:
    """OK when |difference| is within the workbook's check tolerance."""
    return Check(label, lambda cell: ABS(cell).le(TOLERANCE), difference)


def not_negative_check(label: str, smallest: Expr) -> Check:
    """OK when the smallest of some inputs (shown) is 0 or more."""
    return Check(label, lambda cell: cell.ge(0), smallest)


def flag_check(label: str, ok: Expr, shown: Optional[Expr] = None, style: str = "amount") -> Check:
    """OK when ``ok`` is TRUE; ``shown`` is an optional figure beside it."""
    return Check(label, ok, shown, style)


@dataclass(frozen=True)
class Figure:
    """A key figure a sheet shows on the Summary, under the sheet's name."""

    label: str
    value: Expr
    style: str = "amount"


@dataclass(frozen=True)
class BuildOptions:
    """Options of one build besides the spec (command-line flags)."""

    udfs: bool = False
    #: Roll-ups only: each source plan's totals (:class:`~mktplan_xl.sheets.by_unit.UnitTotals`)
    #: for the "by unit" sheet; empty in an ordinary plan.
    units: tuple = ()


@dataclass(frozen=True)
class DeclaredCheck:
    """A check with the key of the sheet that declared it."""

    sheet: str
    check: Check


@dataclass(frozen=True)
class DeclaredFigure:
    """A key figure with the key of the sheet that declared it."""

    sheet: str
    figure: Figure


@dataclass
class Build:
    """What a sheet's ``build`` gets: the model, the plan context, its spec section, the
    exports of the sheets it uses and (with :data:`CHECKS`) the checks and figures declared so far."""

    model: WorkbookModel
    ctx: Context
    spec: Any
    uses: Mapping[str, Any]
    checks: tuple[DeclaredCheck, ...]
    declared: Mapping[str, DefinedName]
    figures: tuple[DeclaredFigure, ...] = ()
    defined: list[str] = field(default_factory=list)
    options: BuildOptions = field(default_factory=BuildOptions)

    def define(self, name: str, target: Union[Ref, Area]) -> None:
        """Define a name this sheet declared (anything else is a mistake in the sheet)."""
        if name not in self.declared:
            raise SheetDefinitionError(f"defined name {name} is not declared by this sheet")
        self.model.define(name, target)
        self.defined.append(name)


class Sheet:
    """Base class of every sheet; see the module docstring for the protocol."""

    key: ClassVar[str]
    tab: ClassVar[int]
    section: ClassVar[Optional[str]] = None
    uses: ClassVar[tuple[str, ...]] = ()
    names: ClassVar[tuple[DefinedName, ...]] = ()

    @classmethod
    def wanted(cls, spec: Any, options: BuildOptions) -> bool:
        """Whether this sheet is part of the workbook (default: always)."""
        return True

    def build(self, b: Build) -> Any:
        raise NotImplementedError

    def checks(self) -> list[Check]:
        """This sheet's checks (called after ``build``)."""
        return []

    def figures(self) -> list[Figure]:
        """Key figures for the Summary (called after ``build``)."""
        return []

    def finish(self, b: Build) -> None:
        """Called once every sheet is built and in tab order, with the same ``b`` as ``build``:
        for what needs the whole workbook (the About sheet's contents). Default: nothing."""
