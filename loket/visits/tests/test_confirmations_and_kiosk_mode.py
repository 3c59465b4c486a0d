"""Destructive actions ask first and look like warnings (issue #11): the desk's cancel and
walk-out. Kiosk mode (issue #14): the reset after each visitor forgets the language and the
session; the guest book on the tablet never offers one visitor's answers to the next."""

import pytest
from django.conf import settings

from .conftest import TUESDAY_0900

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


@pytest.mark.parametrize(
    ("how", "question"),
    [("batal", "Batalkan kunjungan Siti Aminah?"), ("keluar", "Catat bahwa Siti Aminah pergi")],
)
def test_the_desk_asks_before_closing_a_visit(client, rina, make_walk_in, how, question):
    visit = make_walk_in()
    client.force_login(rina)
    detail = client.get(f"/staf/kantor-a/tamu/{visit.pk}/").content.decode()
    assert f'href="/staf/kantor-a/tamu/{visit.pk}/{how}/"' in detail  # a link, not a button
    page = client.get(f"/staf/kantor-a/tamu/{visit.pk}/{how}/").content.decode()
    assert question in page
    assert 'class="button button-warning"' in page
    visit.refresh_from_db()
    assert visit.status == "checked_in"
    assert client.post(f"/staf/kantor-a/tamu/{visit.pk}/{how}/").status_code == 302
    visit.refresh_from_db()
    assert visit.status in ("cancelled", "walked_out")


def test_the_head_may_not_open_the_question(client, hana, make_walk_in):
    visit = make_walk_in()
    client.force_login(hana)
    assert client.get(f"/staf/kantor-a/tamu/{visit.pk}/batal/").status_code == 403


@pytest.mark.usefixtures("enrolled")
def test_the_kiosk_reset_forgets_the_language_and_the_session(client, service_a):
    client.post("/bahasa/", {"language": "en", "next": "/instansi/kantor-a/kiosk/"})
    assert "Welcome" in client.get("/instansi/kantor-a/kiosk/").content.decode()
    session_before = client.session.session_key
    response = client.get("/instansi/kantor-a/kiosk/mulai/")
    assert response.status_code == 302
    assert response["Location"] == "/instansi/kantor-a/kiosk/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["max-age"] == 0
    page = client.get("/instansi/kantor-a/kiosk/").content.decode()
    assert "Selamat datang" in page
    assert client.session.session_key != session_before


@pytest.mark.usefixtures("enrolled")
def test_the_kiosk_pages_have_no_link_out_and_time_out_without_javascript(client, service_a):
    import re

    page = client.get("/instansi/kantor-a/kiosk/buku-tamu/").content.decode()
    links = re.findall(r'href="([^"]+)"', page)
    inside = ("/instansi/kantor-a/kiosk/", "#", "/static/")
    assert all(link.startswith(inside) for link in links), links
    assert "/staf/" not in page
    assert (
        '<noscript><meta http-equiv="refresh" content="300;url=/instansi/kantor-a/kiosk/mulai/">'
        in page
    )
    assert 'data-kiosk-idle="90"' in page
    fields = re.findall(r"<(?:input|textarea|select)[^>]*>", page)
    typed = [f for f in fields if 'type="hidden"' not in f and 'type="radio"' not in f]
    assert typed
    assert all('autocomplete="off"' in field for field in typed), typed
