"""Reported results: evidence, review, approval, locking (page and API), and reasons kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from redpaz.accounts.roles import Role
from redpaz.notifications.models import Notification
from redpaz.strategy import services
from redpaz.strategy.models import IndicatorRevision, Result, ResultEvent
from tests.strategy.helpers import covered, killing, owner_organisation, pazos, person, reported

pytestmark = pytest.mark.django_db

EVIDENCE = "https://example.org/actas/mediaciones-2021.pdf"


@pytest.fixture
def team() -> Any:
    organisation = owner_organisation()

    class Team:
        analyst = person("analista", Role.ANALYST, organisation)
        staff = person("gestora", Role.PROGRAMME_STAFF, organisation)
        committee = person("comite", Role.COMMITTEE_MEMBER, organisation)

    return Team


def _report(
    indicator: Any, user: Any, value: int = 35, period: str = "2021", **kwargs: Any
) -> Result:
    return services.result_report(
        indicator=indicator,
        period=period,
        value=Decimal(value),
        user=user,
        evidence_url=kwargs.pop("evidence_url", EVIDENCE),
        **kwargs,
    )


def test_a_reported_result_goes_through_review_and_approval_and_locks(team: Any) -> None:
    indicator = reported(pazos(team.analyst))
    result = _report(indicator, team.staff)
    assert result.status == Result.Status.SUBMITTED
    with pytest.raises(ValidationError):
        services.result_approve(result=result, user=team.analyst)  # not reviewed yet
    services.result_review(result=result, user=team.committee, comment="Actas revisadas")
    result = services.result_approve(result=result, user=team.analyst, comment="Conforme")
    assert result.is_locked and result.approved_by == team.analyst
    with pytest.raises(services.PeriodLocked):
        _report(indicator, team.staff, value=50)
    result.refresh_from_db()
    assert result.value == 35
    actions = list(result.events.order_by("at", "id").values_list("action", flat=True))
    assert actions == ["submitted", "reviewed", "approved"]


def test_whoever_submits_a_result_cannot_review_or_approve_it(team: Any) -> None:
    indicator = reported(pazos(team.analyst))
    result = _report(indicator, team.analyst)
    with pytest.raises(PermissionDenied):
        services.result_review(result=result, user=team.analyst)
    services.result_review(result=result, user=team.committee)
    with pytest.raises(PermissionDenied):
        services.result_approve(result=result, user=team.analyst)


def test_a_result_needs_evidence_and_a_started_period(team: Any) -> None:
    indicator = reported(pazos(team.analyst))
    with pytest.raises(ValidationError) as missing:
        _report(indicator, team.staff, evidence_url="")
    assert "evidence_url" in missing.value.message_dict
    future = reported(
        pazos(team.analyst, start=date(2024, 1, 1), end=date(2099, 12, 31)), code="F", targets={}
    )
    with pytest.raises(ValidationError):
        _report(future, team.staff, period="2099")
    file = SimpleUploadedFile("acta.pdf", b"%PDF-1.4 acta", content_type="application/pdf")
    result = _report(indicator, team.staff, evidence_url="", evidence_file=file)
    assert result.evidence_file.name.endswith("/acta.pdf")
    script = SimpleUploadedFile("x.exe", b"MZ")
    with pytest.raises(ValidationError):
        _report(indicator, team.staff, period="2022", evidence_url="", evidence_file=script)


def test_reopening_and_correcting_an_approved_result_keeps_the_reason(team: Any) -> None:
    indicator = reported(pazos(team.analyst))
    result = _report(indicator, team.staff)
    services.result_review(result=result, user=team.committee)
    services.result_approve(result=result, user=team.analyst)
    with pytest.raises(ValidationError):
        services.result_reopen(result=result, user=team.analyst, reason="")
    services.result_reopen(
        result=result, user=team.analyst, reason="Faltaban actas de la comuna 13"
    )
    corrected = _report(indicator, team.staff, value=41)
    assert corrected.status == Result.Status.SUBMITTED and corrected.value == 41
    reopened = corrected.events.get(action=ResultEvent.Action.REOPENED)
    assert reopened.reason == "Faltaban actas de la comuna 13" and reopened.user == team.analyst
    edited = corrected.events.get(action=ResultEvent.Action.EDITED)
    assert edited.changes == {"value": ["35", "41"]}


def test_reviewers_hear_of_submissions_and_reporters_of_returns(
    team: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    indicator = reported(pazos(team.analyst))
    with django_capture_on_commit_callbacks(execute=True):
        result = _report(indicator, team.staff)
    # The committee member and the analyst review; the reporter is not told of their own report.
    assert set(
        Notification.objects.filter(kind="strategy.result_submitted").values_list(
            "recipient__username", flat=True
        )
    ) == {"comite", "analista"}
    assert any("OUT-1 2021" in m.subject for m in mailoutbox)
    with pytest.raises(ValidationError):
        services.result_return(result=result, user=team.committee, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.result_return(result=result, user=team.committee, reason="Falta el acta de junio")
    notice = team.staff.notifications.get(kind="strategy.result_returned")
    assert notice.body == "Falta el acta de junio"
    assert notice.url == result.get_absolute_url()


def test_every_change_to_an_indicator_definition_needs_a_reason(team: Any) -> None:
    indicator = reported(pazos(team.analyst))
    with pytest.raises(ValidationError) as error:
        services.indicator_update(indicator=indicator, user=team.analyst, reason="", name="Otro")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.indicator_targets_set(
            indicator=indicator, targets={"2022": Decimal(50)}, user=team.analyst, reason=""
        )
    with pytest.raises(ValidationError):
        services.indicator_disaggregations_set(
            indicator=indicator, dimensions={"sex": False}, user=team.analyst, reason=""
        )
    services.indicator_update(
        indicator=indicator, user=team.analyst, reason="Nombre del decreto", name="Mediaciones"
    )
    services.indicator_targets_set(
        indicator=indicator,
        targets={"2021": Decimal(45), "2022": Decimal(50)},
        user=team.analyst,
        reason="Ajuste por presupuesto 2022",
    )
    history = list(indicator.revisions.order_by("at", "id"))
    assert [r.reason for r in history] == [
        "Indicador creado",
        "Nombre del decreto",
        "Ajuste por presupuesto 2022",
    ]
    assert history[1].changes["name"] == ["Mediaciones realizadas", "Mediaciones"]
    assert history[2].changes == {"target 2021": ["40", "45"], "target 2022": ["", "50"]}
    assert history[2].user == team.analyst
    # Saving without changes records nothing and needs no reason.
    services.indicator_update(indicator=indicator, user=team.analyst, reason="", name="Mediaciones")
    assert IndicatorRevision.objects.filter(indicator=indicator).count() == 3


def test_disaggregated_values_must_agree_with_the_total(team: Any) -> None:
    strategy = pazos(team.analyst)
    indicator = reported(strategy, disaggregations={"sex": False, "component": True})
    with pytest.raises(ValidationError) as error:
        _report(
            indicator,
            team.staff,
            value=30,
            values={"sex": {"female": Decimal(10), "male": Decimal(15)}},
        )
    assert "25" in str(error.value) and "30" in str(error.value)
    result = _report(
        indicator,
        team.staff,
        value=30,
        values={
            "sex": {"female": Decimal(12), "male": Decimal(18)},
            # With double counting: people in two components; none above the total.
            "component": {"1": Decimal(20), "2": Decimal(16)},
        },
    )
    assert result.values.count() == 4
    with pytest.raises(ValidationError):
        _report(indicator, team.staff, value=30, values={"component": {"1": Decimal(31)}})


def test_cumulative_targets_cannot_go_down(team: Any) -> None:
    strategy = pazos(team.analyst)
    with pytest.raises(ValidationError):
        reported(strategy, mode="cumulative", targets={"2020": Decimal(50), "2021": Decimal(40)})
    with pytest.raises(ValidationError):
        reported(strategy, code="R", unit="rate_100k", mode="cumulative")


# --- the page and the API refuse to edit a locked period ---------------------------------


def _approved(team: Any) -> Result:
    indicator = reported(pazos(team.analyst))
    result = _report(indicator, team.staff)
    services.result_review(result=result, user=team.committee)
    return services.result_approve(result=result, user=team.analyst)


def test_the_page_refuses_to_edit_a_locked_period(team: Any, client_for: Any) -> None:
    result = _approved(team)
    client = client_for(team.staff)
    url = result.get_absolute_url()
    page = client.get(url).content.decode()
    assert "bloqueado" in page and 'name="value"' not in page
    response = client.post(url, {"value": "99", "evidence_url": EVIDENCE})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.value == 35 and result.status == Result.Status.APPROVED


def test_the_api_refuses_to_edit_a_locked_period(team: Any, client_for: Any) -> None:
    result = _approved(team)
    client = client_for(team.staff)
    url = reverse("strategy-result-detail", args=[result.pk])
    response = client.patch(
        url, {"value": "99", "evidence_url": EVIDENCE}, content_type="application/json"
    )
    assert response.status_code == 409
    created = client.post(
        reverse("strategy-result-list"),
        {
            "indicator": result.indicator_id,
            "period": "2021",
            "value": "99",
            "evidence_url": EVIDENCE,
        },
        content_type="application/json",
    )
    assert created.status_code == 409
    result.refresh_from_db()
    assert result.value == 35


def test_the_api_runs_the_whole_workflow(team: Any, client: Any) -> None:
    indicator = reported(pazos(team.analyst))
    client.force_login(team.staff)
    created = client.post(
        reverse("strategy-result-list"),
        {"indicator": indicator.pk, "period": "2021", "value": "35", "evidence_url": EVIDENCE},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert client.post(reverse("strategy-result-review", args=[pk])).status_code == 403
    client.force_login(team.committee)
    assert client.post(reverse("strategy-result-review", args=[pk])).json()["status"] == "reviewed"
    client.force_login(team.analyst)
    approved = client.post(reverse("strategy-result-approve", args=[pk]), {"comment": "ok"})
    assert approved.json()["locked"] is True
    reopened = client.post(reverse("strategy-result-reopen", args=[pk]), {"reason": ""})
    assert reopened.status_code == 400
    iptt = client.get(reverse("strategy-iptt", args=[indicator.strategy_id])).json()
    row = next(i for i in iptt["indicators"] if i["code"] == "OUT-1")
    cell = next(p for p in row["periods"] if p["period"] == "2021")
    assert cell["actual"] == "35.0000" and cell["target"] == "40.0000" and cell["approved"]


def test_an_approved_computed_figure_is_not_overwritten_by_new_data(team: Any) -> None:
    covered()
    strategy = pazos(team.analyst)
    indicator = services.indicator_create(
        strategy=strategy,
        code="V",
        name="Víctimas",
        level="impact",
        unit="count",
        direction="decrease",
        computation="violence.victims",
        parameters={"source": "medellin-sisc", "crime": "homicidio"},
    )
    killing(date(2021, 3, 1), "10")
    services.indicator_compute(indicator=indicator)
    result = indicator.results.get(period="2021")
    services.result_review(result=result, user=team.committee)
    services.result_approve(result=result, user=team.analyst)
    killing(date(2021, 4, 1), "13")
    services.indicator_compute(indicator=indicator)
    result.refresh_from_db()
    assert result.value == 1 and result.revised_value == 2
    assert result.events.filter(action="revised").exists()
    services.result_revision_accept(
        result=result, user=team.analyst, reason="Registro tardío del SISC"
    )
    result.refresh_from_db()
    assert result.value == 2 and result.revised_at is None and result.is_locked


def test_many_computed_figures_are_reviewed_and_approved_at_once(
    team: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    covered()
    strategy = pazos(team.analyst)
    indicator = services.indicator_create(
        strategy=strategy,
        code="V",
        name="Víctimas",
        level="impact",
        unit="count",
        direction="decrease",
        computation="violence.victims",
        parameters={"source": "medellin-sisc", "crime": "homicidio"},
    )
    services.indicator_compute(indicator=indicator)
    own = _report(reported(strategy, code="R"), team.committee)  # not this indicator's
    client = client_for(team.committee)
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Marcar como revisadas las 20 cifras enviadas" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("strategy:indicator-review-all", args=[strategy.pk, indicator.pk]))
    assert indicator.results.filter(status="reviewed").count() == 20
    # One notice for the batch, not twenty.
    [notice] = Notification.objects.filter(kind="strategy.result_reviewed")
    assert notice.recipient == team.analyst and notice.title.startswith("20 resultados")
    assert (
        client.post(
            reverse("strategy:indicator-approve-all", args=[strategy.pk, indicator.pk])
        ).status_code
        == 403
    )  # committee members review, they do not approve
    client_for(team.analyst).post(
        reverse("strategy:indicator-approve-all", args=[strategy.pk, indicator.pk])
    )
    assert indicator.results.filter(status="approved").count() == 20
    own.refresh_from_db()
    assert own.status == "submitted"
