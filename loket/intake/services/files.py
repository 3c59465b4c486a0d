"""Attachments received on a channel, under the site's one rule for citizens' documents
(`loket.uploads`): the type from the content (never the name or the type the sender
declared), a PDF, JPEG or PNG checked and cleaned as the web form's evidence is (images
re-encoded without trailing data or metadata, PDFs with JavaScript, launch actions or embedded
files refused, the malware-scan hook), and a generated name on disk. WhatsApp's voice notes and
audio (no web form takes them) are recognised by content too, scanned, and stored under a
generated name. Refused files are kept as a row with the reason, so the inbox lists them
instead of dropping them silently."""

from __future__ import annotations

import hashlib
import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File

from loket import uploads

from ..complaints_port import FileToAttach
from ..models import InboundAttachment

# Voice notes and audio of WhatsApp, by the type detected from the content, and their extension.
MEDIA_EXTENSIONS = {
    "audio/ogg": "ogg",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/x-m4a": "m4a",
    "audio/aac": "aac",
    "audio/amr": "amr",
    "video/mp4": "mp4",
}
# The codes of `uploads.check_file` for a file too big, and for one that could not be checked.
TOO_BIG = "too_big"
NOT_CHECKED = "scan_unavailable"


def max_bytes() -> int:
    return settings.LOKET_INTAKE_MAX_ATTACHMENT_BYTES


def detect(content: bytes) -> str:
    kind = filetype.guess(content[:8192])
    if kind is None:
        return ""
    # WhatsApp's voice notes are Opus in Ogg; filetype names the container.
    return {"audio/opus": "audio/ogg", "audio/m4a": "audio/mp4"}.get(kind.mime, kind.mime)


def store(attachment: InboundAttachment, content: bytes) -> InboundAttachment:
    """Check `content` and keep it, or mark the row refused with the reason: `rejected_size`
    past `LOKET_INTAKE_MAX_ATTACHMENT_BYTES`, `rejected_type` for another type or a document
    `loket.uploads` refuses (the error names its code), `failed` when the malware scanner
    could not be reached (the file was not checked, so it is not kept)."""
    attachment.size = len(content)
    attachment.sha256 = hashlib.sha256(content).hexdigest()
    attachment.detected_type = detect(content)
    try:
        if attachment.detected_type in MEDIA_EXTENSIONS:
            _store_media(attachment, content)
        else:
            _store_document(attachment, content)
    except ValidationError as refused:
        code = refused.code or "type"
        attachment.status = {
            TOO_BIG: InboundAttachment.Status.REJECTED_SIZE,
            NOT_CHECKED: InboundAttachment.Status.FAILED,
        }.get(code, InboundAttachment.Status.REJECTED_TYPE)
        if code == TOO_BIG:
            attachment.error = f"{len(content)} bytes > {max_bytes()}"
        elif code == "type":
            attachment.error = attachment.detected_type or "unknown"
        else:
            attachment.error = f"{code}: {attachment.detected_type or 'unknown'}"
    else:
        attachment.status = InboundAttachment.Status.STORED
        attachment.error = ""
    attachment.save()
    return attachment


def _store_document(attachment: InboundAttachment, content: bytes) -> None:
    """A PDF, JPEG or PNG through `uploads.check_file`; ValidationError otherwise."""
    checked = uploads.check_file(
        ContentFile(content, name=attachment.filename or "lampiran"), max_bytes=max_bytes()
    )
    attachment.filename = checked.name
    attachment.detected_type = checked.content_type
    attachment.size = checked.size
    attachment.file.save(checked.content.name or "", checked.content, save=False)


def _store_media(attachment: InboundAttachment, content: bytes) -> None:
    """A voice note or audio: size, the scan hook, a generated name; ValidationError otherwise."""
    if len(content) > max_bytes():
        raise ValidationError("too big", code=TOO_BIG)
    name = attachment.filename or "lampiran"
    uploads.scan(content, name)
    extension = MEDIA_EXTENSIONS[attachment.detected_type]
    attachment.filename = shown_name(name, extension)
    attachment.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(content), save=False)


def shown_name(name: str, extension: str) -> str:
    """The sender's file name ending with the extension of the detected type (as
    `uploads.display_name` does for documents), at most 200 characters."""
    shown = " ".join(name.replace("/", " ").replace("\\", " ").split())
    if not any(char.isalnum() for char in shown):
        shown = "lampiran"
    if not shown.lower().endswith(f".{extension}"):
        shown = f"{shown}.{extension}"
    return shown if len(shown) <= 200 else f"{shown[: 199 - len(extension)]}.{extension}"


def to_attach(attachments) -> list[FileToAttach]:
    """The stored ones of a message's attachments, ready for the complaints service."""
    files = []
    for attachment in attachments:
        if attachment.status != InboundAttachment.Status.STORED:
            continue
        handle = attachment.file.open("rb")
        files.append(
            FileToAttach(
                name=attachment.filename,
                content_type=attachment.detected_type,
                file=File(handle, name=attachment.filename),
                size=attachment.size or 0,
            )
        )
    return files
