import re

import pytest
from django.db.utils import OperationalError

from loket.offices.tests.factories import OfficeFactory
from loket.site.demo import load_demo_office

pytestmark = pytest.mark.django_db

SEED_CHANNEL_TEXTS = [
    "Tatap muka langsung kepada Pejabat Pengelola Pengaduan",
    "Tertulis disampaikan ke Kotak Pengaduan",
    "0816-4911-2053",  # stored in E.164, shown in the national format (issue #11)
    "(0561) 736541 ext. 213",
    "(0561) 730062",
    "perekonomian@kalbarprov.go.id",
    "SP4N-LAPOR!",
    "www.lapor.go.id",
]


@pytest.fixture
def demo_office():
    return load_demo_office()


def test_the_home_page_of_a_one_office_deployment_opens_that_office(client, demo_office):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/instansi/biro-perekonomian-kalbar/"


def test_the_home_page_lists_offices_when_there_are_several(client, demo_office):
    OfficeFactory(name="Biro Organisasi")
    html = client.get("/").content.decode()
    assert "Biro Perekonomian" in html
    assert "Biro Organisasi" in html
    assert '<html lang="id">' in html


def test_the_office_page_shows_the_seed_office(client, demo_office):
    html = client.get("/instansi/biro-perekonomian-kalbar/").content.decode()
    assert '<html lang="id">' in html
    for text in [
        "Biro Perekonomian",
        "Pemerintah Provinsi Kalimantan Barat",
        "Jl. Jenderal Ahmad Yani, Bangka Belitung Laut, Kec. Pontianak Tenggara",
        "78124",
        "(0561) 736541",
        "Jam layanan",
        "07.30–12.00, 13.00–16.00",
        "07.30–11.30, 13.00–16.30",
        "Saluran pengaduan",
        "Bagian Bina Mental Spiritual",
        "Bagian Pelayanan Dasar",
        "Bagian Pelayanan Non Dasar",
        *SEED_CHANNEL_TEXTS,
    ]:
        assert text in html, text
    assert 'href="tel:+62561736541;ext=213"' in html
    assert 'href="https://wa.me/6281649112053"' in html
    assert html.count("<h1") == 1


def test_a_browser_asking_for_english_still_gets_indonesian(client, demo_office):
    response = client.get(
        "/instansi/biro-perekonomian-kalbar/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert '<html lang="id">' in response.content.decode()


def test_the_language_switch_translates_the_page(client, demo_office):
    response = client.post(
        "/bahasa/", {"language": "en", "next": "/instansi/biro-perekonomian-kalbar/"}
    )
    assert response.status_code == 302
    html = client.get("/instansi/biro-perekonomian-kalbar/").content.decode()
    assert '<html lang="en">' in html
    for english in ["Service hours", "Complaint channels", "Address and contacts", "Monday"]:
        assert english in html
    for indonesian in ["Jam layanan", "Saluran pengaduan", "Senin"]:
        assert indonesian not in html


def test_an_unknown_office_is_404(client):
    assert client.get("/instansi/tidak-ada/").status_code == 404


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_the_office_page_stays_far_under_100_kb_compressed(
    client, demo_office, compressed_page_weight
):
    assert compressed_page_weight("/instansi/biro-perekonomian-kalbar/") < 100_000


def test_every_public_page_linked_from_the_office_page_answers_head_as_get(client, demo_office):
    """Load balancers and link checkers ask with HEAD; a public page must not answer 405."""
    html = client.get("/instansi/biro-perekonomian-kalbar/").content.decode()
    links = sorted(set(re.findall(r'href="(/(?:instansi|pengaduan)[^"#?]*)"', html)))
    assert len(links) >= 6
    for url in [*links, "/healthz", "/"]:
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code, url
        assert head.status_code in (200, 302), url
        assert head.content == b"", url
