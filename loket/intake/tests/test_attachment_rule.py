"""Issue 12, finding 5 (intake's part): attachments from e-mail and WhatsApp follow the site's
upload rule (loket.uploads): type from the content, images re-encoded without trailing data,
active PDFs refused, the malware-scan hook, generated names on disk."""

import pytest

from loket.intake.models import InboundAttachment, InboundMessage
from loket.intake.services import files
from loket.tests.samples import PDF, PNG, pdf_bytes

from .conftest import OGG

pytestmark = pytest.mark.django_db
Status = InboundAttachment.Status


@pytest.fixture
def message(office_a):
    return InboundMessage.objects.create(
        channel="email", office=office_a, dedupe_key="uji-1", raw=b"", raw_sha256="0" * 64
    )


def stored(message, name, content):
    row = InboundAttachment.objects.create(message=message, filename=name)
    return files.store(row, content)


def test_a_png_with_a_page_glued_behind_is_re_encoded_under_a_generated_name(message):
    row = stored(message, "polyglot.html", PNG + b"<html><script>alert(1)</script></html>")
    assert row.status == Status.STORED
    assert row.filename == "polyglot.html.png"
    content = row.file.read()
    assert content.startswith(b"\x89PNG")
    assert b"<script>" not in content
    assert row.size == len(content)
    disk_name = row.file.name.rsplit("/", 1)[1]
    assert "polyglot" not in disk_name
    assert disk_name.endswith(".png")


def test_a_pdf_with_javascript_is_refused_and_listed(message):
    row = stored(message, "surat.pdf", pdf_bytes(javascript="app.alert(1)"))
    assert row.status == Status.REJECTED_TYPE
    assert row.error == "pdf_active: application/pdf"
    assert not row.file


def test_a_pdf_named_like_a_program_is_kept_as_a_pdf(message):
    row = stored(message, "setup.exe", PDF)
    assert (row.status, row.filename, row.detected_type) == (
        Status.STORED,
        "setup.exe.pdf",
        "application/pdf",
    )
    assert row.file.name.endswith(".pdf")


def test_a_voice_note_is_kept_under_a_generated_name(message):
    row = stored(message, "", OGG)
    assert (row.status, row.detected_type, row.filename) == (
        Status.STORED,
        "audio/ogg",
        "lampiran.ogg",
    )
    assert row.file.read() == OGG


def test_with_the_scanner_unreachable_nothing_is_kept(message, settings):
    settings.LOKET_CLAMD = "tcp://127.0.0.1:9"  # nothing listens there
    row = stored(message, "foto.png", PNG)
    assert row.status == Status.FAILED
    assert row.error == "scan_unavailable: image/png"
    assert not row.file
