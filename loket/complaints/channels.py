"""The channel details of a complaint, in one table: what the officer's intake form asks for
each channel (and requires), how each detail is labelled and shown, and whether it says who
complained.

Default deny (issue 6: anonim = withheld from everyone handling it): a detail identifies the
complainant unless this table says otherwise, so a key an intake adapter adds later (the
caller's or WhatsApp number, the sender's address, LAPOR! reporter data) is shown only on the
logged identity page and never for an anonymous complaint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from django.utils import dateformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from loket import validators
from loket.moments import moment_in
from loket.offices.services import Channel


@dataclass(frozen=True)
class Detail:
    key: str
    label: str | Promise
    # How the intake form asks for it: "phone", "datetime", "date", "email" or "text".
    kind: str = "text"
    asked_for: tuple[str, ...] = ()  # channels whose intake form asks it
    required_for: tuple[str, ...] = ()  # channels for which it must be given
    identifying: bool = True
    hint: str | Promise = ""
    # Whether a forwarded complaint takes it along to the next office (`carried_on`).
    forwarded: bool = True


DETAILS: tuple[Detail, ...] = (
    Detail(
        "phone_number",
        _("Nomor penelepon / pengirim"),
        "phone",
        asked_for=(Channel.Kind.PHONE, Channel.Kind.FAX, Channel.Kind.WHATSAPP),
        required_for=(Channel.Kind.PHONE,),
        hint=_(
            "Untuk telepon, faksimile dan WhatsApp. Nomor Indonesia, diawali 0 atau +62, "
            "misalnya 081234567890."
        ),
    ),
    Detail(
        "call_time",
        _("Waktu telepon"),
        "datetime",
        asked_for=(Channel.Kind.PHONE,),
        required_for=(Channel.Kind.PHONE,),
        identifying=False,
    ),
    Detail(
        "box_opened_on",
        _("Tanggal kotak pengaduan dibuka"),
        "date",
        asked_for=(Channel.Kind.BOX,),
        required_for=(Channel.Kind.BOX,),
        identifying=False,
    ),
    Detail(
        "lapor_id",
        _("Nomor pelacakan SP4N-LAPOR!"),
        asked_for=(Channel.Kind.LAPOR,),
        required_for=(Channel.Kind.LAPOR,),
        identifying=False,
    ),
    Detail("sender_email", _("Alamat e-mail pengirim"), "email", asked_for=(Channel.Kind.EMAIL,)),
    # Recorded by intake adapters (WhatsApp webhook, LAPOR! import), never asked by the form.
    Detail("whatsapp_number", _("Nomor WhatsApp pengirim"), "phone"),
    Detail("lapor_reporter", _("Pelapor di SP4N-LAPOR!")),
    # Written by the public API: "API", or "API: <name>" with the office's system key (an
    # internal label of that office: not taken along when the complaint is forwarded).
    Detail("submitted_via", _("Disampaikan melalui"), identifying=False, forwarded=False),
    # Written when a complaint is forwarded from another office of the deployment.
    Detail("forwarded_from_office", _("Diteruskan dari"), identifying=False),
    Detail("forwarded_from_reference", _("Nomor pengaduan asal"), identifying=False),
)
BY_KEY = {detail.key: detail for detail in DETAILS}


def asked_for(channel: str) -> list[Detail]:
    """The details the intake form asks for `channel`, in the table's order."""
    return [detail for detail in DETAILS if channel in detail.asked_for]


def carried_on(details: dict[str, Any]) -> dict[str, Any]:
    """The details a forwarded complaint takes along to the next office (a key not in the
    table goes along: it may say who complained, which the next office needs as well)."""
    return {
        key: value for key, value in details.items() if getattr(BY_KEY.get(key), "forwarded", True)
    }


def identifies(key: str) -> bool:
    """Whether the detail `key` may say who complained (True for a key not in the table)."""
    detail = BY_KEY.get(key)
    return detail is None or detail.identifying


def label(key: str) -> str:
    detail = BY_KEY.get(key)
    return str(detail.label) if detail else key.replace("_", " ")


def format_detail(value: Any, tz: tzinfo) -> str:
    """A channel detail as people read it: ISO times in the office's zone and dates in the
    active language ("26 November 2026 15.00 WIB"); anything else as text."""
    if isinstance(value, str) and len(value) >= 10 and value[:4].isdigit():
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and "T" in value:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=tz)
            return moment_in(moment, tz)
        if moment is not None:
            return dateformat.format(date.fromisoformat(value[:10]), "j F Y")
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items() if v)
    if isinstance(value, str) and value.startswith("+") and validators.e164_or_none(value):
        return validators.format_phone(value)  # stored in E.164, read nationally
    return str(value)


def shown(details: dict[str, Any], tz: tzinfo, *, identifying: bool) -> list[tuple[str, str]]:
    """(label, text) of the details that identify the complainant (`identifying=True`) or of
    those that do not, in the order they were recorded."""
    return [
        (label(key), format_detail(value, tz))
        for key, value in details.items()
        if value not in (None, "") and identifies(key) == identifying
    ]
