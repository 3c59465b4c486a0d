"""Finding 6 (issue 12): no browser or proxy keeps a response with personal data
(`Cache-Control: no-store`, one rule: loket.middleware.PrivateResponseMiddleware). Before: the
tracking page, its files and the API's answer about a complaint had no Cache-Control at all."""

import json

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from loket.complaints import services
from loket.middleware import PERSONAL_DATA_VIEWS
from loket.tests.samples import PDF

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


def assert_no_store(response):
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control, (response.status_code, cache_control)
    assert "private" in cache_control
    assert "ETag" not in response
    assert "Last-Modified" not in response


@pytest.fixture
def answered(make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        evidence = services.Upload("ktp.pdf", "application/pdf", ContentFile(PDF), len(PDF))
        complaint = make_complaint(attachments=[evidence])
        services.classify(complaint, actor=officer, class_code="normatif")
        letter = services.Upload("surat.pdf", "application/pdf", ContentFile(PDF), len(PDF))
        services.answer(complaint, actor=handler, text="Sudah ditangani.", attachments=[letter])
    return complaint


def test_the_citizens_complaint_pages_are_never_stored(client, office, answered):
    code = answered.tracking_code
    answer_file = answered.attachments.get(answer__isnull=False)
    urls = [
        reverse("complaints:track", args=[code]),
        reverse("complaints:public_attachment", args=[code, answer_file.pk]),
        f"/api/v1/complaints/{code}/",
        reverse("complaints:step_what", args=[office.slug]),
        reverse("complaints:step_who", args=[office.slug]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert_no_store(response)


def test_a_complaint_sent_through_the_api_is_answered_with_no_store(client, office):
    body = {"office": office.slug, "title": "Loket tutup", "description": "Tutup.", "name": "R"}
    response = client.post("/api/v1/complaints/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert_no_store(response)


def test_staff_identity_evidence_and_staff_api_are_never_stored(client, office, answered, head):
    evidence = answered.attachments.get(answer__isnull=True)
    client.force_login(head)
    urls = [
        reverse("complaints:staff_identity", args=[office.slug, answered.reference]),
        reverse("complaints:staff_attachment", args=[office.slug, answered.reference, evidence.pk]),
        f"/api/v1/staff/offices/{office.slug}/complaints/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_store(response)


def test_an_office_page_without_personal_data_may_still_be_cached(client, office):
    response = client.get(office.get_absolute_url())
    assert "no-store" not in response.get("Cache-Control", "")


def test_every_view_named_by_the_rule_exists():
    from django.urls import get_resolver

    def names(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from names(pattern, inner)
            elif pattern.name:
                yield f"{prefix}{pattern.name}"

    assert not PERSONAL_DATA_VIEWS - set(names(get_resolver()))
