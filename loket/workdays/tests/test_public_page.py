"""The public page "Hari dan jam layanan": weekly hours with breaks, dated hours, the
year's closing days with their names and the days declared working; `?tahun=` picks a
year. Frozen in 2026, so "this year" is 2026 whatever today is."""

from datetime import date, time

import pytest
import time_machine

from loket.offices.tests.factories import OfficeFactory, UserFactory
from loket.workdays import services

pytestmark = pytest.mark.django_db

NOW = "2026-03-02 02:00:00+00:00"  # Monday 2 March 2026, 09:00 in Pontianak


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True)


def url(office, query=""):
    return f"/instansi/{office.slug}/hari-layanan/{query}"


def test_it_shows_the_default_hours_with_breaks_and_the_years_holidays(client, office_a):
    response = client.get(url(office_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<caption" in html
    assert 'scope="col"' in html
    assert 'scope="row"' in html
    assert "Senin – Kamis" in html
    assert "07.30–12.00, 13.00–16.00" in html
    assert "12.00–13.00" in html  # the Monday-Thursday break
    assert "07.30–11.30, 13.00–16.30" in html
    assert "11.30–13.00" in html
    # 2026: Idul Fitri and the cuti bersama around it, with their names.
    assert '<time datetime="2026-03-20">' in html
    assert '<time datetime="2026-03-24">' in html
    assert "Cuti bersama" in html
    assert "Libur nasional" in html
    assert "Hari Raya Idul Fitri" in html
    assert "Hari libur 2026" in html


def test_another_year_is_chosen_with_tahun(client, office_a):
    html = client.get(url(office_a, "?tahun=2025")).content.decode()
    assert "Hari libur 2025" in html
    assert '<time datetime="2025-08-18">' in html  # cuti bersama added in August 2025
    assert '<time datetime="2026-03-20">' not in html
    assert 'href="?tahun=2024"' in html
    assert 'href="?tahun=2026"' in html


@pytest.mark.parametrize("value", ["abc", "-1", "1999", "2101", "20266", "٢٠٢٦", "2026.0"])
def test_a_year_that_is_not_one_is_a_404(client, office_a, value):
    assert client.get(url(office_a), {"tahun": value}).status_code == 404


def test_an_empty_tahun_is_this_year(client, office_a):
    assert "Hari libur 2026" in client.get(url(office_a, "?tahun=")).content.decode()


def test_an_unknown_office_is_a_404(client, db):
    assert client.get("/instansi/tidak-ada/hari-layanan/").status_code == 404


def test_office_closings_working_days_and_dated_hours_are_listed(client, office_a, root):
    services.add_calendar_override(
        actor=root, office=office_a, day=date(2026, 4, 6), kind="closed", reason="Banjir besar"
    )
    services.add_calendar_override(
        actor=root, office=office_a, day=date(2026, 3, 23), kind="working", reason="Layanan SIM"
    )
    services.add_schedule_override(
        actor=root,
        office=office_a,
        first_day=date(2026, 2, 18),
        last_day=date(2026, 3, 19),
        hours={w: ((time(8, 0), time(12, 0)), (time(12, 30), time(15, 0))) for w in range(4)},
        reason="Jam kerja Ramadan 1447 H",
    )
    html = client.get(url(office_a)).content.decode()
    assert "Banjir besar" in html
    assert "Libur instansi" in html
    assert "Hari yang ditetapkan sebagai hari kerja 2026" in html
    assert "Layanan SIM" in html
    assert "Jam kerja Ramadan 1447 H" in html
    assert "Senin – Kamis: 08.00–12.00, 12.30–15.00" in html
    # The dated hours belong to 2026 only.
    assert "Jam kerja Ramadan" not in client.get(url(office_a, "?tahun=2027")).content.decode()
    # Another office's days are not shown.
    other = OfficeFactory(slug="kantor-lain")
    assert "Banjir besar" not in client.get(url(other)).content.decode()


def test_an_office_with_its_own_hours_shows_them(client, office_a, root):
    services.set_weekly_hours(
        actor=root,
        office=office_a,
        hours={w: ((time(8, 0), time(14, 0)),) for w in range(6)},
    )
    html = client.get(url(office_a)).content.decode()
    assert "Senin – Sabtu" in html
    assert "08.00–14.00" in html


def test_it_is_in_english_when_the_visitor_chose_english(client, office_a):
    client.cookies["django_language"] = "en"
    html = client.get(url(office_a)).content.decode()
    assert "Service days and hours" in html
    assert "Joint leave" in html


def test_the_office_page_links_to_it(client, office_a):
    html = client.get(f"/instansi/{office_a.slug}/").content.decode()
    assert f'href="/instansi/{office_a.slug}/hari-layanan/"' in html


def test_the_page_weighs_under_100_kb_compressed(compressed_page_weight, office_a):
    assert compressed_page_weight(url(office_a)) < 100_000
