"""Reads and state changes for offices, divisions and staff memberships."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from loket import validators
from loket.errors import DomainError
from loket.locking import locked

from .channels import PHONE_KINDS, ChannelKind
from .models import Channel, Division, Membership, Office
from .roles import Role
from .zones import shown_in_its_zone

logger = logging.getLogger("loket.offices")


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
    """The office with `slug` for public pages, its zone active for the rest of the request
    (`zones.shown_in_its_zone`); `Http404` when there is none."""
    return shown_in_its_zone(get_object_or_404(Office, slug=slug))


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


# --- The office's profile and its channels, edited by its office admin (issue 14) ----------

# The office's details its admin edits on the profile page (`/staf/<office>/profil/`).
PROFILE_FIELDS = (
    "name",
    "parent_name",
    "address",
    "postal_code",
    "city",
    "phone",
    "email",
    "website",
    "timezone",
)

# Channel kinds whose value must be given: a number or an address to reach.
VALUE_REQUIRED_KINDS = (*PHONE_KINDS, ChannelKind.EMAIL)


@transaction.atomic
def update_office_profile(office: Office, *, actor, **fields) -> list[str]:
    """Save `fields` (a subset of `PROFILE_FIELDS`) on `office`; returns the names of the
    fields that changed, in `PROFILE_FIELDS` order ([] when none did: nothing is written).

    Validated like the admin form (`Office.full_clean`: the time zone one of WIB, WITA, WIT;
    a valid phone stored in E.164). The offices app keeps no audit table: the change is
    logged (`loket.offices`, the actor's id and the changed field names) and the row's
    `updated_at` moves. Raises `ValueError` for a field outside `PROFILE_FIELDS` and
    `ValidationError` for an invalid value. Rule: issue 14 ("People and roles in Loket").
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not a profile field: {', '.join(sorted(unknown))}")
    office = locked(office)
    before = {name: getattr(office, name) for name in PROFILE_FIELDS}
    for name, value in fields.items():
        setattr(office, name, value)
    office.full_clean(validate_unique=False, validate_constraints=False)
    changed = [name for name in PROFILE_FIELDS if getattr(office, name) != before[name]]
    if changed:
        office.save(update_fields=[*changed, "updated_at"])
        logger.info(
            "office profile changed: office=%s actor=%s fields=%s",
            office.slug,
            getattr(actor, "pk", None),
            ",".join(changed),
        )
    return changed


def channels_of(office: Office) -> list[Channel]:
    """Every complaint channel of `office`, published or not, in their published order."""
    return list(Channel.objects.filter(office=office).order_by("position", "pk"))


def channel_of(office: Office, pk) -> Channel | None:
    """The channel `pk` of `office`, or None (another office's channel is None too)."""
    return Channel.objects.filter(office=office, pk=pk).first()


def unused_channel_kinds(office: Office) -> list[tuple[str, str | Promise]]:
    """The (kind, label) choices `office` does not publish yet (one channel per kind)."""
    used = set(Channel.objects.filter(office=office).values_list("kind", flat=True))
    return [(kind, label) for kind, label in ChannelKind.choices if kind not in used]


@transaction.atomic
def add_channel(office: Office, *, kind: str, value: str = "", label: str = "") -> Channel:
    """Publish a complaint channel of `kind` for `office`, last in order. `label` defaults to
    the kind's name; a phone, fax or WhatsApp `value` must be a valid Indonesian number (a
    mobile one for WhatsApp) and is stored in E.164; phone kinds and e-mail need a value.

    Raises `DomainError` (code `channel_kind_taken`, field `kind`) when the office already
    has a channel of that kind, `ValidationError` for an invalid value. Rule: Pengaduan
    Layanan (the office's published channels), issue 14.
    """
    office = locked(office)
    if Channel.objects.filter(office=office, kind=kind).exists():
        raise DomainError(
            _("Instansi ini sudah mengumumkan kanal %(kind)s."),
            code="channel_kind_taken",
            field="kind",
            params={"kind": ChannelKind(kind).label},
        )
    value = value.strip()
    if kind in VALUE_REQUIRED_KINDS and not value:
        raise ValidationError({"value": _("Tulis nomor atau alamat kanal ini.")})
    last = Channel.objects.filter(office=office).aggregate(last=Max("position"))["last"]
    channel = Channel(
        office=office,
        kind=kind,
        label=label.strip() or str(ChannelKind(kind).label),
        value=value,
        position=0 if last is None else last + 1,
    )
    channel.full_clean(validate_unique=False, validate_constraints=False)
    channel.save()
    return channel


@transaction.atomic
def remove_channel(channel: Channel) -> None:
    """Stop publishing `channel`: the row is deleted (the public page drops it at once)."""
    channel.delete()


# The time zones an office may keep: WIB, WITA, WIT (for other apps' forms).
TIMEZONE_CHOICES = Office.TimeZone.choices

# Codes that begin the system administrator's pages (`/staf/sistem/...`).
RESERVED_SLUGS = frozenset({"sistem"})


def slug_is_reserved(slug: str) -> bool:
    """Whether `slug` cannot be an office's code: `/staf/<slug>/` is another page
    (`staf/akun/`, ...) or begins some (`staf/sistem/...`)."""
    if slug in RESERVED_SLUGS:
        return True
    try:
        match = resolve(f"/staf/{slug}/")
    except Resolver404:
        return False
    return match.view_name != "offices:staff_office"


def new_office_slug(name: str) -> str:
    """A free office code made from `name` ("Dinas Kesehatan" -> "dinas-kesehatan", then
    "dinas-kesehatan-2", ...; never a reserved one), at most 80 characters; "instansi" when
    the name gives none."""
    base = slugify(name)[:70].strip("-") or "instansi"
    taken = set(Office.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken or slug_is_reserved(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


def offices_with_admin_counts() -> list[Office]:
    """Every office by name, each with `admin_count` (its office admins, active or not),
    in one query: the system administrator's list of offices."""
    admins = Count("memberships", filter=Q(memberships__role=Role.OFFICE_ADMIN))
    return list(Office.objects.annotate(admin_count=admins).order_by("name", "pk"))
