"""The office pages do a constant number of queries, however many divisions, channels and
memberships the office has (and answer 200: a count taken on an error page proves nothing)."""

import pytest

from loket.offices.models import Channel
from loket.offices.roles import Role
from loket.offices.tests.factories import (
    DivisionFactory,
    MembershipFactory,
    OfficeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def grow(office, start: int) -> None:
    for number in range(start, start + 4):
        DivisionFactory(office=office, slug=f"bagian-{number}", name=f"Bagian {number}")
    for position, kind in enumerate(Channel.Kind.values[start : start + 4]):
        Channel.objects.create(office=office, kind=kind, label=kind, position=position)


@pytest.mark.parametrize(
    ("url", "signed_in", "queries"),
    [
        # office, divisions, channels, standards in force, their services, weekly hours
        ("/instansi/kantor-a/", False, 6),
        # session, user, office, memberships, divisions, and one role check per app fragment;
        # on both staff pages one more for the unread notifications badge of the header
        ("/staf/kantor-a/", True, 11),
        # session, user, memberships, offices; whether the user supervises (reports' link);
        # the unread notifications badge
        ("/staf/", True, 6),
    ],
)
def test_an_office_page_does_a_constant_number_of_queries(
    client, alice, office_a, django_assert_num_queries, url, signed_in, queries
):
    if signed_in:
        # A user of one office lands on its dashboard (reports): the staff home lists offices
        # for a user of several.
        MembershipFactory(user=alice, office=OfficeFactory(slug="kantor-c"), role=Role.HEAD)
        client.force_login(alice)
    for start in (0, 4):
        grow(office_a, start)
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200


def test_the_office_page_runs_no_query_for_an_anonymous_visitor_while_nothing_changes(
    client, django_assert_num_queries
):
    """Issue 18: the office page is kept under the content stamps of the apps it shows
    (`pages.PUBLIC_PAGE_STAMPS`); a change of the office's hours shows at once."""
    from datetime import time

    from django.test import Client

    from loket.workdays import services as workdays

    office = OfficeFactory(slug="kantor-z", name="Kantor Z")
    url = office.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = Client().get(url)
    assert "Kantor Z" in again.content.decode()
    assert "07.15–12.00" not in again.content.decode()
    root = UserFactory(username="root", is_superuser=True)
    workdays.set_weekly_hours(actor=root, office=office, hours={0: ((time(7, 15), time(12)),)})
    assert "07.15–12.00" in Client().get(url).content.decode()
