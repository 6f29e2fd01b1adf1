"""Items other parts of RedPaz propose for a committee session's agenda.

A committee (governance) asks for suggestions about its territories and the period since its last
session; each app that has something to say registers a provider from its AppConfig.ready: field
work (high-risk alerts), the strategy (off-track indicators), governance itself (overdue
commitments), the observatory (a situation report). Governance needs no knowledge of the others,
and an app that is not installed simply proposes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AgendaContext:
    """What a committee covers and the period an agenda looks back on."""

    municipality_codes: frozenset[str]
    # Zones the committee covers (a territorial committee of a priority cluster); empty when it
    # covers whole municipalities.
    zone_ids: frozenset[int] = field(default_factory=frozenset)
    strategy_id: int | None = None
    start: date | None = None
    end: date | None = None
    # The committee whose session the agenda is for (governance's own suggestions, such as its
    # overdue commitments, are per committee); None when asked for a territory only.
    committee_id: int | None = None


@dataclass(frozen=True)
class AgendaSuggestion:
    # Stable identity ("fieldwork.alert:123"), so a session does not list the same item twice
    # and a regenerated agenda keeps what was already there.
    key: str
    kind: str  # e.g. "field_alert", "off_track_indicator", "overdue_commitment", "situation_report"
    title: str
    detail: str = ""
    url: str = ""
    priority: int = 0  # higher first


Provider = Callable[[AgendaContext], Iterable[AgendaSuggestion]]
_PROVIDERS: dict[str, Provider] = {}


def register_provider(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def suggestions(context: AgendaContext) -> list[AgendaSuggestion]:
    """Every provider's suggestions, most important first; a failing provider is logged."""
    found: dict[str, AgendaSuggestion] = {}
    for name, provider in sorted(_PROVIDERS.items()):
        try:
            for item in provider(context):
                found.setdefault(item.key, item)
        except Exception:  # one broken provider must not block an agenda
            logger.exception("agenda provider %s failed", name)
    return sorted(found.values(), key=lambda s: (-s.priority, s.kind, s.title))
