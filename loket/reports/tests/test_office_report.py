"""The office report: last month's figures of a small fixture, computed by hand."""

from datetime import date
from fractions import Fraction

import pytest
import time_machine

from loket.reports import periods, selectors
from loket.reports.selectors import Filters
from loket.standards.selectors import complaint_classes
from loket.surveys.models import SurveyPeriod

from .conftest import NOVEMBER, NOW

pytestmark = pytest.mark.django_db

NOVEMBER_2026 = periods.Period(date(2026, 11, 1), date(2026, 11, 30), periods.LAST_MONTH)


def report(office, **filters):
    return selectors.office_report(
        office,
        NOVEMBER_2026,
        classes=complaint_classes(office),
        filters=Filters(**filters),
        now=NOW,
    )


def test_it_counts_what_was_received_in_the_month_in_the_office_zone(office_a, november):
    figures = report(office_a).complaints
    # A..K and the two edge complaints; the one of 1 December 00:00 WIB is not.
    assert figures.received == 13
    by_channel = {row.key: row.received for row in figures.by_channel}
    assert by_channel["web"] == 10  # A, C, D, F, G, H, J, K and the two edges
    assert (by_channel["phone"], by_channel["email"], by_channel["whatsapp"]) == (1, 1, 1)
    assert by_channel["lapor"] == 0  # every channel gets a row
    by_class = {row.key: row.received for row in figures.by_class}
    assert by_class == {
        "ringan": 4,
        "normatif": 4,
        "tidak-berkadar-pengawasan": 0,
        "berkadar-pengawasan": 0,
        "": 5,
    }
    assert figures.classified == 8
    assert (figures.forwarded, figures.not_authority) == (1, 1)


def test_it_measures_the_share_answered_within_the_class_deadline(office_a, november):
    figures = report(office_a).complaints
    finished = figures.finished
    # A, B (at the due time), C (late), D; E has no deadline; F was answered in December.
    assert (finished.finished, finished.with_deadline, finished.on_time) == (5, 4, 3)
    assert finished.on_time_share == Fraction(3, 4)
    by_class = {row.key: row.tally for row in figures.by_class}
    assert (by_class["ringan"].on_time, by_class["ringan"].with_deadline) == (2, 2)
    assert (by_class["normatif"].on_time, by_class["normatif"].late) == (1, 1)
    assert by_class[""].finished == 1
    assert by_class[""].on_time_share is None
    by_channel = {row.key: row.tally for row in figures.by_channel}
    assert by_channel["web"].on_time_share == Fraction(2, 3)
    assert by_channel["phone"].on_time_share == 1


def test_it_gives_median_and_p90_of_the_handling_time(office_a, november):
    hours = report(office_a).complaints.calendar_hours
    assert sorted(hours.values) == [2, 3, 10, 24, 192]
    assert hours.median == 10
    # PERCENTILE.INC: rank 0.9 x 4 = 3.6, between 24 and 192.
    assert hours.p90 == pytest.approx(24 + 0.6 * (192 - 24))


def test_it_counts_overdue_reopened_and_ratings(office_a, november):
    figures = report(office_a).complaints
    assert figures.overdue == 1  # I; J is paused, K answered
    assert {row.key: row.overdue for row in figures.by_channel}["whatsapp"] == 1
    assert (figures.reopened, figures.reopened_share) == (1, Fraction(1, 5))
    # 4 and 5 in November; the 1 given on 1 December is not counted.
    assert (figures.ratings, figures.mean_rating) == (2, Fraction(9, 2))


def test_filters_narrow_the_complaints(office_a, november):
    figures = report(office_a, channel="web", complaint_class="normatif").complaints
    assert figures.received == 3  # C, D and J
    assert figures.finished.on_time_share == Fraction(1, 2)  # D yes, C no
    assert figures.overdue == 0  # I came by WhatsApp


def test_office_time_counts_only_working_hours(office_a, service):
    from .conftest import complaint, utc

    # Friday 6 November 16:00 WIB to Monday 9 November 09:00 WIB: 30 minutes on Friday
    # (closing 16:30) and 90 minutes on Monday (opening 07:30), 65 hours of calendar time.
    complaint(office_a, status="answered", received_at=utc(6, 9), answered_at=utc(9, 2))
    figures = report(office_a).complaints
    assert figures.calendar_hours.values == [65]
    assert figures.office_hours.values == [2]


def test_the_desk_figures_measure_the_fifteen_minutes(office_a, desk):
    figures = report(office_a).desk
    assert figures.total.visits == 2
    assert (figures.booked_arrivals, figures.walk_ins, figures.total.no_shows) == (1, 1, 1)
    assert figures.total.admin.median == 15  # 10 and 20 minutes
    assert figures.total.admin.p90 == pytest.approx(19)
    assert figures.within_share == Fraction(1, 2)
    # The booking not kept was never routed: its own row, with no arrival.
    divisions = [(g.label, g.visits, g.no_shows) for g in figures.divisions]
    assert divisions == [("Bagian Satu", 2, 0), ("", 0, 1)]


def test_the_survey_periods_of_the_range_with_their_index(office_a, survey):
    results = report(office_a).surveys
    assert [r.period for r in results] == [survey]
    index = results[0].index
    assert index.n == 2
    assert str(index.converted_display) == "87.50"
    assert index.grade.letter == "B"


@time_machine.travel(NOW, tick=False)
def test_the_page_shows_last_month_to_the_head(client, hana, november, desk, survey):
    client.force_login(hana)
    response = client.get(f"/staf/kantor-a/laporan/{NOVEMBER}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "November 2026" in page
    assert "3 / 4 (75,0%)" in page
    assert "/staf/kantor-a/pengaduan/semua/?overdue=on" in page
    assert "/staf/kantor-a/konsultasi/statistik/?start=2026-11-01&amp;end=2026-11-30" in page
    assert "87,50" in page
    assert november["A"].tracking_code not in page  # never a tracking code
    assert "Siti Aminah" not in page


@time_machine.travel(NOW, tick=False)
def test_the_office_admin_sees_no_links_to_complaint_lists(client, alice, november):
    client.force_login(alice)
    page = client.get(f"/staf/kantor-a/laporan/{NOVEMBER}").content.decode()
    assert "3 / 4 (75,0%)" in page
    assert "/pengaduan/semua/" not in page


def test_another_office_gets_404_and_a_colleague_without_the_role_403(client, bob, carol):
    client.force_login(carol)
    assert client.get("/staf/kantor-a/laporan/").status_code == 404
    client.force_login(bob)
    assert client.get("/staf/kantor-a/laporan/").status_code == 403
    client.logout()
    assert client.get("/staf/kantor-a/laporan/").status_code == 302


def test_a_bad_custom_range_is_explained(client, hana):
    client.force_login(hana)
    response = client.get(
        "/staf/kantor-a/laporan/?periode=rentang&dari=2026-11-30&sampai=2026-11-01"
    )
    assert response.status_code == 400
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_page_does_a_constant_number_of_queries(
    client, hana, office_a, service, django_assert_num_queries
):
    from .conftest import complaint, utc

    client.force_login(hana)
    client.get(f"/staf/kantor-a/laporan/{NOVEMBER}")  # builds the office calendar once
    counts = []
    for day in (2, 3):
        SurveyPeriod.objects.create(
            office=office_a,
            kind="custom",
            start=date(2026, 11, day),
            end=date(2026, 11, day),
            status="open",
            opened_at=utc(day, 0),
        )
        for hour in range(3):
            complaint(
                office_a, status="answered", received_at=utc(day, hour), answered_at=utc(day, 9)
            )
        # session, user, office, roles; services, classes and divisions for the filters; the
        # calendar stamp; complaints (4), LAPOR! stages (1), desk (1), survey periods and
        # their aggregate (2); the unread notifications badge of the staff header
        with django_assert_num_queries(17) as captured:
            response = client.get(f"/staf/kantor-a/laporan/{NOVEMBER}")
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


@time_machine.travel(NOW, tick=False)
def test_the_page_speaks_english(client, hana, november):
    client.force_login(hana)
    client.cookies["django_language"] = "en"
    page = client.get(f"/staf/kantor-a/laporan/{NOVEMBER}").content.decode()
    assert "Service performance report" in page
    assert "Finished on time" in page
    assert "3 / 4 (75.0%)" in page  # the English number format


def test_the_staff_office_page_links_the_report_for_its_readers(client, hana, bob):
    client.force_login(hana)
    assert "/staf/kantor-a/laporan/" in client.get("/staf/kantor-a/").content.decode()
    client.force_login(bob)
    assert "/staf/kantor-a/laporan/" not in client.get("/staf/kantor-a/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_overdue_link_keeps_the_report_filters(client, hana, november):
    client.force_login(hana)
    page = client.get(f"/staf/kantor-a/laporan/{NOVEMBER}&kanal=whatsapp&klasifikasi=normatif")
    assert page.status_code == 200
    link = (
        "/staf/kantor-a/pengaduan/semua/"
        "?overdue=on&amp;channel=whatsapp&amp;complaint_class=normatif"
    )
    assert f'<a href="{link}">1</a>' in page.content.decode()


def test_the_report_s_reads_go_to_the_replica(office_a, november, desk, survey):
    """Every query of the office report and of the public figures runs inside
    `reading_from_replica()` (the router then sends it to the replica, when configured)."""
    from django.db import connection

    from loket import replica

    flags = []

    def spy(execute, sql, params, many, context):
        flags.append(replica._reading_from_replica.get())
        return execute(sql, params, many, context)

    classes = complaint_classes(office_a)  # the page reads them before the report
    with connection.execute_wrapper(spy):
        selectors.office_report(office_a, NOVEMBER_2026, classes=classes, now=NOW)
        selectors.public_figures(office_a, now=NOW)
    assert len(flags) >= 8
    assert all(flags)
    assert replica._reading_from_replica.get() is False  # and only inside
