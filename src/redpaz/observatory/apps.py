from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    name = "redpaz.observatory"
    verbose_name = _("Observatory")

    def ready(self) -> None:
        from redpaz.accounts.roles import DATA_IMPORT
        from redpaz.imports.models import KIND_LABELS
        from redpaz.observatory import demo, tasks  # noqa: F401 - registers the import tasks
        from redpaz.observatory.services.common import KIND_POINTS, KIND_POLICIA, KIND_TABLE
        from redpaz.web.navigation import NavItem, register

        KIND_LABELS.update(
            {
                KIND_POLICIA: _("Policía release"),
                KIND_POINTS: _("Point records"),
                KIND_TABLE: _("Table with mapping"),
            }
        )
        register(
            NavItem(
                _("Data imports"),
                "observatory:batches",
                order=80,
                capability=DATA_IMPORT,
                section="/observatory/imports/",
            )
        )
        demo.register()
