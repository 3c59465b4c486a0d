"""Finding 5 (issue 12): the one rule for uploaded documents (loket/uploads.py), used by the
complaint evidence and the visit's Surat Tugas alike. Before: a file kept its own name on disk,
a PNG with a page glued to it was stored whole, EXIF stayed in photos, PDFs with JavaScript,
launch actions or embedded files were taken, and there was no malware-scan hook."""

import io
import socket
import socketserver
import struct
import threading
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from loket import uploads
from loket.complaints import files as complaint_files
from loket.visits import forms as visit_forms
from loket.visits.models import Attachment as VisitAttachment

from .samples import JPEG, PDF, PNG, image_bytes, pdf_bytes

LIMIT = 2 * 1024 * 1024
PAGE = b"<html><script>alert(document.cookie)</script></html>"
# The EICAR anti-malware test file (eicar.org): every scanner reports it, it harms nothing.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type)


def refusal(name, content):
    with pytest.raises(ValidationError) as refused:
        uploads.check_file(upload(name, content), max_bytes=LIMIT)
    return refused.value


def test_a_png_page_polyglot_is_stored_as_a_clean_png_under_a_generated_name():
    checked = uploads.check_file(upload("polyglot.html", PNG + PAGE, "text/html"), max_bytes=LIMIT)
    assert checked.content_type == "image/png"
    assert checked.name == "polyglot.html.png"
    stored = checked.content.read()
    assert b"<script" not in stored
    assert Image.open(io.BytesIO(stored)).size == (8, 8)
    assert checked.content.name.endswith(".png")
    assert "polyglot" not in checked.content.name
    assert len(checked.content.name) == 32 + len(".png")


def test_a_pdf_named_like_a_program_is_kept_as_a_pdf():
    checked = uploads.check_file(upload("setup.exe", PDF), max_bytes=LIMIT)
    assert (checked.content_type, checked.extension, checked.name) == (
        "application/pdf",
        "pdf",
        "setup.exe.pdf",
    )
    assert checked.content.name.endswith(".pdf")
    assert checked.content.read() == PDF


def test_a_photo_loses_its_exif_and_comment_and_is_turned_upright():
    exif = Image.Exif()
    exif[0x010F] = "Kamera Rahasia"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to show
    photo = image_bytes("JPEG", size=(40, 20), exif=exif.tobytes(), comment=b"rumah di Jl. Mawar")
    checked = uploads.check_file(upload("foto.jpg", photo), max_bytes=LIMIT)
    stored = checked.content.read()
    assert b"Kamera Rahasia" not in stored
    assert b"Jl. Mawar" not in stored
    image = Image.open(io.BytesIO(stored))
    assert dict(image.getexif()) == {}
    assert image.size == (20, 40)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@pytest.mark.parametrize("side", [8_000, 30_000])  # 64 MP (past our limit), 900 MP (Pillow's)
def test_an_image_claiming_too_many_pixels_is_refused_before_it_is_decoded(side):
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + _png_chunk(b"IEND", b"")
    )
    error = refusal("bom.png", bomb)
    assert error.code == "image_too_large"
    assert "terlalu besar (lebih dari 60 megapiksel)" in error.messages[0]


def test_a_file_that_only_starts_like_an_image_is_refused():
    error = refusal("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert error.code == "image"


@pytest.mark.parametrize(
    "content",
    [
        pdf_bytes(javascript="app.alert('hai')"),
        pdf_bytes(launch="C:\\Windows\\System32\\cmd.exe"),
        pdf_bytes(embedded=b"MZ\x90\x00 program"),
    ],
    ids=["javascript", "launch", "embedded-file"],
)
def test_a_pdf_that_runs_something_or_carries_files_is_refused(content):
    error = refusal("surat.pdf", content)
    assert error.code == "pdf_active"
    assert "berisi skrip" in error.messages[0]


def test_a_pdf_hiding_its_javascript_behind_escaped_names_is_refused_too():
    # "/J#61vaScript" is "/JavaScript" to a reader: only a parser that decodes names sees it.
    hidden = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 3 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"3 0 obj<</S/J#61vaScript/J#53(app.alert(1))>>endobj\n"
        b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
    )
    assert b"/JavaScript" not in hidden
    assert refusal("surat.pdf", hidden).code == "pdf_active"


def test_an_encrypted_or_broken_pdf_cannot_be_checked_and_is_refused():
    assert refusal("rusak.pdf", b"%PDF-1.7\n garbage without objects").code == "pdf_unreadable"


def test_empty_oversize_and_foreign_files_are_refused_with_their_codes():
    assert refusal("kosong.pdf", b"").code == "empty"
    assert refusal("besar.pdf", PDF + b"0" * LIMIT).code == "too_big"
    assert refusal("skrip.pdf", PAGE).code == "type"


def test_complaint_evidence_and_visit_documents_follow_the_same_rule():
    evidence = complaint_files.check_upload(upload("polyglot.html", PNG + PAGE))
    letter = visit_forms.check_upload(
        upload("setup.exe", PDF), VisitAttachment.Kind.ASSIGNMENT_LETTER
    )
    assert (evidence.name, evidence.content_type) == ("polyglot.html.png", "image/png")
    assert b"<script" not in evidence.file.read()
    # The visit keeps the name as given; its download name adds the detected extension.
    assert (letter.name, letter.content_type, letter.extension) == (
        "setup.exe",
        "application/pdf",
        "pdf",
    )
    assert letter.file.name.endswith(".pdf")
    for check in (complaint_files.check_upload, lambda f: visit_forms.check_upload(f, "x")):
        with pytest.raises(ValidationError, match="berisi skrip"):
            check(upload("surat.pdf", pdf_bytes(javascript="app.alert(1)")))


def test_a_download_is_an_attachment_of_the_stored_type_never_sniffed():
    response = uploads.download(io.BytesIO(PNG), name="polyglot.html", content_type="image/png")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="polyglot.html.png"'
    assert response["X-Content-Type-Options"] == "nosniff"


# --- The malware-scan hook ------------------------------------------------------------
# clamd is not installed on this machine, so the hook is tested against a loopback server
# that speaks clamd's INSTREAM protocol (`man clamd`): "nINSTREAM\n", then chunks of a 4-byte
# big-endian length and the data, ended by a zero length; the answer "stream: OK" or
# "stream: <signature> FOUND". The real-clamd test below runs where LOKET_TEST_CLAMD names one.


class FakeClamd(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), FakeClamdHandler)
        self.scanned: list[bytes] = []


class FakeClamdHandler(socketserver.StreamRequestHandler):
    def handle(self):
        command = self.rfile.readline()
        if command != b"nINSTREAM\n":
            self.wfile.write(b"UNKNOWN COMMAND\n")
            return
        data = b""
        while True:
            (size,) = struct.unpack("!L", self.rfile.read(4))
            if size == 0:
                break
            data += self.rfile.read(size)
        self.server.scanned.append(data)
        found = EICAR in data
        self.wfile.write(b"stream: Eicar-Signature FOUND\n" if found else b"stream: OK\n")


@pytest.fixture
def fake_clamd(settings):
    server = FakeClamd()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address
    settings.LOKET_CLAMD = f"tcp://{host}:{port}"
    yield server
    server.shutdown()
    server.server_close()


def test_with_the_scanner_on_a_file_with_a_signature_is_refused(fake_clamd):
    error = refusal("surat.pdf", EICAR)
    assert error.code == "malware"
    assert "program berbahaya" in error.messages[0]
    assert fake_clamd.scanned == [EICAR]


def test_with_the_scanner_on_a_clean_file_is_streamed_to_it_and_accepted(fake_clamd):
    checked = uploads.check_file(upload("foto.jpg", JPEG), max_bytes=LIMIT)
    assert checked.content_type == "image/jpeg"
    assert fake_clamd.scanned == [JPEG]


def test_a_scanner_that_does_not_answer_refuses_the_file_rather_than_skip_the_check(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.LOKET_CLAMD = f"tcp://127.0.0.1:{port}"  # nothing listens there
    assert refusal("surat.pdf", PDF).code == "scan_unavailable"


def test_without_the_setting_nothing_is_scanned(settings):
    settings.LOKET_CLAMD = ""
    assert uploads.check_file(upload("a.pdf", PDF), max_bytes=LIMIT).content_type == (
        "application/pdf"
    )


@pytest.mark.skipif(
    not __import__("os").environ.get("LOKET_TEST_CLAMD"),
    reason="no real clamd here (LOKET_TEST_CLAMD=tcp://host:port or unix:///path runs it)",
)
def test_a_real_clamd_finds_the_eicar_test_file(settings):
    import os

    settings.LOKET_CLAMD = os.environ["LOKET_TEST_CLAMD"]
    assert refusal("eicar.pdf", EICAR).code == "malware"


FILES = Path(__file__).parent / "fixtures" / "files"


@pytest.mark.parametrize("name", ["surat-crlf.pdf", "surat-multipart-prefix.pdf"])
def test_a_pdf_with_bytes_before_its_header_is_taken_as_readers_take_it(name):
    """Issue 11 §3: readers find "%PDF-" within the first 1024 bytes; the stray bytes go."""
    content = (FILES / name).read_bytes()
    assert not content.startswith(b"%PDF-")
    checked = uploads.check_file(upload(name, content), max_bytes=LIMIT)
    assert (checked.content_type, checked.name) == ("application/pdf", name)
    stored = checked.content.read()
    assert stored.startswith(b"%PDF-")
    assert stored == content[content.index(b"%PDF-") :]
    assert (FILES / "surat-normal.pdf").read_bytes().startswith(b"%PDF-")


def test_a_header_past_the_first_1024_bytes_is_not_a_pdf():
    content = b"x" * (uploads.PDF_HEADER_WINDOW + 1) + PDF
    assert refusal("surat.pdf", content).code == "type"


def test_a_name_without_letters_or_digits_is_stored_and_shown_under_a_plain_name():
    """Issue 11 §3: `¡¡¡¡¡¡¡¡.¡¡¡` holding a PDF is kept, shown as "berkas.pdf"."""
    checked = uploads.check_file(upload("¡¡¡¡¡¡¡¡.¡¡¡", PDF), max_bytes=LIMIT)
    assert checked.name == "berkas.pdf"
    assert checked.content.name.endswith(".pdf")
    assert "¡" not in checked.content.name
