"""The deployment's public statistics (issue 16): every office side by side per month, with
the same figures as each office's statistics page, small counts withheld, no sign-in."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine

from .conftest import NOW, complaint, ringan, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_b_month(office_b):
    """Six complaints of office B received and answered on time in November."""
    return [
        complaint(
            office_b,
            status="closed",
            received_at=utc(day, 2),
            due_at=utc(day, 9),
            answered_at=utc(day, 5),
            **ringan(),
        )
        for day in range(2, 8)
    ]


@time_machine.travel(NOW, tick=False)
def test_it_shows_last_month_of_every_office_without_sign_in(
    client, office_a, office_b, november, office_b_month
):
    response = client.get("/statistik/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kantor A" in text
    assert "Kantor B" in text
    assert "November 2026" in text
    rows = {
        name: text.split(f">{name}</a></th>", 1)[1].split("</tr>", 1)[0]
        for name in ("Kantor A", "Kantor B")
    }
    # A: 13 received, 5 answered, 3 on time (<5), 3 of 4 with a deadline (share withheld).
    assert "<td>13</td><td>5</td><td>&lt;5</td><td>–</td>" in rows["Kantor A"]
    # B: 6 received, 6 answered, all on time: 100%.
    assert "<td>6</td><td>6</td><td>6</td><td>100,0%</td>" in rows["Kantor B"]


@time_machine.travel(NOW, tick=False)
def test_a_month_is_chosen_among_the_published_ones(client, office_a, november):
    text = client.get("/statistik/?bulan=2026-12").content.decode()
    assert '<strong aria-current="page">Desember 2026</strong>' in text
    assert 'href="?bulan=2026-11"' in text


@time_machine.travel(NOW, tick=False)
def test_it_has_the_numbers_of_each_office_statistics_page(
    client, office_a, office_b, november, office_b_month
):
    everything = client.get("/statistik.json").json()["offices"]
    for office in everything:
        own = client.get(f"/instansi/{office['office']}/statistik.json").json()
        assert office["months"] == own["months"]
        assert office["overdue_open"] == own["overdue_open"]
    assert {office["office"] for office in everything} == {"kantor-a", "kantor-b"}


@time_machine.travel(NOW, tick=False)
def test_the_csv_has_one_line_per_office_and_month_with_names_neutralised(
    client, office_a, office_b, november
):
    office_b.name = "@SUM(A1)"
    office_b.save()
    lines = list(csv.reader(io.StringIO(client.get("/statistik.csv").content.decode())))
    assert lines[0] == [
        "office",
        "office_name",
        "month",
        "received",
        "answered",
        "answered_on_time",
        "on_time_share",
        "mean_rating",
    ]
    assert len(lines) == 1 + 2 * 12
    november_a = next(line for line in lines if line[0] == "kantor-a" and line[2] == "2026-11")
    assert november_a[3:6] == ["13", "5", "<5"]
    assert {line[1] for line in lines if line[0] == "kantor-b"} == {"'@SUM(A1)"}


@time_machine.travel(NOW, tick=False)
def test_an_unchanged_page_answers_304(client, office_a, office_b, november):
    first = client.get("/statistik/")
    assert first.status_code == 200
    again = client.get("/statistik/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    other_month = client.get("/statistik/?bulan=2026-12", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other_month.status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_page_speaks_english(client, office_a, november):
    client.cookies["django_language"] = "en"
    text = client.get("/statistik/").content.decode()
    assert "Complaint statistics of every office" in text
    assert "November 2026" in text


@time_machine.travel(NOW, tick=False)
def test_from_the_cache_the_page_does_one_query_for_two_or_five_offices(
    client, db, django_assert_num_queries
):
    from loket.offices.tests.factories import OfficeFactory

    counts = []
    offices = []
    for size in (2, 5):
        while len(offices) < size:
            office = OfficeFactory()
            offices.append(office)
            complaint(office, received_at=utc(3, 2))
        client.get("/statistik/")  # each office's figures computed once, then cached
        with django_assert_num_queries(1) as captured:  # the offices
            response = client.get("/statistik/")
        assert response.status_code == 200
        assert response.content.decode().count('/statistik/">Kantor') == size
        counts.append(len(captured))
    assert counts[0] == counts[1]
