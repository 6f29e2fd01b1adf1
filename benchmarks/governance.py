"""How governance scales for a large strategy: 30 committees meeting monthly over four years.

Goals: a committee's calendar of four years is generated in well under a second; the three
committee indicators of the IPTT (every year and quarter) are computed in under 2 s (they are
recomputed after each change to sessions or commitments); the month view answers in under
500 ms and a feed of 1,000 events in under 1 s; the daily follow-up of thousands of
commitments takes seconds, not minutes.

Builds a throwaway database (SQLite in a temporary REDPAZ_HOME, or DATABASE_URL if set: use an
empty scratch database) with a municipality, 25 zones and a strategy running from a year
before today to three years after; 30 committees (5 municipal, 25 territorial, one per zone),
each with 12 members with vote, 3 alternates and a secretary; then times:

  generate     sessions_generate for every committee over the strategy (about 1,440 sessions)
  attendance   recording the attendance of every past session (about 15 marks each)
  quorum       the quorum of every past session at once (measures.quorum_checks)
  indicators   computing the three governance indicators for every period of the strategy
  feed         the analyst's private ICS feed (a year back, two ahead)
  month        the month view page
  follow-up    the daily command over every commitment (2 per past session)
  acta         the minutes PDF of one session

Run: python benchmarks/governance.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from _support import median_ms, setup_django

COMMITTEES_MUNICIPAL = 5
ZONES = 25
MEMBERS = 12
ALTERNATES = 3


def clock(label: str, function: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    print(f"  {label:<44} {elapsed * 1000:9.0f} ms")
    return result


def build() -> tuple[Any, Any, list[Any]]:
    from redpaz.accounts.models import Organisation, User
    from redpaz.accounts.services import membership_grant
    from redpaz.governance import services
    from redpaz.strategy.models import Strategy
    from redpaz.territory.models import BoundarySet, Level, Territory

    country = Territory.objects.create(level=Level.COUNTRY, code="CO", name="Colombia")
    department = Territory.objects.create(
        level=Level.DEPARTMENT, code="05", name="Antioquia", parent=country, department_code="05"
    )
    medellin = Territory.objects.create(
        level=Level.MUNICIPALITY,
        code="05001",
        name="Medellín",
        parent=department,
        municipality_code="05001",
        department_code="05",
    )
    clusters = BoundarySet.objects.create(
        municipality=medellin, level=Level.PRIORITY_CLUSTER, name="Núcleos (benchmark)"
    )
    zones = [
        Territory.objects.create(
            level=Level.PRIORITY_CLUSTER,
            code=f"N{n:02d}",
            name=f"Núcleo {n}",
            parent=medellin,
            municipality_code="05001",
            department_code="05",
            boundary_set=clusters,
        )
        for n in range(1, ZONES + 1)
    ]
    organisation = Organisation.objects.create(name="Secretaría de Seguridad (benchmark)")
    analyst = User.objects.create_user("analyst", password="x")  # noqa: S106 - throwaway
    membership_grant(
        user=analyst, organisation=organisation, role="analyst", territories=[medellin]
    )
    today = date.today()  # noqa: DTZ011 - a benchmark's relative dates
    strategy = Strategy.objects.create(
        name="Benchmark strategy",
        organisation=organisation,
        territory=medellin,
        start=date(today.year - 1, 1, 1),
        end=date(today.year + 2, 12, 31),
    )
    strategy.target_zones.set(zones)
    committees = []
    for n in range(COMMITTEES_MUNICIPAL + ZONES):
        territorial = n >= COMMITTEES_MUNICIPAL
        committee = services.committee_create(
            name=f"Comité {n + 1}",
            kind="territorial" if territorial else "strategic",
            organisation=organisation,
            municipality=medellin,
            strategy=strategy,
            zones=[zones[n - COMMITTEES_MUNICIPAL]] if territorial else [],
            is_public=territorial,
            frequency="monthly",
            week_of_month=1 + n % 4,
            weekday=n % 5,
            place="Sala de juntas",
        )
        for m in range(MEMBERS):
            principal = services.member_add(
                committee=committee,
                name=f"Integrante {m + 1}",
                position="Delegado(a)",
                organisation=organisation,
                role="chair" if m == 0 else "member",
            )
            if m < ALTERNATES:
                services.member_add(
                    committee=committee, name=f"Suplente {m + 1}", alternate_of=principal
                )
        services.member_add(committee=committee, user=analyst, role="secretary", has_vote=False)
        committees.append(committee)
    return strategy, analyst, committees


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        setup_django(Path(home))
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from redpaz.governance import measures, services
        from redpaz.governance.models import Commitment, Session
        from redpaz.governance.services.feeds import feed_token
        from redpaz.strategy import services as strategy_services
        from redpaz.strategy.models import Indicator

        print(f"Governance benchmark · {connection.vendor}")
        strategy, analyst, committees = clock("set up 30 committees with members", build)
        # At most three years at a time: two calls per committee.
        middle = date(strategy.start.year + 2, 1, 1)
        clock(
            "generate four years of monthly sessions",
            lambda: [
                services.sessions_generate(committee=c, start=start, end=end)
                for c in committees
                for start, end in (
                    (strategy.start, middle - timedelta(days=1)),
                    (middle, strategy.end),
                )
            ],
        )
        today = date.today()  # noqa: DTZ011 - a benchmark's relative dates
        past = list(Session.objects.filter(starts_at__date__lt=today).select_related("committee"))
        print(f"  sessions: {Session.objects.count():,}, of which past: {len(past):,}")

        def record() -> None:
            for index, session in enumerate(past):
                members = list(session.committee.members.all())
                marks = {
                    m.pk: "present" if (m.pk + index) % 5 else "absent"
                    for m in members
                    if m.alternate_of_id is None
                }
                services.attendance_record(session=session, marks=marks)
                if index % 11:
                    services.session_record_held(session=session)
                for k in range(2):
                    services.commitment_create(
                        session=session,
                        description=f"Compromiso {k + 1}",
                        due_date=session.date + timedelta(days=30 + 15 * k),
                        owner_name="Responsable",
                    )

        clock("attendance, held, 2 commitments per past session", record)
        checks = clock("quorum of every past session", lambda: measures.quorum_checks(past))
        reached = sum(1 for c in checks.values() if c.reached)
        print(f"  quorum reached in {reached:,} of {len(checks):,} sessions")
        indicators = [
            strategy_services.indicator_create(
                strategy=strategy,
                code=f"GOB-{n}",
                name=name,
                level=Indicator.Level.OUTPUT,
                unit=Indicator.Unit.PERCENTAGE,
                computation=name,
                targets={str(today.year): Decimal(80)},
            )
            for n, name in enumerate(
                (
                    "governance.sessions_held",
                    "governance.attendance_rate",
                    "governance.commitments_on_time",
                ),
                start=1,
            )
        ]
        clock(
            "three indicators, every year and quarter",
            lambda: [
                strategy_services.indicator_compute(indicator=i, notify=False) for i in indicators
            ],
        )
        client = Client()
        client.force_login(analyst)
        token = feed_token(services.subscription_get_or_create(user=analyst))
        feed_url = reverse("governance:feed", args=[token])
        events = client.get(feed_url).content.count(b"BEGIN:VEVENT")
        feed = median_ms(lambda: client.get(feed_url))
        print(f"  {'private ICS feed (' + format(events, ',') + ' events)':<44} {feed:9.0f} ms")
        month_url = reverse("governance:calendar") + f"?month={today:%Y-%m}"
        month = median_ms(lambda: client.get(month_url))
        print(f"  {'month view page':<44} {month:9.0f} ms")
        pending = Commitment.objects.exclude(status="done").count()
        clock(
            f"daily follow-up ({pending:,} pending commitments)",
            lambda: call_command("governance_follow_up", verbosity=0, stdout=open(os.devnull, "w")),  # noqa: SIM115
        )
        held = Session.objects.filter(status="held").first()
        acta_url = reverse("governance:session-acta", args=[held.pk])  # type: ignore[union-attr]
        acta = median_ms(lambda: client.get(acta_url), repeat=3)
        print(f"  {'acta PDF of one session':<44} {acta:9.0f} ms")
        goal = "met" if feed < 1000 and month < 500 else "NOT met"
        print(f"  goal: month view under 500 ms, a 1,000-event feed under 1 s: {goal}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
