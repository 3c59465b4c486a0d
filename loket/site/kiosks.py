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
    # The visits app's own reading of its cookie, whatever the cookie's name in this
    # deployment (`__Secure-` in production: the survey kiosk missed it when it read a name of
    # its own).
    from loket.visits.public_views.kiosk_pages import device_of

    device = device_of(request, office)
    return None if device is None else KioskDevice(pk=device.pk, name=device.name)


def record_kiosk_enrolment(sender, *, request, office, device, **kwargs) -> None:
    """A browser became `office`'s kiosk: a security event (issue 12, finding 8: "kiosk
    enrolled"), with the tablet's address and browser, the kiosk's name and id, no secret."""
    from loket.accounts.client import client_of
    from loket.accounts.services import record_security_event

    record_security_event(
        "kiosk_enrolled",
        office=office,
        client=client_of(request),
        note=device.name,
        data={"kiosk": device.pk},
    )
