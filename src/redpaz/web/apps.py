from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "redpaz.web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from redpaz.web.navigation import NavItem, register

        register(NavItem(_("Home"), "web:home", order=0, login_required=False, section="/"))
