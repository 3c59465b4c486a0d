"""Reads and state changes for offices, divisions and staff memberships."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from loket import validators
from loket.locking import locked

from .channels import PHONE_KINDS
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


def save_office(slug: str, **fields) -> Office:
    """Create the office `slug` or update its `fields` (idempotent; the demo and imports).
    A valid `phone` is stored in E.164; one that does not parse is kept as written and
    flagged (`Office.phone_needs_review`)."""
    if fields.get("phone"):
        fields["phone"] = validators.e164_or_none(fields["phone"]) or fields["phone"].strip()
    office, _created = Office.objects.update_or_create(slug=slug, defaults=fields)
    return office


def save_division(office: Office, slug: str, *, name: str, position: int = 0) -> Division:
    """Create the division `slug` of `office` or update its name and position."""
    division, _created = Division.objects.update_or_create(
        office=office, slug=slug, defaults={"name": name, "position": position}
    )
    return division


def save_channel(
    office: Office, kind: str, *, label: str, value: str = "", position: int = 0
) -> Channel:
    """Publish `office`'s complaint channel of `kind` (one per kind), or update it. A phone,
    fax or WhatsApp number is stored in E.164 when valid, else kept as written and flagged
    (`Channel.value_needs_review`)."""
    if kind in PHONE_KINDS and value.strip():
        value = validators.e164_or_none(value) or value.strip()
    channel, _created = Channel.objects.update_or_create(
        office=office, kind=kind, defaults={"label": label, "value": value, "position": position}
    )
    return channel


@transaction.atomic
def grant_role(*, user, office: Office, role: str, division: Division | None = None) -> Membership:
    """Give `user` `role` in `office` (idempotent). Validates the consultant/division rule."""
    membership = Membership(user=user, office=office, role=role, division=division)
    membership.full_clean(validate_unique=False, validate_constraints=False)
    membership, _created = Membership.objects.get_or_create(
        user=user, office=office, role=role, division=division
    )
    return membership


# Lookups other apps call instead of reading the offices tables themselves.


def office_by_slug(slug: str) -> Office | None:
    """The office with `slug`, or None."""
    return Office.objects.filter(slug=slug).first()


def office_or_404(slug: str) -> Office:
    """The office with `slug` for public pages; `Http404` when there is none."""
    return get_object_or_404(Office, slug=slug)


def offices_by_pk(pks) -> list[Office]:
    """The offices whose primary keys are in `pks`, by name."""
    return list(Office.objects.filter(pk__in=list(pks)).order_by("name"))


def other_offices(office: Office):
    """Every other office of the deployment (forwarding targets), by name, as a queryset."""
    return Office.objects.exclude(pk=office.pk).order_by("name")


def only_office() -> Office | None:
    """The deployment's office when it serves exactly one, else None."""
    offices = list(Office.objects.all()[:2])
    return offices[0] if len(offices) == 1 else None


def divisions_of(office: Office):
    """The office's divisions in their published order, as a queryset (for form choices)."""
    return Division.objects.filter(office=office).order_by("position", "name")


def division_of(office: Office, pk) -> Division | None:
    """The division `pk` of `office`, or None (another office's division is None too)."""
    return Division.objects.filter(office=office, pk=pk).first()


def division_by_slug(office: Office, slug: str) -> Division | None:
    """The division `slug` of `office`, or None."""
    return Division.objects.filter(office=office, slug=slug).first()


def staff_with_role(office: Office, roles) -> list:
    """Active users holding any of `roles` in `office` (one query), by username."""
    user_model = get_user_model()
    member_ids = Membership.objects.filter(office=office, role__in=list(roles)).values("user_id")
    return list(user_model.objects.filter(pk__in=member_ids, is_active=True).order_by("username"))


def lock_office(office: Office) -> Office:
    """The office row under its row lock (serialises per-office counters and publishing)."""
    return locked(office)


@transaction.atomic
def create_office(*, slug: str, name: str, **details) -> Office:
    """A new office (onboarding, e.g. from a SIPPN header: standards' `import_standard
    --create-office`). `details` are Office fields (parent_name, address, postal_code, phone,
    email, timezone); they are validated like the admin form validates them."""
    office = Office(slug=slug, name=name, **details)
    office.full_clean()
    office.save()
    return office


def member_ids(office: Office):
    """The ids of every user holding any role in `office`, active or not, as a subquery."""
    return Membership.objects.filter(office=office).values("user_id")


@transaction.atomic
def revoke_role(*, user, office: Office, role: str) -> int:
    """Take `role` in `office` from `user` (every division of it for a consultant); returns
    how many memberships ended (0 when the user did not hold it)."""
    deleted, _ = Membership.objects.filter(user=user, office=office, role=role).delete()
    return deleted
