"""SP4N-LAPOR!'s timeline for a complaint that came from LAPOR! (Perpres 76/2013 on public
complaint management; PermenPANRB 62/2018, Pedoman Teknis Pengelolaan Pengaduan Pelayanan
Publik Nasional): the report is verified and forwarded within 3 working days of its receipt,
and the office follows it up (tindak lanjut) within 5 working days. One rule for the
complaint's page (`selectors.lapor_timeline`) and the office report's stage figures
(`reports.metrics.lapor_stages`). Pure: no database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

VERIFY_DAYS = 3
FOLLOW_UP_DAYS = 5
# The first triage decision is the verification: classified as the office's own,
# forwarded, not the office's authority, or a duplicate (`Event.Action` values).
VERIFICATION_ACTIONS = ("classified", "forwarded", "not_authority", "duplicate")

WITHIN, LATE, PENDING = "within", "late", "pending"


@dataclass(frozen=True)
class StageLimits:
    """The limits of the two stages: `verify_by` from receipt; `follow_up_by` from the
    verification, None while unverified or when the verification ended the complaint here
    (forwarded, not our authority, duplicate)."""

    verify_by: datetime
    follow_up_by: datetime | None


def stage_limits(
    *,
    received_at: datetime,
    verified_at: datetime | None,
    classified_at: datetime | None,
    add_working_days: Callable[[datetime, int], datetime],
) -> StageLimits:
    """N working days after an instant is the closing time of the N-th working day of the
    office's calendar after that instant's day in the office zone (`OfficeCalendar.
    add_working_days`: the day itself never counts; holidays, cuti bersama and closed days are
    skipped), the arithmetic of the complaint class deadlines. A pause waiting for the
    complainant is not taken out: LAPOR!'s timeline has none."""
    verify_by = add_working_days(received_at, VERIFY_DAYS)
    follow_up_by = None
    if verified_at is not None and classified_at is not None:
        follow_up_by = add_working_days(verified_at, FOLLOW_UP_DAYS)
    return StageLimits(verify_by, follow_up_by)


def stage_state(done_at: datetime | None, limit: datetime, now: datetime) -> str:
    """WITHIN (done at or before the limit), LATE (done after it, or not done and the limit
    passed at `now`) or PENDING (not done, the limit still ahead)."""
    if done_at is not None:
        return WITHIN if done_at <= limit else LATE
    return LATE if now > limit else PENDING
