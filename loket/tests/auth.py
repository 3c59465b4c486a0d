"""Test helpers for signed-in staff: a session whose password was just confirmed
(`loket.reauth`), as the confirmation page leaves it."""

from __future__ import annotations

import time

from loket.reauth import REAUTH_AT


def confirm_password(client, at: float | None = None) -> None:
    """Stamp the test client's session as if the password had been typed at `at` (now)."""
    session = client.session
    session[REAUTH_AT] = time.time() if at is None else at
    session.save()


def force_login_confirmed(client, user) -> None:
    """`client.force_login(user)` with the password just confirmed (admin changes allowed)."""
    client.force_login(user)
    confirm_password(client)
