"""GET /api/v1/offices/{office}/statistics/?period=...: the public statistics of one period,
the same numbers as the public statistics page, small counts withheld, per class and
channel, the IKM of published surveys; a malformed period is a 400 in the API's error shape;
another office's complaints never counted."""

from datetime import date

import pytest
import time_machine

from loket.offices.tests.factories import OfficeFactory
from loket.reports import metrics
from loket.reports.periods import Period
from loket.reports.statistics import PeriodError, parse_period, period_name

from .conftest import NOW, complaint, ringan, utc

pytestmark = pytest.mark.django_db

URL = "/api/v1/offices/kantor-a/statistics/"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-S1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-S2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_a_period_is_a_month_quarter_semester_or_year(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)
    assert period_name(period) == text.upper()


@pytest.mark.parametrize(
    "text",
    ["", "abc", "26-11", "2026-13", "2026-00", "2026-1", "2026-Q0", "2026-Q5", "2026-S3",
     "2026-11-01", "1999", "2101-01", "2026-W05"],
)  # fmt: skip
def test_anything_else_is_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "tahun-ini", "2026-11-01"])
def test_the_api_answers_a_bad_period_with_400_in_the_error_shape(client, office_a, text):
    response = client.get(URL, {"period": text})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"][0]["code"] == "invalid_period"
    assert body["errors"][0]["field"] == "period"
    assert body["errors"][0]["message"] == body["detail"]


def test_the_period_error_is_in_the_requests_language(client, office_a):
    english = client.get(URL, {"period": "2026-13"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["detail"] == "The month must be between 01 and 12."
    indonesian = client.get(URL, {"period": "2026-13"}).json()
    assert indonesian["detail"] == "Bulan harus antara 01 dan 12."


def test_an_unknown_office_is_404(client, db):
    assert client.get("/api/v1/offices/tidak-ada/statistics/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_every_month_agrees_with_the_public_statistics_page(client, november, survey):
    survey.status = "published"
    survey.save()
    page = client.get("/instansi/kantor-a/statistik.json").json()
    assert len(page["months"]) == 12
    for month in page["months"]:
        api = client.get(URL, {"period": month["month"]}).json()["complaints"]
        for key in ("received", "answered", "answered_on_time", "on_time_share", "mean_rating"):
            assert api[key] == month[key], (month["month"], key)
        assert api["overdue_open"] == metrics.published_count(page["overdue_open"])
    # November: 13 received, 5 answered, 3 on time ("<5"), no share under 5.
    november_api = client.get(URL, {"period": "2026-11"}).json()
    assert november_api["complaints"]["received"] == 13
    assert november_api["complaints"]["answered"] == 5
    assert november_api["complaints"]["answered_on_time"] == "<5"
    assert november_api["complaints"]["on_time_share"] is None
    (result,) = november_api["surveys"]
    assert result == {
        "start": "2026-11-01",
        "end": "2026-11-30",
        "service": None,
        "respondents": 2,
        "ikm": 87.5,
        "grade": "B",
    }


@time_machine.travel(NOW, tick=False)
def test_an_unpublished_survey_is_left_out(client, november, survey):
    assert client.get(URL, {"period": "2026-11"}).json()["surveys"] == []


def _answered(office, day, *, channel="web", late=False):
    return complaint(
        office,
        channel=channel,
        status="closed",
        received_at=utc(day, 2),
        due_at=utc(day, 5),
        answered_at=utc(day, 6 if late else 3),
        **ringan(),
    )


@time_machine.travel(NOW, tick=False)
def test_the_figures_per_class_and_channel_of_a_quarter(client, office_a, service):
    for day in range(2, 7):
        _answered(office_a, day)
    _answered(office_a, 9, channel="phone", late=True)
    body = client.get(URL, {"period": "2026-Q4"}).json()
    assert (body["period"], body["start"], body["end"]) == ("2026-Q4", "2026-10-01", "2026-12-31")
    totals = body["complaints"]
    assert (totals["received"], totals["answered"], totals["answered_on_time"]) == (6, 6, 5)
    assert totals["on_time_share"] == round(5 / 6, 4)
    assert totals["overdue_open"] == 0
    ringan_row = next(row for row in totals["by_class"] if row["code"] == "ringan")
    assert ringan_row == {
        "code": "ringan",
        "name": "Pengaduan ringan",
        "received": 6,
        "answered": 6,
        "answered_on_time": 5,
        "on_time_share": round(5 / 6, 4),
        "overdue_open": 0,
    }
    channels = {row["code"]: row for row in totals["by_channel"]}
    # 6 received: phone's 1 is withheld, and web's 5 with it ("x"), or 6 - 5 gives it away.
    assert (channels["web"]["received"], channels["web"]["on_time_share"]) == ("x", 1.0)
    assert channels["phone"]["received"] == "<5"
    assert channels["phone"]["on_time_share"] is None
    assert channels["email"]["received"] == 0


@time_machine.travel(NOW, tick=False)
def test_another_offices_complaints_are_never_counted(client, office_a, service):
    for day in range(2, 8):
        _answered(office_a, day)
    before = client.get(URL, {"period": "2026-11"}).json()
    other = OfficeFactory(slug="kantor-lain")
    for day in range(2, 12):
        _answered(other, day, late=True)
    from django.core.cache import cache

    cache.clear()
    after = client.get(URL, {"period": "2026-11"}).json()
    assert after["complaints"] == before["complaints"]
    assert after["complaints"]["received"] == 6
    theirs = client.get("/api/v1/offices/kantor-lain/statistics/", {"period": "2026-11"}).json()
    assert theirs["complaints"]["received"] == 10
    assert theirs["complaints"]["answered_on_time"] == 0


@time_machine.travel(NOW, tick=False)
def test_without_a_period_it_is_this_month_in_the_offices_zone(client, office_a):
    body = client.get(URL).json()
    assert body["period"] == "2026-12"
    assert body["time_zone"] == office_a.timezone


def test_both_endpoints_are_documented_in_openapi(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    statistics = paths["/api/v1/offices/{office}/statistics/"]["get"]
    assert "400" in statistics["responses"]
    assert any(p["name"] == "period" for p in statistics["parameters"])
    compliance = paths["/api/v1/offices/{office}/compliance/"]["get"]
    assert "200" in compliance["responses"]
    assert "standard.decree" in compliance["description"]


def test_period_names_round_trip_for_whole_periods():
    assert period_name(Period(date(2026, 4, 1), date(2026, 6, 30))) == "2026-Q2"


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ([5, 1, 0], ["x", "<5", 0]),  # the finding: 6 - 5 would give the 1 away
        ([9, 7, 2, 0], [9, "x", "<5", 0]),  # the smallest other row goes with it
        ([2, 3, 8, 20], ["<5", "<5", "x", 20]),  # two small ones: their sum (5) is known
        ([6, 7, 0], [6, 7, 0]),  # nothing small, nothing withheld
        ([3], ["<5"]),  # a single row is the total, withheld as such
        ([0, 0], [0, 0]),
    ],
)
def test_a_breakdown_withholds_what_would_reveal_a_small_count(values, shown):
    """Security review (issue 12/13): complementary suppression of the per-class and
    per-channel counts (`metrics.published_breakdown`)."""
    from loket.reports import metrics

    assert metrics.published_breakdown(values) == shown
