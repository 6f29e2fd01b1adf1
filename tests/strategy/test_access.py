"""Who sees and does what with a strategy, through pages and API alike."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from redpaz.accounts.roles import Role
from redpaz.strategy import services
from redpaz.strategy.access import strategy_access
from tests.factories import OrganisationFactory, municipality
from tests.strategy.helpers import pazos, person, reported

pytestmark = pytest.mark.django_db

EVIDENCE = "https://example.org/evidencia.pdf"


@pytest.fixture
def setup(users: Any) -> Any:
    # The named users' Medellín organisation owns the strategy; comuna 01 (Fiona's) is a target.
    strategy = pazos(users.ana, zones=("01", "10"))
    indicator = reported(strategy)
    staff = person("gestora", Role.PROGRAMME_STAFF)
    partner = person("ong", Role.ANALYST, OrganisationFactory(name="ONG aliada"))
    committee = person("comite", Role.COMMITTEE_MEMBER)
    approved = services.result_report(
        indicator=indicator, period="2021", value=Decimal(30), user=staff, evidence_url=EVIDENCE
    )
    services.result_review(result=approved, user=committee)
    services.result_approve(result=approved, user=users.ana)
    pending = services.result_report(
        indicator=indicator, period="2022", value=Decimal(9137), user=staff, evidence_url=EVIDENCE
    )

    class Setup:
        pass

    Setup.strategy, Setup.indicator, Setup.staff, Setup.partner = (
        strategy,
        indicator,
        staff,
        partner,
    )
    Setup.committee, Setup.approved, Setup.pending = committee, approved, pending
    return Setup


def test_the_matrix_of_permissions(users: Any, setup: Any) -> None:
    def can(user: Any) -> tuple[bool, ...]:
        a = strategy_access(user, setup.strategy)
        return (a.view_all, a.view_approved, a.edit, a.report, a.review, a.approve)

    assert can(users.alice) == (True, True, True, True, True, True)
    assert can(users.ana) == (True, True, True, True, True, True)  # analyst of the owner
    assert can(setup.partner) == (True, True, False, True, False, False)  # analyst of a partner
    assert can(setup.staff) == (True, True, False, True, False, False)
    assert can(setup.committee) == (True, True, False, False, True, False)
    assert can(users.fiona) == (True, True, False, False, False, False)  # a target zone is hers
    assert can(users.donna) == (False, True, False, False, False, False)  # donor: approved only
    assert can(users.pablo) == (False,) * 6  # Palmira
    assert can(users.nobody) == (False,) * 6


@pytest.mark.parametrize("name", ["pablo", "nobody"])
def test_people_outside_the_territory_do_not_know_it_exists(
    users: Any, setup: Any, client_for: Any, name: str
) -> None:
    client = client_for(getattr(users, name))
    assert setup.strategy.name not in client.get(reverse("strategy:list")).content.decode()
    for url in (
        setup.strategy.get_absolute_url(),
        reverse("strategy:iptt", args=[setup.strategy.pk]),
        setup.indicator.get_absolute_url(),
        setup.approved.get_absolute_url(),
        reverse("strategy-detail", args=[setup.strategy.pk]),
        reverse("strategy-result-detail", args=[setup.approved.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_donors_see_approved_figures_only(users: Any, setup: Any, client_for: Any) -> None:
    client = client_for(users.donna)
    assert client.get(setup.strategy.get_absolute_url()).status_code == 200
    response = client.get(reverse("strategy-iptt", args=[setup.strategy.pk]))
    iptt = response.json()
    assert iptt["approved_only"] is True
    periods = {p["period"]: p["actual"] for p in iptt["indicators"][-1]["periods"]}
    assert periods["2021"] == "30.0000" and periods["2022"] is None
    results = client.get(reverse("strategy-result-list")).json()["results"]
    assert [r["period"] for r in results] == ["2021"]
    # A value no random token will contain (the page carries CSRF tokens), in either format.
    page = client.get(setup.pending.get_absolute_url()).content.decode()
    assert "9137" not in page and "9.137" not in page
    assert client.get(reverse("strategy:population", args=[setup.strategy.pk])).status_code == 403
    records = reverse(
        "strategy:result-records", args=[setup.strategy.pk, setup.indicator.pk, "2021"]
    )
    assert client.get(records).status_code == 403
    response = client.post(
        reverse("strategy-result-list"),
        {"indicator": setup.indicator.pk, "period": "2023", "value": "1", "evidence_url": EVIDENCE},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_only_the_owner_edits_the_structure(users: Any, setup: Any, client_for: Any) -> None:
    edit = reverse("strategy:edit", args=[setup.strategy.pk])
    new_indicator = reverse("strategy:indicator-create", args=[setup.strategy.pk])
    for user in (setup.partner, setup.staff, users.fiona, users.donna):
        client = client_for(user)
        assert client.get(edit).status_code == 403
        assert client.get(new_indicator).status_code == 403
    client = client_for(users.ana)
    assert client.get(edit).status_code == 200
    assert client.get(new_indicator).status_code == 200


def test_partners_report_but_do_not_approve(users: Any, setup: Any, client_for: Any) -> None:
    client = client_for(setup.partner)
    url = reverse("strategy:result", args=[setup.strategy.pk, setup.indicator.pk, "2023"])
    response = client.post(url, {"value": "12", "evidence_url": EVIDENCE, "note": "Informe ONG"})
    assert response.status_code == 302
    result = setup.indicator.results.get(period="2023")
    assert result.submitted_by == setup.partner
    review = reverse(
        "strategy:result-action", args=[setup.strategy.pk, setup.indicator.pk, "2022", "review"]
    )
    assert client.post(review).status_code == 403
    client = client_for(setup.committee)
    assert client.post(review).status_code == 302
    setup.pending.refresh_from_db()
    assert setup.pending.status == "reviewed"


def test_creating_a_strategy_needs_the_edit_capability_in_the_territory(
    users: Any, client_for: Any
) -> None:
    assert client_for(users.donna).get(reverse("strategy:create")).status_code == 403
    client = client_for(users.pablo)
    page = client.get(reverse("strategy:create")).content.decode()
    assert "Palmira" in page and "Medellín" not in page
    medellin = municipality("05001")
    assert client.get(reverse("strategy:create") + f"?territory={medellin.pk}").status_code == 200
    assert (
        "Medellín"
        not in client.get(reverse("strategy:create") + f"?territory={medellin.pk}").content.decode()
    )


def test_the_menu_shows_strategies_once_to_whoever_may_see_them(
    users: Any, client_for: Any
) -> None:
    for user, expected in ((users.alice, 1), (users.ana, 1), (users.donna, 1), (users.nobody, 0)):
        page = client_for(user).get("/").content.decode()
        assert page.count('href="/strategy/"') == expected, user.username
