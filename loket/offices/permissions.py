"""The one place where staff access is decided.

Every staff query goes through `scoped()` (a queryset limited to the offices, and for
consultants the divisions, where the user holds a role) or `get_scoped_or_404()`. An object
of another office is indistinguishable from a missing one: 404, never 403, so staff of one
office cannot probe another's records (the 404 of a record that exists elsewhere is an
`OutOfScope`, which the security log records). A colleague of the office without the role a page
needs gets 403 (`get_office_or_404`, `require_role`).

The supervisor (`Role.SUPERVISOR`, issue 16) is not staff of the offices it supervises: its
memberships count in none of the rules above (an office it only supervises answers 404 on
every staff page, like another office's), only in `supervised_offices` and
`get_supervised_office_or_404`, which open the aggregate figures of the reports app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, TypeAlias

from django.core.exceptions import FieldError, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Division, Membership, Office

# Other apps name roles through this module (`permissions.Role.RECEPTIONIST`) or `offices.roles`,
# never through `offices.models`, which only the offices app imports.
from .roles import STAFF_ROLES
from .roles import Role as Role
from .zones import shown_in_its_zone

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# request.user: a staff user (Django's user model) or the anonymous visitor.
AnyUser: TypeAlias = "User | AnonymousUser"


class OutOfScope(Http404):
    """The 404 of a record (or an office) that exists but lies outside the user's scope:
    another office's, another division's. The visitor sees an ordinary 404; the accounts app
    records it as a refused access (a probe across offices) in the security log."""


def memberships(user: AnyUser) -> QuerySet[Membership]:
    """The user's staff memberships (a supervisor's are not: see the module docstring)."""
    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, role__in=STAFF_ROLES).select_related(
        "office", "division"
    )


def _roles_filter(roles: Iterable[str] | None) -> Q:
    return Q(role__in=list(roles)) if roles else Q()


def offices_for(user: AnyUser, roles: Iterable[str] | None = None) -> QuerySet[Office]:
    """Offices where `user` holds any of `roles` (any role when None).

    Superusers are the deployment's system administrators and see every office.
    """
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Office.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Office.objects.none()
    member_of = Membership.objects.filter(
        Q(user=user, role__in=STAFF_ROLES) & _roles_filter(roles)
    ).values("office_id")
    return Office.objects.filter(id__in=member_of)


def roles_in(user: AnyUser, office: Office) -> set[str]:
    """Every role `user` holds in `office` (all roles for a system administrator), in one
    query: for pages that show several links, each for some roles."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return set(Role.values)
    return set(memberships(user).filter(office=office).values_list("role", flat=True))


def roles_held(user: AnyUser, office: Office) -> set[str]:
    """Every role `user` holds in `office`, the supervisor's included: what the office admin
    manages on the colleague's roles page. Not an access rule (use `roles_in`). One query."""
    if not user.is_active:
        return set()
    return set(Membership.objects.filter(user=user, office=office).values_list("role", flat=True))


def has_role(user: AnyUser, office: Office, roles: Iterable[str]) -> bool:
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return memberships(user).filter(office=office, role__in=list(roles)).exists()


def scoped(
    queryset: QuerySet,
    user: AnyUser,
    roles: Iterable[str] | None = None,
    *,
    office_field: str = "office",
    division_field: str | None = None,
) -> QuerySet:
    """Limit `queryset` to what `user` may see through `roles`.

    A membership of a role other than consultant opens the whole office. A consultant
    membership opens only rows whose `division_field` is the consultant's division (when
    the model has no division field, a consultant sees nothing through it).
    """
    if user.is_authenticated and user.is_active and user.is_superuser:
        return queryset
    rows = list(
        memberships(user)
        .filter(_roles_filter(roles))
        .values_list("office_id", "role", "division_id")
    )
    whole_offices = {office for office, role, _ in rows if role != Role.CONSULTANT}
    divisions = {division for _, role, division in rows if role == Role.CONSULTANT}
    condition = Q(**{f"{office_field}__in": whole_offices}) if whole_offices else Q(pk__in=[])
    if divisions and division_field:
        condition |= Q(**{f"{division_field}__in": divisions})
    return queryset.filter(condition)


def get_scoped_or_404(
    queryset: QuerySet, user: AnyUser, roles: Iterable[str] | None = None, **lookup
) -> Model:
    scoped_qs = scoped(
        queryset,
        user,
        roles,
        office_field=lookup.pop("office_field", "office"),
        division_field=lookup.pop("division_field", None),
    )
    try:
        return scoped_qs.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        # Only on a refusal: one more query to tell a probe (a record of another office or
        # division, even asked for under one's own office) from a missing record.
        try:
            exists = queryset.model._default_manager.filter(**lookup).exists()
        except FieldError:  # a lookup on the queryset's own annotation
            exists = queryset.filter(**lookup).exists()
        if exists:
            raise OutOfScope from exc
        raise Http404 from exc


def get_office_or_404(user: AnyUser, slug: str, roles: Iterable[str] | None = None) -> Office:
    """The office `slug` if `user` holds one of `roles` there (any role when None).

    The one access rule of every staff page (whose times are then shown in the office's
    zone, `zones.shown_in_its_zone`): 404 when `user` holds no role in the office at
    all (another office's staff cannot tell it from a missing one); 403 (PermissionDenied)
    for a colleague of the office who holds a role there but none of `roles`.
    """
    if user.is_authenticated and user.is_active and user.is_superuser:
        try:
            return shown_in_its_zone(Office.objects.get(slug=slug))
        except Office.DoesNotExist as exc:
            raise Http404 from exc
    held = list(memberships(user).filter(office__slug=slug))  # one query
    if not held:
        if user.is_authenticated and Office.objects.filter(slug=slug).exists():
            raise OutOfScope
        raise Http404
    wanted = set(roles) if roles else set()
    if wanted and not any(membership.role in wanted for membership in held):
        raise PermissionDenied
    return shown_in_its_zone(held[0].office)


def require_role(user: AnyUser, office: Office, roles: Iterable[str]) -> None:
    """For a user who may see the office but not do this: 403 (read-only colleague)."""
    if not has_role(user, office, roles):
        raise PermissionDenied


# --- Divisions ---------------------------------------------------------------------------
# A division-bound role (the consultant) opens one division of the office; an office-wide role
# (the head, the office admin) opens every division of it, to read.


def _is_system_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_superuser", False))


def system_admin_only(view: Callable) -> Callable:
    """A view of the deployment's system administrator (an active superuser): 404 for anyone
    else, who need not learn the page exists (OWASP ASVS 4.0.3 V4.1.1). Put it under
    `login_required`."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_system_admin(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def divisions_for(
    user: AnyUser,
    office: Office,
    office_wide_roles: Iterable[str],
    division_roles: Iterable[str] = (Role.CONSULTANT,),
) -> QuerySet[Division]:
    """The divisions of `office` whose work `user` may see, in their published order: every
    one for a system administrator or a holder of any of `office_wide_roles`, the user's own
    division for a holder of any of `division_roles`, none otherwise."""
    divisions = Division.objects.filter(office=office).order_by("position", "name")
    if not user.is_authenticated or not user.is_active:
        return divisions.none()
    if has_role(user, office, office_wide_roles):
        return divisions
    own = memberships(user).filter(office=office, role__in=list(division_roles))
    return divisions.filter(pk__in=own.values("division_id"))


def has_division_role(
    user: AnyUser,
    office: Office,
    division_id: int | None,
    roles: Iterable[str] = (Role.CONSULTANT,),
) -> bool:
    """Whether `user` holds one of the division-bound `roles` in exactly that division of
    `office` (a system administrator always does). No division: nobody does but him."""
    if _is_system_admin(user):
        return True
    if division_id is None:
        return False
    return (
        memberships(user)
        .filter(office=office, role__in=list(roles), division_id=division_id)
        .exists()
    )


def require_division_role(
    user: AnyUser,
    office: Office,
    division_id: int | None,
    roles: Iterable[str] = (Role.CONSULTANT,),
) -> None:
    """For a user who may see the division's work but not do it (the head): 403."""
    if not has_division_role(user, office, division_id, roles):
        raise PermissionDenied


# --- Supervision (issue 16) -----------------------------------------------------------------
# A supervisor reads aggregate figures of the offices it supervises, never a record of them.


def supervised_offices(user: AnyUser) -> QuerySet[Office]:
    """The offices whose aggregate figures `user` may compare: those where it holds the
    supervisor's role; every office for a system administrator; none for anyone else (a head
    sees their own office in the office report, not here). In name order, one query."""
    if _is_system_admin(user):
        return Office.objects.order_by("name", "pk")
    if not user.is_authenticated or not user.is_active:
        return Office.objects.none()
    granted = Membership.objects.filter(user=user, role=Role.SUPERVISOR).values("office_id")
    return Office.objects.filter(id__in=granted).order_by("name", "pk")


def supervises_any(user: AnyUser) -> bool:
    """Whether `user` may open the province comparison (one query; none for the anonymous)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return supervised_offices(user).exists()


def get_supervised_office_or_404(user: AnyUser, slug: str) -> Office:
    """The office `slug` if `user` supervises it (a system administrator: any office); 404
    otherwise, whether it exists or not, so that a supervisor cannot probe other offices."""
    try:
        return shown_in_its_zone(supervised_offices(user).get(slug=slug))
    except Office.DoesNotExist as exc:
        raise Http404 from exc
