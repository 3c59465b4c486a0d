"""The daily summary rows of the periodic job: the same figures as the live rows, rebuilt
idempotently, read by the public page."""

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

from loket.reports import jobs, metrics, selectors, services
from loket.reports.models import DailyComplaintFigures, FiguresRefresh

from .conftest import NOW, complaint, utc

pytestmark = pytest.mark.django_db


def shown(figures):
    return [(m.month, m.shown, m.tally.with_deadline, m.rating_total) for m in figures.months]


def test_the_summary_gives_the_same_months_as_the_live_rows(office_a, november):
    live = selectors.public_figures(office_a, now=NOW)
    assert services.monthly_from_summary(office_a, live.period) is None  # never refreshed
    assert jobs.refresh_report_figures(now=NOW) > 0
    summarised = selectors.public_figures(office_a, now=NOW)
    assert shown(summarised) == shown(live)
    november_row = next(m for m in summarised.months if m.month == date(2026, 11, 1))
    assert (november_row.received, november_row.tally.finished) == (13, 5)
    # A: received, answered on time and rated 4 on Monday 2 November (WIB).
    day = DailyComplaintFigures.objects.get(office=office_a, day=date(2026, 11, 2))
    assert (day.received, day.answered, day.answered_on_time, day.ratings) == (1, 1, 1, 1)
    assert day.rating_total == 4


def test_a_rebuild_is_idempotent_and_keeps_the_older_months(office_a, november):
    complaint(office_a, received_at=utc(15, 2, month=6))
    services.refresh_office(office_a, now=NOW)
    first = list(DailyComplaintFigures.objects.order_by("day").values("day", *services.FIELDS))
    assert FiguresRefresh.objects.get(office=office_a).first_day == date(2025, 12, 1)
    assert DailyComplaintFigures.objects.get(day=date(2026, 6, 15)).received == 1
    # Later runs rebuild November and December only (13 days of November, 1 December);
    # June's row stays as it was.
    assert services.refresh_office(office_a, now=NOW) == 14
    services.refresh_office(office_a, now=NOW)
    assert (
        list(DailyComplaintFigures.objects.order_by("day").values("day", *services.FIELDS)) == first
    )
    assert FiguresRefresh.objects.get(office=office_a).first_day == date(2025, 12, 1)


def test_the_public_page_reads_the_summary_until_the_next_run(client, office_a, november):
    with time_machine.travel(NOW, tick=False):
        call_command("refresh_report_figures")
        complaint(office_a, received_at=utc(20, 2))
        page = client.get("/instansi/kantor-a/statistik/").content.decode()
        assert '<th scope="row">November 2026</th><td>13</td>' in page
        call_command("refresh_report_figures")
        cache.clear()
        page = client.get("/instansi/kantor-a/statistik/").content.decode()
    assert '<th scope="row">November 2026</th><td>14</td>' in page


def test_the_command_refuses_a_bad_number_of_months(db):
    with pytest.raises(SystemExit):
        call_command("refresh_report_figures", months=0)


def test_small_counts_are_withheld_from_summary_months_too():
    month = metrics.Month(date(2026, 1, 1), received=4)
    assert month.shown["received"] == "<5"
