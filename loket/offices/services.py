"""Reads and state changes for offices, divisions and staff memberships."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, ForeignObjectRel, Max, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from loket import validators
from loket.conditional import stamped_value
from loket.errors import DomainError
from loket.events import record_event
from loket.locking import locked

from .channels import PHONE_KINDS, ChannelKind
from .models import Channel, Division, Membership, Office, OfficeEvent
from .roles import Role
from .zones import shown_in_its_zone

logger = logging.getLogger("loket.offices")


def public_offices() -> list[Office]:
    return list(Office.objects.order_by("name"))


def office_with_public_details(slug: str) -> Office:
    """The office with its divisions and published channels, in two extra queries."""
    return Office.objects.prefetch_related(
        Prefetch(
            "divisions",
            queryset=Division.objects.filter(is_active=True).order_by("position", "name"),
        ),
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


# How long a kept office row may serve the public API at most; any save or delete of an
# office, channel or division replaces the stamp it is kept under at once.
KEPT_OFFICE_SECONDS = 60 * 60


def kept_office_by_slug(slug: str) -> Office | None:
    """`office_by_slug` for the public API's receipts (a complaint, a booking), read from the
    shared cache while the offices' content stamp stands (`loket.conditional.stamped_value`,
    renewed after every commit that saves or deletes an office, channel or division): no
    query on the hot path (issue 18: 300 complaints/s). A fresh copy per call; None when
    there is no such office (never kept). Writes that skip the signals outside `migrate`
    (`QuerySet.update`, raw SQL) are seen within `KEPT_OFFICE_SECONDS`.

    `slug` comes from a client's body: anything an office's slug cannot be (`Office.slug`, at
    most 80 letters, digits, "-" or "_") is no office, and never becomes a cache key."""
    if not slug:
        return None
    try:
        Office._meta.get_field("slug").run_validators(slug)  # the pattern and the length
    except ValidationError:
        return None
    return stamped_value(
        "offices", f"office:{slug}", lambda: office_by_slug(slug), KEPT_OFFICE_SECONDS
    )


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
    """The office's active divisions in their published order, as a queryset: the choices
    of every form that gives a division new work (booking, routing, hand-over, a
    consultant's assignment, a slot's capacity). An inactive division is in
    `all_divisions_of` only."""
    return Division.objects.filter(office=office, is_active=True).order_by("position", "name")


def all_divisions_of(office: Office):
    """Every division of the office, active or not, in their published order, as a queryset
    (history: reports, the waiting-room screen's open calls, the divisions page)."""
    return Division.objects.filter(office=office).order_by("position", "name", "pk")


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
    `ValidationError` for an invalid value. Writes a `profile_changed` event with each
    changed field before and after. Rule: issue 14 ("People and roles in Loket").
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
        _event(
            office,
            OfficeEvent.Action.PROFILE_CHANGED,
            actor=actor,
            data={name: {"from": before[name], "to": getattr(office, name)} for name in changed},
        )
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
def add_channel(
    office: Office, *, kind: str, value: str = "", label: str = "", actor=None
) -> Channel:
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
    _event(
        office,
        OfficeEvent.Action.CHANNEL_ADDED,
        actor=actor,
        note=channel.label,
        data={
            "kind": {"from": None, "to": kind},
            "value": {"from": None, "to": channel.value},
            "label": {"from": None, "to": channel.label},
        },
    )
    return channel


@transaction.atomic
def remove_channel(channel: Channel, *, actor=None) -> None:
    """Stop publishing `channel`: the row is deleted (the public page drops it at once); a
    `channel_removed` event keeps what it was."""
    _event(
        channel.office,
        OfficeEvent.Action.CHANNEL_REMOVED,
        actor=actor,
        note=channel.label,
        data={
            "kind": {"from": channel.kind, "to": None},
            "value": {"from": channel.value, "to": None},
            "label": {"from": channel.label, "to": None},
        },
    )
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


# --- Divisions, edited by the office admin (issue 14) ----------------------------------------
# Every change writes an `OfficeEvent` in its transaction, only when something changed.


def _event(office: Office, action: str, *, actor, division=None, note="", data=None) -> None:
    record_event(
        OfficeEvent,
        action=action,
        actor=actor,
        office=office,
        division=division,
        note=note,
        data=data or {},
    )


def new_division_slug(office: Office, name: str) -> str:
    """A code free in `office` made from `name` ("Bagian Perizinan" -> "bagian-perizinan",
    then "bagian-perizinan-2", ...), at most 80 characters; "bagian" when the name gives
    none. Codes of other offices do not matter (unique per office)."""
    base = slugify(name)[:70].strip("-") or "bagian"
    taken = set(
        Division.objects.filter(office=office, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _slug_taken(office: Office, slug: str, *, other_than: int | None = None) -> None:
    taken = Division.objects.filter(office=office, slug=slug)
    if other_than is not None:
        taken = taken.exclude(pk=other_than)
    if taken.exists():
        raise DomainError(
            _("Kode %(slug)s sudah dipakai bagian lain di instansi ini."),
            code="division_slug_taken",
            field="slug",
            params={"slug": slug},
        )


@transaction.atomic
def add_division(office: Office, *, actor, name: str, slug: str = "") -> Division:
    """A new active division of `office`, last in order. `slug` (the code in the queue page's
    address and the API) is made from `name` when empty.

    Raises `DomainError` (code `division_slug_taken`, field `slug`) when `office` has a
    division with that code, `ValidationError` for an invalid name or code. Writes a
    `division_added` event. Rule: issue 14 (no daily task needs the Django admin).
    """
    office = locked(office)
    name = name.strip()
    slug = slug.strip().lower() or new_division_slug(office, name)
    _slug_taken(office, slug)
    last = Division.objects.filter(office=office).aggregate(last=Max("position"))["last"]
    division = Division(
        office=office, name=name, slug=slug, position=0 if last is None else last + 1
    )
    division.full_clean(validate_unique=False, validate_constraints=False)
    division.save()
    _event(
        office,
        OfficeEvent.Action.DIVISION_ADDED,
        actor=actor,
        division=division,
        note=name,
        data={"name": {"from": None, "to": name}, "slug": {"from": None, "to": slug}},
    )
    return division


@transaction.atomic
def update_division(division: Division, *, actor, name: str, slug: str) -> list[str]:
    """Rename `division` and/or change its code; returns the changed field names ("name",
    "slug"; [] when none did: nothing is written). A new code changes the address of the
    division's queue page and the code the API takes for it.

    Raises `DomainError` (`division_slug_taken`) and `ValidationError` like `add_division`.
    Writes a `division_changed` event with each field before and after; `division` itself
    holds the saved values afterwards.
    """
    locked(division.office)
    given, division = division, locked(division)
    before = {"name": division.name, "slug": division.slug}
    division.name, division.slug = name.strip(), slug.strip().lower()
    changed = [field for field in before if getattr(division, field) != before[field]]
    if not changed:
        return []
    if "slug" in changed:
        _slug_taken(division.office, division.slug, other_than=division.pk)
    division.full_clean(validate_unique=False, validate_constraints=False)
    division.save(update_fields=changed)
    given.name, given.slug = division.name, division.slug
    _event(
        division.office,
        OfficeEvent.Action.DIVISION_CHANGED,
        actor=actor,
        division=division,
        note=division.name,
        data={f: {"from": before[f], "to": getattr(division, f)} for f in changed},
    )
    return changed


@transaction.atomic
def move_division(division: Division, *, actor, up: bool) -> bool:
    """Move `division` one place up (earlier) or down in its office's order, inactive ones
    counted; returns False when it is already first (last): nothing is written. The
    positions of the office's divisions are renumbered 0, 1, 2, ... (the Django admin may
    have left equal ones). Writes a `division_moved` event with the places (1-based)."""
    office = locked(division.office)
    order = list(all_divisions_of(office))
    index = next(i for i, row in enumerate(order) if row.pk == division.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(order):
        return False
    order[index], order[target] = order[target], order[index]
    for position, row in enumerate(order):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    _event(
        office,
        OfficeEvent.Action.DIVISION_MOVED,
        actor=actor,
        division=division,
        note=division.name,
        data={"position": {"from": index + 1, "to": target + 1}},
    )
    return True


@transaction.atomic
def set_division_active(division: Division, *, actor, active: bool) -> bool:
    """Deactivate (`active` False) or reactivate `division`; returns False when it already
    was so (nothing is written). An inactive division keeps its history, its consultants
    and the visitors in its queue (still served); it takes no new work and leaves the
    public page. Writes a `division_deactivated` or `division_activated` event; `division`
    itself holds the saved state afterwards."""
    locked(division.office)
    given, division = division, locked(division)
    given.is_active = division.is_active  # the caller's copy tells the truth either way
    if division.is_active == active:
        return False
    division.is_active = given.is_active = active
    division.save(update_fields=["is_active"])
    _event(
        division.office,
        OfficeEvent.Action.DIVISION_ACTIVATED
        if active
        else OfficeEvent.Action.DIVISION_DEACTIVATED,
        actor=actor,
        division=division,
        note=division.name,
        data={"is_active": {"from": not active, "to": active}},
    )
    return True


def division_has_history(division: Division) -> bool:
    """Whether any row refers to `division` that deleting it would block or cut loose (its
    consultants, visits, consultations, their events: every relation that is not deleted
    with it, whatever app owns it). Rows deleted with it (a slot's capacity) are its
    set-up, not history; its own `OfficeEvent`s do not count. At most one query per
    relation, stopping at the first that has rows."""
    for relation in Division._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or not relation.one_to_many:
            continue  # only the reverse side of foreign keys to a division
        model = relation.related_model
        if model is None or model is OfficeEvent or relation.on_delete is models.CASCADE:
            continue
        rows = model._base_manager.filter(**{relation.field.name: division})
        if rows.exists():
            return True
    return False


@transaction.atomic
def delete_division(division: Division, *, actor) -> None:
    """Delete `division`, made by mistake and never used. A division with history
    (`division_has_history`) is never deleted: deactivate it instead.

    Raises `DomainError` (code `division_has_history`). Writes a `division_deleted` event
    that keeps its name and code (the event's own link to it is cleared)."""
    office = locked(division.office)
    if division_has_history(division):
        raise DomainError(
            _(
                "%(name)s sudah punya riwayat (konsultan atau kunjungan), jadi tidak dapat "
                "dihapus. Nonaktifkan saja."
            ),
            code="division_has_history",
            params={"name": division.name},
        )
    name, slug = division.name, division.slug
    division.delete()
    _event(
        office,
        OfficeEvent.Action.DIVISION_DELETED,
        actor=actor,
        note=name,
        data={"name": {"from": name, "to": None}, "slug": {"from": slug, "to": None}},
    )


def consultants_by_division(office: Office) -> dict[int, list]:
    """The consultants of each division of `office` (division id -> users by username,
    active accounts and not), in one query."""
    rows = (
        Membership.objects.filter(office=office, role=Role.CONSULTANT)
        .select_related("user")
        .order_by("user__username")
    )
    found: dict[int, list] = {}
    for membership in rows:
        if membership.division_id is not None:
            found.setdefault(membership.division_id, []).append(membership.user)
    return found


# The events each page shows, newest first.
DIVISION_ACTIONS = tuple(a for a in OfficeEvent.Action.values if a.startswith("division_"))
PROFILE_ACTIONS = tuple(a for a in OfficeEvent.Action.values if a not in DIVISION_ACTIONS)
EVENTS_SHOWN = 30


def office_events(office: Office, actions, *, limit: int = EVENTS_SHOWN) -> list[OfficeEvent]:
    """The latest `limit` events of `office` with one of `actions`, newest first, each with
    its actor, in one query."""
    return list(
        OfficeEvent.objects.filter(office=office, action__in=list(actions))
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
