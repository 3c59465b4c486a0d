"""Evidence files: PDF, JPEG or PNG, checked and cleaned by the site's one rule for uploads
(`loket.uploads.check_file`: type from the content, images re-encoded, active PDFs refused,
malware scan), with a size and a count limit (SP4N-LAPOR! takes attachments up to 2 MB)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from loket import uploads

from .services import Upload

MAX_FILES = 5
MAX_BYTES = 2 * 1024 * 1024


def limits_hint() -> str:
    return _(
        "Berkas PDF, JPEG atau PNG, paling banyak %(count)s berkas, masing-masing paling besar "
        "%(size)s."
    ) % {"count": MAX_FILES, "size": filesizeformat(MAX_BYTES)}


def check_upload(uploaded: UploadedFile) -> Upload:
    """An `Upload` of the cleaned content of a file that is really a PDF, JPEG or PNG within
    the size limit, named with its detected extension; ValidationError with a message for the
    person otherwise (`loket.uploads.check_file`)."""
    checked = uploads.check_file(uploaded, max_bytes=MAX_BYTES)
    return Upload(
        name=checked.name,
        content_type=checked.content_type,
        file=checked.content,
        size=checked.size,
    )
