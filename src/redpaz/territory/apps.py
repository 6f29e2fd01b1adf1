from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "redpaz.territory"
    verbose_name = _("Territory")

    def ready(self) -> None:
        from redpaz.territory import audit, demo
        from redpaz.web.navigation import NavItem, register

        audit.register()
        demo.register()
        register(NavItem(_("Territory"), "territory:country", order=10))
