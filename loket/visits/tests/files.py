"""Tiny real files for upload tests: the checks read content, not names."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from loket.tests.samples import PDF


def pdf(name="surat-tugas.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png(name="ktp.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def fake_pdf(name="virus.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")


def big_pdf(name="besar.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + b"0" * (2 * 1024 * 1024), content_type="application/pdf")
