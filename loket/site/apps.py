"""The site: what ties the apps together and belongs to none of them.

`loket.site` is the composition root beside `loket/urls.py` and `loket/settings.py`: it may
import every app (no app imports it). It holds the demo loader (`demo.py`, `manage.py
load_demo`), the staff password-reset form (its mail goes through the notify outbox) and the
office-page fragments of the apps that do not register their own (see `loket.offices.pages`).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# (slot, fragment template, order): the parts of the office pages that come from the
# standards, visits and complaints apps, in the order the pages show them. Workdays registers
# its own fragments in its AppConfig.ready().
OFFICE_PAGE_FRAGMENTS = [
    ("public_top", "site/office/standards_public.html", 10),
    ("public_top", "site/office/visits_public.html", 20),
    ("public_channels", "site/office/complaints_public.html", 10),
    ("staff_office", "site/office/standards_staff.html", 10),
    ("staff_office", "site/office/visits_staff.html", 30),
    ("staff_office", "site/office/complaints_staff.html", 40),
    ("system_offices", "site/office/standards_system.html", 10),
]


class SiteConfig(AppConfig):
    name = "loket.site"
    label = "site"
    verbose_name = _("Situs")

    def ready(self) -> None:
        from django.core import checks as django_checks

        from loket import crypto
        from loket.offices import pages

        from . import checks  # noqa: F401 - registers the deployment checks

        django_checks.register(crypto.check_keys_valid, django_checks.Tags.security)
        django_checks.register(
            crypto.check_production_keys, django_checks.Tags.security, deploy=True
        )

        for slot, template, order in OFFICE_PAGE_FRAGMENTS:
            pages.register(slot, template, order=order)

        # The survey's kiosk questionnaire runs on the kiosks the visits app enrolled.
        from loket.surveys import kiosk_devices
        from loket.visits.signals import kiosk_enrolled

        from .kiosks import record_kiosk_enrolment, visits_kiosk

        kiosk_devices.register(visits_kiosk)
        # An enrolled kiosk goes into the security log (accounts), which visits cannot import.
        kiosk_enrolled.connect(record_kiosk_enrolment, dispatch_uid="loket.site.kiosk_enrolled")
