from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtlasConfig(AppConfig):
    name = "redpaz.atlas"
    verbose_name = _("Observatory maps and reports")

    def ready(self) -> None:
        from redpaz.accounts.roles import OBSERVATORY_VIEW
        from redpaz.atlas.agenda import situation_reports
        from redpaz.web.agenda import register_provider
        from redpaz.web.navigation import NavItem, register

        register(
            NavItem(
                _("Observatory"),
                "atlas:map",
                order=15,
                capability=OBSERVATORY_VIEW,
                section="/observatory/map/",
            )
        )
        register(
            NavItem(
                _("Prioritisation"),
                "atlas:prioritise",
                order=16,
                capability=OBSERVATORY_VIEW,
                section="/observatory/priorities/",
            )
        )
        register(
            NavItem(
                _("Public figures"),
                "public:index",
                order=98,
                login_required=False,
                section="/public/",
            )
        )
        register_provider("atlas", situation_reports)
