"""Small real documents for upload tests (the upload rule reads and re-encodes content, so a
few magic bytes are not enough): a one-page PDF, a PNG and a JPEG, and builders for the
hostile variants."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def pdf_bytes(*, javascript: str = "", launch: str = "", embedded: bytes = b"") -> bytes:
    """A one-page PDF written by pypdf; with JavaScript run on opening, a launch action or an
    embedded file when asked."""
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    if javascript or launch:
        kind, key, value = (
            ("/JavaScript", "/JS", javascript) if javascript else ("/Launch", "/F", launch)
        )
        action = DictionaryObject(
            {NameObject("/S"): NameObject(kind), NameObject(key): TextStringObject(value)}
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if embedded:
        writer.add_attachment("lampiran.exe", embedded)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (8, 8), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt, **save)
    return out.getvalue()


PDF = pdf_bytes()
PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
