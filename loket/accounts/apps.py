from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "loket.accounts"
    verbose_name = _("Akun staf")

    def ready(self) -> None:
        # django-axes reports a lockout only through its signal; the listener records the
        # security event and alerts the office admin (explicit, in one module).
        from axes.signals import user_locked_out

        from .lockout import on_locked_out

        user_locked_out.connect(on_locked_out, dispatch_uid="loket-accounts-locked-out")
