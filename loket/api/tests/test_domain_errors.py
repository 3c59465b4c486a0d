"""A service refusal that reaches the API unanswered becomes one error body: 422 with the
refusal's code, field and message, in the request's language."""

import pytest
from django.test import Client
from django.urls import path
from django.utils import translation
from ninja import NinjaAPI

from loket.api.api import api, domain_error
from loket.errors import DomainError
from loket.workdays.services import CalendarError

# A throw-away API with the site API's handler, so the real OpenAPI document stays as it is.
probe = NinjaAPI(urls_namespace="probe")
probe.add_exception_handler(DomainError, domain_error)


@probe.get("/refusal/")
def refusal(request):
    from django.utils.translation import gettext_lazy as _

    raise CalendarError(_("Alasan wajib diisi."), code="reason_required", field="reason")


urlpatterns = [path("probe/", probe.urls)]


@pytest.fixture
def probe_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_the_site_api_answers_domain_errors_with_this_handler():
    assert api._lookup_exception_handler(CalendarError("x")) is domain_error


def test_a_domain_error_becomes_a_422_with_its_code_and_field(probe_urls):
    response = Client().get("/probe/refusal/")
    assert response.status_code == 422
    message = "Alasan wajib diisi."
    assert response.json() == {
        "detail": message,
        "errors": [{"code": "reason_required", "field": "reason", "message": message}],
    }


def test_the_message_is_in_the_language_the_client_chose(probe_urls, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("id"):  # the request's language must not leak into other tests
        response = client.get("/probe/refusal/")
    assert response.json()["detail"] == "A reason is required."
