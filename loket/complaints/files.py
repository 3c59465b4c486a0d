"""Evidence files: PDF, JPEG or PNG, checked by their content (not their name), with a size
and a count limit (SP4N-LAPOR! takes attachments up to 2 MB)."""

from __future__ import annotations

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .services import Upload

MAX_FILES = 5
MAX_BYTES = 2 * 1024 * 1024
ALLOWED_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def limits_hint() -> str:
    return _(
        "Berkas PDF, JPEG atau PNG, paling banyak %(count)s berkas, masing-masing paling besar "
        "%(size)s."
    ) % {"count": MAX_FILES, "size": filesizeformat(MAX_BYTES)}


def check_upload(uploaded: UploadedFile) -> Upload:
    """An `Upload` for a file that is really a PDF, JPEG or PNG within the size limit;
    ValidationError with a message for the person otherwise."""
    name = uploaded.name or "berkas"
    if uploaded.size > MAX_BYTES:
        raise ValidationError(
            _("Berkas %(name)s lebih besar dari %(size)s.")
            % {"name": name, "size": filesizeformat(MAX_BYTES)},
            code="too_big",
        )
    if uploaded.size == 0:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name}, code="empty")
    uploaded.seek(0)
    head = uploaded.read(262)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("Berkas %(name)s bukan PDF, JPEG atau PNG.") % {"name": name}, code="type"
        )
    return Upload(name=name, content_type=kind.mime, file=uploaded, size=uploaded.size)
