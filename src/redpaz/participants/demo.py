"""Demo step: synthetic participants enrolled in the demo PAZOS strategy's programmes."""

from __future__ import annotations

from redpaz.web.demo import DemoStep, Progress, register_step


def _demo_participants(progress: Progress) -> str:
    from redpaz.participants.demo_content import create_demo_participants

    return create_demo_participants(progress)


def register() -> None:
    register_step(DemoStep(230, "Participants (synthetic, PAZOS Medellín)", _demo_participants))
