"""Consent to optional personal data (UU 27/2022 Pasal 20 ayat 2 huruf a and Pasal 22): what a
public form asks beyond what the service needs (a visitor's e-mail for copies and reminders, a
complainant's NIK) is processed on the person's consent, recorded with the row: what, for
which purpose, when, and under which version of the office's privacy notice. The consent act
is giving the optional field, whose label and hint state its purpose and link the notice.

The version comes from the privacy app, which owns the notice and registers its provider at
start-up (`register_notice_version`); the apps that record consent ask `notice_version`. A
record holds no value of the data, so it outlives the data's erasure (the proof the office
had a basis while it held it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

_providers: list[Callable[[Any], str]] = []


def register_notice_version(provider: Callable[[Any], str]) -> None:
    """Set the function giving an office's privacy-notice version (the privacy app's)."""
    _providers[:] = [provider]


def notice_version(office: Any) -> str:
    """The version of `office`'s privacy notice now ("" before a provider is registered)."""
    return _providers[0](office) if _providers else ""


def consent_record(what: str, purpose: str, *, office: Any, now: datetime) -> dict[str, str]:
    """One consent: `what` (the field, e.g. "email"), `purpose` (a stable code, e.g.
    "booking_copies"), `at` (ISO 8601, UTC as given) and `notice_version`."""
    return {
        "what": what,
        "purpose": purpose,
        "at": now.isoformat(),
        "notice_version": notice_version(office),
    }


def has_consent(consents: Iterable[dict[str, Any]] | None, what: str) -> bool:
    """Whether `consents` (a row's list) records a consent for `what` not withdrawn."""
    return any(item.get("what") == what and not item.get("withdrawn_at") for item in consents or ())


def withdrawn(
    consents: Iterable[dict[str, Any]] | None, what: str, *, now: datetime, ref: str = ""
) -> list[dict[str, Any]]:
    """`consents` (a row's list, unchanged) with the withdrawal of the consent for `what`
    recorded (UU 27/2022 Pasal 9: the person may withdraw a consent at any time): each live
    consent for `what` gains `withdrawn_at` (ISO 8601) and `withdrawn_by` (`ref`, e.g. the
    privacy app's label of the request; no value of the data); a row with none gains a
    withdrawal entry of its own (`what`, `withdrawn_at`, `withdrawn_by`), the proof that the
    office stopped. The caller erases the data itself."""
    mark = {"withdrawn_at": now.isoformat(), "withdrawn_by": ref}
    items = [dict(item) for item in consents or ()]
    live = [item for item in items if item.get("what") == what and not item.get("withdrawn_at")]
    for item in live:
        item.update(mark)
    if not live:
        items.append({"what": what, **mark})
    return items
