"""Reads and state changes for offices, divisions and staff memberships."""

from django.db import transaction
from django.db.models import Prefetch

from .models import Channel, Division, Membership, Office


def public_offices() -> list[Office]:
    return list(Office.objects.order_by("name"))


def office_with_public_details(slug: str) -> Office:
    """The office with its divisions and published channels, in two extra queries."""
    return Office.objects.prefetch_related(
        Prefetch("divisions", queryset=Division.objects.order_by("position", "name")),
        Prefetch(
            "channels",
            queryset=Channel.objects.filter(is_published=True).order_by("position"),
            to_attr="published_channels",
        ),
    ).get(slug=slug)


@transaction.atomic
def grant_role(*, user, office: Office, role: str, division: Division | None = None) -> Membership:
    """Give `user` `role` in `office` (idempotent). Validates the consultant/division rule."""
    membership = Membership(user=user, office=office, role=role, division=division)
    membership.full_clean(validate_unique=False, validate_constraints=False)
    membership, _created = Membership.objects.get_or_create(
        user=user, office=office, role=role, division=division
    )
    return membership
