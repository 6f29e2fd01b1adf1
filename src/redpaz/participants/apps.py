from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "redpaz.participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from redpaz.imports.models import KIND_LABELS
        from redpaz.participants import audit, counts

        KIND_LABELS["participants"] = _("Participants")
        counts.register_all()
        audit.register()
