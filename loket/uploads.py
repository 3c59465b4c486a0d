"""Citizens' documents (complaint evidence, a visit's Surat Tugas): the one rule every app applies
to an uploaded file before it is stored, and the one way a stored file is served back.

`check_file` accepts a PDF, JPEG or PNG recognised by its CONTENT (magic bytes), never by its
name or the browser's claim, within a size limit, and returns what to store:

- a JPEG or PNG is decoded and written anew with Pillow: bytes after the image (a ZIP or an
  HTML page glued to it, a "polyglot"), EXIF (the GPS position of a phone photo), comments and
  profiles are gone; an image over `MAX_PIXELS` (a decompression bomb) is refused;
- a PDF with JavaScript, a launch action or embedded files is refused (pypdf walks every object
  reachable from the trailer, names decoded; the raw bytes are searched too, for a viewer that
  reads the file differently); an encrypted or unreadable PDF is refused, as it cannot be checked;
- with `LOKET_CLAMD` set, the original bytes go to ClamAV's clamd (INSTREAM, through
  `clamav-client`) first: a finding refuses the file, and so does a scanner that cannot be
  reached (fail closed: a document that could not be checked is never stored);
- the name to show is the person's, ending with the detected extension (`setup.exe` holding a
  PDF becomes `setup.exe.pdf`); the name on disk is generated (`stored_name`).

`download` serves a stored file as an attachment with its stored (detected) type and
`X-Content-Type-Options: nosniff`, so no browser renders an upload as a page of the site.
Sources: OWASP ASVS 4.0.3 V12.1-V12.6 (file upload, storage, download, malicious content).
"""

from __future__ import annotations

import io
import logging
import re
import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Detected content type -> the extension a stored file gets.
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# Larger than any phone camera's photo (a 200 MP sensor writes 50 MP images by default); a
# 2 MB PNG of one colour can claim far more pixels than that and fill the memory when decoded.
MAX_PIXELS = 60_000_000
# Readers find a PDF's "%PDF-" header within its first 1024 bytes (Adobe's PDF Reference,
# Implementation Note 13 to section 3.4.1; ISO 32000-2 7.5.2 reads it at the start): bytes
# before it (a stray CRLF, a multipart header a client left in) are dropped, and the rest,
# the file as it was made, is stored.
PDF_HEADER_WINDOW = 1024
# Objects walked in one PDF: far above what 2 MB can hold; a file past it is refused.
MAX_PDF_OBJECTS = 200_000
JPEG_QUALITY = 90
CLAMD_TIMEOUT_SECONDS = 20

# PDF features that run something or carry other files (ISO 32000-1 12.6.4, 7.11.4, 12.5.6.15).
_PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/Launch"}
_PDF_ACTIVE_VALUES = {"/JavaScript", "/Launch", "/EmbeddedFile", "/FileAttachment"}
_PDF_ACTIVE_RAW = re.compile(
    rb"/(?:JS|JavaScript|Launch|EmbeddedFiles?|FileAttachment)(?![A-Za-z0-9])"
)


@dataclass(frozen=True)
class CheckedFile:
    """A document that passed `check_file`: the name to show (the person's, with the detected
    extension), the detected content type and extension, and the content to store."""

    name: str
    content_type: str
    extension: str
    content: ContentFile
    size: int


def check_file(uploaded: Any, *, max_bytes: int) -> CheckedFile:
    """The checked, cleaned content of an uploaded file (any object with `name`, `size`,
    `read` and `seek`, e.g. Django's `UploadedFile`). ValidationError with a message for the
    person and a `code` (`too_big`, `empty`, `type`, `image`, `image_too_large`, `pdf_unreadable`,
    `pdf_active`, `malware`, `scan_unavailable`) otherwise."""
    name = PurePath(str(uploaded.name or "berkas")).name or "berkas"
    size = uploaded.size
    if size is not None and size > max_bytes:
        raise _too_big(name, max_bytes)
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    uploaded.seek(0)
    if len(data) > max_bytes:
        raise _too_big(name, max_bytes)
    if not data:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name}, code="empty")
    scan(data, name)
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in EXTENSIONS:
        data, kind = _pdf_after_prefix(data, kind)
    if kind is None or kind.mime not in EXTENSIONS:
        raise ValidationError(
            _("Berkas %(name)s bukan PDF, JPEG atau PNG.") % {"name": name}, code="type"
        )
    if kind.mime == "application/pdf":
        check_pdf(data, name)
        clean = data
    else:
        clean = reencode_image(data, name)
    extension = EXTENSIONS[kind.mime]
    shown = display_name(name, kind.mime)
    return CheckedFile(
        name=shown,
        content_type=kind.mime,
        extension=extension,
        content=ContentFile(clean, name=stored_name(kind.mime)),
        size=len(clean),
    )


def _pdf_after_prefix(data: bytes, kind: Any) -> tuple[bytes, Any]:
    """A PDF whose header comes after a few stray bytes (`PDF_HEADER_WINDOW`), from its
    header on, with its type; else `data` and `kind` unchanged."""
    start = data.find(b"%PDF-", 1, PDF_HEADER_WINDOW + len(b"%PDF-"))
    if start < 0:
        return data, kind
    return data[start:], filetype.guess(data[start : start + 8192])


def _too_big(name: str, max_bytes: int) -> ValidationError:
    return ValidationError(
        _("Berkas %(name)s lebih besar dari %(size)s.")
        % {"name": name, "size": filesizeformat(max_bytes)},
        code="too_big",
    )


def display_name(name: str, content_type: str, *, fallback: str = "berkas") -> str:
    """The person's file name, ending with the extension of its detected type, at most 200
    characters: `setup.exe` holding a PDF is shown and downloaded as `setup.exe.pdf`,
    `polyglot.html` holding a PNG as `polyglot.html.png`; a name with no letter or digit
    becomes `fallback` (the same rule as a visit's documents, issue #11)."""
    extension = EXTENSIONS.get(content_type, "bin")
    shown = " ".join(name.replace("/", " ").replace("\\", " ").split())
    if not any(char.isalnum() for char in shown):
        shown = fallback
    if not shown.lower().endswith(f".{extension}"):
        shown = f"{shown}.{extension}"
    if len(shown) > 200:
        shown = f"{shown[: 199 - len(extension)]}.{extension}"
    return shown


def stored_name(content_type: str) -> str:
    """A generated file name for the disk: never the person's (it may carry personal data
    and characters unsafe on some systems), with the extension of the detected type."""
    return f"{uuid.uuid4().hex}.{EXTENSIONS.get(content_type, 'bin')}"


def reencode_image(data: bytes, name: str) -> bytes:
    """The image decoded and written anew, pixels only: no EXIF, comment or profile, nothing
    after the image's end. Rotated upright first (the EXIF orientation is dropped with the rest)."""
    from PIL import Image, ImageOps

    broken = ValidationError(
        _("Gambar %(name)s rusak atau tidak dapat dibaca.") % {"name": name}, code="image"
    )
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("JPEG", "PNG"):
                raise broken
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("Gambar %(name)s terlalu besar (lebih dari %(count)s megapiksel).")
                    % {"name": name, "count": MAX_PIXELS // 1_000_000},
                    code="image_too_large",
                )
            fmt = image.format
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            # Pixels only: the transparency of a palette PNG is part of them, nothing else is.
            transparency = upright.info.get("transparency") if fmt == "PNG" else None
            upright.info = {} if transparency is None else {"transparency": transparency}
            out = io.BytesIO()
            if fmt == "JPEG":
                if upright.mode not in ("RGB", "L", "CMYK"):
                    upright = upright.convert("RGB")
                upright.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
            else:
                upright.save(out, "PNG", optimize=False)
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            _("Gambar %(name)s terlalu besar (lebih dari %(count)s megapiksel).")
            % {"name": name, "count": MAX_PIXELS // 1_000_000},
            code="image_too_large",
        ) from exc
    except (OSError, SyntaxError, ValueError, KeyError) as exc:
        raise broken from exc
    return out.getvalue()


def check_pdf(data: bytes, name: str) -> None:
    """Refuse a PDF that runs JavaScript, launches a program or carries other files, and one
    that cannot be read to tell (encrypted, broken)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    unreadable = ValidationError(
        _("Berkas PDF %(name)s rusak atau terkunci sandi, sehingga tidak dapat diperiksa.")
        % {"name": name},
        code="pdf_unreadable",
    )
    active = ValidationError(
        _(
            "Berkas PDF %(name)s berisi skrip, perintah menjalankan program atau berkas "
            "sisipan. Simpan ulang sebagai PDF biasa (misalnya dengan “cetak ke PDF”)."
        )
        % {"name": name},
        code="pdf_active",
    )
    if _PDF_ACTIVE_RAW.search(data):
        raise active
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise unreadable
        found = _pdf_active_content(reader)
    except ValidationError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise unreadable from exc
    except RecursionError as exc:
        raise unreadable from exc
    if found:
        raise active


def _pdf_active_content(reader: Any) -> bool:
    """Whether any object reachable from the trailer is JavaScript, a launch action or an
    embedded file. Iterative, every indirect object once; refuses past MAX_PDF_OBJECTS."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    walked = 0
    while stack:
        node = stack.pop()
        walked += 1
        if walked > MAX_PDF_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(node, IndirectObject):
            ref = (node.idnum, node.generation)
            if ref in seen:
                continue
            seen.add(ref)
            stack.append(node.get_object())
        elif isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key in _PDF_ACTIVE_KEYS:
                    return True
                if isinstance(value, NameObject) and value in _PDF_ACTIVE_VALUES:
                    return True
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False


def scan(data: bytes, name: str) -> None:
    """The malware-scan hook: with `LOKET_CLAMD` (`tcp://host:port` or `unix:///path`) set,
    the bytes are streamed to clamd (INSTREAM); a finding, or no answer, refuses the file.
    Does nothing when the setting is empty."""
    address = settings.LOKET_CLAMD
    if not address:
        return
    from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket

    client: ClamdNetworkSocket
    if address.startswith("unix://"):
        client = ClamdUnixSocket(address, timeout=CLAMD_TIMEOUT_SECONDS)
    else:
        host, _sep, port = address.removeprefix("tcp://").rpartition(":")
        client = ClamdNetworkSocket(host, int(port), timeout=CLAMD_TIMEOUT_SECONDS)
    try:
        result = client.instream(io.BytesIO(data))
    except (ClamdError, OSError):
        logger.exception("upload_scan_unavailable")
        raise ValidationError(
            _("Berkas %(name)s belum dapat diperiksa dari virus. Coba lagi beberapa saat lagi.")
            % {"name": name},
            code="scan_unavailable",
        ) from None
    status, threat = next(iter(result.values()), ("ERROR", None))
    if status == "FOUND":
        # The threat's name only: the file name may carry personal data.
        logger.warning("upload_malware_found", extra={"threat": threat})
        raise ValidationError(
            _("Berkas %(name)s ditolak: pemindai virus menemukan program berbahaya di dalamnya.")
            % {"name": name},
            code="malware",
        )
    if status != "OK":
        logger.error("upload_scan_failed", extra={"status": status})
        raise ValidationError(
            _("Berkas %(name)s belum dapat diperiksa dari virus. Coba lagi beberapa saat lagi.")
            % {"name": name},
            code="scan_unavailable",
        )


def download(handle: Any, *, name: str, content_type: str) -> FileResponse:
    """A stored file as a download: `Content-Disposition: attachment` under the shown name with
    the extension of its stored type, the stored (detected) type, and `nosniff`, so a browser
    never renders it as a page of the site (files stored before the rule keep working)."""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=display_name(name, content_type),
        content_type=content_type if content_type in EXTENSIONS else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
