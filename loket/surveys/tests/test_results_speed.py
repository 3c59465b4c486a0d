"""The results' one scan (bench/surveys_results.py): the totals GROUPed BY source and profile
equal an independent count of the raw rows, a closed period keeps its totals (no response
row is read for it again, even after a cache flush) and an open period's first render reads
the responses once, whatever earlier periods its trend shows."""

import random
from datetime import date

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.surveys import ikm, selectors, services
from loket.surveys.models import Response, Source
from loket.surveys.questionnaire import AgeBand, Education, Occupation, Sex

from .conftest import FRIDAY_1000, answers


def fill_mixed(office, service, count, *, day=date(2026, 5, 2), seed=11):
    """`count` sheets of every source, with blanks and every profile value (blank too)."""
    rng = random.Random(seed)
    for i in range(count):
        scores = {code: rng.choice([1, 2, 3, 4, None]) for code in ikm.CODES}
        scores["U1"] = rng.randint(1, 4)  # never an empty sheet
        Response.objects.create(
            office=office,
            service=service if i % 3 else None,
            date=day,
            source=rng.choice(Source.values),
            sex=rng.choice([*Sex.values, ""]),
            age_band=rng.choice([*AgeBand.values, ""]),
            education=rng.choice([*Education.values, ""]),
            occupation=rng.choice([*Occupation.values, ""]),
            **{code.lower(): value for code, value in scores.items()},
        )


def independent_totals(rows):
    """The same keys as `selectors._totals`, counted one row at a time in Python."""
    data = dict.fromkeys(selectors._summary_keys(), 0)
    for row in rows:
        bucket = "without_token" if row.source == Source.POSTER else "with_token"
        for name in ("all", bucket):
            data[f"{name}__n"] += 1
            for code in ikm.CODES:
                value = getattr(row, code.lower())
                if value is not None:
                    data[f"{name}__s{code}"] += value
                    data[f"{name}__c{code}"] += 1
        data[f"src__{row.source}"] += 1
        for name in ("sex", "age_band", "education", "occupation"):
            data[f"pro__{name}__{getattr(row, name)}"] += 1
    return data


def test_the_grouped_totals_equal_a_count_of_the_raw_rows(office_a, service, quarter):
    fill_mixed(office_a, service, 300)
    rows = selectors.period_responses(quarter)
    assert 0 < rows.filter(source=Source.POSTER).count() < 300
    got = selectors._totals(rows)
    assert got == independent_totals(rows)
    # An empty set of rows: every key present, every value 0.
    assert set(selectors._totals(rows.none()).values()) == {0}


def test_a_closed_period_reads_its_stored_totals_even_after_a_cache_flush(
    office_a, service, head, quarter, django_assert_num_queries
):
    fill_mixed(office_a, service, 60)
    before = selectors.summary(quarter)
    services.close_period(quarter, actor=head)
    quarter.refresh_from_db()
    assert quarter.totals == independent_totals(selectors.period_responses(quarter))
    fill_mixed(office_a, service, 5, seed=12)  # after closing: not counted
    cache.clear()
    with django_assert_num_queries(0):
        closed = selectors.summary(quarter)
    assert closed == before
    assert closed.indexes["all"].n == 60


def test_an_open_periods_first_render_reads_the_responses_once(
    client, office_a, service, head, quarter
):
    """The trend shows the earlier closed quarter from its stored totals: after a cache
    flush the page scans the open period's rows only (it scanned both before, 1.3 s at
    100,000 rows)."""
    fill_mixed(office_a, service, 40)
    services.close_period(quarter, actor=head)
    with time_machine.travel(FRIDAY_1000, tick=False):
        july = services.open_period(
            office_a, kind="month", start=date(2026, 7, 1), end=date(2026, 7, 31), actor=head
        )
    fill_mixed(office_a, service, 10, day=date(2026, 7, 3), seed=13)
    client.force_login(head)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/staf/{office_a.slug}/survei/periode/{july.pk}/")
    assert page.status_code == 200
    scans = [
        q["sql"] for q in queries if 'FROM "surveys_response"' in q["sql"] and "SUM(" in q["sql"]
    ]
    assert len(scans) == 1, scans
    trend = selectors.trend(july)
    assert [point.converted.n for point in trend] == [40, 10]


def test_publishing_reads_the_stored_totals(office_a, service, head, quarter):
    with time_machine.travel(FRIDAY_1000, tick=False):
        services.submit_without_token(office_a, service, answers(4))
    services.close_period(quarter, actor=head)
    services.save_plan(quarter, [services.PlanRow("U1", "a", "b", "c")], actor=head)
    quarter.refresh_from_db()
    published = services.publish_period(quarter, actor=head)
    assert published.status == "published"
    assert selectors.summary(published).indexes["all"].converted_display == 100
