from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "redpaz.fieldwork"
    verbose_name = _("Field work")

    def ready(self) -> None:
        from redpaz.accounts.roles import FIELDWORK_RECORD, FIELDWORK_SUPERVISE
        from redpaz.fieldwork import agenda, audit, demo, indicators
        from redpaz.imports.models import KIND_LABELS
        from redpaz.web.navigation import NavItem, register

        indicators.register_all()
        # High-risk mediations go on the agenda of the committees of their territory.
        agenda.register()
        audit.register()
        demo.register()
        KIND_LABELS.setdefault("mediations", _("Mediations"))
        register(
            NavItem(
                _("Field work"),
                "fieldwork:home",
                order=45,
                section="/fieldwork/",
                any_capability=(FIELDWORK_RECORD, FIELDWORK_SUPERVISE),
            )
        )
