"""The waiting-room screen, a TV in the lobby: public, no names. Each division's current call
in large type, the last five calls, the date and clock, the office's name and the admin's
running line; the screen speaks each new call (`static/visits/display.js`) and recovers by
itself after a network drop. Without JavaScript a meta refresh reloads the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from loket.offices.services import office_or_404

from .. import selectors, services

if TYPE_CHECKING:
    from loket.offices.models import Office

POLL_SECONDS = 5
NOSCRIPT_REFRESH_SECONDS = 10
# The running line's pace by its length (characters up to, CSS class): it crosses the screen
# at about 100-120 px a second at 1920 px whatever its length, slow enough to read from the
# lobby (30 s for any length ran 300 characters at 290 px a second).
# The line holds at most 300 characters (`VisitSettings.display_message`).
TICKER_PACES = ((100, "short"), (200, "medium"))


def ticker_pace(message: str) -> str:
    """The CSS pace of the running line `message`: "short", "medium" or "long"."""
    return next((pace for most, pace in TICKER_PACES if len(message) <= most), "long")


def _display_context(office: Office) -> dict:
    now = timezone.now()
    board = selectors.display_board(office, now)
    message = services.settings_for(office).display_message
    return {
        "office": office,
        "current": board.current,
        "recent": board.recent,
        "waiting": board.waiting,
        "now": now,
        "now_ms": int(now.timestamp() * 1000),
        "message": message,
        # While no number can be taken (closed, a break), the screen says when it opens.
        "closed": services.closed_notice(office, now),
        "ticker_pace": ticker_pace(message),
        "refresh_url": reverse("visits:display_list", args=[office.slug]),
        "poll_seconds": POLL_SECONDS,
        "noscript_refresh": NOSCRIPT_REFRESH_SECONDS,
    }


@never_cache
@require_safe
def display(request, office_slug):
    office = office_or_404(office_slug)
    return render(request, "visits/public/display.html", _display_context(office))


@never_cache
@require_safe
def display_list(request, office_slug):
    """The board alone, fetched by the screen every few seconds."""
    office = office_or_404(office_slug)
    return render(request, "visits/public/_display_list.html", _display_context(office))
