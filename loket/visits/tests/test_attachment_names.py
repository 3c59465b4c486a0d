"""A visitor's document downloads under the name the visitor gave it (issue #11), with the
extension of what was actually stored, whatever characters the name holds."""

from datetime import time

import pytest

from loket.visits import services
from loket.visits.forms import check_upload

from . import files
from .conftest import TUESDAY, TUESDAY_0900, entry

pytestmark = pytest.mark.django_db


def _download(client, rina, service_a, upload):
    visit = services.book(
        service_a.office,
        entry(service_a, preferred_date=TUESDAY, preferred_time=time(10)),
        [check_upload(upload, "surat_tugas")],
        now=TUESDAY_0900.replace(hour=8),
    )
    item = visit.attachments.get()
    client.force_login(rina)
    response = client.get(f"/staf/kantor-a/tamu/{visit.pk}/berkas/{item.pk}/")
    assert response.status_code == 200
    return response["Content-Disposition"]


def test_a_document_downloads_under_its_original_name(client, rina, service_a):
    disposition = _download(client, rina, service_a, files.pdf("Surat Tugas Dinas.pdf"))
    assert disposition == 'attachment; filename="Surat Tugas Dinas.pdf"'


def test_a_name_with_other_characters_is_kept_in_utf8(client, rina, service_a):
    disposition = _download(client, rina, service_a, files.pdf("surat tugas – Pak Ã.pdf"))
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "surat%20tugas%20%E2%80%93%20Pak%20%C3%83.pdf" in disposition


def test_the_extension_follows_the_content_not_the_name(client, rina, service_a):
    disposition = _download(client, rina, service_a, files.pdf("setup.exe"))
    assert disposition == 'attachment; filename="setup.exe.pdf"'


def test_a_name_without_letters_or_digits_gets_the_documents_kind(client, rina, service_a):
    disposition = _download(client, rina, service_a, files.pdf("¡¡¡¡¡¡¡¡.¡¡¡"))
    assert disposition == 'attachment; filename="surat_tugas.pdf"'
