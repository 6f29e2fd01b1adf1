from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "redpaz.governance"
    verbose_name = _("Committees and participation")

    def ready(self) -> None:
        from redpaz.accounts.roles import (
            GOVERNANCE_MANAGE,
            GOVERNANCE_VIEW,
            GOVERNANCE_VIEW_PUBLIC,
        )
        from redpaz.governance import audit, calendar, demo, indicators, suggestions
        from redpaz.web import calendar as web_calendar
        from redpaz.web.navigation import NavItem, register

        indicators.register_all()
        suggestions.register()
        web_calendar.register_source("governance.sessions", calendar.session_events)
        audit.register()
        demo.register()
        register(
            NavItem(
                _("Committees"),
                "governance:home",
                order=50,
                section="/governance/",
                any_capability=(GOVERNANCE_VIEW, GOVERNANCE_VIEW_PUBLIC, GOVERNANCE_MANAGE),
            )
        )
