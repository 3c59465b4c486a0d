"""The SP4N-LAPOR! stages of the office report (issue 16): verified within 3 working days of
receipt, followed up within 5 working days of the verification, on the office's calendar,
with a frozen clock. Dates in November 2026: Friday 13, Monday 16 ... Friday 27."""

import io
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest
import time_machine

from loket.complaints import lapor as lapor_rule
from loket.complaints.models import Event
from loket.offices.tests.factories import OfficeFactory
from loket.reports import metrics, periods, selectors
from loket.standards.selectors import complaint_classes
from loket.workdays.services import add_calendar_override

from .conftest import NOVEMBER, NOW, complaint

pytestmark = pytest.mark.django_db

NOVEMBER_2026 = periods.Period(date(2026, 11, 1), date(2026, 11, 30), periods.LAST_MONTH)
WIB = timedelta(hours=7)
WIT = timedelta(hours=9)


def local(day: int, hour: int, offset: timedelta = WIB, month: int = 11) -> datetime:
    """`hour`:00 on `day` November 2026 in the zone `offset` east of UTC, as UTC."""
    return datetime(2026, month, day, hour, tzinfo=UTC) - offset


def lapor(office, received_at, **events: datetime):
    """A LAPOR! complaint of `office` with its events (action name -> instant)."""
    made = complaint(office, channel="lapor", received_at=received_at)
    for action, at in events.items():
        Event.objects.create(complaint=made, action=action, at=at)
    return made


def report(office):
    return selectors.office_report(
        office, NOVEMBER_2026, classes=complaint_classes(office), now=NOW
    )


@pytest.fixture
def stages(office_a, office_b, service):
    """LAPOR! complaints of office A (WIB) received in November, at NOW (1 December 10:00
    WIB):
    P Friday 13 16:00, classified Thursday 19 (4th working day: late, unless Monday 16 is
      closed), answered Wednesday 25 (within 5 working days of Thursday 19);
    Q Friday 13 16:00, classified Wednesday 18 15:00 (within), never answered: its limit
      (Wednesday 25 closing) has passed, late;
    R Monday 30, nothing yet: verification pending (limit Thursday 3 December);
    S Friday 20, forwarded Monday 23: verified within, no follow-up of its own;
    T Wednesday 25, classified Friday 27: within; follow-up pending (limit Friday 4 Dec);
    U Monday 2, nothing ever: verification late (limit Thursday 5 closing).
    Not counted: a web complaint, office B's LAPOR! complaint, one received in October."""
    made = {
        "P": lapor(office_a, local(13, 16), classified=local(19, 10), answered=local(25, 10)),
        "Q": lapor(office_a, local(13, 16), classified=local(18, 15)),
        "R": lapor(office_a, local(30, 9)),
        "S": lapor(office_a, local(20, 9), forwarded=local(23, 9)),
        "T": lapor(office_a, local(25, 9), classified=local(27, 9)),
        "U": lapor(office_a, local(2, 9)),
    }
    web = complaint(office_a, channel="web", received_at=local(2, 9))
    Event.objects.create(complaint=web, action="classified", at=local(3, 9))
    lapor(office_b, local(2, 9), classified=local(3, 9), answered=local(4, 9))
    lapor(office_a, local(30, 9, month=10), classified=local(2, 9))
    return made


def test_the_stages_are_counted_on_the_office_calendar(office_a, stages):
    lapor_stages = report(office_a).lapor
    assert lapor_stages.received == 6
    verification, follow_up = lapor_stages.verification, lapor_stages.follow_up
    assert (verification.within, verification.late, verification.pending) == (3, 2, 1)
    assert verification.within_share == Fraction(3, 5)
    assert (follow_up.within, follow_up.late, follow_up.pending) == (1, 1, 1)
    assert follow_up.within_share == Fraction(1, 2)
    assert lapor_stages.pending == 2


def test_a_holiday_inside_the_window_moves_the_limit(office_a, alice, stages):
    """Monday 16 November closed: P, received Friday 16:00 and verified Thursday, is
    verified on the 3rd working day (Tuesday, Wednesday, Thursday)."""
    add_calendar_override(
        actor=alice, office=office_a, day=date(2026, 11, 16), kind="closed", reason="Libur daerah"
    )
    verification = report(office_a).lapor.verification
    assert (verification.within, verification.late, verification.pending) == (4, 1, 1)


def test_a_holiday_in_the_follow_up_window(office_a, alice, service):
    """Classified Thursday 19, answered Friday 27: the 6th working day, late; with Tuesday
    24 closed it is the 5th, within."""
    lapor(office_a, local(18, 9), classified=local(19, 10), answered=local(27, 10))
    assert report(office_a).lapor.follow_up.late == 1
    add_calendar_override(
        actor=alice, office=office_a, day=date(2026, 11, 24), kind="closed", reason="Libur daerah"
    )
    follow_up = report(office_a).lapor.follow_up
    assert (follow_up.within, follow_up.late) == (1, 0)


def test_the_limit_is_the_closing_time_of_the_last_working_day(office_a, service):
    """Received Friday 13 16:00: the 3rd working day is Wednesday 18, closing at 16:00
    WIB; a verification at 15:59 is within, at 16:01 late."""
    lapor(office_a, local(13, 16), classified=local(18, 16) - timedelta(minutes=1))
    lapor(office_a, local(13, 16), duplicate=local(18, 16) + timedelta(minutes=1))
    verification = report(office_a).lapor.verification
    assert (verification.within, verification.late) == (1, 1)


def test_an_office_in_wit_counts_its_own_days(office_a, service):
    """Received Thursday 12 November 00:30 WIT (Wednesday 11 in WIB): the 3rd working day
    after Thursday 12 is Tuesday 17; verified then at 15:00 WIT, within. In WIB the same
    instants would be late (the 3rd working day after Wednesday 11 is Monday 16)."""
    papua = OfficeFactory(slug="kantor-papua", name="Kantor Papua", timezone="Asia/Jayapura")
    received = local(12, 0, WIT) + timedelta(minutes=30)
    lapor(papua, received, not_authority=local(17, 15, WIT))
    # Received 1 December 00:30 WIT: 30 November 22:30 WIB, outside November in WIT.
    lapor(papua, local(1, 0, WIT, month=12) + timedelta(minutes=30))
    verification = report(papua).lapor.verification
    assert report(papua).lapor.received == 1
    assert (verification.within, verification.late) == (1, 0)
    lapor(office_a, received, not_authority=local(17, 15, WIT))
    assert report(office_a).lapor.verification.late == 1


def test_a_channel_filter_other_than_lapor_leaves_none(office_a, stages):
    figures = selectors.office_report(
        office_a,
        NOVEMBER_2026,
        classes=complaint_classes(office_a),
        filters=selectors.Filters(channel="web"),
        now=NOW,
    ).lapor
    assert figures.received == 0
    assert figures.verification.within_share is None


def test_the_stage_rule_at_the_limit():
    limit = datetime(2026, 11, 18, 9, tzinfo=UTC)
    stage = metrics.Stage()
    stage.add(lapor_rule.stage_state(limit, limit, limit))  # done exactly at the limit: within
    stage.add(lapor_rule.stage_state(None, limit, limit))  # not done, limit not passed: pending
    stage.add(lapor_rule.stage_state(None, limit, limit + timedelta(seconds=1)))  # passed: late
    assert (stage.within, stage.late, stage.pending) == (1, 1, 1)


@time_machine.travel(NOW, tick=False)
def test_the_page_shows_the_stages_in_both_languages(client, hana, stages):
    client.force_login(hana)
    page = client.get(f"/staf/kantor-a/laporan/{NOVEMBER}").content.decode()
    assert "Tahapan SP4N-LAPOR!" in page
    assert "Diverifikasi dalam 3 hari kerja" in page
    assert "3 / 5 (60,0%)" in page
    assert "1 / 2 (50,0%)" in page
    assert "Perpres 76/2013" in page
    client.cookies["django_language"] = "en"
    page = client.get(f"/staf/kantor-a/laporan/{NOVEMBER}").content.decode()
    assert "SP4N-LAPOR! stages" in page
    assert "Verified within 3 working days" in page
    assert "Followed up within 5 working days" in page
    assert "3 / 5 (60.0%)" in page


@time_machine.travel(NOW, tick=False)
def test_the_page_does_one_query_for_the_stages_whatever_their_number(
    client, hana, office_a, service, django_assert_num_queries
):
    client.force_login(hana)
    client.get(f"/staf/kantor-a/laporan/{NOVEMBER}")  # builds the office calendar once
    counts = []
    for day in (2, 3):
        for hour in range(3):
            lapor(
                office_a,
                local(day, 9 + hour),
                classified=local(day + 1, 9),
                answered=local(day + 2, 9),
            )
        # As test_office_report's count (17) less the survey aggregate (no survey period
        # here): the stages are one query however many complaints came from LAPOR!.
        with django_assert_num_queries(16) as captured:
            response = client.get(f"/staf/kantor-a/laporan/{NOVEMBER}")
        assert response.status_code == 200
        assert report(office_a).lapor.received == 3 * (day - 1)
        counts.append(len(captured))
    assert counts[0] == counts[1]


@time_machine.travel(NOW, tick=False)
def test_the_exports_and_the_pdf_hold_the_stages(client, hana, stages):
    from openpyxl import load_workbook

    from .test_exports import sections
    from .test_report_pdf import text_of

    client.force_login(hana)
    url = "/staf/kantor-a/laporan/unduh"
    summary = {
        row[0]: row[1]
        for row in sections(client.get(f"{url}.csv{NOVEMBER}").content.decode())["Ringkasan"]
    }
    assert summary["Pengaduan dari SP4N-LAPOR!"] == "6"
    assert summary["SP4N-LAPOR!: diverifikasi dalam 3 hari kerja"] == "3"
    assert summary["SP4N-LAPOR!: verifikasi terlambat"] == "2"
    assert summary["SP4N-LAPOR!: persentase diverifikasi dalam 3 hari kerja"] == "0.6"
    assert summary["SP4N-LAPOR!: ditindaklanjuti dalam 5 hari kerja"] == "1"
    assert summary["SP4N-LAPOR!: tindak lanjut terlambat"] == "1"
    assert summary["SP4N-LAPOR!: persentase ditindaklanjuti dalam 5 hari kerja"] == "0.5"
    assert summary["SP4N-LAPOR!: masih dalam batas waktu tahapan"] == "2"

    book = load_workbook(io.BytesIO(client.get(f"{url}.xlsx{NOVEMBER}").content))
    cells = {row[0].value: row[1] for row in book["Ringkasan"].iter_rows(min_row=2)}
    assert cells["Pengaduan dari SP4N-LAPOR!"].value == 6
    share = cells["SP4N-LAPOR!: persentase diverifikasi dalam 3 hari kerja"]
    assert share.value == 0.6
    assert share.number_format == "0.0%"

    text = text_of(client.get(f"{url}.pdf{NOVEMBER}").content)
    assert "Pengaduan dari SP4N-LAPOR! 6" in text
    assert "SP4N-LAPOR!: persentase diverifikasi dalam 3 hari kerja 60,0%" in text
    assert "SP4N-LAPOR!: persentase ditindaklanjuti dalam 5 hari kerja 50,0%" in text
    assert "Perpres 76/2013" in text

    client.cookies["django_language"] = "en"
    english = sections(client.get(f"{url}.csv{NOVEMBER}").content.decode())
    lines = {row[0]: row[1] for rows in english.values() for row in rows}
    assert lines["Complaints from SP4N-LAPOR!"] == "6"
    assert lines["SP4N-LAPOR!: share followed up within 5 working days"] == "0.5"
    text = text_of(client.get(f"{url}.pdf{NOVEMBER}").content)
    assert "SP4N-LAPOR!: verified within 3 working days 3" in text
