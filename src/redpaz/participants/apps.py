from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "redpaz.participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from redpaz.accounts.roles import (
            PARTICIPANTS_AGGREGATES,
            PARTICIPANTS_VIEW,
            PARTICIPANTS_VIEW_PROGRAMME,
            PARTICIPANTS_VIEW_ZONE,
        )
        from redpaz.imports.models import KIND_LABELS
        from redpaz.participants import audit, counts, demo
        from redpaz.web.navigation import NavItem, register

        KIND_LABELS["participants"] = _("Participants")
        counts.register_all()
        audit.register()
        demo.register()
        register(
            NavItem(
                _("Participants"),
                "participants:home",
                order=60,
                section="/participants/",
                any_capability=(
                    PARTICIPANTS_VIEW,
                    PARTICIPANTS_VIEW_PROGRAMME,
                    PARTICIPANTS_VIEW_ZONE,
                    PARTICIPANTS_AGGREGATES,
                ),
            )
        )
