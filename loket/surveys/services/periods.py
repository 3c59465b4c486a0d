"""Survey periods: open, set the population, close, write the follow-up plan, publish.

Each change runs in a transaction on the locked period row, checks the status it starts
from (SurveyError otherwise) and writes a SurveyPeriodEvent with the actor passed in.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.events import Visibility, record_event

from ..ikm import CODES
from ..models import FollowUp, Response, SurveyPeriod, SurveyPeriodEvent
from .errors import SurveyError

S = SurveyPeriod.Status
_MONTHS_PER = {
    SurveyPeriod.Kind.MONTH: 1,
    SurveyPeriod.Kind.QUARTER: 3,
    SurveyPeriod.Kind.SEMESTER: 6,
    SurveyPeriod.Kind.YEAR: 12,
}


def bounds(kind: str, year: int, number: int = 1) -> tuple[date, date]:
    """First and last day of month/quarter/semester `number` of `year` (year: number 1)."""
    months = _MONTHS_PER.get(SurveyPeriod.Kind(kind)) if kind in SurveyPeriod.Kind.values else None
    if months is None:
        raise SurveyError(
            _("Jenis periode ini memerlukan tanggal mulai dan selesai."), code="period_custom"
        )
    if not 1 <= number <= 12 // months:
        raise SurveyError(_("Nomor periode di luar rentang."), code="period_number", field="number")
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    return date(year, first_month, 1), date(
        year, last_month, calendar.monthrange(year, last_month)[1]
    )


def _event(period, action, actor, now, *, old="", new="", note="", data=None):
    record_event(
        SurveyPeriodEvent,
        period=period,
        action=action,
        actor=actor,
        now=now,
        from_status=old,
        to_status=new,
        note=note,
        data=data,
        visibility=Visibility.STAFF,
    )


def _locked(period: SurveyPeriod) -> SurveyPeriod:
    return SurveyPeriod.objects.select_for_update().get(pk=period.pk)


def open_period(
    office,
    *,
    kind: str,
    start: date,
    end: date,
    service=None,
    population: int | None = None,
    actor,
    now: datetime | None = None,
) -> SurveyPeriod:
    """Open a period for the whole office or one of its services."""
    now = now or timezone.now()
    if kind not in SurveyPeriod.Kind.values:
        raise SurveyError(_("Jenis periode tidak dikenal."), code="period_kind", field="kind")
    if end < start:
        raise SurveyError(
            _("Tanggal selesai sebelum tanggal mulai."), code="period_range", field="end"
        )
    if service is not None and service.office_id != office.pk:
        raise SurveyError(
            _("Layanan ini bukan milik instansi ini."), code="service_invalid", field="service"
        )
    overlap = SurveyPeriod.objects.filter(office=office, start__lte=end, end__gte=start)
    overlap = overlap.filter(Q(service=service) if service else Q(service__isnull=True))
    if overlap.exists():
        raise SurveyError(
            _("Sudah ada periode survei yang beririsan untuk cakupan ini."),
            code="period_overlap",
            field="start",
        )
    with transaction.atomic():
        period = SurveyPeriod.objects.create(
            office=office,
            service=service,
            kind=kind,
            start=start,
            end=end,
            population=population,
            opened_at=now,
        )
        _event(period, "opened", actor, now, new=S.OPEN)
    return period


def set_population(
    period: SurveyPeriod, population: int | None, *, actor, now: datetime | None = None
) -> SurveyPeriod:
    now = now or timezone.now()
    if population is not None and population < 0:
        raise SurveyError(
            _("Populasi tidak boleh negatif."), code="population_invalid", field="population"
        )
    with transaction.atomic():
        period = _locked(period)
        if period.status == S.PUBLISHED:
            raise SurveyError(
                _("Periode yang sudah diumumkan tidak dapat diubah."), code="period_published"
            )
        period.population = population
        period.save(update_fields=["population"])
        _event(period, "population", actor, now, data={"population": population})
    return period


def close_period(period: SurveyPeriod, *, actor, now: datetime | None = None) -> SurveyPeriod:
    """Stop counting: the result is the responses stored up to now, dated in the period;
    their sums and counts are stored on the period (`selectors.stored_totals`)."""
    from ..selectors import stored_totals

    now = now or timezone.now()
    with transaction.atomic():
        period = _locked(period)
        if period.status != S.OPEN:
            raise SurveyError(_("Periode ini sudah ditutup."), code="period_not_open")
        period.status = S.CLOSED
        period.closed_at = now
        period.last_response_id = Response.objects.aggregate(last=Max("id"))["last"] or 0
        period.totals = stored_totals(period)
        period.save(update_fields=["status", "closed_at", "last_response_id", "totals"])
        _event(period, "closed", actor, now, old=S.OPEN, new=S.CLOSED)
    return period


@dataclass(frozen=True)
class PlanRow:
    element: str
    activity: str
    when: str
    responsible: str


def save_plan(
    period: SurveyPeriod,
    rows: Iterable[PlanRow],
    conclusion: str = "",
    *,
    actor,
    now: datetime | None = None,
) -> SurveyPeriod:
    """Replace the follow-up plan (element, activity, when, who) and the conclusion."""
    now = now or timezone.now()
    rows = [row for row in rows if row.activity.strip()]
    for row in rows:
        if row.element not in CODES:
            raise SurveyError(_("Unsur tidak dikenal."), code="unknown_element", field="element")
        if not row.when.strip() or not row.responsible.strip():
            raise SurveyError(
                _("Isi waktu dan penanggung jawab setiap kegiatan."), code="plan_incomplete"
            )
    with transaction.atomic():
        period = _locked(period)
        if period.status == S.PUBLISHED:
            raise SurveyError(
                _("Periode yang sudah diumumkan tidak dapat diubah."), code="period_published"
            )
        FollowUp.objects.filter(period=period).delete()
        FollowUp.objects.bulk_create(
            FollowUp(
                period=period,
                element=row.element,
                activity=row.activity.strip(),
                when=row.when.strip(),
                responsible=row.responsible.strip(),
                position=i,
            )
            for i, row in enumerate(rows)
        )
        period.conclusion = conclusion.strip()
        period.save(update_fields=["conclusion"])
        _event(period, "plan", actor, now, data={"rows": len(rows)})
    return period


def publish_period(period: SurveyPeriod, *, actor, now: datetime | None = None) -> SurveyPeriod:
    """Publish a closed period's result with its follow-up plan (PermenPANRB 14/2017).

    Raises SurveyError: `period_not_closed`, `plan_missing`, `no_responses` (no answer at
    all), `ikm_undefined` (answers, but some element U1..U9 has none: the IKM is the mean of
    the nine elements' NRR, Lampiran II, so it has no value and there is nothing to publish).
    """
    from ..selectors import period_responses, summary

    now = now or timezone.now()
    with transaction.atomic():
        period = _locked(period)
        if period.status != S.CLOSED:
            raise SurveyError(
                _("Tutup periode sebelum mengumumkan hasilnya."), code="period_not_closed"
            )
        if not period.plan.exists():
            raise SurveyError(
                _("Tulis rencana tindak lanjut sebelum mengumumkan hasil."), code="plan_missing"
            )
        if not period_responses(period).exists():
            raise SurveyError(_("Periode ini belum memiliki jawaban."), code="no_responses")
        if summary(period).indexes["all"].ikm is None:
            raise SurveyError(
                _(
                    "IKM periode ini belum dapat dihitung: setiap unsur (U1 sampai U9) "
                    "memerlukan sedikitnya satu jawaban. Hasil tanpa IKM tidak dapat "
                    "diumumkan."
                ),
                code="ikm_undefined",
            )
        period.status = S.PUBLISHED
        period.published_at = now
        period.save(update_fields=["status", "published_at"])
        _event(period, "published", actor, now, old=S.CLOSED, new=S.PUBLISHED)
    return period
