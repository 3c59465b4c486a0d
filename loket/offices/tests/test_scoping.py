"""Every staff query is scoped to the user's offices (and division for consultants)."""

import pytest
from django.http import Http404

from loket.offices import permissions
from loket.offices.models import Membership, Office, Role
from loket.offices.tests.factories import DivisionFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_sees_only_the_offices_where_they_hold_a_role(alice, office_a, office_b):
    assert list(permissions.offices_for(alice)) == [office_a]


def test_an_outsider_gets_404_for_another_offices_staff_page(client, carol, office_a):
    client.force_login(carol)
    assert client.get(f"/staf/{office_a.slug}/").status_code == 404
    assert client.get(f"/staf/{carol.memberships.get().office.slug}/").status_code == 200


def test_get_office_or_404_refuses_an_office_of_another_user(carol, office_a):
    with pytest.raises(Http404):
        permissions.get_office_or_404(carol, office_a.slug)


def test_get_scoped_or_404_hides_rows_of_another_office(alice, carol, office_b):
    row = Membership.objects.get(user=carol)
    with pytest.raises(Http404):
        permissions.get_scoped_or_404(Membership.objects.all(), alice, pk=row.pk)
    assert permissions.get_scoped_or_404(Membership.objects.all(), carol, pk=row.pk) == row


def test_a_consultant_sees_only_rows_of_their_own_division(consultant, office_a):
    other_division = DivisionFactory(office=office_a)
    colleague = UserFactory()
    MembershipFactory(
        user=colleague, office=office_a, role=Role.CONSULTANT, division=other_division
    )
    visible = permissions.scoped(Membership.objects.all(), consultant, division_field="division")
    assert list(visible) == [consultant.memberships.get()]


def test_a_consultant_sees_nothing_through_a_model_without_a_division(consultant):
    assert not permissions.scoped(Office.objects.all(), consultant, office_field="pk").exists()


def test_roles_narrow_the_scope(alice, bob, office_a):
    assert permissions.offices_for(alice, [Role.OFFICE_ADMIN]).get() == office_a
    assert not permissions.offices_for(bob, [Role.OFFICE_ADMIN]).exists()
    assert not permissions.scoped(Membership.objects.all(), bob, [Role.OFFICE_ADMIN]).exists()


def test_a_superuser_is_the_system_admin_of_every_office(office_a, office_b):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert set(permissions.offices_for(root)) == {office_a, office_b}


def test_anonymous_and_inactive_users_see_nothing(alice, office_a):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.offices_for(AnonymousUser()).exists()
    alice.is_active = False
    assert not permissions.offices_for(alice).exists()
    assert not permissions.scoped(Membership.objects.all(), alice).exists()


def test_require_role_refuses_a_colleague_without_the_role(bob, alice, office_a):
    from django.core.exceptions import PermissionDenied

    permissions.require_role(alice, office_a, [Role.OFFICE_ADMIN])
    with pytest.raises(PermissionDenied):
        permissions.require_role(bob, office_a, [Role.OFFICE_ADMIN])


def test_staff_pages_need_a_sign_in(client, office_a):
    response = client.get("/staf/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staf/masuk/")


def test_a_row_of_another_office_is_out_of_scope_a_missing_one_only_not_found(
    alice, carol, office_b
):
    row = Membership.objects.get(user=carol)
    with pytest.raises(permissions.OutOfScope):
        permissions.get_scoped_or_404(Membership.objects.all(), alice, pk=row.pk)
    # Asked for under one's own office (the views pre-filter by office): still a probe.
    own_office = Membership.objects.filter(office__slug="kantor-a")
    with pytest.raises(permissions.OutOfScope):
        permissions.get_scoped_or_404(own_office, alice, pk=row.pk)
    with pytest.raises(Http404) as missing:
        permissions.get_scoped_or_404(Membership.objects.all(), alice, pk=row.pk + 1000)
    assert not isinstance(missing.value, permissions.OutOfScope)


def test_a_row_of_another_division_is_out_of_scope(consultant, office_a):
    other_division = DivisionFactory(office=office_a)
    colleague = UserFactory()
    row = MembershipFactory(
        user=colleague, office=office_a, role=Role.CONSULTANT, division=other_division
    )
    with pytest.raises(permissions.OutOfScope):
        permissions.get_scoped_or_404(
            Membership.objects.all(), consultant, pk=row.pk, division_field="division"
        )


def test_another_office_is_out_of_scope_a_missing_one_only_not_found(carol, office_a):
    with pytest.raises(permissions.OutOfScope):
        permissions.get_office_or_404(carol, "kantor-a")
    with pytest.raises(Http404) as missing:
        permissions.get_office_or_404(carol, "tidak-ada")
    assert not isinstance(missing.value, permissions.OutOfScope)
