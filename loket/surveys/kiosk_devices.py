"""Which provisioned kiosk device a request comes from: the survey's side of the office's
kiosk enrolment (issue 15).

The office's kiosk tablets are enrolled once, by the office admin, in the visits app (a
one-time link, then a signed, HttpOnly device cookie; `visits.services.kiosks`), and the same
enrolment opens the kiosk questionnaire: one tablet, one enrolment, one revocation that stops
both the queue numbers and the survey. The survey may not import visits (visits imports the
survey: ARCHITECTURE.md), so the site, which ties the apps together, registers the function
that reads the device cookie (`loket.site.kiosks`) here in its `AppConfig.ready()`.

A resolver takes the request and the office and returns the enrolled, unrevoked device of
that office the request carries (`KioskDevice`), or None. With no resolver registered no
browser is a kiosk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from loket.offices.models import Office


@dataclass(frozen=True)
class KioskDevice:
    """An enrolled kiosk of the office: its id (recorded on the kiosk's answers) and name."""

    pk: int
    name: str


Resolver = Callable[["HttpRequest", "Office"], KioskDevice | None]
_resolvers: list[Resolver] = []


def register(resolver: Resolver) -> None:
    """Add `resolver` (once; registering it again changes nothing)."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def device_of(request: HttpRequest, office: Office) -> KioskDevice | None:
    """The office's enrolled kiosk this request comes from, or None (any other browser)."""
    for resolver in _resolvers:
        found = resolver(request, office)
        if found is not None:
            return found
    return None
