"""Times as the reader's language writes them (shared kernel).

Loket's templates and code write every date-and-time format the Indonesian way: PUEBI puts a
dot between hours and minutes ("17.32", "1 Desember 2026 08.00 WIB"). An English reader
expects a colon ("17:32"). `for_language` turns one format into the other outside Indonesian,
and the template filter `waktu` (a builtin of the template engine, settings.TEMPLATES) is
Django's `date` and `time` filters with that format:

    {{ complaint.due_at|waktu:"j F Y H.i T" }}  ->  "1 Desember 2026 08.00 WIB" (id),
                                                 "1 December 2026 08:00 WIB" (en)
    {{ opening|waktu:"H.i" }}                    ->  "08.00" (id), "08:00" (en)

Mail and exports rendered in their recipient's language (`translation.override`) follow it."""

from __future__ import annotations

from datetime import datetime, time, tzinfo
from typing import Any

from django import template
from django.conf import settings
from django.template import defaultfilters
from django.utils.formats import date_format
from django.utils.translation import get_language

register = template.Library()

# An instant as pages, mail and PDFs print it: "1 Desember 2026 08.00 WIB".
MOMENT = "j F Y H.i T"


def for_language(fmt: str, language: str | None = None) -> str:
    """`fmt`, a Django date format written the Indonesian way ("j F Y H.i T"), for
    `language` (default: the active one): unchanged in Indonesian, with "H:i" (and "H:i:s")
    for "H.i" (and "H.i.s") in any other."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    if code == "id":
        return fmt
    return fmt.replace("H.i.s", "H:i:s").replace("H.i", "H:i")


def moment_in(value: datetime | None, tz: tzinfo) -> str:
    """`value` (aware) in the zone `tz` as `MOMENT` in the active language: "1 Desember 2026
    08.00 WIB", "1 December 2026 08:00 WIB"; "" for None."""
    if value is None:
        return ""
    return date_format(value.astimezone(tz), for_language(MOMENT))


@register.filter(expects_localtime=True, is_safe=False)
def waktu(value: Any, fmt: str) -> str:
    """Django's `date` filter (`time` for a `datetime.time`) with `for_language(fmt)`; ""
    for an empty value, as they give."""
    fmt = for_language(fmt)
    if isinstance(value, time):
        return defaultfilters.time(value, fmt)
    return defaultfilters.date(value, fmt)
