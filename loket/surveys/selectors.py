"""Reads of survey results, shared by the staff pages, the exports, the public page and the API.

A period's responses are those of its office (and service, when it has one) dated inside it,
and, once it is closed, stored before it closed. Every number comes from one SQL aggregate
of per-element sums and counts, turned into exact fractions by `ikm.from_totals`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from . import ikm
from .models import (
    WITHOUT_TOKEN,
    HeldResponse,
    Moderation,
    Response,
    Source,
    SurveyPeriod,
    SurveyToken,
)
from .questionnaire import PROFILE_LABELS, AgeBand, Education, Occupation, Sex

BUCKETS = ("all", "with_token", "without_token")
PROFILE_FIELDS = (
    ("sex", Sex),
    ("age_band", AgeBand),
    ("education", Education),
    ("occupation", Occupation),
)


def period_responses(period: SurveyPeriod) -> QuerySet[Response]:
    rows = Response.objects.filter(
        office_id=period.office_id, date__gte=period.start, date__lte=period.end
    )
    if period.service_id:
        rows = rows.filter(service_id=period.service_id)
    if period.last_response_id is not None:
        rows = rows.filter(id__lte=period.last_response_id)
    return rows


def _indexes_from(data: dict) -> dict[str, ikm.Index]:
    result = {}
    for bucket in BUCKETS:
        result[bucket] = ikm.from_totals(
            ikm.Totals(
                n=data[f"{bucket}__n"] or 0,
                sums={code: data[f"{bucket}__s{code}"] or 0 for code in ikm.CODES},
                counts={code: data[f"{bucket}__c{code}"] or 0 for code in ikm.CODES},
            )
        )
    return result


def indexes(rows: QuerySet[Response]) -> dict[str, ikm.Index]:
    """IKM of all responses and of each bucket (with / without token), in one query."""
    return _indexes_from(_totals(rows))


@dataclass
class Summary:
    """Everything the results need from the raw answers, read in ONE scan of the rows."""

    indexes: dict[str, ikm.Index]
    sources: dict[str, int]
    profile: dict[str, list]


def _summary_keys() -> tuple[str, ...]:
    """The keys of a summary's totals: per bucket n and per element sum and count, per
    source the number of responses, per profile field and value (blank included) the number
    of respondents."""
    keys = [f"{bucket}__{part}" for bucket in BUCKETS for part in _PARTS]
    keys += [f"src__{source}" for source in Source.values]
    for name, choices in PROFILE_FIELDS:
        keys += [f"pro__{name}__{value}" for value in [*choices.values, ""]]
    return tuple(keys)


_PARTS = ("n", *(f"{kind}{code}" for code in ikm.CODES for kind in ("s", "c")))
# What a group of responses is told apart by: its source (the buckets and the count per
# source) and the four profile fields.
_DIMENSIONS = ("source", *(name for name, _choices in PROFILE_FIELDS))


def _group_aggregates() -> dict:
    aggregates: dict[str, Count | Sum] = {"n": Count("id")}
    for code in ikm.CODES:
        aggregates[f"s{code}"] = Sum(code.lower())
        aggregates[f"c{code}"] = Count(code.lower())
    return aggregates


def _totals(rows: QuerySet[Response], *, newest: bool = False) -> dict:
    """The sums and counts of `rows` (every one additive: two disjoint sets of rows add up
    key by key), in one query: plain sums and counts GROUPed BY source and profile (a few
    hundred groups at most), added up here per bucket, source and profile value. Conditional
    aggregates (one FILTERed column per bucket, source and profile value, about a hundred)
    took twice as long on SQLite over 100,000 rows (bench/README.md). With `newest`, the key
    "newest" holds the largest id counted (0 when none)."""
    data = dict.fromkeys(_summary_keys(), 0)
    aggregates = _group_aggregates()
    if newest:
        aggregates["newest"] = Max("id")
    largest = 0
    for group in rows.order_by().values(*_DIMENSIONS).annotate(**aggregates).order_by():
        n = group["n"]
        parts = {"n": n}
        for code in ikm.CODES:
            parts[f"s{code}"] = group[f"s{code}"] or 0
            parts[f"c{code}"] = group[f"c{code}"]
        bucket = "without_token" if group["source"] in WITHOUT_TOKEN else "with_token"
        for name in ("all", bucket):
            for part, value in parts.items():
                data[f"{name}__{part}"] += value
        counted = [f"src__{group['source']}"]
        counted += [f"pro__{name}__{group[name]}" for name, _choices in PROFILE_FIELDS]
        for key in counted:
            if key in data:  # a value outside the choices is counted nowhere, as before
                data[key] += n
        if newest:
            largest = max(largest, group["newest"] or 0)
    if newest:
        data["newest"] = largest
    return data


def _summary_from(data: dict) -> Summary:
    profile_rows = {}
    for name, choices in PROFILE_FIELDS:
        profile_rows[name] = [
            ProfileRow(value, str(label), data[f"pro__{name}__{value}"])
            for value, label in choices.choices
        ]
        profile_rows[name].append(ProfileRow("", "-", data[f"pro__{name}__"]))
    return Summary(
        indexes=_indexes_from(data),
        sources={source: data[f"src__{source}"] for source in Source.values},
        profile=profile_rows,
    )


def stored_totals(period: SurveyPeriod) -> dict:
    """The totals `close_period` stores on a period it closes (JSON: str keys, int values)."""
    return _totals(period_responses(period))


def _summary(rows: QuerySet[Response]) -> Summary:
    return _summary_from(_totals(rows))


def _add(first: dict, second: dict) -> dict:
    return {key: first.get(key, 0) + second.get(key, 0) for key in first.keys() | second.keys()}


# An open period's answers only grow (a response is never changed or deleted), so its sums
# are kept in the cache up to a response id and only the newer rows are read. A row joins
# the kept part only once every id below it has surely committed: ids are handed out before
# commit, so a row seen now may still be missing a smaller id of a transaction in flight.
# The rows seen at one render are folded in at a render at least SETTLE later (Loket's
# transactions last seconds), after a count of that id range confirms none was missing then
# (else the range is read again).
SETTLE = timedelta(minutes=1)


def _open_summary(period: SurveyPeriod, now: datetime) -> Summary:
    rows = period_responses(period)
    key = f"surveys:open:{period.pk}:{period.start}:{period.end}:{period.service_id}"
    entry = cache.get(key) or {"upto": 0, "data": {}, "pending": None}
    pending = entry["pending"]
    if pending is not None and now - pending["at"] >= SETTLE:
        settled = rows.filter(id__gt=entry["upto"], id__lte=pending["max"])
        if settled.count() != pending["data"]["all__n"]:
            pending["data"] = _totals(settled)  # a late commit: read the range again
        entry = {
            "upto": pending["max"],
            "data": _add(entry["data"], pending["data"]),
            "pending": None,
        }
    tail = _totals(rows.filter(id__gt=entry["upto"]), newest=True)
    newest = tail.pop("newest")
    if entry["pending"] is None and newest:
        entry["pending"] = {"max": newest, "at": now, "data": tail}
    cache.set(key, entry, 7 * 24 * 60 * 60)
    return _summary_from(_add(entry["data"], tail))


def summary(period: SurveyPeriod, now: datetime | None = None) -> Summary:
    """The period's summary: once closed, from the totals stored when it closed (a period
    closed before they were stored: cached, the key carrying the last response id counted,
    as its rows no longer change); while open, the rows counted before stay
    in the cache and only the newer ones are read (`_open_summary`)."""
    if period.status == SurveyPeriod.Status.OPEN or period.last_response_id is None:
        return _open_summary(period, now or timezone.now())
    if period.totals is not None:
        return _summary_from({**dict.fromkeys(_summary_keys(), 0), **period.totals})
    key = f"surveys:summary:{period.pk}:{period.last_response_id}"
    found = cache.get(key)
    if found is None:
        found = _summary(period_responses(period))
        cache.set(key, found, 24 * 60 * 60)
    return found


@dataclass
class ProfileRow:
    value: str
    label: str
    count: int


def profile(rows: QuerySet[Response]) -> dict[str, list[ProfileRow]]:
    """Respondents per sex, age band, education and occupation (blank = not stated)."""
    result = {}
    for name, choices in PROFILE_FIELDS:
        counted = dict(rows.order_by().values_list(name).annotate(n=Count("id")))
        result[name] = [
            ProfileRow(value, str(label), counted.get(value, 0)) for value, label in choices.choices
        ]
        result[name].append(ProfileRow("", "-", counted.get("", 0)))
    return result


def computed_population(period: SurveyPeriod) -> int:
    """People served in the period (the population of the Krejcie-Morgan sample, PermenPANRB
    14/2017 Lampiran II): the visits finished and the complaints closed in it, of its office
    (and of its service, when it has one), in the office's time zone.

    Counted from the survey tokens, the survey app's own record of each of them: the visits
    app issues a visit's token when the visit finishes (`visits.services.end`, whether or
    not the link is ever shown) and the complaints app a complaint's token when it closes,
    with the complaint's service. The survey may not read visits or complaints (the app
    table of ARCHITECTURE.md); a token stays (used, its tie erased) after its answer, so the
    count does not drop when people answer."""
    rows = SurveyToken.objects.filter(
        office_id=period.office_id, issued_on__gte=period.start, issued_on__lte=period.end
    )
    if period.service_id:
        rows = rows.filter(service_id=period.service_id)
    return rows.count()


@dataclass
class Progress:
    population: int
    population_entered: bool
    required: int
    by_source: dict[str, int]
    total: int

    @property
    def share(self) -> int:
        """Per cent of the required sample reached (capped at 100 for the bar)."""
        if not self.required:
            return 100 if self.total else 0
        return min(100, self.total * 100 // self.required)

    @property
    def reached(self) -> bool:
        return self.total >= self.required


def progress(period: SurveyPeriod, data: Summary | None = None) -> Progress:
    data = summary(period) if data is None else data
    entered = period.population is not None
    population = period.population if period.population is not None else computed_population(period)
    by_source = data.sources
    return Progress(
        population=population,
        population_entered=entered,
        required=ikm.sample_size(population),
        by_source=by_source,
        total=sum(by_source.values()),
    )


@dataclass
class Results:
    period: SurveyPeriod
    index: ikm.Index
    buckets: dict[str, ikm.Index]
    profile: dict[str, list[ProfileRow]] = field(default_factory=dict)

    @property
    def weakest(self) -> list[str]:
        return self.index.weakest(3)

    @property
    def profile_sections(self) -> list[tuple[str, list[ProfileRow]]]:
        """The profile tables as (heading, rows), headings and row labels in the active
        language ("Jenis kelamin" / "Sex", not the field name; the summary may come from the
        cache, written while another language was active)."""
        sections = []
        for name, choices in PROFILE_FIELDS:
            labels = dict(choices.choices)
            rows = [
                ProfileRow(row.value, str(labels[row.value]) if row.value else "-", row.count)
                for row in self.profile.get(name, [])
            ]
            sections.append((str(PROFILE_LABELS[name]), rows))
        return [section for section in sections if section[1]]


def results(
    period: SurveyPeriod, *, with_profile: bool = True, data: Summary | None = None
) -> Results:
    data = summary(period) if data is None else data
    return Results(
        period=period,
        index=data.indexes["all"],
        buckets=data.indexes,
        profile=data.profile if with_profile else {},
    )


def approved_suggestions(period: SurveyPeriod) -> QuerySet[Response]:
    return (
        period_responses(period)
        .filter(moderation=Moderation.APPROVED)
        .only("id", "date", "suggestion")
        .order_by("date", "id")
    )


def held_answers(office) -> QuerySet[HeldResponse]:
    """The office's poster answers held for review (over a soft limit), oldest first."""
    return (
        HeldResponse.objects.filter(office=office).select_related("service").order_by("date", "id")
    )


def pending_suggestions(office) -> QuerySet[Response]:
    return (
        Response.objects.filter(office=office, moderation=Moderation.PENDING)
        .only("id", "date", "suggestion", "source")
        .order_by("date", "id")
    )


PROCESSING_FIELDS = ("id", "date", "source", *(code.lower() for code in ikm.CODES))


def processing_page(period: SurveyPeriod, number: int | str, per_page: int = 50) -> Page:
    """One page of the per-respondent processing table (pengolahan data per responden)."""
    rows = period_responses(period).only(*PROCESSING_FIELDS).order_by("id")
    return Paginator(rows, per_page).get_page(number)


def processing_rows(period: SurveyPeriod, chunk: int = 2000):
    """Every respondent's answers in questionnaire order, streamed (exports)."""
    rows = (
        period_responses(period)
        .order_by("id")
        .values_list("date", "source", *(code.lower() for code in ikm.QUESTION_ORDER))
    )
    yield from rows.iterator(chunk_size=chunk)


def periods_of(office, *, service=None) -> QuerySet[SurveyPeriod]:
    return SurveyPeriod.objects.filter(office=office).select_related("service")


def published_periods(office) -> QuerySet[SurveyPeriod]:
    return (
        SurveyPeriod.objects.filter(office=office, status=SurveyPeriod.Status.PUBLISHED)
        .select_related("service")
        .prefetch_related("plan")
        .order_by("-start", "-id")
    )


@dataclass
class TrendPoint:
    label: str
    start: date
    converted: ikm.Index


def trend(period: SurveyPeriod, limit: int = 8, data: Summary | None = None) -> list[TrendPoint]:
    """This period and the previous closed or published ones of the same scope, oldest first."""
    same_scope = (
        Q(service__isnull=True) if period.service_id is None else Q(service_id=period.service_id)
    )
    earlier = (
        SurveyPeriod.objects.filter(same_scope, office_id=period.office_id, start__lte=period.start)
        .exclude(status=SurveyPeriod.Status.OPEN)
        .exclude(pk=period.pk)
        .order_by("-start")[: limit - 1]
    )
    chosen = [*reversed(list(earlier)), period]
    return [
        TrendPoint(
            f"{p.start:%m/%Y}",
            p.start,
            (data if data is not None and p.pk == period.pk else summary(p)).indexes["all"],
        )
        for p in chosen
    ]


# --- For reports (loket.reports): the survey periods of a date range ---------------------

REPORT_PERIODS_SHOWN = 24


@dataclass
class PeriodResult:
    period: SurveyPeriod
    index: ikm.Index


def _results_of(chosen: list[SurveyPeriod]) -> list[PeriodResult]:
    """Each of `chosen` (not empty) with its IKM over its responses (its office, its dates,
    its service when it has one, up to its last response once closed), in one aggregate
    query with each period's sums and counts as conditional columns."""
    aggregates: dict[str, Count | Sum] = {}
    for period in chosen:
        condition = Q(office_id=period.office_id, date__gte=period.start, date__lte=period.end)
        if period.service_id:
            condition &= Q(service_id=period.service_id)
        if period.last_response_id is not None:
            condition &= Q(id__lte=period.last_response_id)
        aggregates[f"p{period.pk}__n"] = Count("id", filter=condition)
        for code in ikm.CODES:
            column = code.lower()
            aggregates[f"p{period.pk}__s{code}"] = Sum(column, filter=condition)
            aggregates[f"p{period.pk}__c{code}"] = Count(column, filter=condition)
    first, last = min(p.start for p in chosen), max(p.end for p in chosen)
    offices = {p.office_id for p in chosen}
    data = (
        Response.objects.filter(office_id__in=offices, date__gte=first, date__lte=last)
        .order_by()
        .aggregate(**aggregates)
    )
    return [
        PeriodResult(
            period=period,
            index=ikm.from_totals(
                ikm.Totals(
                    n=data[f"p{period.pk}__n"] or 0,
                    sums={code: data[f"p{period.pk}__s{code}"] or 0 for code in ikm.CODES},
                    counts={code: data[f"p{period.pk}__c{code}"] or 0 for code in ikm.CODES},
                )
            ),
        )
        for period in chosen
    ]


def period_results_between(
    office, start: date, end: date, *, service_id: int | None = None
) -> list[PeriodResult]:
    """The office's survey periods (whole office, or of `service_id` when given) that overlap
    [start, end], oldest first, at most `REPORT_PERIODS_SHOWN`, each with its IKM (all
    responses, as on the period's page). Two queries, whatever the number of periods: the
    periods, then one aggregate (`_results_of`)."""
    periods = SurveyPeriod.objects.filter(office=office, start__lte=end, end__gte=start)
    periods = periods.filter(service_id=service_id) if service_id else periods
    chosen = list(periods.select_related("service").order_by("end", "id")[:REPORT_PERIODS_SHOWN])
    return _results_of(chosen) if chosen else []


def period_results_between_of(
    office_ids: Iterable[int], start: date, end: date
) -> dict[int, list[PeriodResult]]:
    """`period_results_between` (no service filter) of every office of `office_ids`: office
    id -> its results, oldest first, at most `REPORT_PERIODS_SHOWN` per office (the same
    ones as the office report), every office present. Two queries whatever the number of
    offices: the periods, then one aggregate (`_results_of`)."""
    ids = list(office_ids)
    found: dict[int, list[PeriodResult]] = {office_id: [] for office_id in ids}
    if not ids:
        return found
    periods = (
        SurveyPeriod.objects.filter(office_id__in=ids, start__lte=end, end__gte=start)
        .select_related("service")
        .order_by("office_id", "end", "id")
    )
    per_office: dict[int, list[SurveyPeriod]] = {office_id: [] for office_id in ids}
    for period in periods:
        per_office[period.office_id].append(period)
    chosen = [p for rows in per_office.values() for p in rows[:REPORT_PERIODS_SHOWN]]
    for result in _results_of(chosen) if chosen else []:
        found[result.period.office_id].append(result)
    return found
