"""The province comparison (issue 16) from the daily summary rows of `refresh_report_figures`:
the whole days before the job's last run come from the summary rows, the days after it from
the live rows, the median handling time from the database's ordering; every figure stays
the one the office report computes from the rows, for any period and any time of the run."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
import time_machine

from loket.complaints import selectors as complaint_selectors
from loket.complaints.models import Complaint, Event, Rating
from loket.complaints.tests.conftest import publish_classes
from loket.offices.roles import Role
from loket.offices.tests.factories import MembershipFactory, OfficeFactory, UserFactory
from loket.reports import metrics, periods, selectors, services
from loket.reports.models import DailyComplaintFigures, FiguresRefresh
from loket.standards.selectors import complaint_classes

from .conftest import NOVEMBER, NOW, complaint, normatif, ringan, utc, visit

pytestmark = pytest.mark.django_db

P = periods.Period
PERIODS = [
    P(date(2026, 11, 1), date(2026, 11, 30), periods.LAST_MONTH),  # all from the summary
    P(date(2026, 12, 1), date(2026, 12, 31), periods.THIS_MONTH),  # today: all live
    P(date(2026, 10, 1), date(2026, 12, 31), periods.THIS_QUARTER),  # both
    P(date(2026, 1, 1), date(2026, 12, 31), periods.THIS_YEAR),
    P(date(2026, 11, 15), date(2026, 12, 1), periods.CUSTOM),  # from mid-month, odd days
    P(date(2026, 10, 31), date(2026, 10, 31), periods.CUSTOM),  # one day
]


def generated(office, seed: int, count: int = 60) -> None:
    """`count` complaints of `office` received from 1 October to 1 December 2026 (WIB
    08:00), answered or not, on time or late, classified or not, some reopened, some rated,
    answered a few minutes to 30 days later (so some finish on the day they came, some in
    another month, some after `NOW`), with the same seed the same data."""
    rng = random.Random(seed)
    start = utc(1, 0, month=10)
    span = int((NOW - start).total_seconds())
    for _ in range(count):
        received = start + timedelta(seconds=rng.randrange(span))
        classes = rng.choice([ringan(), normatif(), {}])
        due = received + timedelta(hours=rng.choice([3, 24, 72, 240])) if classes else None
        answered = received + timedelta(minutes=rng.randrange(5, 30 * 24 * 60))
        if answered >= NOW or rng.random() < 0.15:
            status, answered = rng.choice(["received", "in_progress", "forwarded"]), None
        else:
            status = rng.choice(["answered", "closed"])
        made = complaint(
            office,
            channel=rng.choice(["web", "phone", "email", "whatsapp"]),
            status=status,
            received_at=received,
            due_at=due,
            answered_at=answered,
            **classes,
        )
        if answered and rng.random() < 0.2:
            Event.objects.create(complaint=made, action=Event.Action.REOPENED, at=answered)
        if answered and rng.random() < 0.5:
            rated = answered + timedelta(hours=rng.randrange(1, 100))
            if rated < NOW:
                Rating.objects.create(complaint=made, score=rng.randrange(1, 6), created_at=rated)


@pytest.fixture
def offices(office_a, office_b, november, desk, survey):
    """Office A (WIB) with the hand-computed month, the desk and the survey, and generated
    complaints; office B in WIT (its days end 2 hours before A's) with generated ones."""
    office_b.timezone = "Asia/Jayapura"
    office_b.save()
    publish_classes(office_b)
    generated(office_a, seed=16)
    generated(office_b, seed=61)
    # Received and answered today (1 December, before NOW), read live.
    complaint(
        office_a,
        status="closed",
        received_at=utc(1, 1, month=12),
        due_at=utc(1, 5, month=12),
        answered_at=utc(1, 2, month=12, minute=30),
        **ringan(),
    )
    return [office_a, office_b]


def assert_same_as_office_reports(offices, period, now=NOW):
    rows = selectors.province_report(offices, period, now=now)
    for office, row in zip(offices, rows, strict=True):
        report = selectors.office_report(office, period, classes=complaint_classes(office), now=now)
        c, r = row.complaints, report.complaints
        label = (office.slug, period)
        assert c.received == r.received, label
        assert c.finished == r.finished, label
        assert c.finished.on_time_share == r.finished.on_time_share, label
        assert (c.overdue, c.ratings, c.rating_total) == (r.overdue, r.ratings, r.rating_total)
        assert c.mean_rating == r.mean_rating, label
        assert c.calendar_median == r.calendar_hours.median, label  # the same float
        assert row.desk.visits == report.desk.total.visits, label
        assert row.desk.within_share == report.desk.within_share, label
        assert [s.index.converted for s in row.surveys] == [
            s.index.converted for s in report.surveys
        ]
    return rows


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}-{p.end}")
def test_the_summary_gives_the_figures_of_the_rows(offices, period):
    live = assert_same_as_office_reports(offices, period)  # never refreshed: every row live
    services.refresh_office(offices[0], now=NOW)
    services.refresh_office(offices[1], now=NOW)
    assert DailyComplaintFigures.objects.filter(day__lt=date(2026, 12, 1)).exists()
    summarised = assert_same_as_office_reports(offices, period)
    for before, after in zip(live, summarised, strict=True):
        assert before.complaints == after.complaints
    if period.end < date(2026, 12, 1):
        # Summary rows only: the figures are those of the job's run. A complaint received
        # after it does not count until the next run (the summary rows are what is read).
        complaint(offices[0], received_at=utc(20, 2))
        row = selectors.province_report(offices, period, now=NOW)[0]
        assert row.complaints.received == summarised[0].complaints.received


def test_the_days_since_the_last_run_are_read_live(offices):
    """The job ran five days ago (26 November, 10:00 WIB): 26 November onwards comes from
    the rows, including what was received, answered and rated since."""
    ran = NOW - timedelta(days=5)
    for office in offices:
        services.refresh_office(office, now=ran)
    complaint(
        offices[0],
        status="closed",
        received_at=utc(27, 2),
        due_at=utc(27, 3),
        answered_at=utc(27, 4),
        **ringan(),
    )
    made = complaint(offices[1], status="answered", received_at=utc(29, 2), answered_at=utc(30, 2))
    Rating.objects.create(complaint=made, score=2, created_at=utc(30, 3))
    for period in PERIODS:
        assert_same_as_office_reports(offices, period)


def test_a_period_before_the_kept_rows_is_read_live(offices):
    for office in offices:
        services.refresh_office(office, now=NOW)
    FiguresRefresh.objects.update(first_day=date(2026, 11, 1))
    DailyComplaintFigures.objects.filter(day__lt=date(2026, 11, 1)).delete()
    for period in PERIODS:
        assert_same_as_office_reports(offices, period)


def test_a_late_run_rebuilds_from_the_month_of_the_previous_one(office_a, november):
    """The job last ran on 1 August: the next run rebuilds from August, so every day before
    its run day holds a row written after that day ended."""
    services.refresh_office(office_a, now=utc(1, 3, month=8))
    complaint(office_a, received_at=utc(20, 2, month=9))
    services.refresh_office(office_a, now=NOW)
    assert DailyComplaintFigures.objects.get(office=office_a, day=date(2026, 9, 20)).received == 1
    period = P(date(2026, 8, 1), date(2026, 11, 30), periods.CUSTOM)
    assert_same_as_office_reports([office_a], period)


@pytest.mark.parametrize("p", [0, 10, 50, 90, 100])
def test_the_database_returns_the_ranks_of_any_percentile(offices, p):
    period = PERIODS[3]
    windows = {o.pk: (*period.bounds(o.tz), o.tz) for o in offices}
    ranked = complaint_selectors.report_handling_ranks_of(windows, p)
    for office in offices:
        rows = [row for row in ranked if row["office_id"] == office.pk]
        report = selectors.office_report(office, period, classes=complaint_classes(office), now=NOW)
        values = report.complaints.calendar_hours.values
        assert rows[0]["n"] == len(values)
        assert {row["rank"] for row in rows} == set(metrics.percentile_ranks(len(values), p))
        assert selectors._percentile_of(rows, p) == metrics.percentile(values, p)


def test_the_ranks_need_a_whole_percent(offices):
    windows = {offices[0].pk: (utc(1, 0), utc(30, 0), offices[0].tz)}
    with pytest.raises(ValueError, match="whole percent"):
        complaint_selectors.report_handling_ranks_of(windows, 50.5)


def test_the_desk_counts_are_those_of_the_desk_rows(office_a, service):
    from loket.visits import selectors as visit_selectors

    day = date(2026, 11, 10)
    visit(office_a, service, status="done", day=day, admin=600)  # within the 900 s
    visit(office_a, service, status="done", day=day, admin=900)  # exactly at it: within
    visit(office_a, service, status="done", day=day, admin=1200)  # late
    free = visit(office_a, service, status="done", day=day, admin=1200)
    free.admin_limit_seconds = None  # no standard in force at check-in: within
    free.save(update_fields=["admin_limit_seconds"])
    visit(office_a, service, status="walked_out", day=day)
    visit(office_a, service, status="no_show", day=day, booked=True)
    visit(office_a, service, status="cancelled", day=day, booked=True)
    visit(office_a, service, status="done", day=day + timedelta(days=1), admin=60)  # outside
    counts = visit_selectors.desk_counts_of([office_a.pk], day, day)[office_a.pk]
    rows = visit_selectors.desk_figures_of([office_a.pk], day, day)[office_a.pk].total
    assert (counts.visits, counts.with_admin_time, counts.within) == (5, 4, 3)
    assert (counts.visits, counts.with_admin_time, counts.within) == (
        rows.visits,
        rows.admin.count,
        rows.within,
    )


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("refreshed", [False, True], ids=["live", "summary"])
def test_the_page_does_the_same_queries_for_two_and_five_offices(
    client, django_assert_num_queries, refreshed
):
    supervisor = UserFactory(username="pengawas")
    client.force_login(supervisor)
    offices = []
    for size in (2, 5):
        while len(offices) < size:
            office = OfficeFactory()
            offices.append(office)
            MembershipFactory(user=supervisor, office=office, role=Role.SUPERVISOR)
            complaint(
                office,
                status="closed",
                received_at=utc(3, 2),
                due_at=utc(4, 2),
                answered_at=utc(3, 8),
                **ringan(),
            )
            if refreshed:
                services.refresh_office(office, now=NOW)
        # session, user, offices; summary spans (1) and sums (1) or, live, received,
        # finished and ratings (3); overdue, median (the summary rows' handling times, or live
        # the two middle rows), desk (3); survey periods (1: none, so
        # no aggregate); the notifications badge
        with django_assert_num_queries(10 if refreshed else 12):
            response = client.get(f"/staf/provinsi/{NOVEMBER}")
        assert response.status_code == 200
        assert response.content.decode().count('<th scope="row">') == size
    assert Complaint.objects.count() == 5


def test_the_summary_rows_keep_each_days_handling_times(office_a, november):
    """A: received 2 November 09:00 WIB, answered 2 hours later; C: answered on 12 November
    after 192 hours. The median of the summary rows is the one the rows give."""
    services.refresh_office(office_a, now=NOW)
    day = DailyComplaintFigures.objects.get(office=office_a, day=date(2026, 11, 2))
    assert day.handling_us == [2 * 3600 * 10**6]
    period = PERIODS[0]
    assert_same_as_office_reports([office_a], period)
    # The province view reads them: a day's times changed in the summary change its median.
    DailyComplaintFigures.objects.filter(office=office_a).update(handling_us=[])
    DailyComplaintFigures.objects.filter(pk=day.pk).update(handling_us=[3600 * 10**6])
    row = selectors.province_report([office_a], period, now=NOW)[0]
    assert row.complaints.calendar_median == 1.0


def test_microseconds_give_the_float_of_total_seconds():
    rng = random.Random(7)
    for _ in range(2000):
        spent = timedelta(microseconds=rng.randrange(0, 400 * 24 * 3600 * 10**6))
        assert services.microseconds(spent) / 10**6 == spent.total_seconds()
        assert services.microseconds(spent) / 10**6 / 3600 == spent.total_seconds() / 3600
