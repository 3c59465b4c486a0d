"""The head's numbers: visits per day and division, administration time against the
standard, waiting and consultation time, no-shows; CSV export."""

import csv
import io
from datetime import datetime, timedelta

import pytest

from loket.visits import jobs, services, stats

from .conftest import PONTIANAK, ROUTED_UNCHECKED, TUESDAY, TUESDAY_0900

pytestmark = pytest.mark.django_db


def test_percentile_interpolates_between_ranks():
    assert stats.percentile([], 50) is None
    assert stats.percentile([4, 1, 3, 2], 50) == 2.5
    assert stats.percentile(list(range(1, 11)), 90) == pytest.approx(9.1)


@pytest.fixture
def tuesday(make_walk_in, make_booking, rina, consultant, division_x, division_y):
    """Three visitors served on Tuesday (5, 10 and 20 office minutes of administration), one
    walked out, one booking not kept."""
    t = TUESDAY_0900
    for minutes in (5, 10, 20):
        visit = make_walk_in(now=t)
        services.route(
            visit,
            division_x,
            actor=rina,
            reason=ROUTED_UNCHECKED,
            now=t + timedelta(minutes=minutes),
        )
        services.call_next(division_x, actor=consultant, now=t + timedelta(minutes=minutes + 4))
        services.start(visit, actor=consultant, now=t + timedelta(minutes=minutes + 4))
        services.end(
            visit, actor=consultant, outcome_summary="ok", now=t + timedelta(minutes=minutes + 34)
        )
    services.walk_out(make_walk_in(now=t), actor=rina, now=t + timedelta(minutes=3))
    make_booking()
    jobs.mark_no_shows(datetime(2026, 12, 1, 16, 0, tzinfo=PONTIANAK))


def test_the_report_measures_the_fifteen_minute_promise(tuesday, office_a):
    report = stats.report(office_a, TUESDAY, TUESDAY)
    total = report.total
    assert (total.visits, total.done, total.walked_out, total.no_shows) == (4, 3, 1, 1)
    assert total.admin.median == 10
    assert total.admin.p90 == pytest.approx(18)
    assert total.within == 2
    assert total.within_share == pytest.approx(2 / 3)
    assert total.waiting.median == 4
    assert total.consultation.median == 30
    assert [day.label for day in report.days] == ["2026-12-01"]
    assert {group.label: group.visits for group in report.divisions} == {"Bagian Satu": 3, "": 1}


def test_the_report_page_and_the_csv_for_a_period(client, tuesday, hana, rina):
    client.force_login(hana)
    page = client.get("/staf/kantor-a/konsultasi/statistik/?start=2026-11-30&end=2026-12-04")
    assert page.status_code == 200
    assert "67%" in page.content.decode()
    # Days as people read them (found by a tester: "2026-12-01"); the CSV keeps ISO dates.
    assert 'datetime="2026-12-01">Sel, 1 Des 2026</time>' in page.content.decode()
    response = client.get("/staf/kantor-a/konsultasi/statistik.csv?start=2026-12-01&end=2026-12-01")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == stats.CSV_HEADER
    assert len(rows) == 1 + 5
    served = [row for row in rows[1:] if row[5] == "done"]
    assert [row[11] for row in served] == ["5.0", "10.0", "20.0"]
    assert [row[13] for row in served] == ["ya", "ya", "tidak"]
    assert "Siti Aminah" not in str(rows)  # no personal data in the export
    client.force_login(rina)  # a colleague without the role: 403
    assert client.get("/staf/kantor-a/konsultasi/statistik/").status_code == 403


def test_a_bad_period_is_explained(client, hana, office_a):
    client.force_login(hana)
    response = client.get("/staf/kantor-a/konsultasi/statistik/?start=2026-12-04&end=2026-12-01")
    assert response.status_code == 400
    assert "Tanggal akhir tidak boleh sebelum tanggal mulai." in response.content.decode()
