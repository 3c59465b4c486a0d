"""The office admin's part in colleagues' accounts (issue 12, finding 14): deactivate an
account, ending its sessions; the second-factor reset is in `two_factor`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from loket.notify.services import queue_email, render_email
from loket.offices import services as offices
from loket.offices.roles import Role

from ..client import Client
from ..errors import AccountError
from ..models import SecurityEvent
from .events import record_security_event
from .sessions import end_all_sessions


@transaction.atomic
def deactivate_account(
    user: Any, *, actor: Any, office: Any, client: Client, now: datetime | None = None
) -> int:
    """Switch `user` off: no sign-in any more, every session ends now. Returns how many
    sessions ended. Not one's own account, not a system administrator's."""
    if user.pk == actor.pk:
        raise AccountError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."), code="self")
    if user.is_superuser:
        raise AccountError(
            _("Akun administrator sistem hanya dapat diubah oleh administrator sistem."),
            code="system_admin",
        )
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = end_all_sessions(user)
    record_security_event(
        SecurityEvent.Action.ACCOUNT_DEACTIVATED,
        user=user,
        actor=actor,
        office=office,
        client=client,
        data={"sessions_ended": ended},
        now=now,
    )
    return ended


def _role_label(role: str) -> str:
    return str(dict(Role.choices).get(role, role))


@transaction.atomic
def grant_staff_role(
    user: Any,
    *,
    office: Any,
    role: str,
    division: Any = None,
    actor: Any,
    client: Client,
    now: datetime | None = None,
) -> None:
    """Give a colleague a role in the office (a consultant's with its division). Nobody
    gives a role to themselves, except the system administrator (found by a tester: an
    office admin made themselves head, Pejabat and team, and so opened every complainant's
    identity with nobody else involved; segregation of duties, OWASP ASVS 4.0.3 V4.3.3):
    `AccountError` (code `self_grant`)."""
    if user.pk == actor.pk and not actor.is_superuser:
        raise AccountError(
            _(
                "Anda tidak dapat memberi peran kepada akun Anda sendiri; mintalah admin "
                "instansi lain atau admin sistem."
            ),
            code="self_grant",
            field="role",
        )
    try:
        offices.grant_role(user=user, office=office, role=role, division=division)
    except ValidationError as error:
        raise AccountError(
            _("Konsultan harus terikat pada satu bagian; peran lain tidak."),
            code="division",
            field="division",
        ) from error
    record_security_event(
        SecurityEvent.Action.ROLE_GRANTED,
        user=user,
        actor=actor,
        office=office,
        client=client,
        data={"role": role, "division": division.slug if division else ""},
        note=_role_label(role),
        now=now,
    )


@transaction.atomic
def remove_staff_role(
    user: Any, *, office: Any, role: str, actor: Any, client: Client, now: datetime | None = None
) -> None:
    """Take a role away; the office admin cannot take their own admin role."""
    if user.pk == actor.pk and role == Role.OFFICE_ADMIN:
        raise AccountError(
            _("Anda tidak dapat mencabut peran admin instansi Anda sendiri."), code="self"
        )
    if offices.revoke_role(user=user, office=office, role=role):
        record_security_event(
            SecurityEvent.Action.ROLE_REMOVED,
            user=user,
            actor=actor,
            office=office,
            client=client,
            data={"role": role},
            note=_role_label(role),
            now=now,
        )


@transaction.atomic
def invite_staff(
    *,
    office: Any,
    username: str,
    email: str,
    full_name: str,
    role: str,
    division: Any = None,
    actor: Any,
    client: Client,
    now: datetime | None = None,
) -> Any:
    """Create a colleague's account with no password, give the role, and e-mail a link to set
    the password (single use: it stops working once a password is set; it expires after
    PASSWORD_RESET_TIMEOUT). The second factor is set up at the first sign-in."""
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise AccountError(_("Nama pengguna ini sudah dipakai."), code="taken", field="username")
    first, _sep, last = full_name.strip().partition(" ")
    user = user_model(username=username, email=email, first_name=first, last_name=last)
    user.set_unusable_password()
    user.save()
    record_security_event(
        SecurityEvent.Action.ACCOUNT_INVITED,
        user=user,
        actor=actor,
        office=office,
        client=client,
        data={"email_domain": email.rpartition("@")[2]},
        now=now,
    )
    grant_staff_role(
        user, office=office, role=role, division=division, actor=actor, client=client, now=now
    )
    link = settings.SITE_URL + reverse(
        "accounts:invitation",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    subject, body, html = render_email(
        "accounts/email/invitation",
        {"user": user, "office": office, "link": link, "actor": actor},
    )
    queue_email(
        to=email,
        subject=subject,
        body=body,
        html=html,
        topic="accounts:invitation",
        erase_after_send=True,
    )
    return user
