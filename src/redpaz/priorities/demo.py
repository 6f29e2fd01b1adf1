"""Demo step: DANE's unmet basic needs by municipality (context for prioritisation)."""

from __future__ import annotations

from redpaz.web.demo import DemoStep, Progress, demo_file, register_step


def _nbi(progress: Progress) -> str:
    from redpaz.priorities.services import indicator_import

    outcome = indicator_import(path=demo_file("dane_nbi_municipal_2021.xlsx"), progress=progress)
    state = "new" if outcome.created else "kept"
    return f"{outcome.batch.rows_stored:,} municipalities ({state})"


def register() -> None:
    register_step(DemoStep(110, "Unmet basic needs (DANE NBI)", _nbi))
