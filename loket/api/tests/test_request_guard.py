"""Finding 6 (issue 12): the JSON API takes only the content types it documents (415), answers
malformed, too deep or NUL-carrying bodies with a JSON 400, and every refusal has the
documented shape. Before: `text/plain` carrying JSON created a complaint (any web page could
make its visitors file one), 100,000 levels of nesting gave a 500, schema errors had their own
shape and a NUL went to the database."""

import json

import pytest

from loket.api.guard import MAX_DEPTH, too_deep
from loket.complaints.models import Complaint

pytestmark = pytest.mark.django_db

URL = "/api/v1/complaints/"
BODY = {
    "office": "kantor-a",
    "title": "Loket tutup",
    "description": "Loket tutup pada jam layanan.",
    "name": "Rudi",
    "email": "rudi@contoh.id",
}


def refusal(response, status, code, field=None):
    """The documented error body: `detail` and one error with `code`, `field`, `message`."""
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "errors"}
    (error,) = body["errors"]
    assert set(error) == {"code", "field", "message"}
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"] == body["detail"]
    return error


def test_json_sent_as_text_plain_never_creates_a_complaint(client, office_a):
    response = client.post(URL, json.dumps(BODY), content_type="text/plain")
    error = refusal(response, 415, "unsupported_media_type")
    assert "application/json or multipart/form-data" in error["message"]
    assert not Complaint.objects.exists()


def test_a_url_encoded_form_is_not_a_complaint_either(client, office_a):
    response = client.post(URL, "title=x", content_type="application/x-www-form-urlencoded")
    refusal(response, 415, "unsupported_media_type")
    assert not Complaint.objects.exists()


def test_a_visit_booking_takes_a_form_not_json(client, office_a):
    response = client.post("/api/v1/visits/", "{}", content_type="application/json")
    refusal(response, 415, "unsupported_media_type")


def test_malformed_json_is_a_400(client, office_a):
    response = client.post(URL, '{"title": ', content_type="application/json")
    refusal(response, 400, "malformed_json")
    response = client.post(URL, '{"title": NaN}', content_type="application/json")
    refusal(response, 400, "malformed_json")


def test_deep_nesting_is_refused_without_a_server_error(client, office_a):
    deep = "[" * 10_000 + "]" * 10_000  # 20 KB: within the size cap
    refusal(client.post(URL, deep, content_type="application/json"), 400, "too_deep")
    deepest = "[" * 100_000 + "]" * 100_000  # 200 KB: past the cap first
    refusal(client.post(URL, deepest, content_type="application/json"), 413, "too_large")


def test_the_depth_limit_counts_brackets_outside_strings_only():
    assert too_deep("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), MAX_DEPTH)
    assert not too_deep("[" * MAX_DEPTH + "]" * MAX_DEPTH, MAX_DEPTH)
    assert not too_deep(json.dumps({"title": "[" * 1000 + '\\"['}), MAX_DEPTH)


def test_a_nul_character_is_refused_and_named_by_its_field(client, office_a):
    body = json.dumps({**BODY, "description": "Loket\u0000tutup"})
    refusal(
        client.post(URL, body, content_type="application/json"), 400, "nul_character", "description"
    )
    response = client.post(URL, {**BODY, "title": "Loket\x00tutup"})  # multipart
    refusal(response, 400, "nul_character", "title")
    assert not Complaint.objects.exists()


def test_input_the_schema_refuses_has_the_documented_shape(client, db):
    response = client.get("/api/v1/services/bukan-angka/")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Invalid input."
    (error,) = body["errors"]
    assert (error["code"], error["field"]) == ("invalid", "service_id")
    assert "valid integer" in error["message"]


def test_the_staff_api_without_signing_in_is_a_401_of_the_same_shape(client, office_a):
    response = client.get(f"/api/v1/staff/offices/{office_a.slug}/complaints/")
    refusal(response, 401, "not_signed_in")


def test_a_colleague_whose_role_does_not_allow_it_gets_a_json_403_of_the_same_shape(
    client, office_a, bob
):
    """Found by a tester: the front desk asking the staff API for complaints got the site's
    HTML "Tidak ada akses" page, which no program can read."""
    client.force_login(bob)
    response = client.get(f"/api/v1/staff/offices/{office_a.slug}/complaints/")
    refusal(response, 403, "forbidden")


def test_a_well_formed_json_complaint_still_goes_through(client, office_a):
    response = client.post(URL, json.dumps(BODY), content_type="application/json")
    assert response.status_code == 201


def test_the_openapi_document_lists_every_answer_the_site_adds(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    create = schema["paths"]["/api/v1/complaints/"]["post"]["responses"]
    assert {"201", "400", "413", "415", "422", "429"} <= set(create)
    read = schema["paths"]["/api/v1/complaints/{tracking_code}/"]["get"]["responses"]
    assert {"200", "404", "422", "429"} <= set(read)
    staff = schema["paths"]["/api/v1/staff/offices/{office_slug}/complaints/"]["get"]
    assert {"200", "401", "403", "404", "422"} <= set(staff["responses"])
    assert "ApiError" in schema["components"]["schemas"]


def test_a_form_posted_from_a_page_of_another_site_files_nothing(client, office_a, settings):
    # The ASVS review: a multipart post with Origin https://evil.example created a complaint.
    form = dict(BODY)  # posted as multipart, as a web page would
    evil = client.post(URL, form, headers={"Origin": "https://evil.example"})
    refusal(evil, 403, "foreign_origin")
    sandboxed = client.post(URL, form, headers={"Origin": "null"})
    refusal(sandboxed, 403, "foreign_origin")
    booking = client.post(
        "/api/v1/visits/", {"office": "kantor-a"}, headers={"Origin": "https://evil.example"}
    )
    refusal(booking, 403, "foreign_origin")
    assert not Complaint.objects.exists()
    # A server or an app sends no Origin; this site's pages and trusted origins may post.
    assert client.post(URL, form).status_code == 201
    assert client.post(URL, form, headers={"Origin": "http://testserver"}).status_code == 201
    settings.CSRF_TRUSTED_ORIGINS = ["https://portal.kalbarprov.go.id"]
    trusted = client.post(URL, form, headers={"Origin": "https://portal.kalbarprov.go.id"})
    assert trusted.status_code == 201
    # JSON needs a CORS preflight from a foreign page, which is never granted: not refused here.
    assert (
        client.post(
            URL,
            json.dumps(BODY),
            content_type="application/json",
            headers={"Origin": "https://evil.example"},
        ).status_code
        == 201
    )


def test_every_json_answer_of_the_api_is_an_attachment_but_its_openapi_document(client, office_a):
    """OWASP ASVS 4.0.3 V14.4.2: an API answer opened in a browser is a download, never a
    page rendered in the site's origin, whatever it carries."""
    attachment = 'attachment; filename="api.json"'
    created = client.post(URL, json.dumps(BODY), content_type="application/json")
    assert created.status_code == 201
    assert created["Content-Disposition"] == attachment
    read = client.get(f"{URL}{created.json()['tracking_code']}/")
    assert read["Content-Disposition"] == attachment
    refused = client.post(URL, "x", content_type="text/plain")
    assert refused["Content-Disposition"] == attachment
    missing = client.get(f"{URL}2222-2222-2222/")
    assert missing.status_code == 404
    assert missing["Content-Disposition"] == attachment
    assert not client.get("/api/v1/openapi.json").has_header("Content-Disposition")
