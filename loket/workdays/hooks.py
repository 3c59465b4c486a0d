"""Telling other apps that an office calendar changed, so they recompute stored deadlines.

An app registers a listener once, in its `AppConfig.ready()`::

    from loket.workdays.hooks import register_calendar_listener

    register_calendar_listener(recompute_open_deadlines)

`recompute_open_deadlines(office)` is then called after every committed change to the
weekly hours, schedule overrides or days closed/working: with the office whose calendar
changed, or with None when a nationwide change (made by a system administrator) touches
every office. Listeners run after the commit, never for a change that was rolled back;
each in its own step, so a failing listener is logged and does not stop the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from loket.offices.models import Office

Listener = Callable[["Office | None"], None]

logger = logging.getLogger(__name__)

_listeners: list[Listener] = []


def register_calendar_listener(fn: Listener) -> Listener:
    """Call `fn(office_or_None)` after each committed calendar change. Registering the same
    function twice has no effect. Returns `fn`, so it also works as a decorator."""
    if fn not in _listeners:
        _listeners.append(fn)
    return fn


def unregister_calendar_listener(fn: Listener) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def calendar_listeners() -> tuple[Listener, ...]:
    return tuple(_listeners)


def calendar_changed(office: Office | None) -> None:
    """Announce that `office`'s calendar (None: every office's) changed. The listeners run
    when the surrounding transaction commits, at once when there is none. The calendar
    services call this; call it yourself after changing what a calendar depends on outside
    them (for example after upgrading the holiday data)."""
    for listener in tuple(_listeners):
        transaction.on_commit(_runner(listener, office), robust=True)


def _runner(listener: Listener, office: Office | None) -> Callable[[], None]:
    def run() -> None:
        listener(office)

    return run
