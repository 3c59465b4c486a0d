"""Saved filters of the complaint lists (issue 14 "Lists people can work from"): a user
names the filter of a list (its query string) and finds it again as a link above that list.
Personal settings, not the complaint's history: no event row. Each filter belongs to one
user, one office and one list (`models.ListKind`); only its owner sees or deletes it. The
query string comes already checked and put in canonical form by the page
(`staff_forms.SaveFilterForm`, through `QueueFilterForm`)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..errors import InvalidInput, NotAllowed
from ..models import ListKind, SavedFilter

if TYPE_CHECKING:
    from loket.offices.services import Office

# The most filters one user keeps per office (over both lists): links, not a library.
MAX_SAVED_FILTERS = 20
NAME_MAX_LENGTH = 60
QUERY_MAX_LENGTH = 1000


@transaction.atomic
def save_filter(
    office: Office,
    *,
    actor: Any,
    list_kind: str,
    name: str,
    query: str,
    now: datetime | None = None,
) -> SavedFilter:
    """Save `query` (a list's canonical query string, at most `QUERY_MAX_LENGTH`
    characters) under `name` for `actor` in `office`'s list `list_kind` ("antrean" or
    "semua"). Errors (`InvalidInput`, field named): `name_required`, `name_too_long`
    (more than `NAME_MAX_LENGTH` characters), `name_taken` (names are unique per user,
    office and list, whatever the case), `query_too_long`, `unknown_list`;
    `NotAllowed` `too_many_filters` past `MAX_SAVED_FILTERS` per user and office."""
    if list_kind not in ListKind.values:
        raise InvalidInput(_("Daftar tidak dikenal."), code="unknown_list", field="daftar")
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("Nama saringan wajib diisi."), code="name_required", field="nama")
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(
            _("Nama saringan paling banyak %(n)s karakter.") % {"n": NAME_MAX_LENGTH},
            code="name_too_long",
            field="nama",
        )
    if len(query) > QUERY_MAX_LENGTH:
        raise InvalidInput(_("Saringan ini terlalu panjang."), code="query_too_long", field="kueri")
    mine = SavedFilter.objects.filter(user=actor, office=office)
    taken = InvalidInput(
        _("Sudah ada saringan tersimpan dengan nama itu."), code="name_taken", field="nama"
    )
    if mine.filter(list_kind=list_kind, name__iexact=name).exists():
        raise taken
    if mine.count() >= MAX_SAVED_FILTERS:
        raise NotAllowed(
            _("Paling banyak %(n)s saringan tersimpan per instansi; hapus salah satu dulu.")
            % {"n": MAX_SAVED_FILTERS},
            code="too_many_filters",
        )
    try:
        with transaction.atomic():  # the unique constraint decides a race on the name
            return SavedFilter.objects.create(
                user=actor,
                office=office,
                list_kind=list_kind,
                name=name,
                query=query,
                created_at=now or timezone.now(),
            )
    except IntegrityError as exc:
        raise taken from exc


@transaction.atomic
def delete_filter(saved: SavedFilter, *, actor: Any) -> None:
    """Delete `saved`; `NotAllowed` `not_owner` for anyone but the user who saved it."""
    if saved.user_id != getattr(actor, "pk", None):
        raise NotAllowed(_("Saringan itu milik pengguna lain."), code="not_owner")
    saved.delete()
