from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "redpaz.strategy"
    verbose_name = _("Strategies and results")

    def ready(self) -> None:
        from redpaz.accounts.roles import STRATEGY_VIEW, STRATEGY_VIEW_APPROVED
        from redpaz.imports.services import on_batch_completed
        from redpaz.strategy import agenda, audit, demo
        from redpaz.strategy.computations import activities, violence
        from redpaz.strategy.services.computing import recompute_after_import
        from redpaz.web.navigation import NavItem, register

        violence.register_all()
        activities.register_all()
        on_batch_completed(recompute_after_import)
        audit.register()
        # Committees that serve a strategy get its off-track indicators on their agenda.
        agenda.register()
        demo.register()
        register(
            NavItem(
                _("Strategies"),
                "strategy:list",
                order=40,
                any_capability=(STRATEGY_VIEW, STRATEGY_VIEW_APPROVED),
            )
        )
