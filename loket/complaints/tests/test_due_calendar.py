"""The calendar of due dates (issue 14 "Lists people can work from"): a month of open
complaints by due day in the office's zone, Monday first, today marked, the office's
non-working days shaded with their reason, for the head and the Pejabat only, in a fixed
number of queries."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from loket.complaints.models import Complaint
from loket.workdays import services as workdays

pytestmark = pytest.mark.django_db

MID_MARCH = datetime(2026, 3, 15, 3, 0, tzinfo=UTC)  # Sunday 15 March 2026, 10:00 WIB


def _url(office="kantor-a"):
    return reverse("complaints:staff_calendar", args=[office])


def _page(client, **params) -> str:
    response = client.get(_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def _cell(page: str, day: date) -> str:
    """The table cell of `day` (from its opening tag to its end)."""
    mark = f'<time datetime="{day.isoformat()}">'
    at = page.index(mark)
    return page[page.rindex("<td", 0, at) : page.index("</td>", at)]


def _due(make_complaint, when: datetime, **fields) -> Complaint:
    complaint = make_complaint(**fields)
    Complaint.objects.filter(pk=complaint.pk).update(due_at=when)
    return complaint


def test_open_complaints_are_listed_on_their_due_day_in_the_office_zone(
    client, make_complaint, head
):
    overdue = _due(make_complaint, datetime(2026, 3, 10, 9, 0, tzinfo=UTC), title="Antrean lama")
    same_day = _due(make_complaint, datetime(2026, 3, 10, 10, 0, tzinfo=UTC), title="Lain")
    later = _due(
        make_complaint, datetime(2026, 3, 16, 2, 0, tzinfo=UTC), title="A" * 60, channel="phone"
    )
    Complaint.objects.filter(pk=later.pk).update(class_name="Pengaduan ringan")
    # 00:30 WIB on 1 March and on 1 April: the local day decides, not the UTC one.
    first = _due(make_complaint, datetime(2026, 2, 28, 17, 30, tzinfo=UTC), title="Awal bulan")
    april = _due(make_complaint, datetime(2026, 3, 31, 17, 30, tzinfo=UTC), title="April")
    closed = _due(make_complaint, datetime(2026, 3, 10, 9, 0, tzinfo=UTC), title="Selesai")
    Complaint.objects.filter(pk=closed.pk).update(status="closed", is_open=False)
    client.force_login(head)
    with time_machine.travel(MID_MARCH, tick=False):
        page = _page(client, bulan="2026-03")
    tenth = _cell(page, date(2026, 3, 10))
    detail = reverse("complaints:staff_detail", args=["kantor-a", overdue.reference])
    assert f'<a href="{detail}">{overdue.reference}</a>' in tenth
    assert same_day.reference in tenth
    assert '<time datetime="2026-03-10T16:00:00+07:00">16.00</time>' in tenth  # WIB
    assert "2 pengaduan" in tenth
    assert "2 terlambat" in tenth
    assert closed.reference not in page
    sixteenth = _cell(page, date(2026, 3, 16))
    assert later.reference in sixteenth
    assert "A" * 37 + "…" in sixteenth  # the title cut at 40 characters
    assert "A" * 40 not in sixteenth
    assert "Pengaduan ringan" in sixteenth
    assert "terlambat" not in sixteenth.lower()
    assert first.reference in _cell(page, date(2026, 3, 1))
    assert april.reference not in page
    assert "Maret 2026: 4 pengaduan terbuka jatuh tempo, 3 terlambat." in page
    with time_machine.travel(MID_MARCH, tick=False):
        assert april.reference in _cell(_page(client, bulan="2026-04"), date(2026, 4, 1))


def test_weeks_start_on_monday_and_other_months_days_are_blank(client, head):
    client.force_login(head)
    page = _page(client, bulan="2026-03")  # 1 March 2026 is a Sunday
    assert "<caption>Batas waktu pengaduan terbuka, Maret 2026</caption>" in page
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert headers == ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    weeks = body.split("<tr>")[1:]
    assert len(weeks) == 6
    assert weeks[0].count('class="cal-outside"') == 6
    assert 'datetime="2026-03-01"' in weeks[0]
    assert weeks[-1].count('class="cal-outside"') == 5  # 31 March is a Tuesday


def test_the_office_days_off_are_shaded_with_their_reason(client, head, alice, office):
    workdays.add_calendar_override(
        actor=alice, office=office, day=date(2026, 3, 12), kind="closed", reason="Rapat kerja"
    )
    client.force_login(head)
    page = _page(client, bulan="2026-03")
    nyepi = _cell(page, date(2026, 3, 19))
    assert "cal-closed" in nyepi
    assert "Libur: Hari Suci Nyepi" in nyepi
    assert "Libur: Cuti Bersama Hari Raya Idul Fitri" in _cell(page, date(2026, 3, 24))
    assert "Libur: Akhir pekan" in _cell(page, date(2026, 3, 7))
    assert "Libur: Rapat kerja" in _cell(page, date(2026, 3, 12))
    monday = _cell(page, date(2026, 3, 2))
    assert "cal-closed" not in monday
    assert "Libur" not in monday


def test_a_holiday_the_office_works_is_not_shaded(client, head, alice, office):
    workdays.add_calendar_override(
        actor=alice, office=office, day=date(2026, 3, 18), kind="working", reason="Pelayanan"
    )
    client.force_login(head)
    wednesday = _cell(_page(client, bulan="2026-03"), date(2026, 3, 18))
    assert "cal-closed" not in wednesday


@pytest.mark.parametrize(
    ("zone", "month", "today"),
    [
        # 31 March 2026, 15:30 UTC: 22:30 on the 31st in Pontianak, 00:30 on 1 April in Jayapura.
        ("Asia/Pontianak", "Maret 2026", date(2026, 3, 31)),
        ("Asia/Jayapura", "April 2026", date(2026, 4, 1)),
    ],
)
def test_this_month_and_today_are_the_offices(client, head, office, zone, month, today):
    office.timezone = zone
    office.save()
    client.force_login(head)
    with time_machine.travel(datetime(2026, 3, 31, 15, 30, tzinfo=UTC), tick=False):
        page = _page(client)
    assert f"Batas waktu pengaduan terbuka, {month}" in page
    cell = _cell(page, today)
    assert 'aria-current="date"' in cell
    assert "Hari ini" in cell
    assert page.count('aria-current="date"') == 1
    assert "Bulan ini" not in page  # already this month


def test_previous_and_next_months_cross_the_year(client, head):
    client.force_login(head)
    january = _page(client, bulan="2026-01")
    assert 'href="?bulan=2025-12" rel="prev"' in january
    assert 'href="?bulan=2026-02" rel="next"' in january
    december = _page(client, bulan="2025-12")
    assert 'href="?bulan=2025-11" rel="prev"' in december
    assert 'href="?bulan=2026-01" rel="next"' in december
    assert "Desember 2025" in december


def test_a_month_that_cannot_be_read_shows_this_month(client, head):
    client.force_login(head)
    with time_machine.travel(MID_MARCH, tick=False):
        for value in ("2026-13", "maret", "1999-01", "2026-3"):
            assert "terbuka, Maret 2026" in _page(client, bulan=value), value


def test_only_the_head_and_the_pejabat_open_it(
    client, head, officer, handler, bob, carol, other_office
):
    for user, status in ((head, 200), (officer, 200), (handler, 403), (bob, 403), (carol, 404)):
        client.force_login(user)
        assert client.get(_url()).status_code == status, user.username
    client.logout()
    assert client.get(_url()).status_code == 302


def test_the_heads_list_links_to_it_and_the_teams_queue_does_not(client, head, handler):
    client.force_login(head)
    page = client.get(reverse("complaints:staff_all", args=["kantor-a"])).content.decode()
    assert f'href="{_url()}"' in page
    client.force_login(handler)
    page = client.get(reverse("complaints:staff_queue", args=["kantor-a"])).content.decode()
    assert _url() not in page


def test_a_month_takes_the_same_number_of_queries_whatever_it_holds(
    client, make_complaint, head, django_assert_num_queries
):
    client.force_login(head)
    _due(make_complaint, datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    with time_machine.travel(MID_MARCH, tick=False):
        _page(client, bulan="2026-03")  # warm the calendar cache of this process
        # Session, user, office and roles, the calendar's stamp, the year's closing days,
        # the month's complaints, the notifications badge.
        with django_assert_num_queries(7) as one:
            _page(client, bulan="2026-03")
    for n in range(25):
        _due(make_complaint, datetime(2026, 3, 1 + n, 9, 0, tzinfo=UTC), title=f"Ke-{n}")
    with (
        time_machine.travel(MID_MARCH, tick=False),
        django_assert_num_queries(len(one.captured_queries)),
    ):
        page = _page(client, bulan="2026-03")
    assert "26 pengaduan terbuka jatuh tempo" in page


def test_the_calendar_reads_in_english(client, make_complaint, head):
    _due(make_complaint, datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    client.force_login(head)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(MID_MARCH, tick=False):
        page = _page(client, bulan="2026-03")
    assert "Due-date calendar" in page
    assert "Due dates of open complaints, March 2026" in page
    assert "Day off: Weekend" in page
    assert "1 complaint" in _cell(page, date(2026, 3, 10))
