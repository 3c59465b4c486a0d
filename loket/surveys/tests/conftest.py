"""Fixtures of the survey tests: office A with one published service, a head and an office
admin (alice, from the root conftest), bob the receptionist and carol of office B."""

from datetime import UTC, date, datetime

import pytest

from loket.offices.models import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory
from loket.standards.models import Standard
from loket.standards.tests.factories import ServiceFactory, StandardFactory
from loket.surveys import ikm, services

# Friday 15 May 2026, 10:00 WIB (Pontianak): well inside the second quarter.
FRIDAY_1000 = datetime(2026, 5, 15, 3, 0, tzinfo=UTC)


def publish_service(office, slug="pelayanan-konsultasi", name="Pelayanan Konsultasi"):
    service = ServiceFactory(office=office, slug=slug, name=name)
    StandardFactory(
        service=service,
        status=Standard.Status.PUBLISHED,
        published_at=datetime(2026, 1, 5, 2, 0, tzinfo=UTC),
    )
    return service


@pytest.fixture
def service(office_a):
    return publish_service(office_a)


@pytest.fixture
def head(office_a):
    user = UserFactory(username="kepala")
    MembershipFactory(user=user, office=office_a, role=Role.HEAD)
    return user


@pytest.fixture
def quarter(office_a, head):
    return services.open_period(
        office_a,
        kind="quarter",
        start=date(2026, 4, 1),
        end=date(2026, 6, 30),
        actor=head,
        now=FRIDAY_1000,
    )


def answers(values=None, **profile):
    """A complete sheet: `values` is nine scores by code, or one score for all."""
    if values is None:
        values = 4
    scores = dict.fromkeys(ikm.CODES, values) if isinstance(values, int) else dict(values)
    return services.Answers(scores=scores, **profile)


def form_data(scores, **extra):
    data = {code: str(value) for code, value in scores.items()}
    data.update(extra)
    return data
