"""Division access, decided in `loket.offices.permissions`: a consultant sees and acts in
their own division, the head and the office admin see every division and act in none, a
system administrator does everything, staff of another office see nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from loket.offices import permissions
from loket.visits.roles import CONSULTANTS, DIVISION_OVERSEERS

pytestmark = pytest.mark.django_db


def _seen(user, office):
    return list(
        permissions.divisions_for(user, office, DIVISION_OVERSEERS, CONSULTANTS).values_list(
            "slug", flat=True
        )
    )


def test_a_consultant_sees_and_acts_in_their_own_division_only(
    consultant, office_a, division_x, division_y
):
    assert _seen(consultant, office_a) == ["bagian-satu"]
    assert permissions.has_division_role(consultant, office_a, division_x.pk, CONSULTANTS)
    assert not permissions.has_division_role(consultant, office_a, division_y.pk, CONSULTANTS)
    assert not permissions.has_division_role(consultant, office_a, None, CONSULTANTS)


def test_the_head_sees_every_division_and_acts_in_none(hana, office_a, division_x, division_y):
    assert _seen(hana, office_a) == ["bagian-satu", "bagian-dua"]
    with pytest.raises(PermissionDenied):
        permissions.require_division_role(hana, office_a, division_x.pk, CONSULTANTS)


def test_a_system_administrator_sees_and_acts_everywhere(office_a, division_x, division_y):
    from loket.offices.tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True)
    assert _seen(root, office_a) == ["bagian-satu", "bagian-dua"]
    assert permissions.has_division_role(root, office_a, division_y.pk, CONSULTANTS)


def test_staff_of_another_office_see_no_division(carol, office_a, division_x):
    assert _seen(carol, office_a) == []
    assert not permissions.has_division_role(carol, office_a, division_x.pk, CONSULTANTS)
