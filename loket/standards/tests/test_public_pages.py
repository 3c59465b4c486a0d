"""The public pages carry every item of the seed, in its order and wording; earlier versions
stay readable at their own URL; the PDF has the same text."""

import re

import pytest
import time_machine
from django.conf import settings

from loket.site.demo import load_demo_office, load_demo_standard
from loket.standards import services
from loket.standards.models import Service

from .helpers import SEED, SEED_ITEMS, assert_in_order, page_items, page_text, pdf_text

pytestmark = pytest.mark.django_db

PUBLISHED_AT = "2026-01-05 01:00:00+00:00"  # 08.00 WIB, Monday 5 January 2026
URL = "/instansi/biro-perekonomian-kalbar/layanan/pelayanan-konsultasi/"


@pytest.fixture
def demo():
    with time_machine.travel(PUBLISHED_AT, tick=False):
        office = load_demo_office()
        load_demo_standard(office)
    return office


def test_the_expected_items_are_the_seed_file_itself_in_its_order():
    # The expectations are written by hand; this proves they are the seed's own wording and
    # order, so the page tests below compare against the seed, not against the parser.
    assert_in_order(SEED.read_text(), SEED_ITEMS)
    raw = re.sub(r"\s+", " ", SEED.read_text())
    assert raw.count("No. SK : Persyaratan") == 1  # the seed states no decree number


def test_the_service_page_shows_every_seed_item_in_the_seed_order(client, demo):
    response = client.get(URL)
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert_in_order(text, page_items())
    assert "terbit 5 Januari 2026" in text


def test_the_office_page_links_to_its_services_and_pledge(client, demo):
    html = client.get("/instansi/biro-perekonomian-kalbar/").content.decode()
    assert f'href="{URL}"' in html
    assert 'href="/instansi/biro-perekonomian-kalbar/maklumat/"' in html
    listing = client.get("/instansi/biro-perekonomian-kalbar/layanan/").content.decode()
    assert f'href="{URL}"' in listing


def test_a_new_version_is_public_and_the_old_one_stays_at_its_own_url(client, demo, alice):
    service = Service.objects.get()
    draft = services.start_new_version(service, actor=alice)
    services.update_draft(draft, actor=alice, requirements=["Surat Tugas", "KTP"])
    assert "KTP" not in page_text(client.get(URL).content.decode())  # drafts stay private
    assert client.get(f"{URL}versi/2/").status_code == 404
    services.publish(draft, actor=alice, decree_number="123/2026", effective_date=None)

    current = page_text(client.get(URL).content.decode())
    assert "KTP" in current
    assert "No. SK 123/2026" in current
    assert "Versi lain" in current
    old_html = client.get(f"{URL}versi/1/").content.decode()
    assert f'href="{URL}versi/1/"' in client.get(URL).content.decode()
    old = page_text(old_html)
    assert "Dokumen / Berkas Pendukung" in old
    assert "KTP" not in old
    assert "bukan versi yang berlaku" in old


def test_unknown_offices_services_and_versions_are_404(client, demo):
    assert client.get("/instansi/tidak-ada/layanan/").status_code == 404
    assert client.get("/instansi/biro-perekonomian-kalbar/layanan/tidak-ada/").status_code == 404
    assert client.get(f"{URL}versi/9/").status_code == 404
    assert client.get(f"{URL}versi/9/pdf/").status_code == 404


def test_the_page_prints_on_a4(client, demo):
    html = client.get(URL).content.decode()
    assert 'media="print"' in html
    css = (settings.BASE_DIR / "loket" / "static" / "loket" / "print.css").read_text()
    assert "size: A4" in css
    assert 'class="print-only print-header"' in html  # the letterhead appears on paper


def test_the_pdf_carries_the_header_decree_version_date_and_every_seed_item(client, demo):
    response = client.get(f"{URL}pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    for header in (
        "Pemerintah Provinsi Kalimantan Barat",
        "Biro Perekonomian",
        "Jl. Jenderal Ahmad Yani",
        "78124",
        "No. SK belum ditetapkan",
        "terbit 5 Januari 2026",
    ):
        assert header in text
    assert_in_order(text, page_items())


def test_the_pledge_page_shows_the_published_pledge_only(client, demo, alice):
    url = "/instansi/biro-perekonomian-kalbar/maklumat/"
    assert "belum menerbitkan maklumat" in client.get(url).content.decode()
    pledge = services.save_pledge_draft(demo, actor=alice, text="Kami sanggup melayani.")
    assert "Kami sanggup" not in client.get(url).content.decode()
    services.publish_pledge(pledge, actor=alice)
    assert "Kami sanggup melayani." in client.get(url).content.decode()


def test_the_service_page_stays_under_100_kb_compressed(client, demo, compressed_page_weight):
    assert compressed_page_weight(URL) < 100_000
    assert compressed_page_weight("/instansi/biro-perekonomian-kalbar/layanan/") < 100_000
    assert compressed_page_weight("/instansi/biro-perekonomian-kalbar/maklumat/") < 100_000


def test_service_headings_follow_the_page_outline(client, demo):
    """Each card is one level below the page's nearest heading (axe: heading-order)."""
    listing = client.get("/instansi/biro-perekonomian-kalbar/layanan/").content.decode()
    assert "<h2><a" in listing
    assert "<h3>" not in listing
    office = client.get("/instansi/biro-perekonomian-kalbar/").content.decode()
    assert office.index("<h2") < office.index("<h3><a")


def test_a_browser_holding_the_page_gets_304_until_a_version_changes(client, demo, alice):
    first = client.get(URL)
    etag = first["ETag"]
    assert etag.startswith('"')
    assert first["Last-Modified"] == "Mon, 05 Jan 2026 01:00:00 GMT"
    assert "no-cache" in first["Cache-Control"]
    assert "private" in first["Cache-Control"]
    again = client.get(URL, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(URL, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    # Another language is another page.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(URL, headers={"If-None-Match": etag})
    assert english.status_code == 200
    assert english["ETag"] != etag
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    # A new version published: the same tag no longer matches.
    service = Service.objects.get()
    draft = services.start_new_version(service, actor=alice)
    services.update_draft(draft, actor=alice, requirements=["Surat Tugas", "KTP"])
    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 304  # drafts: same
    services.publish(draft, actor=alice, decree_number="123/2026", effective_date=None)
    client.logout()
    changed = client.get(URL, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "KTP" in page_text(changed.content.decode())


def test_a_new_csrf_cookie_is_a_new_page(client, demo):
    # The language switch form carries a token bound to the cookie: a cookie rotated at
    # sign-in or sign-out must not bring back a page holding the old token.
    etag = client.get(URL)["ETag"]
    client.cookies["csrftoken"] = "x" * 32
    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 200


def test_one_rendering_serves_every_anonymous_visitor_with_their_own_token(
    client, demo, alice, monkeypatch
):
    from django.test import Client

    from loket.standards import public_views

    rendered = []
    real = public_views.render
    monkeypatch.setattr(public_views, "render", lambda *a, **k: rendered.append(1) or real(*a, **k))
    first = client.get(URL)
    other = Client(enforce_csrf_checks=True)
    second = other.get(URL)
    assert len(rendered) == 1  # the second visitor got the kept page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second.content.decode())[1]
    assert token not in first.content.decode()
    assert page_text(second.content.decode()) == page_text(first.content.decode())
    # The kept page's form works for the second visitor with their own cookie.
    switched = other.post("/bahasa/", {"language": "en", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302
    assert "Service standard" in other.get(URL).content.decode()  # English: its own page
    assert len(rendered) == 2
    # A signed-in user's page is always their own rendering.
    client.force_login(alice)
    client.get(URL)
    assert len(rendered) == 3
    # A new version changes what the page shows: rendered again.
    client.logout()
    service = Service.objects.get()
    draft = services.start_new_version(service, actor=alice)
    services.update_draft(draft, actor=alice, requirements=["Surat Tugas", "KTP"])
    services.publish(draft, actor=alice, decree_number="9/2026", effective_date=None)
    assert "KTP" in page_text(Client().get(URL).content.decode())
    assert len(rendered) == 4


def test_while_nothing_changes_an_anonymous_visit_runs_no_query(
    client, demo, alice, django_assert_num_queries
):
    """Issue 18: the page's parts are kept under the offices' and standards' content stamps;
    any save of an office, a service, a standard or a pledge gives the stamp a new value."""
    from django.test import Client

    client.get(URL)
    with django_assert_num_queries(0):
        again = Client().get(URL)
    assert again.status_code == 200
    assert "Pelayanan Konsultasi" in again.content.decode()
    service = Service.objects.get()
    service.name = "Konsultasi Perekonomian"
    service.save()
    assert "Konsultasi Perekonomian" in Client().get(URL).content.decode()
    demo.name = "Biro Ekonomi"
    demo.save()
    assert "Biro Ekonomi" in Client().get(URL).content.decode()
    # A signed-in user's page is built from the rows every time.
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Biro Ekonomi" in response.content.decode()


def test_the_version_in_force_changes_at_the_office_s_midnight_without_a_write(client, demo, alice):
    """A published future version comes into force at 00:00 WIB (17:00 UTC), with no row
    changed: the kept parts are keyed by the hour, so the page follows the clock."""
    from datetime import date

    service = Service.objects.get()
    with time_machine.travel("2026-03-01 10:00:00+00:00", tick=False):
        draft = services.start_new_version(service, actor=alice)
        services.update_draft(draft, actor=alice, requirements=["Surat Tugas", "KTP"])
        services.publish(
            draft, actor=alice, decree_number="9/2026", effective_date=date(2026, 3, 2)
        )
    with time_machine.travel("2026-03-01 16:59:00+00:00", tick=False):
        client.get(URL)
        before = page_text(client.get(URL).content.decode())
    with time_machine.travel("2026-03-01 17:00:00+00:00", tick=False):
        after = page_text(client.get(URL).content.decode())
    assert "KTP" not in before
    assert "KTP" in after
