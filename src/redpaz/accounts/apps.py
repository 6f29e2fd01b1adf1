from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "redpaz.accounts"
    verbose_name = _("Accounts and access")

    def ready(self) -> None:
        from redpaz.accounts import audit

        audit.register()
