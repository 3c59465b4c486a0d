"""The office's kiosk device for the survey's kiosk questionnaire (`loket.surveys.kiosk_devices`):
the device cookie the visits app's enrolment set (`visits.services.kiosks`), checked by the
visits app's own `kiosk_for` (enrolled, not revoked, of this office; the secret compared in
constant time). The cookie's path is the office's kiosk address (`/instansi/<office>/kiosk/`),
so the survey's kiosk pages live under it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loket.surveys.kiosk_devices import KioskDevice

if TYPE_CHECKING:
    from django.http import HttpRequest

    from loket.offices.models import Office


def visits_kiosk(request: HttpRequest, office: Office) -> KioskDevice | None:
    from loket.visits import services
    from loket.visits.public_views.kiosk_pages import KIOSK_COOKIE, KIOSK_COOKIE_SALT

    credential = request.get_signed_cookie(KIOSK_COOKIE, default=None, salt=KIOSK_COOKIE_SALT)
    device = services.kiosk_for(office, credential)
    return None if device is None else KioskDevice(pk=device.pk, name=device.name)
