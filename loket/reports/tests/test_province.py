"""The province comparison (issue 16): a supervisor of some offices compares their aggregate
figures, ranks them and drills into one, and sees nothing of a complaint or a complainant."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from loket.complaints.models import Attachment
from loket.offices.permissions import supervised_offices
from loket.offices.roles import Role
from loket.offices.tests.factories import MembershipFactory, OfficeFactory, UserFactory
from loket.reports import periods, selectors
from loket.standards.selectors import complaint_classes
from loket.surveys.models import Response, SurveyPeriod
from loket.tests.auth import force_login_confirmed

from .conftest import NOVEMBER, NOW, answers, complaint, ringan, utc

pytestmark = pytest.mark.django_db

NOVEMBER_2026 = periods.Period(date(2026, 11, 1), date(2026, 11, 30), periods.LAST_MONTH)
SECRET_TITLE = "Jalan berlubang di depan rumah Pak Darmawan"
SECRET_TEXT = "Uraian rahasia tentang tetangga saya"
SECRET_NAME = "Darmawan Sukirman"


@pytest.fixture
def sri(office_a):
    """Supervisor of office A only (e.g. the Biro Organisasi)."""
    user = UserFactory(username="sri")
    MembershipFactory(user=user, office=office_a, role=Role.SUPERVISOR)
    return user


@pytest.fixture
def secret(office_a, service):
    """A complaint of office A with a complainant's identity, text and an attachment."""
    made = complaint(
        office_a,
        status="closed",
        received_at=utc(20, 2),
        due_at=utc(21, 9),
        answered_at=utc(20, 8),
        complainant_name=SECRET_NAME,
        complainant_email="darmawan@example.com",
        **ringan(),
    )
    made.title, made.description = SECRET_TITLE, SECRET_TEXT
    made.save(update_fields=["title", "description"])
    attachment = Attachment.objects.create(
        complaint=made, file="x/foto.jpg", name="foto.jpg", content_type="image/jpeg", size=10
    )
    return made, attachment


@pytest.fixture
def office_b_figures(office_b, service):
    """One complaint of office B answered on time in November."""
    return complaint(
        office_b,
        status="closed",
        received_at=utc(9, 2),
        due_at=utc(10, 9),
        answered_at=utc(9, 5),
        **ringan(),
    )


# --- Who sees what ---------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_supervisor_sees_only_the_offices_granted(client, sri, office_a, office_b):
    client.force_login(sri)
    page = client.get(f"/staf/provinsi/{NOVEMBER}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kantor A" in text
    assert "Kantor B" not in text
    assert client.get(f"/staf/provinsi/kantor-a/{NOVEMBER}").status_code == 200
    assert client.get(f"/staf/provinsi/kantor-b/{NOVEMBER}").status_code == 404
    assert client.get("/staf/provinsi/kantor-b/unduh.csv").status_code == 404
    assert list(supervised_offices(sri)) == [office_a]


def test_staff_without_the_supervisor_role_cannot_compare_offices(client, hana, carol):
    for user in (hana, carol):
        client.force_login(user)
        assert client.get("/staf/provinsi/").status_code == 403
        assert client.get("/staf/provinsi/unduh.csv").status_code == 403
        # A head reads their own office in the office report, not here.
        assert client.get("/staf/provinsi/kantor-a/").status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, db):
    response = client.get("/staf/provinsi/")
    assert response.status_code == 302
    assert "/staf/masuk/" in response["Location"]


def test_the_system_administrator_compares_every_office(client, office_a, office_b):
    root = UserFactory(username="root", is_superuser=True)
    client.force_login(root)
    text = client.get("/staf/provinsi/").content.decode()
    assert "Kantor A" in text
    assert "Kantor B" in text


def test_a_supervisor_opens_no_complaint_nor_staff_page_of_the_office(client, sri, hana, secret):
    made, attachment = secret
    base = f"/staf/kantor-a/pengaduan/{made.reference}/"
    client.force_login(hana)
    assert client.get(base).status_code == 200  # the head does (the test can fail)
    client.force_login(sri)
    for url in (
        base,
        f"{base}identitas/",
        f"{base}lampiran/{attachment.pk}/",
        "/staf/kantor-a/pengaduan/",
        "/staf/kantor-a/pengaduan/semua/",
        "/staf/kantor-a/pengaduan/semua/ekspor/",
        "/staf/kantor-a/tamu/",
        "/staf/kantor-a/laporan/",
        "/staf/kantor-a/laporan/unduh.csv",
        "/staf/kantor-a/dasbor/",
        "/staf/kantor-a/",
    ):
        assert client.get(url).status_code == 404, url


@time_machine.travel(NOW, tick=False)
def test_the_supervisor_never_sees_identity_nor_text(client, sri, secret):
    client.force_login(sri)
    pages = [
        client.get(f"/staf/provinsi/{NOVEMBER}"),
        client.get(f"/staf/provinsi/kantor-a/{NOVEMBER}"),
        client.get(f"/staf/provinsi/unduh.csv{NOVEMBER}"),
        client.get(f"/staf/provinsi/kantor-a/unduh.csv{NOVEMBER}"),
    ]
    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    for page in pages:
        text = page.content.decode("utf-8-sig")
        for secret_text in (SECRET_TITLE, SECRET_TEXT, SECRET_NAME, "darmawan@example.com"):
            assert secret_text not in text
    drill = pages[1].content.decode()
    assert "/pengaduan/" not in drill  # no link to any complaint list or complaint
    assert "/tamu/" not in drill
    assert "/survei/" not in drill


@time_machine.travel(NOW, tick=False)
def test_the_staff_home_of_a_supervisor_links_the_comparison(client, sri, hana):
    client.force_login(sri)
    text = client.get("/staf/").content.decode()
    assert "/staf/provinsi/" in text
    assert "belum terdaftar" not in text
    client.force_login(hana)
    assert "/staf/provinsi/" not in client.get("/staf/").content.decode()


# --- The numbers -----------------------------------------------------------------------------


def test_each_office_has_the_numbers_of_its_office_report(
    office_a, office_b, november, desk, survey, office_b_figures
):
    office_b.timezone = "Asia/Jayapura"  # WIT: bounds of its own zone
    office_b.save()
    # 30 November 23:30 WIT (14:30 UTC) is November in Jayapura; 1 December 00:30 WIT
    # (15:30 UTC) is December there, though still 30 November in WIB.
    complaint(office_b, received_at=utc(30, 14, minute=30))
    complaint(office_b, received_at=utc(30, 15, minute=30))
    rows = {
        row.office: row
        for row in selectors.province_report([office_a, office_b], NOVEMBER_2026, now=NOW)
    }
    for office in (office_a, office_b):
        report = selectors.office_report(
            office, NOVEMBER_2026, classes=complaint_classes(office), now=NOW
        )
        row = rows[office]
        _assert_same_figures(row, report)
    assert rows[office_a].complaints.received == 13
    assert rows[office_b].complaints.received == 2  # B's own, and 30 Nov 23:30 WIT
    assert rows[office_a].ikm.converted_display is not None
    assert rows[office_b].ikm is None


def _assert_same_figures(row, report):
    """A province line has the figures of the office's report (the row-based computation)."""
    c, r = row.complaints, report.complaints
    assert c.received == r.received
    assert c.finished == r.finished
    assert (c.overdue, c.ratings, c.rating_total) == (r.overdue, r.ratings, r.rating_total)
    assert c.mean_rating == r.mean_rating
    assert c.calendar_median == r.calendar_hours.median
    assert row.desk.visits == report.desk.total.visits
    assert row.desk.within_share == report.desk.within_share
    assert [s.index.converted for s in row.surveys] == [s.index.converted for s in report.surveys]


@time_machine.travel(NOW, tick=False)
def test_the_page_does_the_same_queries_for_two_and_five_offices(
    client, django_assert_num_queries, service
):
    supervisor = UserFactory(username="pengawas")
    client.force_login(supervisor)
    counts = []
    offices = []
    for size in (2, 5):
        while len(offices) < size:
            office = OfficeFactory()
            offices.append(office)
            MembershipFactory(user=supervisor, office=office, role=Role.SUPERVISOR)
            complaint(office, received_at=utc(3, 2))
            SurveyPeriod.objects.create(
                office=office,
                kind="month",
                start=date(2026, 11, 1),
                end=date(2026, 11, 30),
                status="closed",
                opened_at=utc(1, 0),
            )
            Response.objects.create(
                office=office, date=date(2026, 11, 3), source="kiosk", **answers(4)
            )
        # session, user, the offices; never refreshed, so the summary spans (1) and the live
        # complaints (received, finished, ratings, overdue, median: 5); desk (1), survey
        # periods and their aggregate (2); the unread notifications badge of the staff header
        with django_assert_num_queries(13) as captured:
            response = client.get(f"/staf/provinsi/{NOVEMBER}")
        assert response.status_code == 200
        assert response.content.decode().count('<th scope="row">') == size
        counts.append(len(captured))
    assert counts[0] == counts[1]


@time_machine.travel(NOW, tick=False)
def test_offices_are_ranked_by_on_time_share_ikm_and_volume(
    client, office_a, office_b, november, survey, office_b_figures
):
    root = UserFactory(username="root", is_superuser=True)
    client.force_login(root)

    def order(ranking: str) -> list[str]:
        text = client.get(f"/staf/provinsi/{NOVEMBER}&urut={ranking}").content.decode()
        return sorted(("Kantor A", "Kantor B"), key=text.index)

    # A: 3 of 4 on time, 13 received, IKM 87.50; B: 1 of 1, 1 received, no survey.
    assert order("tepat-waktu") == ["Kantor B", "Kantor A"]
    assert order("volume") == ["Kantor A", "Kantor B"]
    assert order("ikm") == ["Kantor A", "Kantor B"]
    assert order("nama") == ["Kantor A", "Kantor B"]


@time_machine.travel(NOW, tick=False)
def test_the_comparison_downloads_as_csv_and_xlsx_with_formulas_neutralised(
    client, office_a, november
):
    office_a.name = '=HYPERLINK("http://jahat")'
    office_a.save()
    root = UserFactory(username="root", is_superuser=True)
    client.force_login(root)
    csv_text = client.get(f"/staf/provinsi/unduh.csv{NOVEMBER}").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(csv_text)))
    assert lines[2][:8] == [
        "kantor-a",
        '\'=HYPERLINK("http://jahat")',
        "13",
        "5",
        "4",
        "3",
        "0.75",
        "1",
    ]
    response = client.get(f"/staf/provinsi/unduh.xlsx{NOVEMBER}")
    assert "perbandingan-instansi-20261101-20261130.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["Instansi"] == '\'=HYPERLINK("http://jahat")'
    assert row["Pengaduan diterima"] == 13
    assert row["Persentase tepat waktu"] == 0.75


@time_machine.travel(NOW, tick=False)
def test_the_comparison_speaks_english(client, sri, november):
    client.force_login(sri)
    client.cookies["django_language"] = "en"
    text = client.get(f"/staf/provinsi/{NOVEMBER}").content.decode()
    assert "Comparison of offices" in text
    assert "75.0%" in text


# --- How a supervisor is granted ------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_an_office_admin_invites_a_supervisor_who_then_compares_the_office(
    client, alice, office_a, office_b
):
    from django.contrib.auth import get_user_model

    force_login_confirmed(client, alice)
    response = client.post(
        "/staf/kantor-a/akun-staf/undang/",
        {
            "username": "biro.organisasi",
            "full_name": "Biro Organisasi",
            "email": "biro@contoh.go.id",
            "role": Role.SUPERVISOR,
        },
    )
    assert response.status_code == 302
    newcomer = get_user_model().objects.get(username="biro.organisasi")
    roles_page = client.get(f"/staf/kantor-a/akun-staf/{newcomer.pk}/peran/").content.decode()
    assert "Pengawas" in roles_page  # the admin sees the role, and may take it back
    client.force_login(newcomer)
    assert client.get("/staf/provinsi/").status_code == 200
    assert client.get("/staf/kantor-a/").status_code == 404
    force_login_confirmed(client, alice)
    url = f"/staf/kantor-a/akun-staf/{newcomer.pk}/peran/"
    client.post(url, {"remove": Role.SUPERVISOR})
    client.force_login(newcomer)
    assert client.get("/staf/provinsi/").status_code == 403


# --- The ranking and the IKM of a line (pure) -------------------------------------------------


def _line(name: str, on_time: int, with_deadline: int, received: int, ikm=None):
    from types import SimpleNamespace

    from loket.reports import metrics

    figures = metrics.ComplaintFigures(received=received)
    figures.finished = metrics.Tally(
        finished=with_deadline, with_deadline=with_deadline, on_time=on_time
    )
    index = SimpleNamespace(converted_display=ikm) if ikm is not None else None
    return SimpleNamespace(office=SimpleNamespace(name=name), complaints=figures, ikm=index)


def test_a_ranking_puts_offices_without_the_value_last_and_ties_by_name():
    from loket.reports.metrics import ranked

    lines = [
        _line("Dinas C", 0, 0, 5),  # nothing finished with a deadline: no share
        _line("Dinas B", 1, 2, 9, ikm=80),
        _line("Dinas A", 2, 4, 9),
        _line("Dinas D", 3, 3, 1, ikm=90),
    ]
    names = lambda rows: [row.office.name for row in rows]  # noqa: E731
    assert names(ranked(lines, "tepat-waktu")) == ["Dinas D", "Dinas A", "Dinas B", "Dinas C"]
    assert names(ranked(lines, "volume")) == ["Dinas A", "Dinas B", "Dinas C", "Dinas D"]
    assert names(ranked(lines, "ikm")) == ["Dinas D", "Dinas B", "Dinas A", "Dinas C"]


def test_the_ikm_of_a_line_is_the_latest_whole_office_period_with_answers():
    from types import SimpleNamespace

    from loket.reports.metrics import survey_index

    def result(start, end, service_id=None, n=3):
        period = SimpleNamespace(start=start, end=end, service_id=service_id)
        return SimpleNamespace(period=period, index=SimpleNamespace(n=n, name=f"{start}"))

    results = [
        result(date(2026, 9, 1), date(2026, 9, 30)),
        result(date(2026, 10, 1), date(2026, 10, 31)),
        result(date(2026, 11, 1), date(2026, 11, 30), service_id=7),  # one service only
        result(date(2026, 11, 1), date(2026, 11, 30), n=0),  # no answer yet
    ]
    assert survey_index(results).name == "2026-10-01"
    assert survey_index(results, date(2026, 9, 1), date(2026, 9, 30)).name == "2026-09-01"
    assert survey_index(results, date(2026, 11, 1), date(2026, 11, 30)) is None
