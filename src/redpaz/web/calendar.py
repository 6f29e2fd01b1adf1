"""Events other parts of RedPaz put on a person's calendar.

The calendar of a strategy or network (the month view, and the ICS feeds a person subscribes to
from any calendar program) gathers events from every app that has some: governance (committee
sessions), field work (activities in the field)... Each app registers a source from its
AppConfig.ready; the calendar needs no knowledge of the others, and an app that is not
installed adds nothing.

A source answers for what the asker may see: with ``query.user`` None the calendar is public,
and only events meant for the public may be returned.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CalendarQuery:
    """Whose calendar, for which dates, of which strategy or municipalities."""

    user: Any  # None for the public calendar
    start: date
    end: date  # inclusive
    strategy_id: int | None = None
    # Empty: any municipality the asker may see.
    municipality_codes: frozenset[str] = field(default_factory=frozenset)

    @property
    def public(self) -> bool:
        return self.user is None


@dataclass(frozen=True)
class CalendarEvent:
    # Stable and unique across RedPaz ("governance.session:12"), so a calendar program updates
    # an event instead of adding it again.
    uid: str
    kind: str  # e.g. "committee_session", "field_activity"
    title: str
    starts_at: datetime  # timezone-aware
    ends_at: datetime
    url: str = ""
    location: str = ""
    description: str = ""
    cancelled: bool = False
    updated_at: datetime | None = None
    category: str = ""  # shown to people ("Committee session")


Source = Callable[[CalendarQuery], Iterable[CalendarEvent]]
_SOURCES: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    _SOURCES[name] = source


def events(query: CalendarQuery) -> list[CalendarEvent]:
    """Every source's events, by start; a failing source is logged and left out."""
    found: dict[str, CalendarEvent] = {}
    for name, source in sorted(_SOURCES.items()):
        try:
            for event in source(query):
                found.setdefault(event.uid, event)
        except Exception:  # one broken source must not empty a person's calendar
            logger.exception("calendar source %s failed", name)
    return sorted(found.values(), key=lambda e: (e.starts_at, e.title))
