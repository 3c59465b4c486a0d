"""Mail to the account's owner after a change to how they sign in (OWASP ASVS 4.0.3 V2.2.3),
and to the office admins when an account of theirs is locked out. Through the notify outbox,
in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from loket.notify.services import queue_email, render_email
from loket.offices.permissions import memberships
from loket.offices.services import staff_with_role

from ..roles import LOCKOUT_ALERTED, REFUSALS_ALERTED


def notify_owner(user: Any, action: str) -> None:
    """Tell `user` (by e-mail, when they have one) that `action` happened to their account."""
    if not user.email:
        return
    subject, body, html = render_email(
        "accounts/email/security_change",
        {"user": user, "action": action, "site_url": settings.SITE_URL},
    )
    queue_email(to=user.email, subject=subject, body=body, html=html, topic=f"accounts:{action}")


def _alert_admins(user: Any, roles: Any, template: str, topic: str, **context: Any) -> int:
    """Mail the holders of `roles` in each office where `user` works (never `user`), each
    with `template` rendered for their office; returns how many mails were queued."""
    queued = 0
    offices = {membership.office for membership in memberships(user)}
    for office in sorted(offices, key=lambda office: office.name):
        for admin in staff_with_role(office, roles):
            if not admin.email or admin.pk == user.pk:
                continue
            subject, body, html = render_email(
                template,
                {"user": user, "office": office, "site_url": settings.SITE_URL, **context},
            )
            queue_email(to=admin.email, subject=subject, body=body, html=html, topic=topic)
            queued += 1
    return queued


def alert_office_admins(user: Any, *, ip_address: str | None, minutes: int) -> int:
    """Tell the admins of each office where `user` works that the account is locked out;
    returns how many mails were queued."""
    return _alert_admins(
        user,
        LOCKOUT_ALERTED,
        "accounts/email/lockout_alert",
        "accounts:lockout",
        ip_address=ip_address or "-",
        minutes=minutes,
    )


def alert_office_admins_of_refusals(user: Any, *, count: int, minutes: int) -> int:
    """Tell the admins of each office where `user` works that the account was refused `count`
    times within `minutes` (pages of another office or division, or beyond its role);
    returns how many mails were queued."""
    return _alert_admins(
        user,
        REFUSALS_ALERTED,
        "accounts/email/refusals_alert",
        "accounts:refusals",
        count=count,
        minutes=minutes,
    )
