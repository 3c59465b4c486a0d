"""Finding 5 (issue 12): evidence is stored under a generated name with the type detected from
its content and served as a download of that type. Before: `polyglot.html` (a PNG with a page
glued on) was served as text/html and a PDF named `setup.exe` as a program."""

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.complaints import services
from loket.complaints.models import Attachment, Complaint
from loket.tests.samples import PDF, PNG

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db

PAGE = b"<html><script>alert(document.cookie)</script></html>"
FORM = {
    "office": "kantor-a",
    "title": "Loket tutup",
    "description": "Loket tutup pada jam layanan.",
    "name": "Rudi",
    "email": "rudi@contoh.id",
}


def staff_link(attachment):
    complaint = attachment.complaint
    return reverse(
        "complaints:staff_attachment",
        args=[complaint.office.slug, complaint.reference, attachment.pk],
    )


@pytest.fixture
def submitted(client, office):
    files = [
        SimpleUploadedFile("polyglot.html", PNG + PAGE, "text/html"),
        SimpleUploadedFile("setup.exe", PDF, "application/x-msdownload"),
    ]
    with time_machine.travel(MONDAY_0900, tick=False):
        response = client.post("/api/v1/complaints/", {**FORM, "attachments": files})
    assert response.status_code == 201
    return Complaint.objects.get()


def test_evidence_is_stored_under_a_generated_name_with_the_detected_type(submitted):
    page, program = submitted.attachments.order_by("id")
    assert (page.name, page.content_type) == ("polyglot.html.png", "image/png")
    assert (program.name, program.content_type) == ("setup.exe.pdf", "application/pdf")
    assert page.file.name.endswith(".png")
    assert "polyglot" not in page.file.name
    assert program.file.name.endswith(".pdf")
    assert "setup" not in program.file.name
    with page.file.open("rb") as stored:
        assert b"<script" not in stored.read()  # re-encoded: the glued page is gone


def test_staff_download_evidence_as_an_attachment_of_its_detected_type(client, submitted, handler):
    client.force_login(handler)
    page, program = submitted.attachments.order_by("id")
    response = client.get(staff_link(page))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="polyglot.html.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    response = client.get(staff_link(program))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="setup.exe.pdf"'


def test_a_file_stored_before_the_rule_is_served_by_its_stored_type_not_its_name(
    client, make_complaint, handler
):
    legacy = services.Upload("polyglot.html", "image/png", ContentFile(PNG + PAGE), 100)
    complaint = make_complaint(attachments=[legacy])
    client.force_login(handler)
    response = client.get(staff_link(complaint.attachments.get()))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="polyglot.html.png"'


def test_an_answers_public_file_is_served_the_same_way(client, make_complaint, officer, handler):
    complaint = make_complaint()
    services.classify(complaint, actor=officer, class_code="normatif")
    upload = services.Upload("jawaban.html", "application/pdf", ContentFile(PDF), len(PDF))
    answer = services.answer(complaint, actor=handler, text="Lihat surat.", attachments=[upload])
    attachment: Attachment = answer.attachments.get()
    link = reverse("complaints:public_attachment", args=[complaint.tracking_code, attachment.pk])
    response = client.get(link)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="jawaban.html.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
