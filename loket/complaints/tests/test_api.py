"""The public complaint API: create (JSON, multipart, idempotent), read (never identity),
rate limits and the OpenAPI document."""

import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from loket.complaints import services
from loket.complaints.models import Complaint
from loket.complaints.tracking import hash_code
from loket.notify.models import OutboxMessage

from .conftest import MONDAY_0900
from .test_citizen_flow import PDF

pytestmark = pytest.mark.django_db

URL = "/api/v1/complaints/"
BODY = {
    "office": "kantor-a",
    "title": "Loket tutup",
    "description": "Loket tutup pada jam layanan.",
    "name": "Rudi",
    "email": "rudi@contoh.id",
}


def post(client, body, **headers):
    return client.post(URL, json.dumps(body), content_type="application/json", headers=headers)


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_json_complaint_is_created_with_its_tracking_code(client, office):
    response = post(client, BODY)
    assert response.status_code == 201
    body = response.json()
    complaint = Complaint.objects.get()
    code = body["tracking_code"]
    assert body == {
        "tracking_code": code,
        "status": "received",
        "url": f"http://testserver/pengaduan/{code}/",
    }
    # Only the code's keyed hash is stored; the code finds the complaint again.
    assert complaint.tracking_code_hash == hash_code(code)
    assert code not in str(Complaint.objects.filter(pk=complaint.pk).values().get())
    assert complaint.channel == "web"
    # Not typed into the office's own form: the staff page says it came through the API.
    assert complaint.case_details == [("Disampaikan melalui", "API")]
    assert complaint.complainant_name == "Rudi"


def test_the_office_may_be_left_out_when_the_deployment_has_one(client, office):
    body = {k: v for k, v in BODY.items() if k != "office"}
    assert post(client, body).status_code == 201


def test_the_office_is_required_when_there_are_several(client, office, office_b):
    body = {k: v for k, v in BODY.items() if k != "office"}
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "office"


def test_a_retry_with_the_same_idempotency_key_returns_the_same_complaint(client, office):
    first = post(client, BODY, **{"Idempotency-Key": "kiosk-1-0001"})
    second = post(client, BODY, **{"Idempotency-Key": "kiosk-1-0001"})
    assert first.json() == second.json()
    assert Complaint.objects.count() == 1
    post(client, BODY, **{"Idempotency-Key": "kiosk-1-0002"})
    assert Complaint.objects.count() == 2


def test_a_reused_key_with_other_content_never_returns_someone_elses_code(client, office):
    first = post(client, BODY, **{"Idempotency-Key": "kunci"})
    other = post(client, {**BODY, "title": "Lain"}, **{"Idempotency-Key": "kunci"})
    assert other.status_code == 201
    assert other.json()["tracking_code"] != first.json()["tracking_code"]


def test_bad_input_is_refused_with_field_errors(client, office):
    response = post(client, {**BODY, "title": "", "email": "bukan-email", "nik": "12"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"title", "email", "nik"} <= fields
    assert post(client, {**BODY, "name": ""}).status_code == 422
    assert not Complaint.objects.exists()


def test_attachments_come_by_multipart_and_are_checked_by_content(client, office):
    good = {**BODY, "attachments": [SimpleUploadedFile("bukti.pdf", PDF)]}
    response = client.post(URL, good)
    assert response.status_code == 201, response.content
    assert Complaint.objects.get().attachments.get().content_type == "application/pdf"
    fake = {**BODY, "attachments": [SimpleUploadedFile("bukti.pdf", b"GIF89a fake")]}
    response = client.post(URL, fake)
    assert response.status_code == 422
    assert "is not a PDF, JPEG or PNG" in response.json()["detail"]
    assert Complaint.objects.count() == 1


def test_the_public_view_has_status_timeline_due_with_offset_and_answer_never_identity(
    client, make_complaint, officer, handler
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint(anonymous=True, complainant_name="", complainant_nik="")
        services.classify(complaint, actor=officer, class_code="ringan")
        services.add_note(complaint, actor=handler, text="catatan internal")
        services.answer(complaint, actor=handler, text="Sudah dibuka lagi.")
    response = client.get(f"{URL}{complaint.tracking_code.lower()}/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "answered"
    assert body["due_at"] == "2026-03-02T12:00:00+07:00"
    assert [e["action"] for e in body["timeline"]] == ["received", "classified", "answered"]
    assert body["answers"][0]["text"] == "Sudah dibuka lagi."
    text = response.content.decode()
    for secret in ("budi@contoh.id", "081234567890", "catatan internal", "Budi"):
        assert secret not in text


def test_a_confidential_complaint_has_no_title_in_the_api(client, make_complaint):
    complaint = make_complaint(confidential=True, title="Pungli")
    body = client.get(f"{URL}{complaint.tracking_code}/").json()
    assert body["title"] is None
    assert "Pungli" not in json.dumps(body)


def test_unknown_codes_answer_404(client, office):
    assert client.get(f"{URL}2222-2222-2222/").status_code == 404
    assert client.get(f"{URL}bukan-kode/").status_code == 404


def test_public_endpoints_are_rate_limited_per_client(client, office):
    statuses = [client.get(f"{URL}2222-2222-2222/").status_code for _ in range(25)]
    assert statuses[:20] == [404] * 20
    assert statuses[-1] == 429
    other = client.get(f"{URL}2222-2222-2222/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 404


def test_the_openapi_document_describes_both_endpoints(client):
    from openapi_spec_validator import validate

    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    post_op = document["paths"]["/api/v1/complaints/"]["post"]
    assert {"application/json", "multipart/form-data"} <= set(post_op["requestBody"]["content"])
    assert any(p["name"] == "Idempotency-Key" for p in post_op["parameters"])
    assert "/api/v1/complaints/{tracking_code}/" in document["paths"]


INDONESIAN = ("tidak", "wajib", "berkas", "nama", "instansi", "tulis", "paling", "bukan", "angka")


def _english_only(response):
    body = response.json()
    messages = [body["detail"], *(e["message"] for e in body.get("errors", []))]
    for message in messages:
        assert not [w for w in INDONESIAN if w in message.lower()], message
    return messages


@time_machine.travel(MONDAY_0900, tick=False)
def test_every_error_message_of_the_api_is_english(client, office, office_b):
    cases = [
        {**BODY, "title": "", "email": "bukan-email", "nik": "12", "phone": "08111"},
        {**BODY, "title": "   "},
        {**BODY, "incident_date": "2099-01-01"},
        {**BODY, "name": ""},
        {**BODY, "office": "tidak-ada"},
        {key: value for key, value in BODY.items() if key != "office"},  # two offices here
        {"description": "x"},
    ]
    for body in cases:
        response = post(client, body)
        assert response.status_code == 422, body
        _english_only(response)
    phone = post(client, {**BODY, "phone": "08111"}).json()["errors"][0]["message"]
    assert "too short" in phone
    assert "9 to 12 digits" in phone
    fake = {**BODY, "attachments": [SimpleUploadedFile("bukti.pdf", b"GIF89a fake")]}
    assert "not a PDF, JPEG or PNG" in _english_only(client.post(URL, fake))[0]
    bad_json = client.post(URL, "{", content_type="application/json")
    _english_only(bad_json)
    _english_only(client.get(f"{URL}2222-2222-2222/"))
    for _ in range(25):
        limited = client.get(f"{URL}2222-2222-2222/")
    assert limited.status_code == 429
    _english_only(limited)
    assert not Complaint.objects.exists()


def test_the_openapi_document_says_the_errors_are_english(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, method in (
        ("/api/v1/complaints/", "post"),
        ("/api/v1/complaints/{tracking_code}/", "get"),
    ):
        assert "every message is in English" in document["paths"][path][method]["description"]


@time_machine.travel(MONDAY_0900, tick=False)
@pytest.mark.parametrize(
    ("field", "accept", "stored"),
    [(None, None, "id"), (None, "en-GB,en;q=0.8", "id"), ("id", "en", "id"), ("en", None, "en")],
)
def test_the_complainants_language_is_the_one_the_body_names_else_indonesian(
    client, office, field, accept, stored
):
    """Issue 17: a complaint sent through the API is answered in its sender's language; a
    client's Accept-Language alone does not turn it to English (as on the web pages)."""
    body = BODY if field is None else {**BODY, "language": field}
    headers = {"Accept-Language": accept} if accept else {}
    assert post(client, body, **headers).status_code == 201
    assert Complaint.objects.get().language == stored


def test_an_unknown_language_is_refused(client, office):
    response = post(client, {**BODY, "language": "fr"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "language"


def test_a_pdf_with_a_stray_prefix_and_a_name_without_letters_is_accepted(client, office):
    """Issue 11 §3: what readers open is taken; the odd name gets a plain one, never a 400."""
    content = b"\r\n" + PDF
    upload = SimpleUploadedFile("¡¡¡¡¡¡¡¡.¡¡¡", content, content_type="application/pdf")
    response = client.post(URL, {**BODY, "attachments": [upload]})
    assert response.status_code == 201, response.content
    stored = Complaint.objects.get().attachments.get()
    assert (stored.name, stored.content_type) == ("berkas.pdf", "application/pdf")
    assert stored.file.read() == PDF


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_submission_is_one_transaction_with_its_delivery_task(
    client, office, settings, django_assert_num_queries
):
    # Issue 18 (300 submissions a second): no office query (it is kept in the cache since the
    # first post: `kept_office_by_slug`); the reference counter's UPDATE ... RETURNING, the
    # complaint (no savepoint of its own: a code collision retries the whole receipt), its
    # event, the acknowledgement and the task that delivers it, all in one transaction (here
    # the receipt's savepoint and its release: the test's own transaction is around it).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    post(client, {**BODY, "title": "Yang pertama"})  # the year's counter row exists now
    with django_assert_num_queries(7) as captured:
        assert post(client, BODY).status_code == 201
    statements = [query["sql"].split()[0] for query in captured.captured_queries]
    assert statements.count("UPDATE") == 1
    assert statements.count("SAVEPOINT") == 1
    # Each acknowledgement has its delivery task, written in the same transaction.
    tasks = {task.args_kwargs["kwargs"]["message_id"] for task in DBTaskResult.objects.all()}
    acknowledgements = OutboxMessage.objects.filter(topic="complaint.acknowledgement")
    assert tasks == set(acknowledgements.values_list("pk", flat=True))
    assert len(tasks) == 2


@time_machine.travel(MONDAY_0900, tick=False)
def test_the_api_is_held_to_the_web_forms_limit_counting_only_saved_complaints(
    client, office, office_b
):
    """Issue 12, finding 3: the API allowed 20 complaints a minute where the web form allows
    10 an hour. Both now share one bucket per client and office, refusals do not count."""
    for _ in range(15):
        assert post(client, {**BODY, "title": ""}).status_code == 422
    assert [post(client, BODY).status_code for _ in range(10)] == [201] * 10
    refused = post(client, BODY)
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Too many requests; try again later."}
    assert post(client, {**BODY, "office": office_b.slug}).status_code == 201
    assert Complaint.objects.filter(office=office).count() == 10
    # The web form's "Kirim" of the same client and office is past the limit too.
    from .test_citizen_flow import send

    assert send(client, office).status_code == 429
