"""Attachments received on a channel: checked by their content (never the name or the type
the sender declared) and by size, like the web form's evidence; refused ones are kept as a
row with the reason, so the inbox lists them instead of dropping them silently."""

from __future__ import annotations

import hashlib

import filetype
from django.conf import settings
from django.core.files.base import ContentFile, File

from ..complaints_port import FileToAttach
from ..models import InboundAttachment

# The web form's evidence (PDF, JPEG, PNG) plus the voice notes and audio of WhatsApp.
ALLOWED_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "audio/ogg",
    "audio/mpeg",
    "audio/mp4",
    "audio/x-m4a",
    "audio/aac",
    "audio/amr",
    "video/mp4",
}


def max_bytes() -> int:
    return settings.LOKET_INTAKE_MAX_ATTACHMENT_BYTES


def detect(content: bytes) -> str:
    kind = filetype.guess(content[:8192])
    if kind is None:
        return ""
    # WhatsApp's voice notes are Opus in Ogg; filetype names the container.
    return {"audio/opus": "audio/ogg", "audio/m4a": "audio/mp4"}.get(kind.mime, kind.mime)


def store(attachment: InboundAttachment, content: bytes) -> InboundAttachment:
    """Check `content` and keep it, or mark the row refused with the reason."""
    attachment.size = len(content)
    attachment.sha256 = hashlib.sha256(content).hexdigest()
    attachment.detected_type = detect(content)
    if len(content) > max_bytes():
        attachment.status = InboundAttachment.Status.REJECTED_SIZE
        attachment.error = f"{len(content)} bytes > {max_bytes()}"
    elif attachment.detected_type not in ALLOWED_TYPES:
        attachment.status = InboundAttachment.Status.REJECTED_TYPE
        attachment.error = attachment.detected_type or "unknown"
    else:
        name = safe_name(attachment.filename, attachment.detected_type)
        attachment.filename = name
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.status = InboundAttachment.Status.STORED
        attachment.error = ""
    attachment.save()
    return attachment


EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "audio/ogg": "ogg",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/x-m4a": "m4a",
    "audio/aac": "aac",
    "audio/amr": "amr",
    "video/mp4": "mp4",
}


def safe_name(name: str, content_type: str) -> str:
    """A file name safe for storage, its extension following the detected type."""
    base = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in (name or "lampiran"))
    base = base.strip("._")[:80] or "lampiran"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    ext = EXTENSIONS.get(content_type, "bin")
    return f"{stem}.{ext}"


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
