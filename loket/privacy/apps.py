from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "loket.privacy"
    verbose_name = _("Pelindungan data pribadi")

    def ready(self) -> None:
        from loket import consent
        from loket.offices import pages

        from . import services

        # The consents the public forms record carry the version of this app's notice.
        consent.register_notice_version(services.notice_version)

        # The staff office page links the register for those who may read it.
        pages.register(pages.STAFF_OFFICE, "privacy/office/staff_tools.html", order=60)
        # The public office page links the privacy notice (the forms link it too).
        pages.register(pages.PUBLIC_CARDS, "privacy/office/public_notice.html", order=90)
