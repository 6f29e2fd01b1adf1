from __future__ import annotations

from argparse import ArgumentParser
from datetime import date, timedelta
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from redpaz.governance.models import Session
from redpaz.governance.services import agenda_refresh, commitments_mark_overdue
from redpaz.web.management.base import RedPazCommand


class Command(RedPazCommand):
    help = (
        "Daily follow-up of committees (run it once a day, e.g. from cron): mark commitments "
        "past their due date as overdue and notify their owners (once per due date), then add "
        "the suggested items (overdue commitments, off-track indicators, field alerts...) to "
        "the agendas of the sessions of the coming days."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--date", help="the day to follow up as of (YYYY-MM-DD; default: today)"
        )
        parser.add_argument(
            "--horizon",
            type=int,
            default=30,
            help="prepare the agendas of the planned sessions of this many days ahead (30)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date {options['date']!r} is not a date (YYYY-MM-DD)"
                ) from None
        if options["horizon"] < 0:
            raise CommandError("--horizon cannot be negative")
        outcome = commitments_mark_overdue(today=today)
        sessions = Session.objects.filter(
            status=Session.Status.PLANNED,
            starts_at__date__gte=today,
            starts_at__date__lte=today + timedelta(days=options["horizon"]),
        ).select_related("committee__municipality")
        added = sum(len(agenda_refresh(session=session)) for session in sessions)
        self.stdout.write(
            f"{len(outcome.marked_overdue)} commitments marked overdue; "
            f"{outcome.notified} notices sent; "
            f"{added} items added to the agendas of {len(sessions)} coming sessions."
        )
