"""The WhatsApp Business Platform (Cloud API) webhook: the signature check and the split of
one delivery into the items it carries.

One POST may batch several entries, each with several changes, each with several messages
and status callbacks (`entry[].changes[].value.messages[]` / `.statuses[]`, the number they
came in on in `value.metadata.phone_number_id`). Every item is stored on its own row; the
dedupe key is the message id (wamid) for messages and the id plus the status for status
callbacks, since one outbound message gets sent, delivered and read callbacks.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from loket import codes

MEDIA_TYPES = ("image", "document", "audio", "video", "sticker")
# What a person writes; reactions, system notices and unsupported types are kept as unknown.
MESSAGE_TYPES = {"text", "button", "interactive", "location", *MEDIA_TYPES}


def verify_signature(raw: bytes, header: str, app_secrets: Iterable[str]) -> bool:
    """True when `header` ("sha256=<hex>") is the HMAC-SHA256 of the raw body under one of
    the app secrets. Compared in constant time; an empty secret never matches."""
    if not header or not header.startswith("sha256="):
        return False
    given = header.removeprefix("sha256=").strip().lower()
    ok = False
    for secret in app_secrets:
        if not secret:
            continue
        expected = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
        ok |= hmac.compare_digest(expected, given)
    return ok


def sign(raw: bytes, app_secret: str) -> str:
    """The header value a provider sends for `raw` (tests and the bench sign with it)."""
    return "sha256=" + hmac.new(app_secret.encode(), raw, hashlib.sha256).hexdigest()


@dataclass
class Item:
    kind: str  # "message" | "status" | "unknown"
    phone_number_id: str
    provider_id: str
    dedupe_key: str
    sender: str = ""
    sender_name: str = ""
    provider_at: datetime | None = None
    text: str = ""
    message_type: str = ""
    quoted_id: str = ""
    tracking_code: str = ""
    media: list[dict] = field(default_factory=list)
    status: str = ""
    errors: list[dict] = field(default_factory=list)
    data: dict = field(default_factory=dict)


def _time(value) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def e164(wa_id: str) -> str:
    digits = "".join(ch for ch in str(wa_id) if ch.isdigit())
    return f"+{digits}" if digits else ""


_GROUP = f"[{codes.CODE_ALPHABET}{codes.CODE_ALPHABET.lower()}]{{{codes.CODE_GROUP}}}"
_CODE_PATTERN = re.compile(rf"(?<![A-Za-z0-9]){_GROUP}[- ]?{_GROUP}[- ]?{_GROUP}(?![A-Za-z0-9])")


def find_tracking_code(text: str) -> str:
    """The first thing in `text` shaped like a tracking code (ABCD-EFGH-JKMN, any case,
    dashes or spaces or nothing between the groups), in its stored form; "" if none."""
    for match in _CODE_PATTERN.finditer(text or ""):
        code = codes.normalize_code(match.group(0))
        if code:
            return code
    return ""


def _message_text(message: dict) -> tuple[str, list[dict]]:
    kind = message.get("type", "")
    media: list[dict] = []
    if kind == "text":
        return (message.get("text") or {}).get("body", ""), media
    if kind in MEDIA_TYPES:
        body = message.get(kind) or {}
        media.append(
            {
                "type": kind,
                "id": body.get("id", ""),
                "mime_type": body.get("mime_type", ""),
                "sha256": body.get("sha256", ""),
                "filename": body.get("filename", ""),
            }
        )
        return body.get("caption", ""), media
    if kind == "button":
        return (message.get("button") or {}).get("text", ""), media
    if kind == "interactive":
        reply = message.get("interactive") or {}
        chosen = reply.get("button_reply") or reply.get("list_reply") or {}
        return chosen.get("title", ""), media
    if kind == "location":
        loc = message.get("location") or {}
        parts = [loc.get("name", ""), loc.get("address", "")]
        coords = f"{loc.get('latitude', '')},{loc.get('longitude', '')}"
        return " ".join(p for p in [*parts, coords] if p), media
    return "", media


def split(payload: dict) -> list[Item]:
    """Every message and status of a delivery, in the order they appear."""
    items: list[Item] = []
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            number_id = str((value.get("metadata") or {}).get("phone_number_id", ""))
            names = {
                str(c.get("wa_id", "")): (c.get("profile") or {}).get("name", "")
                for c in value.get("contacts") or []
            }
            for message in value.get("messages") or []:
                text, media = _message_text(message)
                wa_id = str(message.get("from", ""))
                items.append(
                    Item(
                        kind="message" if message.get("type") in MESSAGE_TYPES else "unknown",
                        phone_number_id=number_id,
                        provider_id=str(message.get("id", "")),
                        dedupe_key=f"msg:{message.get('id', '')}",
                        sender=e164(wa_id),
                        sender_name=names.get(wa_id, ""),
                        provider_at=_time(message.get("timestamp")),
                        text=text,
                        message_type=message.get("type", ""),
                        quoted_id=str((message.get("context") or {}).get("id", "")),
                        tracking_code=find_tracking_code(text),
                        media=media,
                        data=message,
                    )
                )
            for status in value.get("statuses") or []:
                items.append(
                    Item(
                        kind="status",
                        phone_number_id=number_id,
                        provider_id=str(status.get("id", "")),
                        dedupe_key=f"status:{status.get('id', '')}:{status.get('status', '')}",
                        sender=e164(status.get("recipient_id", "")),
                        provider_at=_time(status.get("timestamp")),
                        status=str(status.get("status", "")),
                        errors=list(status.get("errors") or []),
                        data=status,
                    )
                )
    return items
