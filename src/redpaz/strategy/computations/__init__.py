"""Named computations: how an indicator's actual value is computed from data in RedPaz.

Each app registers the computations it knows from its ``AppConfig.ready()``::

    from redpaz.strategy.computations import Computation, Outcome, Parameter, register

    register(Computation(
        name="people.unique_participants",
        label=_("Unique participants reached"),
        unit="count",
        compute=unique_participants,          # (Context, parameters) -> Outcome
        parameters=(Parameter("component", _("Component"), kind="component"),),
        data_kinds=frozenset({"participants"}),
    ))

An indicator names a computation and its parameters; the strategy app asks it for a figure for
each period, keeps the value with the inputs it used and the ids of the records behind it, and
asks again when the data changes: on demand, when an import of one of ``data_kinds`` completes,
and with ``redpaz recompute_indicators``. A computation is a pure read: it never writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from redpaz.strategy.models import Indicator, Strategy
    from redpaz.strategy.periods import Period
    from redpaz.territory.models import Territory

# The ids of at most this many records are kept with a figure; the count is always kept.
MAX_TRACED_RECORDS = 20_000
ANY_DATA = "*"


@dataclass(frozen=True)
class Parameter:
    """A setting of a computation, shown as a form field when an indicator is defined.

    ``kind``: ``text``, ``int``, ``bool``, ``choice`` (``choices`` returns (value, label) pairs,
    read when the form is drawn, so it can list what is in the database) or ``component`` (one
    of the strategy's components, by code).
    """

    name: str
    label: str | Promise
    kind: str = "text"
    required: bool = False
    default: Any = None
    choices: Callable[[], Sequence[tuple[str, str]]] | None = None
    help_text: str | Promise = ""


@dataclass(frozen=True)
class Context:
    """What a computation is asked for: an indicator's figure over a span of dates.

    ``start``/``end`` are the period's dates clipped to the strategy, or, for indicators whose
    values are running figures (cumulative non-summing), from the start of the strategy to the
    end of the period. ``zones`` are the strategy's target zones (possibly none).
    """

    strategy: Strategy
    indicator: Indicator
    period: Period
    start: date
    end: date
    zones: Sequence[Territory]

    @property
    def territory(self) -> Territory:
        return self.strategy.territory


@dataclass
class Outcome:
    """A computed figure and what it rests on.

    ``value`` is None when no figure can be given (``note`` says why: no data for the year, no
    population for a zone...). ``complete`` is False when the data covers only part of the
    period. ``records`` is the query of the rows counted (their ids are kept so a reader can open
    them); ``inputs`` the intermediate figures (counts, population) as JSON-compatible values;
    ``disaggregated`` the figure broken down by dimension and category.
    """

    value: Decimal | None
    records: QuerySet[Any] | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    complete: bool = True
    note: str = ""
    disaggregated: dict[str, dict[str, Decimal]] = field(default_factory=dict)


@dataclass(frozen=True)
class Computation:
    name: str
    label: str | Promise
    unit: str  # an Indicator.Unit value
    compute: Callable[[Context, Mapping[str, Any]], Outcome]
    parameters: tuple[Parameter, ...] = ()
    description: str | Promise = ""
    # Import kinds whose completion can change the figure (ImportBatch.kind); "*" for any.
    data_kinds: frozenset[str] = frozenset({ANY_DATA})
    # Disaggregation dimensions the computation fills in.
    dimensions: frozenset[str] = frozenset()
    # Fields of the records shown when a reader opens the rows behind a figure.
    record_columns: tuple[str, ...] = ()

    def depends_on(self, kind: str) -> bool:
        return ANY_DATA in self.data_kinds or kind in self.data_kinds


_REGISTRY: dict[str, Computation] = {}


def register(computation: Computation) -> Computation:
    """Add a computation; registering the same name twice with another function is an error."""
    existing = _REGISTRY.get(computation.name)
    if existing is not None and existing.compute is not computation.compute:
        raise ValueError(f"a computation named {computation.name!r} is already registered")
    _REGISTRY[computation.name] = computation
    return computation


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def get(name: str) -> Computation | None:
    return _REGISTRY.get(name)


def available() -> list[Computation]:
    return sorted(_REGISTRY.values(), key=lambda c: str(c.label))


def clean_parameters(
    computation: Computation, raw: Mapping[str, Any], *, strategy: Strategy | None = None
) -> dict[str, Any]:
    """Validate and convert parameters from a form or the API; raise ValidationError."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for parameter in computation.parameters:
        value = raw.get(parameter.name, parameter.default)
        if value in (None, ""):
            if parameter.required:
                errors[parameter.name] = _("This parameter is required.")
            continue
        try:
            cleaned[parameter.name] = _convert(parameter, value, strategy)
        except (ValueError, InvalidOperation):
            errors[parameter.name] = _("“%(value)s” is not a valid value.") % {"value": value}
    unknown = set(raw) - {p.name for p in computation.parameters}
    if unknown:
        errors["__all__"] = _("Unknown parameters: %(names)s") % {
            "names": ", ".join(sorted(unknown))
        }
    if errors:
        raise ValidationError(errors)
    return cleaned


def _convert(parameter: Parameter, value: Any, strategy: Strategy | None) -> Any:
    if parameter.kind == "int":
        return int(str(value))
    if parameter.kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"1", "true", "yes", "on", "si", "sí"}:
            return True
        if text in {"0", "false", "no", "off"}:
            return False
        raise ValueError(value)
    if parameter.kind == "choice" and parameter.choices is not None:
        allowed = {str(v) for v, _label in parameter.choices()}
        if str(value) not in allowed:
            raise ValueError(value)
        return str(value)
    if parameter.kind == "component" and strategy is not None:
        if not strategy.components.filter(code=str(value)).exists():
            raise ValueError(value)
        return str(value)
    return str(value)


def describe_parameters(computation: Computation, parameters: Mapping[str, Any]) -> str:
    """Parameters as a short human sentence for lists and exports ("Sex: Women; Age: 14")."""
    parts = []
    for parameter in computation.parameters:
        if parameter.name not in parameters:
            continue
        value = parameters[parameter.name]
        if parameter.kind == "choice" and parameter.choices is not None:
            value = dict(parameter.choices()).get(str(value), value)
        parts.append(f"{parameter.label}: {value}")
    return "; ".join(parts)
