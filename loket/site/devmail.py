"""The development mail catcher's mailbox: every message `make run` sends is stored as one
`.eml` file in a directory (settings.LOKET_DEV_MAILBOX) and read back by the development-only
page `/dev/surat/`. Never used in production (the setting is forced empty there)."""

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

# A stored message's name: UTC receipt time, then a random part (sorts by time).
_NAME = re.compile(r"\d{8}T\d{6}\d{6}Z-[0-9a-f]{32}\.eml")


@dataclass(frozen=True)
class DevMail:
    name: str  # the file name, also the page's URL segment
    received_at: datetime  # UTC
    sender: str
    recipients: list[str]
    subject: str
    text: str  # the plain-text body ("" when the message has none)
    html: str  # the HTML alternative as source text ("" when none)
    attachments: list[str]  # file names


def store(directory: Path, data: bytes, *, now: datetime | None = None) -> str:
    """Write one message (its raw bytes) to `directory`, created if missing; returns the
    stored name."""
    directory.mkdir(parents=True, exist_ok=True)
    at = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{at}-{uuid.uuid4().hex}.eml"
    (directory / name).write_bytes(data)
    return name


def catcher(directory: Path, *, host: str, port: int):
    """Start an SMTP server on host:port (aiosmtpd, a development dependency) storing every
    message it accepts in `directory`; returns the started controller (`.stop()` ends it).
    Raises OSError when the address is taken."""
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            store(directory, envelope.original_content)
            return "250 Message accepted for delivery"

    controller = Controller(Handler(), hostname=host, port=port)
    controller.start()
    return controller


def _parse(path: Path) -> DevMail:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    recipients = [
        address.strip()
        for header in ("To", "Cc")
        for address in str(message.get(header, "")).split(",")
        if address.strip()
    ]
    return DevMail(
        name=path.name,
        received_at=datetime.strptime(path.name[:22], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC),
        sender=str(message.get("From", "")),
        recipients=recipients,
        subject=str(message.get("Subject", "")),
        text=text_part.get_content() if text_part is not None else "",
        html=html_part.get_content() if html_part is not None else "",
        attachments=[part.get_filename() or "" for part in message.iter_attachments()],
    )


def messages(directory: Path) -> list[DevMail]:
    """Every stored message, newest first ([] when the directory does not exist yet)."""
    if not directory.is_dir():
        return []
    paths = sorted((p for p in directory.iterdir() if _NAME.fullmatch(p.name)), reverse=True)
    return [_parse(path) for path in paths]


def message(directory: Path, name: str) -> DevMail | None:
    """One stored message by name; None for a name that is not a stored message's."""
    if not _NAME.fullmatch(name) or not (directory / name).is_file():
        return None
    return _parse(directory / name)
