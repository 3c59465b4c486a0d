"""The office pages do a constant number of queries, however many divisions, channels and
memberships the office has (and answer 200: a count taken on an error page proves nothing)."""

import pytest

from loket.offices.models import Channel
from loket.offices.roles import Role
from loket.offices.tests.factories import DivisionFactory, MembershipFactory, OfficeFactory

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
        # session, user, office, memberships, divisions, and one role check per app fragment
        ("/staf/kantor-a/", True, 10),
        # session, user, memberships, offices; whether the user supervises (reports' link)
        ("/staf/", True, 5),
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
