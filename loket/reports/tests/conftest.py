"""Fixtures of the report tests: office A (WIB) with the seed's complaint classes, a small
month of complaints, visits and survey answers whose figures are computed by hand in the
tests, and the head of office A (hana)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache

from loket.complaints.models import Complaint, Event, Rating
from loket.complaints.tests.conftest import publish_classes
from loket.offices.roles import Role
from loket.offices.tests.factories import DivisionFactory, MembershipFactory, UserFactory
from loket.surveys.models import Response, SurveyPeriod
from loket.visits.models import Visit

# Tuesday 1 December 2026, 10:00 WIB: "last month" is November 2026.
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
NOVEMBER = "?periode=bulan-lalu"

_numbers = itertools.count(1)


def utc(day: int, hour: int, month: int = 11, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=UTC)


def complaint(office, *, received_at, channel="web", status="received", **fields) -> Complaint:
    return Complaint.objects.create(
        office=office,
        channel=channel,
        title="Judul",
        description="Uraian",
        received_at=received_at,
        status=status,
        is_open=status in ("received", "waiting", "in_progress", "answered"),
        **fields,
    )


def ringan(**fields):
    return {"class_code": "ringan", "class_name": "Pengaduan ringan", **fields}


def normatif(**fields):
    return {"class_code": "normatif", "class_name": "Pengaduan bersifat normatif", **fields}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The public page caches per office pk, and pks repeat between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hana(office_a):
    """The head of office A."""
    user = UserFactory(username="hana")
    MembershipFactory(user=user, office=office_a, role=Role.HEAD)
    return user


@pytest.fixture
def service(office_a):
    return publish_classes(office_a)


@pytest.fixture
def november(office_a, service):
    """Complaints of office A around November 2026 (WIB = UTC+7), named by letter.

    Finished in November (answered in it): A ringan web 2 h, on time; B ringan phone 3 h,
    answered exactly at the due time (on time); C normatif web 192 h, late; D normatif web
    24 h, on time, reopened once; E never classified, e-mail, 10 h. F was answered in
    December. G ended "bukan wewenang", H was forwarded. Overdue now: I (whatsapp, normatif);
    J is paused, K answered: neither is overdue. Two unclassified web complaints sit at the
    month's edges (00:00 and 23:59:59 WIB), one just after it (1 December 00:00 WIB)."""
    o = office_a
    made = {
        "A": complaint(
            o,
            status="closed",
            received_at=utc(2, 2),
            due_at=utc(2, 5),
            answered_at=utc(2, 4),
            **ringan(),
        ),
        "B": complaint(
            o,
            channel="phone",
            status="answered",
            received_at=utc(3, 2),
            due_at=utc(3, 5),
            answered_at=utc(3, 5),
            **ringan(),
        ),
        "C": complaint(
            o,
            status="closed",
            received_at=utc(4, 2),
            due_at=utc(11, 9),
            answered_at=utc(12, 2),
            **normatif(),
        ),
        "D": complaint(
            o,
            status="answered",
            received_at=utc(5, 2),
            due_at=utc(12, 9),
            answered_at=utc(6, 2),
            **normatif(),
        ),
        "E": complaint(
            o, channel="email", status="closed", received_at=utc(6, 2), answered_at=utc(6, 12)
        ),
        "F": complaint(
            o,
            status="answered",
            received_at=utc(28, 2),
            due_at=utc(30, 9),
            answered_at=utc(1, 1, month=12),
            **ringan(),
        ),
        "G": complaint(o, status="not_authority", received_at=utc(10, 2)),
        "H": complaint(o, status="forwarded", received_at=utc(11, 2)),
        "I": complaint(
            o,
            channel="whatsapp",
            status="in_progress",
            received_at=utc(12, 2),
            due_at=utc(19, 9),
            **normatif(),
        ),
        "J": complaint(
            o,
            status="waiting",
            received_at=utc(13, 2),
            due_at=utc(20, 9),
            paused_at=utc(14, 2),
            **normatif(),
        ),
        "K": complaint(
            o,
            status="answered",
            received_at=utc(14, 2),
            due_at=utc(14, 5),
            answered_at=utc(1, 2, month=12),
            **ringan(),
        ),
        # 1 November 00:00 WIB and 30 November 23:59:59 WIB: inside; 1 December 00:00 WIB: not.
        "first": complaint(o, received_at=utc(31, 17, month=10)),
        "last": complaint(o, received_at=utc(30, 16, minute=59, second=59)),
        "after": complaint(o, received_at=utc(30, 17)),
    }
    Event.objects.create(complaint=made["D"], action=Event.Action.REOPENED, at=utc(5, 8))
    Rating.objects.create(complaint=made["A"], score=4, created_at=utc(2, 6))
    Rating.objects.create(complaint=made["B"], score=5, created_at=utc(3, 6))
    Rating.objects.create(complaint=made["C"], score=1, created_at=utc(1, 4, month=12))
    return made


def visit(office, service, *, status, day: date, booked=False, admin=None, division=None):
    number = next(_numbers)
    arrived = status not in ("no_show", "cancelled", "booked")
    checked_in = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC) if arrived else None
    return Visit.objects.create(
        office=office,
        service=service,
        division=division,
        status=status,
        source="online" if booked else "kiosk",
        booking_code=f"K{number:06d}",
        token=f"token-{number}",
        name="Siti Aminah",
        phone="081234567890",
        institution="Dinas",
        position="Staf",
        purpose="Konsultasi",
        preferred_date=day if booked else None,
        queue_date=day if arrived else None,
        queue_number=number if arrived else None,
        booked_at=datetime(2026, 11, 1, tzinfo=UTC) if booked else None,
        checked_in_at=checked_in,
        routed_at=checked_in + timedelta(seconds=admin) if checked_in and admin else None,
        admin_seconds=admin,
        admin_limit_seconds=900 if admin else None,
    )


@pytest.fixture
def desk(office_a, service):
    """Two arrivals in November (one booked, 10 min of administration; one walk-in, 20 min),
    one booking not kept, one walk-in on 1 December."""
    division = DivisionFactory(office=office_a, slug="bagian-satu", name="Bagian Satu")
    return [
        visit(
            office_a,
            service,
            status="done",
            day=date(2026, 11, 10),
            booked=True,
            admin=600,
            division=division,
        ),
        visit(
            office_a, service, status="done", day=date(2026, 11, 11), admin=1200, division=division
        ),
        visit(office_a, service, status="no_show", day=date(2026, 11, 12), booked=True),
        visit(office_a, service, status="done", day=date(2026, 12, 1), admin=60),
    ]


def answers(value: int) -> dict[str, int]:
    return {f"u{i}": value for i in range(1, 10)}


@pytest.fixture
def survey(office_a):
    """November's survey period: one respondent answering 4 everywhere and one answering 3
    (IKM 3.5, converted 87.50, grade B); an answer of 1 December is outside it; October's
    period lies outside the month."""
    november = SurveyPeriod.objects.create(
        office=office_a,
        kind="month",
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        status="closed",
        opened_at=utc(1, 0),
    )
    SurveyPeriod.objects.create(
        office=office_a,
        kind="month",
        start=date(2026, 10, 1),
        end=date(2026, 10, 31),
        status="closed",
        opened_at=utc(1, 0, month=10),
    )
    Response.objects.create(office=office_a, date=date(2026, 11, 3), source="kiosk", **answers(4))
    Response.objects.create(office=office_a, date=date(2026, 11, 30), source="kiosk", **answers(3))
    Response.objects.create(office=office_a, date=date(2026, 12, 1), source="kiosk", **answers(1))
    return november
