"""Finding 5 (issue 12): a request body is refused on its Content-Length, per endpoint, before
a byte of it is read, and a client's draft evidence has a quota. Before: a 200 MB body to the
API was streamed to disk before the 2 MB check, and twelve sessions kept 120 MB of drafts."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.complaints import files
from loket.complaints.models import Complaint
from loket.middleware import API_JSON_MAX_BYTES, FORM_OVERHEAD, body_limit

from .samples import PNG

pytestmark = pytest.mark.django_db

HUGE = str(200 * 1024 * 1024)


def test_a_200_mb_body_to_the_api_is_refused_as_json_before_it_is_read(client, office_a):
    response = client.post(
        "/api/v1/complaints/",
        b"{}",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=HUGE,
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    error = response.json()["errors"][0]
    assert error["code"] == "too_large"
    assert error["field"] is None
    assert str(files.MAX_FILES * files.MAX_BYTES + FORM_OVERHEAD) in error["message"]
    assert not Complaint.objects.exists()


def test_a_json_body_has_a_small_cap_and_a_multipart_one_room_for_the_files():
    assert body_limit("api-v1:create_complaint", "application/json") == API_JSON_MAX_BYTES
    assert body_limit("api-v1:create_complaint", "multipart/form-data") == (
        5 * 2 * 1024 * 1024 + FORM_OVERHEAD
    )
    assert body_limit("visits:book_check", "multipart/form-data") == 4 * 2 * 1024 * 1024 + (
        FORM_OVERHEAD
    )


def test_a_json_body_just_past_its_cap_is_refused_and_one_within_goes_through(client, office_a):
    url = "/api/v1/complaints/"
    big = json.dumps({"title": "x" * API_JSON_MAX_BYTES})
    assert client.post(url, big, content_type="application/json").status_code == 413
    small = json.dumps({"title": "x"})
    assert client.post(url, small, content_type="application/json").status_code == 422


def test_the_evidence_page_answers_a_too_large_body_with_a_page(client, office_a):
    url = reverse("complaints:step_evidence", args=[office_a.slug])
    response = client.post(
        url, b"", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=HUGE
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Kiriman terlalu besar" in page
    assert "10,2\xa0MB" in page  # the page's own cap, for the person


def test_a_malformed_content_length_is_refused(client, office_a):
    url = reverse("complaints:step_evidence", args=[office_a.slug])
    response = client.post(url, b"", content_type="text/plain", CONTENT_LENGTH="banyak")
    assert response.status_code == 400


def test_one_client_cannot_fill_the_disk_with_drafts_from_many_sessions(
    client_factory, office_a, settings
):
    from loket.complaints.tests.test_citizen_flow import fill_what

    settings.LOKET_DRAFT_QUOTA_BYTES = 3 * 1024  # three small photos' worth
    url = reverse("complaints:step_evidence", args=[office_a.slug])
    answers = []
    for address in ["203.0.113.7"] * 3 + ["198.51.100.9"]:
        session = client_factory(REMOTE_ADDR=address)
        fill_what(session, office_a)
        photo = SimpleUploadedFile("foto.png", PNG + b"\x00" * 1000, "image/png")
        answers.append(session.post(url, {"files": [photo], "action": "upload"}).status_code)
    assert answers == [302, 302, 413, 302]  # the third is past the first client's quota


@pytest.fixture
def client_factory():
    from django.test import Client

    return lambda **defaults: Client(**defaults)
