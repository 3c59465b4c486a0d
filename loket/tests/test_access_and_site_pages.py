"""Site-wide behaviour: one access rule on every staff page (403 for a colleague without the
role, 404 for another office), a refusal logged without a traceback, the sign-out page and
the favicon."""

import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.urls import URLResolver, get_resolver

from loket.offices import services as offices
from loket.offices.roles import Role
from loket.site.demo import DEMO_OFFICE_SLUG, load_demo_office, load_demo_users

pytestmark = pytest.mark.django_db

OFFICE_ROUTE = re.compile(r"^staf/<slug:(?:slug|office_slug)>/")


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


def office_pages() -> list[str]:
    """Every staff page of one office whose only parameter is the office (GET or not)."""
    return sorted(
        "/" + OFFICE_ROUTE.sub(f"staf/{DEMO_OFFICE_SLUG}/", route)
        for route in _routes(get_resolver().url_patterns)
        if OFFICE_ROUTE.match(route) and route.count("<") == 1
    )


@pytest.fixture
def demo_office():
    office = load_demo_office()
    load_demo_users(office)
    return office


def test_the_walk_finds_the_staff_pages_of_every_app():
    pages = office_pages()
    for page in ("tamu/", "konsultasi/", "pengaduan/", "standar/", "survei/", "laporan/"):
        assert f"/staf/{DEMO_OFFICE_SLUG}/{page}" in pages
    assert len(pages) >= 40


@pytest.mark.parametrize("username", ["informasi", "konsultan", "pejabat", "tim", "kepala"])
def test_a_colleague_without_the_role_gets_403_never_404(client, demo_office, username):
    client.force_login(get_user_model().objects.get(username=username))
    answers = {page: client.get(page).status_code for page in office_pages()}
    wrong = {page: code for page, code in answers.items() if code not in (200, 302, 403, 405)}
    assert wrong == {}
    assert 403 in answers.values()  # every one of these roles lacks some page


def test_staff_of_another_office_get_404_everywhere(client, demo_office):
    other = offices.save_office(
        "kantor-lain", name="Kantor Lain", parent_name="Pemda Lain", timezone="Asia/Jakarta"
    )
    outsider = get_user_model().objects.create_user("luar")
    for role in set(Role.values) - {Role.CONSULTANT}:
        offices.grant_role(user=outsider, office=other, role=role, division=None)
    client.force_login(outsider)
    answers = {page: client.get(page).status_code for page in office_pages()}
    assert {page: code for page, code in answers.items() if code not in (404, 405)} == {}


def test_the_supervisor_of_the_office_gets_404_on_every_staff_page_of_it(client, demo_office):
    """A supervisor (issue 16) reads aggregates in the province comparison, never a staff page
    of the office it supervises: like another office's staff, 404 everywhere."""
    client.force_login(get_user_model().objects.get(username="pengawas"))
    answers = {page: client.get(page).status_code for page in office_pages()}
    assert {page: code for page, code in answers.items() if code not in (404, 405)} == {}
    assert client.get("/staf/provinsi/").status_code == 200
    assert client.get(f"/staf/provinsi/{DEMO_OFFICE_SLUG}/").status_code == 200


def test_a_refusal_is_one_warning_without_a_traceback(client, demo_office, caplog):
    client.force_login(get_user_model().objects.get(username="informasi"))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(f"/staf/{DEMO_OFFICE_SLUG}/standar/")
    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert (
        record.getMessage() == f"Forbidden (Permission denied): /staf/{DEMO_OFFICE_SLUG}/standar/"
    )
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


def test_get_sign_out_shows_a_page_with_the_button(client, demo_office):
    assert "Anda tidak sedang masuk" in client.get("/staf/keluar/").content.decode()
    client.force_login(get_user_model().objects.get(username="kepala"))
    page = client.get("/staf/keluar/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<form action="/staf/keluar/" method="post">' in html
    assert "Dewi Kepala Biro" in html
    # Still signed in: the staff home sends the head of one office to its dashboard.
    assert client.get("/staf/")["Location"] == "/staf/biro-perekonomian-kalbar/dasbor/"
    assert client.post("/staf/keluar/")["Location"] == "/"
    assert client.get("/staf/")["Location"].startswith("/staf/masuk/")  # signed out


def test_the_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/loket/favicon.ico"
    icon = finders.find("loket/favicon.ico")
    with open(icon, "rb") as file:
        assert file.read(4) == b"\x00\x00\x01\x00"  # an ICO header
    html = client.get("/staf/masuk/").content.decode()
    assert '<link rel="icon" href="/static/loket/favicon.ico"' in html
