"""Writing answers: through a single-use link, the kiosk, the public poster QR code, a paper
sheet typed in by staff, or a spreadsheet of paper sheets.

Every way ends in `_write`, which checks the answers (codes U1..U9, values 1-4, the service
belongs to the office) and stores the office, service, date and answers only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..ikm import CODES, SCORES
from ..models import HeldResponse, Moderation, Response, Source, SurveyPeriod, SurveyToken
from ..questionnaire import AgeBand, Education, Occupation, Sex
from .errors import SurveyError
from .tokens import claim

SUGGESTION_MAX = 2000


@dataclass
class Answers:
    """One respondent's sheet. `scores` is keyed by element code; None is a blank."""

    scores: Mapping[str, int | None]
    sex: str = ""
    age_band: str = ""
    education: str = ""
    occupation: str = ""
    suggestion: str = ""
    complete: bool = True  # the web forms ask every question; paper sheets may have blanks
    extra: dict = field(default_factory=dict)


_PROFILE = {
    "sex": Sex.values,
    "age_band": AgeBand.values,
    "education": Education.values,
    "occupation": Occupation.values,
}


def check(answers: Answers) -> None:
    """Refuse a sheet the questionnaire cannot hold (SurveyError naming the field)."""
    unknown = set(answers.scores) - set(CODES)
    if unknown:
        raise SurveyError(
            _("Unsur %(code)s tidak dikenal."),
            code="unknown_element",
            params={"code": min(unknown)},
        )
    for code in CODES:
        value = answers.scores.get(code)
        if value is None:
            if answers.complete:
                raise SurveyError(_("Jawab pertanyaan ini."), code="answer_missing", field=code)
            continue
        if value not in SCORES:
            raise SurveyError(
                _("Jawaban harus 1, 2, 3 atau 4."), code="answer_out_of_range", field=code
            )
    if all(answers.scores.get(code) is None for code in CODES):
        raise SurveyError(_("Lembar ini tidak berisi jawaban."), code="answers_empty")
    for name, allowed in _PROFILE.items():
        value = getattr(answers, name)
        if value and value not in allowed:
            raise SurveyError(_("Pilihan tidak dikenal."), code="profile_invalid", field=name)
    if len(answers.suggestion) > SUGGESTION_MAX:
        raise SurveyError(
            _("Saran paling banyak %(max)s karakter."),
            code="suggestion_too_long",
            field="suggestion",
            params={"max": SUGGESTION_MAX},
        )


def _check_service(office, service) -> None:
    if service is not None and service.office_id != office.pk:
        raise SurveyError(_("Layanan ini bukan milik instansi ini."), code="service_invalid")


def _write(
    office, service, day: date, source: str, answers: Answers, *, kiosk_device_id=None
) -> Response:
    check(answers)
    _check_service(office, service)
    suggestion = answers.suggestion.strip()
    return Response.objects.create(
        office=office,
        service=service,
        date=day,
        source=source,
        kiosk_device_id=kiosk_device_id,
        sex=answers.sex,
        age_band=answers.age_band,
        education=answers.education,
        occupation=answers.occupation,
        suggestion=suggestion,
        moderation=Moderation.PENDING if suggestion else Moderation.NONE,
        **{code.lower(): answers.scores.get(code) for code in CODES},
    )


def _today(office, now: datetime | None) -> date:
    return (now or timezone.now()).astimezone(office.tz).date()


def submit_by_token(token: str, answers: Answers, *, now: datetime | None = None) -> Response:
    """Answer through a single-use link: one token, one response, even when the form is
    sent twice at once (the claim is a conditional update inside this transaction)."""
    check(answers)
    with transaction.atomic():
        row = claim(token)
        source = Source.VISIT_LINK if row.kind == SurveyToken.Kind.VISIT else Source.COMPLAINT_LINK
        service = row.service
        chosen = answers.extra.get("service")
        if service is None and chosen is not None:
            service = chosen
        return _write(row.office, service, _today(row.office, now), source, answers)


def submit_kiosk(
    office, service, answers: Answers, *, device_id: int, now: datetime | None = None
) -> Response:
    """Answer on one of the office's enrolled kiosk tablets: `device_id` is the device the
    page checked (`kiosk_devices.device_of`), recorded on the response."""
    with transaction.atomic():
        return _write(
            office, service, _today(office, now), Source.KIOSK, answers, kiosk_device_id=device_id
        )


def submit_without_token(
    office, service, answers: Answers, *, held: str = "", now: datetime | None = None
) -> Response | HeldResponse:
    """Answer through the public poster QR code or short link: the "without token" bucket.
    With `held` (a `HeldResponse.Reason`: the poster's soft limit it passed) the checked
    sheet is kept for review instead of counted (`review_held`)."""
    day = _today(office, now)
    if not held:
        with transaction.atomic():
            return _write(office, service, day, Source.POSTER, answers)
    check(answers)
    _check_service(office, service)
    return HeldResponse.objects.create(
        office=office,
        service=service,
        date=day,
        reason=held,
        sheet={
            "scores": {code: answers.scores.get(code) for code in CODES},
            **{name: getattr(answers, name) for name in _PROFILE},
            "suggestion": answers.suggestion.strip(),
        },
    )


def review_held(
    office, held_id: int, accept: bool, *, actor, now: datetime | None = None
) -> Response | None:
    """Accept a held poster answer (it becomes a Response of its own date, counted from now
    on; refused with `period_closed` when a closed period covers that date, whose result
    never changes) or reject it (deleted). Returns the Response written, or None.

    Raises SurveyError `held_unknown` for an id that is not a held answer of `office`."""
    with transaction.atomic():
        row = HeldResponse.objects.select_for_update().filter(office=office, pk=held_id).first()
        if row is None:
            raise SurveyError(_("Jawaban ini tidak ditemukan."), code="held_unknown")
        written = None
        if accept:
            if closed_period_covering(office, row.service, row.date):
                raise SurveyError(
                    _("Periode survei untuk tanggal ini sudah ditutup."), code="period_closed"
                )
            sheet = row.sheet
            written = _write(
                office,
                row.service,
                row.date,
                Source.POSTER,
                Answers(
                    scores=sheet.get("scores", {}),
                    suggestion=sheet.get("suggestion", ""),
                    **{name: sheet.get(name, "") for name in _PROFILE},
                ),
            )
        row.delete()
        return written


def closed_period_covering(office, service, day: date) -> SurveyPeriod | None:
    """A closed or published period of `office` (whole office or this service) on `day`."""
    rows = SurveyPeriod.objects.filter(
        office=office,
        status__in=[SurveyPeriod.Status.CLOSED, SurveyPeriod.Status.PUBLISHED],
        start__lte=day,
        end__gte=day,
    )
    scope = Q(service__isnull=True)
    if service is not None:
        scope |= Q(service=service)
    return rows.filter(scope).first()


def check_paper_date(office, service, day: date, now: datetime | None = None) -> None:
    """Refuse a paper sheet dated in the future or inside a closed period."""
    if day > _today(office, now):
        raise SurveyError(
            _("Tanggal survei tidak boleh di masa depan."), code="date_future", field="date"
        )
    if closed_period_covering(office, service, day):
        raise SurveyError(
            _("Periode survei untuk tanggal ini sudah ditutup."), code="period_closed", field="date"
        )


def enter_paper(
    office, service, day: date, answers: Answers, *, actor, now: datetime | None = None
) -> Response:
    """One paper questionnaire typed in by staff (blanks allowed, kept blank)."""
    answers.complete = False
    check_paper_date(office, service, day, now)
    with transaction.atomic():
        return _write(office, service, day, Source.PAPER_ENTRY, answers)


@dataclass(frozen=True)
class PaperRow:
    line: int
    service: object | None
    day: date
    answers: Answers


def import_paper(office, rows: list[PaperRow], *, actor, now: datetime | None = None) -> int:
    """Store every checked row of a spreadsheet of paper sheets, all or none."""
    for row in rows:
        row.answers.complete = False
        check_paper_date(office, row.service, row.day, now)
        check(row.answers)
    with transaction.atomic():
        for row in rows:
            _write(office, row.service, row.day, Source.PAPER_IMPORT, row.answers)
    return len(rows)


def moderate(office, response_id: int, approve: bool, *, actor, now=None) -> Response:
    """Approve or reject a suggestion before it is shown in the published results."""
    with transaction.atomic():
        response = (
            Response.objects.select_for_update()
            .filter(office=office, pk=response_id)
            .exclude(moderation=Moderation.NONE)
            .first()
        )
        if response is None:
            raise SurveyError(_("Saran tidak ditemukan."), code="suggestion_unknown")
        response.moderation = Moderation.APPROVED if approve else Moderation.REJECTED
        response.save(update_fields=["moderation"])
        return response
