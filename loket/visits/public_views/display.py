"""The waiting-room screen (a TV in the lobby): public, no names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from loket.offices.services import office_or_404

from .. import selectors

if TYPE_CHECKING:
    from loket.offices.models import Office


def _display_context(office: Office) -> dict:
    board = selectors.display_board(office)
    return {
        "office": office,
        "called": board.called,
        "waiting": board.waiting,
        "now": timezone.now(),
        "refresh_url": reverse("visits:display_list", args=[office.slug]),
    }


@require_safe
def display(request, office_slug):
    office = office_or_404(office_slug)
    return render(request, "visits/public/display.html", _display_context(office))


@require_safe
def display_list(request, office_slug):
    office = office_or_404(office_slug)
    return render(request, "visits/public/_display_list.html", _display_context(office))
