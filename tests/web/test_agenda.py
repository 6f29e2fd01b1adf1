from __future__ import annotations

from collections.abc import Iterator

import pytest

from redpaz.web import agenda


@pytest.fixture
def providers() -> Iterator[None]:
    saved = dict(agenda._PROVIDERS)
    agenda._PROVIDERS.clear()
    yield
    agenda._PROVIDERS.clear()
    agenda._PROVIDERS.update(saved)


def test_it_merges_providers_most_important_first_without_duplicates(providers: None) -> None:
    def alerts(context: agenda.AgendaContext) -> list[agenda.AgendaSuggestion]:
        return [
            agenda.AgendaSuggestion(
                "fieldwork.alert:1", "field_alert", "Riesgo inminente", priority=9
            )
        ]

    def indicators(context: agenda.AgendaContext) -> list[agenda.AgendaSuggestion]:
        return [
            agenda.AgendaSuggestion(
                "strategy.indicator:7", "off_track_indicator", "Tasa de homicidio"
            ),
            agenda.AgendaSuggestion("fieldwork.alert:1", "field_alert", "duplicate"),
        ]

    agenda.register_provider("fieldwork", alerts)
    agenda.register_provider("strategy", indicators)
    items = agenda.suggestions(agenda.AgendaContext(municipality_codes=frozenset({"76520"})))
    assert [i.key for i in items] == ["fieldwork.alert:1", "strategy.indicator:7"]
    assert items[0].title == "Riesgo inminente"


def test_a_failing_provider_does_not_block_the_agenda(providers: None, caplog) -> None:
    def broken(context: agenda.AgendaContext) -> list[agenda.AgendaSuggestion]:
        raise RuntimeError("boom")

    def fine(context: agenda.AgendaContext) -> list[agenda.AgendaSuggestion]:
        return [agenda.AgendaSuggestion("x:1", "situation_report", "Informe de situación")]

    agenda.register_provider("broken", broken)
    agenda.register_provider("fine", fine)
    assert [i.key for i in agenda.suggestions(agenda.AgendaContext(frozenset()))] == ["x:1"]
    assert "agenda provider broken failed" in caplog.text
