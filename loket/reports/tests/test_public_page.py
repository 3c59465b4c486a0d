"""The public statistics page: per month, small counts withheld, no personal data, cached
with an ETag and Last-Modified that answer 304 (the one rule of the public pages,
`loket.conditional`), its figures read from the replica."""

import pytest
import time_machine

from .conftest import NOW

pytestmark = pytest.mark.django_db

URL = "/instansi/kantor-a/statistik/"


def month_row(page: str, month: str) -> str:
    start = page.index(f'<th scope="row">{month}</th>')
    return page[start : page.index("</tr>", start)]


@time_machine.travel(NOW, tick=False)
def test_it_publishes_each_month_and_withholds_small_counts(client, november, survey):
    survey.status = "published"
    survey.save()
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    # November: 13 received, 5 answered, 3 on time (of 4 with a deadline: no share), 2 ratings.
    assert month_row(page, "November 2026") == (
        '<th scope="row">November 2026</th><td>13</td><td>5</td><td>&lt;5</td><td>–</td><td>–</td>'
    )
    # December: 1 received, F and K answered on 1 December (WIB).
    assert month_row(page, "Desember 2026").startswith(
        '<th scope="row">Desember 2026</th><td>&lt;5</td><td>&lt;5</td>'
    )
    assert month_row(page, "Januari 2026").endswith(
        "<td>0</td><td>0</td><td>0</td><td>–</td><td>–</td>"
    )
    assert "Oktober 2025" not in page  # twelve months
    assert "Pengaduan ringan: 3 jam" in page
    assert "87,50" in page  # the published survey
    assert november["A"].tracking_code not in page
    assert "Judul" not in page  # no complaint text


@time_machine.travel(NOW, tick=False)
def test_shares_appear_from_five_complaints(client, office_a, service):
    from .conftest import complaint, ringan, utc

    for day in range(2, 7):  # five answered on time
        complaint(
            office_a,
            status="closed",
            received_at=utc(day, 2),
            due_at=utc(day, 5),
            answered_at=utc(day, 3),
            **ringan(),
        )
    page = client.get(URL).content.decode()
    assert month_row(page, "November 2026") == (
        '<th scope="row">November 2026</th><td>5</td><td>5</td><td>5</td><td>100,0%</td><td>–</td>'
    )


@time_machine.travel(NOW, tick=False)
def test_an_unchanged_page_answers_304(client, office_a, django_assert_max_num_queries):
    client.get(URL)  # the visitor gets a CSRF cookie (the language switch form)
    first = client.get(URL)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert modified == "Tue, 01 Dec 2026 03:00:00 GMT"
    # The one rule of the public pages: the browser keeps the page and asks again each time.
    assert first["Cache-Control"] == "private, no-cache"
    with django_assert_max_num_queries(1):  # the office; the figures come from the cache
        again = client.get(URL, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert client.get(URL, headers={"if-modified-since": modified}).status_code == 304
    client.cookies["django_language"] = "en"
    english = client.get(URL, headers={"if-none-match": etag})
    assert english.status_code == 200  # another language is another tag
    assert "Complaints per month" in english.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_new_csrf_cookie_gets_the_page_again(client, office_a):
    client.get(URL)
    etag = client.get(URL)["ETag"]
    client.cookies["csrftoken"] = "x" * 32
    assert client.get(URL, headers={"if-none-match": etag}).status_code == 200


def test_the_figures_keep_their_date_while_they_do_not_change(client, office_a):
    from django.core.cache import cache

    with time_machine.travel(NOW, tick=False):
        client.get(URL)
        first = client.get(URL)
    cache.delete(f"reports:public:{office_a.pk}:id")  # the figures expire
    with time_machine.travel(NOW.replace(hour=9), tick=False):
        later = client.get(URL, headers={"if-none-match": first["ETag"]})
        again = client.get(URL)
    assert later.status_code == 304
    assert again["Last-Modified"] == first["Last-Modified"]
    assert again["ETag"] == first["ETag"]


def test_new_figures_get_a_new_tag(client, office_a, service):
    from django.core.cache import cache

    from .conftest import complaint, utc

    with time_machine.travel(NOW, tick=False):
        client.get(URL)
        first = client.get(URL)
        complaint(office_a, received_at=utc(30, 2))
        cache.delete(f"reports:public:{office_a.pk}:id")
        changed = client.get(URL, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_an_unknown_office_is_404(client, db):
    assert client.get("/instansi/tidak-ada/statistik/").status_code == 404


def test_the_office_page_links_its_statistics(client, office_a):
    assert URL in client.get("/instansi/kantor-a/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_open_data_has_the_same_figures(client, november):
    import csv
    import io

    data = client.get("/instansi/kantor-a/statistik.json").json()
    assert data["office"] == "kantor-a"
    november_data = next(m for m in data["months"] if m["month"] == "2026-11")
    assert november_data == {
        "month": "2026-11",
        "received": 13,
        "answered": 5,
        "answered_on_time": "<5",
        "on_time_share": None,
        "mean_rating": None,
    }
    assert data["overdue_open"] == 1
    assert [c["code"] for c in data["complaint_classes"]][:2] == ["ringan", "normatif"]
    response = client.get("/instansi/kantor-a/statistik.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "month",
        "received",
        "answered",
        "answered_on_time",
        "on_time_share",
        "mean_rating",
    ]
    assert ["2026-11", "13", "5", "<5", "", ""] in rows
    assert len(rows) == 13
    text = response.content.decode() + str(data)
    assert november["A"].tracking_code not in text
    assert "Judul" not in text


@time_machine.travel(NOW, tick=False)
def test_the_open_data_answers_304_too(client, office_a):
    for url in ("/instansi/kantor-a/statistik.json", "/instansi/kantor-a/statistik.csv"):
        client.get(url)
        first = client.get(url)
        assert first.status_code == 200
        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
