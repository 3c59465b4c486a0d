"""The compliance report card (rapor kepatuhan): a self-assessment of an office (or of one of
its services) along the components the Ombudsman RI checks in its yearly assessment of
compliance with service standards (UU 25/2009; standard components of PermenPANRB 15/2014;
complaint management; the satisfaction survey of PermenPANRB 14/2017; the facilities'
promises). Read-only: every figure comes from the other apps' selectors and `metrics`.

Each item has a stable `code` (the API's key; never renamed), `passed` (True/False), a
message in the active language and `fix_url`, the staff page where the gap is fixed.

The items, in order (`CODES`):
- `standard.in_force`: the office has a published service standard in force (a service:
  its own).
- `standard.public_components`: the six service-delivery components (1-6 of PermenPANRB
  15/2014, `standards.components.PUBLIC_COMPONENTS`) are filled in every standard in force.
- `standard.management_components`: the eight management components (7-14) are filled.
- `standard.decree`: every standard in force names its decree (No. SK) and effective date.
- `pledge.published`: the office has published its pledge (maklumat pelayanan).
- `channels.published`: at least one complaint channel is published.
- `channels.phone_numbers`: a phone or WhatsApp number is published, and every published
  phone, fax and WhatsApp number (and the office's phone) is a valid Indonesian number by
  `loket.validators` (WhatsApp: a mobile number).
- `channels.email_domain`: the office's e-mail and the e-mail channel are on a government
  domain (`.go.id`); a `.g.id` address is flagged as a likely typo of `.go.id`.
- `complaints.on_time`: of the complaints answered this year (office's calendar year, up to
  now) that had a deadline, at least `PASS_SHARE` were answered on time
  (`metrics.is_on_time`). Nothing answered yet: passed (nothing to hold against).
- `survey.published`: a satisfaction survey (SKM) period ending in the last 12 months is
  published with its follow-up plan (rencana tindak lanjut).
- `desk.administration_time`: of this year's desk visits with a measured administration
  time, at least `PASS_SHARE` stayed within the standard (seed: 15 minutes; the limit stored
  on each visit). No measured visit: passed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from loket import validators
from loket.complaints import selectors as complaints
from loket.offices.channels import PHONE_KINDS, ChannelKind
from loket.offices.services import office_with_public_details
from loket.standards import selectors as standards
from loket.standards.components import MANAGEMENT_COMPONENTS, PUBLIC_COMPONENTS
from loket.surveys import selectors as surveys
from loket.visits import selectors as visits

from . import metrics, periods
from .periods import Period

if TYPE_CHECKING:
    from loket.offices.services import Office

# The one pass line of the report card's shares (complaints answered on time, desk
# administration within the standard): 90%, the same line the report's on-time chart draws
# (`metrics.ON_TIME_TARGET`). The law promises every complaint within its deadline; the
# Ombudsman grades compliance in zones rather than all-or-nothing, so a card that failed on
# a single late answer would hide the offices with real gaps. Change it here only.
PASS_SHARE: Fraction = metrics.ON_TIME_TARGET
# An SKM counts when its period ended at most this many months before the office's today
# (PermenPANRB 14/2017: the survey is held at least once a year).
SURVEY_MONTHS = 12
GOVERNMENT_DOMAIN = ".go.id"
TYPO_DOMAIN = ".g.id"

STANDARD_IN_FORCE = "standard.in_force"
PUBLIC_COMPONENTS_CODE = "standard.public_components"
MANAGEMENT_COMPONENTS_CODE = "standard.management_components"
DECREE = "standard.decree"
PLEDGE = "pledge.published"
CHANNELS = "channels.published"
PHONE_NUMBERS = "channels.phone_numbers"
EMAIL_DOMAIN = "channels.email_domain"
ON_TIME = "complaints.on_time"
SURVEY = "survey.published"
DESK = "desk.administration_time"
CODES = (
    STANDARD_IN_FORCE,
    PUBLIC_COMPONENTS_CODE,
    MANAGEMENT_COMPONENTS_CODE,
    DECREE,
    PLEDGE,
    CHANNELS,
    PHONE_NUMBERS,
    EMAIL_DOMAIN,
    ON_TIME,
    SURVEY,
    DESK,
)


@dataclass(frozen=True)
class Item:
    code: str
    title: str
    passed: bool
    message: str
    fix_url: str

    @property
    def anchor(self) -> str:
        """The item's id on the page ("standard-decree")."""
        return self.code.replace(".", "-").replace("_", "-")


@dataclass
class ReportCard:
    office: Any
    service: Any  # None: the whole office
    computed_at: datetime
    items: list[Item] = field(default_factory=list)
    services: list[Any] = field(default_factory=list)  # the office's public services

    @property
    def passed(self) -> int:
        return sum(item.passed for item in self.items)

    @property
    def gaps(self) -> list[Item]:
        return [item for item in self.items if not item.passed]


def _url(name: str, *args: Any, query: str = "") -> str:
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:  # an app not installed in this deployment
        return ""


def _percent(value: Fraction) -> str:
    return f"{float(value) * 100:.0f}%"


def _names(rows: list[str]) -> str:
    return ", ".join(rows)


def _filled(standard: Any, fields: tuple[str, ...]) -> bool:
    return any(getattr(standard, name) not in (None, "", [], {}) for name in fields)


def _standard_fix_url(office: Office, standard: Any) -> str:
    """The draft editor when a draft waits, else the service's staff page (new version)."""
    service = standard.service
    if standards.draft_of(service) is not None:
        return _url("standards:staff_draft", office.slug, service.slug)
    return _url("standards:staff_service", office.slug, service.slug)


def _standard_items(office: Office, service: Any, now: datetime) -> list[Item]:
    if service is not None:
        found = standards.standard_in_force(service, now)
        in_force = [found] if found else []
    else:
        in_force = sorted(
            standards.in_force_by_service(office, now).values(),
            key=lambda s: (s.service.position, s.service.name),
        )
    services_url = (
        _url("standards:staff_service", office.slug, service.slug)
        if service is not None
        else _url("standards:staff_services", office.slug)
    )
    if not in_force:
        message = _("Belum ada standar pelayanan yang diterbitkan dan berlaku.")
        items = [Item(STANDARD_IN_FORCE, _("Standar pelayanan berlaku"), False, message, "")]
        for code, title in (
            (PUBLIC_COMPONENTS_CODE, _("Enam komponen penyampaian pelayanan diumumkan")),
            (MANAGEMENT_COMPONENTS_CODE, _("Delapan komponen pengelolaan diisi")),
            (DECREE, _("Nomor SK dan tanggal berlaku")),
        ):
            items.append(Item(code, title, False, message, ""))
        return [Item(item.code, item.title, False, item.message, services_url) for item in items]
    items = [
        Item(
            STANDARD_IN_FORCE,
            _("Standar pelayanan berlaku"),
            True,
            _("Standar pelayanan berlaku (%(n)d): %(names)s.")
            % {"n": len(in_force), "names": _names([s.service.name for s in in_force])},
            services_url,
        )
    ]

    def components_item(code: str, title: str, components: tuple) -> Item:
        gaps = []
        first_gap = None
        for standard in in_force:
            missing = [str(c.label) for c in components if not _filled(standard, c.fields)]
            if missing:
                first_gap = first_gap or standard
                gaps.append(f"{standard.service.name}: {_names(missing)}")
        if not gaps:
            return Item(
                code,
                title,
                True,
                _("Semua %(n)d komponen terisi.") % {"n": len(components)},
                services_url,
            )
        return Item(
            code,
            title,
            False,
            _("Belum diisi: %(gaps)s.") % {"gaps": "; ".join(gaps)},
            _standard_fix_url(office, first_gap),
        )

    items.append(
        components_item(
            PUBLIC_COMPONENTS_CODE,
            _("Enam komponen penyampaian pelayanan diumumkan"),
            PUBLIC_COMPONENTS,
        )
    )
    items.append(
        components_item(
            MANAGEMENT_COMPONENTS_CODE,
            _("Delapan komponen pengelolaan diisi"),
            MANAGEMENT_COMPONENTS,
        )
    )
    gaps, first_gap = [], None
    for standard in in_force:
        missing = []
        if not standard.decree_number.strip():
            missing.append(_("nomor SK"))
        if standard.effective_date is None:
            missing.append(_("tanggal berlaku"))
        if missing:
            first_gap = first_gap or standard
            gaps.append(f"{standard.service.name}: {_names(missing)}")
    if gaps:
        decree = Item(
            DECREE,
            _("Nomor SK dan tanggal berlaku"),
            False,
            _("Belum dicantumkan: %(gaps)s.") % {"gaps": "; ".join(gaps)},
            _standard_fix_url(office, first_gap),
        )
    else:
        decree = Item(
            DECREE,
            _("Nomor SK dan tanggal berlaku"),
            True,
            _("Setiap standar berlaku mencantumkan nomor SK dan tanggal berlaku."),
            services_url,
        )
    items.append(decree)
    return items


def _pledge_item(office: Office) -> Item:
    pledge = standards.published_pledge(office)
    url = _url("standards:staff_pledge", office.slug)
    if pledge is None:
        return Item(
            PLEDGE,
            _("Maklumat pelayanan diumumkan"),
            False,
            _("Maklumat pelayanan belum diumumkan."),
            url,
        )
    return Item(
        PLEDGE, _("Maklumat pelayanan diumumkan"), True, _("Maklumat pelayanan diumumkan."), url
    )


def email_problem(address: str) -> str | None:
    """Why `address` is not on a government domain ("" -> None: nothing to check): the
    `.g.id` typo, or another domain; None when it is on `.go.id`."""
    if not address:
        return None
    domain = address.rpartition("@")[2].strip().lower()
    if domain.endswith(GOVERNMENT_DOMAIN):
        return None
    if domain.endswith(TYPO_DOMAIN):
        return _("%(address)s: domain %(domain)s, kemungkinan salah ketik dari .go.id") % {
            "address": address,
            "domain": domain,
        }
    return _("%(address)s: bukan domain pemerintah (.go.id)") % {
        "address": address,
        "domain": domain,
    }


def _number_problem(kind: str, value: str) -> str | None:
    try:
        validators.parse_phone(value, mobile=kind == ChannelKind.WHATSAPP)
    except ValidationError as error:  # its message names the mistake
        messages = getattr(error, "messages", None) or [str(error)]
        return f"{value}: {' '.join(str(m) for m in messages)}"
    return None


def _channel_items(office: Office) -> list[Item]:
    details = office_with_public_details(office.slug)
    channels = list(details.published_channels)
    # The office admin's own page for the profile and channels (issue 14), not the admin site.
    fix = _url("offices:profile", office.slug)
    public = office.get_absolute_url() + "#channels-heading"
    items = []
    if channels:
        items.append(
            Item(
                CHANNELS,
                _("Saluran pengaduan diumumkan"),
                True,
                _("%(n)d saluran pengaduan diumumkan.") % {"n": len(channels)},
                public,
            )
        )
    else:
        items.append(
            Item(
                CHANNELS,
                _("Saluran pengaduan diumumkan"),
                False,
                _("Belum ada saluran pengaduan yang diumumkan."),
                fix,
            )
        )
    numbers = [(c.kind, c.value) for c in channels if c.kind in PHONE_KINDS and c.value.strip()]
    problems = [p for kind, value in numbers if (p := _number_problem(kind, value))]
    if office.phone and (p := _number_problem(ChannelKind.PHONE, office.phone)):
        problems.append(p)
    callable_numbers = [
        value for kind, value in numbers if kind in (ChannelKind.PHONE, ChannelKind.WHATSAPP)
    ]
    title = _("Nomor telepon dan WhatsApp dapat dihubungi")
    if problems:
        items.append(
            Item(
                PHONE_NUMBERS,
                title,
                False,
                _("Nomor tidak sah: %(problems)s.") % {"problems": "; ".join(problems)},
                fix,
            )
        )
    elif not callable_numbers:
        items.append(
            Item(
                PHONE_NUMBERS,
                title,
                False,
                _("Belum ada nomor telepon atau WhatsApp pengaduan yang diumumkan."),
                fix,
            )
        )
    else:
        items.append(
            Item(
                PHONE_NUMBERS,
                title,
                True,
                _("Semua nomor yang diumumkan sah (%(n)d).") % {"n": len(numbers)},
                public,
            )
        )
    addresses = [office.email.strip()] + [
        c.value.strip() for c in channels if c.kind == ChannelKind.EMAIL
    ]
    addresses = [a for a in dict.fromkeys(addresses) if a]
    email_problems = [p for a in addresses if (p := email_problem(a))]
    title = _("E-mail pada domain pemerintah")
    if email_problems:
        items.append(
            Item(
                EMAIL_DOMAIN,
                title,
                False,
                _("Perlu diperiksa: %(problems)s.") % {"problems": "; ".join(email_problems)},
                fix,
            )
        )
    elif not addresses:
        items.append(
            Item(EMAIL_DOMAIN, title, False, _("Belum ada alamat e-mail yang diumumkan."), fix)
        )
    else:
        items.append(
            Item(
                EMAIL_DOMAIN,
                title,
                True,
                _("Semua alamat e-mail pada domain .go.id: %(addresses)s.")
                % {"addresses": _names(addresses)},
                public,
            )
        )
    return items


def year_so_far(office: Office, now: datetime) -> Period:
    """1 January of the office's year up to its today (both included)."""
    today = timezone.localdate(now, timezone=office.tz)
    return Period(date(today.year, 1, 1), today)


def _on_time_item(office: Office, service: Any, now: datetime) -> Item:
    year = year_so_far(office, now)
    start, _end = year.bounds(office.tz)
    rows = complaints.report_scope(office, service_id=service.pk if service else None)
    tally = metrics.on_time_tally(complaints.report_finished(rows, start, now))
    title = _("Pengaduan dijawab tepat waktu tahun ini")
    url = _url("complaints:staff_queue", office.slug, query="?overdue=1")
    share = tally.on_time_share
    if share is None:
        return Item(
            ON_TIME,
            title,
            True,
            _("Belum ada pengaduan berbatas waktu yang dijawab tahun %(year)s.")
            % {"year": year.start.year},
            url,
        )
    if tally.with_deadline < metrics.SMALL:
        # Counts under 5 and shares resting on them are withheld, as on the statistics.
        message = _(
            "Kurang dari %(small)d pengaduan berbatas waktu dijawab tahun %(year)s; jumlah dan "
            "persentasenya tidak diumumkan agar tidak menunjuk orang."
        ) % {"small": metrics.SMALL, "year": year.start.year}
        return Item(ON_TIME, title, share >= PASS_SHARE, message, url)
    message = _(
        "%(on_time)d dari %(total)d pengaduan (%(share)s) dijawab tepat waktu tahun "
        "%(year)s; batas lulus %(line)s."
    ) % {
        "on_time": tally.on_time,
        "total": tally.with_deadline,
        "share": _percent(share),
        "year": year.start.year,
        "line": _percent(PASS_SHARE),
    }
    return Item(ON_TIME, title, share >= PASS_SHARE, message, url)


def _survey_item(office: Office, service: Any, now: datetime) -> Item:
    today = timezone.localdate(now, timezone=office.tz)
    since = periods.add_months(today.replace(day=1), -SURVEY_MONTHS) + timedelta(days=today.day - 1)
    title = _("Survei kepuasan masyarakat 12 bulan terakhir")
    recent = [
        p
        for p in surveys.published_periods(office)
        if p.end >= since and (service is None or p.service_id in (None, service.pk))
    ]
    if not recent:
        return Item(
            SURVEY,
            title,
            False,
            _("Belum ada hasil SKM yang diumumkan untuk periode yang berakhir sejak %(since)s.")
            % {"since": _day(since)},
            _url("surveys:staff_index", office.slug),
        )
    with_plan = [p for p in recent if list(p.plan.all())]
    if not with_plan:
        period = recent[0]
        return Item(
            SURVEY,
            title,
            False,
            _("Hasil SKM %(start)s – %(end)s diumumkan tanpa rencana tindak lanjut.")
            % {"start": _day(period.start), "end": _day(period.end)},
            _url("surveys:staff_plan", office.slug, period.pk),
        )
    period = with_plan[0]
    return Item(
        SURVEY,
        title,
        True,
        _("Hasil SKM %(start)s – %(end)s diumumkan dengan rencana tindak lanjut.")
        % {"start": _day(period.start), "end": _day(period.end)},
        _url("surveys:public_results", office.slug),
    )


def _day(day: date) -> str:
    """A date as people read it in the active language: "1 Desember 2025"."""
    return date_format(day, "j F Y")


def _desk_item(office: Office, service: Any, now: datetime) -> Item:
    year = year_so_far(office, now)
    figures = visits.desk_figures(
        office, year.start, year.end, service_id=service.pk if service else None
    )
    measured, within = figures.total.admin.count, figures.total.within
    title = _("Waktu administrasi meja konsultasi sesuai standar")
    url = _url("visits:report", office.slug)
    if not measured:
        return Item(
            DESK,
            title,
            True,
            _("Belum ada kunjungan dengan waktu administrasi tercatat tahun %(year)s.")
            % {"year": year.start.year},
            url,
        )
    share = Fraction(within, measured)
    if measured < metrics.SMALL:
        # Counts under 5 and shares resting on them are withheld, as on the statistics.
        message = _(
            "Kurang dari %(small)d kunjungan dengan waktu administrasi tercatat tahun "
            "%(year)s; jumlah dan persentasenya tidak diumumkan agar tidak menunjuk orang."
        ) % {"small": metrics.SMALL, "year": year.start.year}
        return Item(DESK, title, share >= PASS_SHARE, message, url)
    message = _(
        "%(within)d dari %(total)d kunjungan (%(share)s) selesai administrasi dalam waktu "
        "standar tahun %(year)s; batas lulus %(line)s."
    ) % {
        "within": within,
        "total": measured,
        "share": _percent(share),
        "year": year.start.year,
        "line": _percent(PASS_SHARE),
    }
    return Item(DESK, title, share >= PASS_SHARE, message, url)


def report_card(office: Office, service: Any = None, *, now: datetime | None = None) -> ReportCard:
    """The report card of `office` (or of its `service`) at `now`, messages in the active
    language; the items in the order of `CODES`. The service's card checks its own standard,
    complaints, surveys (its own or the office-wide ones) and desk visits, and the office's
    pledge and channels. A fixed number of queries (about 15) whatever the office holds."""
    now = now or timezone.now()
    items = [
        *_standard_items(office, service, now),
        _pledge_item(office),
        *_channel_items(office),
        _on_time_item(office, service, now),
        _survey_item(office, service, now),
        _desk_item(office, service, now),
    ]
    return ReportCard(
        office=office,
        service=service,
        computed_at=now,
        items=items,
        services=list(standards.public_services(office)),
    )


# --- Cached for the public page and the API ------------------------------------------------

CACHE_SECONDS = 300


def _digest(card: ReportCard) -> str:
    text = repr([(i.code, i.passed, i.message, i.fix_url) for i in card.items])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def published_card(office: Office, service: Any = None) -> dict[str, Any]:
    """{"card", "etag", "since"} of `office` (or its `service`) in the active language, from
    the cache while fresh (`CACHE_SECONDS`): the public page and the API read it. `since`,
    the Last-Modified of the page, stays the same while the card does."""
    language = get_language()
    scope = f"{office.pk}:{service.pk if service is not None else 0}:{language}"
    key = f"reports:compliance:{scope}"
    found = cache.get(key)
    if found is not None:
        return found
    card = report_card(office, service)
    etag = f"{_digest(card)}-{language}"
    last_key = f"reports:compliance-since:{scope}"
    last = cache.get(last_key)
    since = last[1] if last and last[0] == etag else card.computed_at.replace(microsecond=0)
    cache.set(last_key, (etag, since), None)
    found = {"card": card, "etag": etag, "since": since}
    cache.set(key, found, CACHE_SECONDS)
    return found
