"""Reads of services, standards and pledges: the contract other apps call (`__all__`).

Which version is in force: a published version is in force from the start of its effective
date in the office's time zone (from its publication when it has no effective date) until the
next version starts; withdrawn versions never are. So a version published today "berlaku
4 Januari 2027" leaves the current one in force until then, and a complaint received before
that date is classified with the classes in force when it was received.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from .models import Pledge, Service, Standard, StandardEvent

if TYPE_CHECKING:
    from loket.offices.models import Office

__all__ = [
    "ComplaintClass",
    "administration_time",
    "complaint_classes",
    "draft_of",
    "events_of",
    "in_force_by_service",
    "next_standard",
    "public_services",
    "published_pledge",
    "published_versions",
    "requirements",
    "standard_in_force",
    "starts_at",
]


@dataclass(frozen=True)
class ComplaintClass:
    """A complaint class and its deadline, as a published standard states it."""

    code: str
    name: str
    amount: int
    unit: Literal["hours", "working_days"]
    position: int


def starts_at(standard: Standard) -> datetime:
    """When `standard` comes into force: 00:00 of its effective date in the office's zone,
    else its publication."""
    if standard.effective_date:
        return datetime.combine(
            standard.effective_date, time.min, tzinfo=standard.service.office.tz
        )
    assert standard.published_at is not None  # only published versions are asked
    return standard.published_at


def _rank(standard: Standard) -> tuple[date, int]:
    """Which of several started versions is in force: the latest effective day (the day of
    publication when there is no effective date), and on the same day the later version."""
    day = standard.effective_date or timezone.localdate(
        starts_at(standard), standard.service.office.tz
    )
    return day, standard.version


def published_versions(service: Service) -> QuerySet[Standard]:
    """Every published version, withdrawn ones included (their pages stay readable)."""
    return (
        service.standards.exclude(status=Standard.Status.DRAFT)
        .select_related("service__office", "corrects")
        .order_by("-version")
    )


def _valid(queryset: QuerySet[Standard]) -> QuerySet[Standard]:
    return queryset.filter(status=Standard.Status.PUBLISHED).select_related("service__office")


def _current(candidates: list[Standard], at: datetime, first: bool = False) -> Standard | None:
    started = [s for s in candidates if starts_at(s) <= at]
    if not started and first:
        # Nothing was in force yet (a complaint received before the office's first standard):
        # the first version is the only statement of the office's rules there is.
        return min(candidates, key=lambda s: (starts_at(s), s.version), default=None)
    return max(started, key=_rank, default=None)


def standard_in_force(
    subject: Service | Office, at: datetime | None = None, *, first: bool = False
) -> Standard | None:
    """The version in force at `at` (default now). For a service, its version; for an office,
    the most recently started version of any of its services that states complaint classes
    (the classes that apply office-wide), else of any service. With `first`, a time before
    any version was in force gets the first version instead of None."""
    at = at or timezone.now()
    if not isinstance(subject, Service):
        by_service = in_force_by_service(subject, at, first=first)
        with_classes = [s for s in by_service.values() if s.complaint_classes]
        pool = with_classes or list(by_service.values())
        return max(pool, key=lambda s: (_rank(s), s.published_at), default=None)
    return _current(list(_valid(subject.standards.all())), at, first)


def in_force_by_service(
    office: Office, at: datetime | None = None, *, first: bool = False
) -> dict[int, Standard]:
    """{service id: its version in force at `at`} for every service of `office`, in one query."""
    at = at or timezone.now()
    rows: dict[int, list[Standard]] = {}
    for standard in _valid(Standard.objects.filter(service__office=office)):
        rows.setdefault(standard.service_id, []).append(standard)
    found = {pk: _current(candidates, at, first) for pk, candidates in rows.items()}
    return {pk: standard for pk, standard in found.items() if standard is not None}


def next_standard(service: Service, at: datetime | None = None) -> Standard | None:
    """The published version that comes into force after `at` (announced on the public page)."""
    at = at or timezone.now()
    later = [s for s in _valid(service.standards.all()) if starts_at(s) > at]
    return min(later, key=lambda s: (starts_at(s), -s.version), default=None)


def public_services(office: Office) -> QuerySet[Service]:
    """Services of `office` with a published version (in force or announced), in display
    order."""
    has_published = Standard.objects.filter(
        service=OuterRef("pk"), status=Standard.Status.PUBLISHED
    )
    return (
        Service.objects.filter(office=office)
        .filter(Exists(has_published))
        .select_related("office")
        .order_by("position", "name")
    )


def draft_of(service: Service) -> Standard | None:
    return service.standards.filter(status=Standard.Status.DRAFT).first()


def requirements(service: Service, at: datetime | None = None) -> list[str]:
    """Persyaratan of the version in force (the first version before any was; empty when
    none is published)."""
    standard = standard_in_force(service, at, first=True)
    return list(standard.requirements) if standard else []


def administration_time(service: Service, at: datetime | None = None) -> timedelta | None:
    """Waktu administrasi of the version in force ("Administrasi : 15 Menit"), the first
    version before any was."""
    standard = standard_in_force(service, at, first=True)
    return standard.administration_time if standard else None


def _classes_of(standard: Standard) -> list[ComplaintClass]:
    return [
        ComplaintClass(
            code=row["code"],
            name=row["name"],
            amount=int(row["amount"]),
            unit=row["unit"],
            position=position,
        )
        for position, row in enumerate(standard.complaint_classes)
    ]


def complaint_classes(
    office: Office, service: Service | None = None, *, at: datetime | None = None
) -> list[ComplaintClass]:
    """The complaint classes in force at `at` (a complaint's receipt; default now): those of
    `service`'s version in force, else those of the office (see `standard_in_force`); before
    the office's first standard came into force, those of its first. Durations are data
    published by the office (seed: ringan 3 jam, normatif 5 hari kerja).
    """
    if service is not None:
        standard = standard_in_force(service, at, first=True)
        if standard and standard.complaint_classes:
            return _classes_of(standard)
    standard = standard_in_force(office, at, first=True)
    return _classes_of(standard) if standard and standard.complaint_classes else []


def published_pledge(office: Office) -> Pledge | None:
    return office.pledges.filter(status=Pledge.Status.PUBLISHED).order_by("-version").first()


def events_of(service: Service, limit: int = 100) -> QuerySet[StandardEvent]:
    """The service's change log, newest first."""
    return (
        StandardEvent.objects.filter(service=service)
        .select_related("actor", "standard")
        .order_by("-at", "-id")[:limit]
    )
