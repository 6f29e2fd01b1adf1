from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritiesConfig(AppConfig):
    name = "redpaz.priorities"
    verbose_name = _("Priorities")

    def ready(self) -> None:
        from redpaz.priorities import demo

        demo.register()
