from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "redpaz.accounts"
    verbose_name = _("Accounts and access")

    def ready(self) -> None:
        from redpaz.accounts import audit
        from redpaz.accounts.roles import ACCOUNTS_MANAGE, AUDIT_VIEW
        from redpaz.web.navigation import NavItem, register

        audit.register()
        register(
            NavItem(
                _("Organisation"),
                "accounts:organisations",
                order=90,
                capability=ACCOUNTS_MANAGE,
                section="/accounts/organisations/",
                menu="user",
            )
        )
        register(
            NavItem(
                _("Audit trail"),
                "accounts:audit-log",
                order=95,
                capability=AUDIT_VIEW,
                section="/accounts/audit/",
                menu="user",
            )
        )
