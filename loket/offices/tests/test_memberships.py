import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from loket.offices import services
from loket.offices.models import Membership, Role
from loket.offices.tests.factories import DivisionFactory, OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_consultant_must_belong_to_a_division(office_a):
    with pytest.raises(ValidationError):
        services.grant_role(user=UserFactory(), office=office_a, role=Role.CONSULTANT)


def test_only_consultants_belong_to_a_division(office_a):
    division = DivisionFactory(office=office_a)
    with pytest.raises(ValidationError):
        services.grant_role(user=UserFactory(), office=office_a, role=Role.HEAD, division=division)


def test_a_division_of_another_office_is_refused(office_a):
    foreign = DivisionFactory(office=OfficeFactory())
    with pytest.raises(ValidationError):
        services.grant_role(
            user=UserFactory(), office=office_a, role=Role.CONSULTANT, division=foreign
        )


def test_granting_the_same_role_twice_keeps_one_membership(office_a):
    user = UserFactory()
    services.grant_role(user=user, office=office_a, role=Role.HEAD)
    services.grant_role(user=user, office=office_a, role=Role.HEAD)
    assert Membership.objects.filter(user=user).count() == 1


def test_the_database_refuses_a_consultant_without_a_division(office_a):
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=UserFactory(), office=office_a, role=Role.CONSULTANT)


def test_roles_in_an_office_are_read_in_one_query(
    alice, office_a, office_b, django_assert_num_queries
):
    from loket.offices.models import Role
    from loket.offices.permissions import roles_in
    from loket.offices.tests.factories import MembershipFactory, UserFactory

    MembershipFactory(user=alice, office=office_a, role=Role.HEAD)
    MembershipFactory(user=alice, office=office_b, role=Role.RECEPTIONIST)
    with django_assert_num_queries(1):
        assert roles_in(alice, office_a) == {Role.OFFICE_ADMIN, Role.HEAD}
    root = UserFactory(username="root", is_superuser=True)
    with django_assert_num_queries(0):
        assert roles_in(root, office_b) == set(Role.values)
