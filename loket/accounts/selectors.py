"""Reads about staff accounts other apps and the pages may call."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django_otp import user_has_device

from loket.offices.permissions import offices_for
from loket.offices.services import member_ids

from .models import ApiKey, EncryptedTOTPDevice, SecurityEvent, StaffSession
from .roles import PERSONAL_DATA_ROLES


def two_factor_enforced() -> bool:
    """Production always; elsewhere only when LOKET_REQUIRE_2FA says so (the `make run` demo
    keeps password-only sign-in so a newcomer can try every role)."""
    return bool(settings.LOKET_PRODUCTION or settings.LOKET_REQUIRE_2FA)


def two_factor_required(user: Any) -> bool:
    """Whether `user` must sign in with a second factor: system administrators (and staff of
    the admin site) and every holder of a role that can see personal data, where enforced."""
    if not two_factor_enforced() or not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return offices_for(user, PERSONAL_DATA_ROLES).exists()


def has_two_factor(user: Any) -> bool:
    """Whether `user` has a confirmed second factor (authenticator app or recovery codes)."""
    return user_has_device(user, confirmed=True)


def sessions_of(user: Any) -> QuerySet[StaffSession]:
    return StaffSession.objects.filter(user=user).order_by("-created_at")


def security_events(*, office: Any = None) -> QuerySet[SecurityEvent]:
    """The security log, newest first: the whole deployment's (office None, for system
    administrators) or one office's: events about its staff accounts and events of the
    office itself."""
    rows = SecurityEvent.objects.select_related("actor", "user", "office")
    if office is None:
        return rows.order_by("-at", "-id")
    return rows.filter(Q(office=office) | Q(user_id__in=member_ids(office))).order_by("-at", "-id")


def office_staff(office: Any) -> list:
    """Every account holding a role in `office` (deactivated ones too), with `has_two_factor`
    set on each: two queries whatever the number of staff."""
    from django.contrib.auth import get_user_model

    users = list(
        get_user_model()
        .objects.filter(pk__in=member_ids(office))
        .order_by("-is_active", "username")
    )
    with_app = set(
        EncryptedTOTPDevice.objects.filter(user__in=users, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    for user in users:
        # An annotation for the staff list template (not a model field).
        user.has_two_factor = user.pk in with_app  # type: ignore[attr-defined]
    return users


def office_member(office: Any, pk: Any):
    """The account `pk` if it holds a role in `office`, else None (another office's: None)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in=member_ids(office), pk=pk).first()


def api_keys_of(office: Any) -> QuerySet[ApiKey]:
    """The office's API keys, newest first, revoked and expired ones included."""
    return ApiKey.objects.filter(office=office).select_related("created_by", "revoked_by")


def api_key_of(office: Any, pk: int) -> ApiKey | None:
    """The office's key `pk`, or None (another office's key is never found)."""
    return api_keys_of(office).filter(pk=pk).first()
