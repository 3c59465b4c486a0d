"""Report periods in the Indonesian calendar, and their edges in WIB and WITA."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from loket.offices.roles import Role
from loket.offices.tests.factories import MembershipFactory, OfficeFactory, UserFactory
from loket.reports import periods
from loket.reports.periods import Period, preset_period

from .conftest import complaint

WIB = ZoneInfo("Asia/Pontianak")
WITA = ZoneInfo("Asia/Makassar")
# Saturday 1 August 2026, 00:30 WITA = Friday 31 July 2026, 23:30 WIB = 16:30 UTC.
EDGE = datetime(2026, 7, 31, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("preset", "today", "start", "end"),
    [
        (periods.THIS_MONTH, date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28)),
        (periods.LAST_MONTH, date(2026, 1, 1), date(2025, 12, 1), date(2025, 12, 31)),
        (periods.THIS_QUARTER, date(2026, 5, 31), date(2026, 4, 1), date(2026, 6, 30)),
        (periods.LAST_QUARTER, date(2026, 2, 10), date(2025, 10, 1), date(2025, 12, 31)),
        (periods.THIS_SEMESTER, date(2026, 7, 1), date(2026, 7, 1), date(2026, 12, 31)),
        (periods.LAST_SEMESTER, date(2026, 3, 3), date(2025, 7, 1), date(2025, 12, 31)),
        (periods.THIS_YEAR, date(2028, 2, 29), date(2028, 1, 1), date(2028, 12, 31)),
        (periods.LAST_YEAR, date(2026, 12, 31), date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_a_preset_names_whole_months_quarters_semesters_and_years(preset, today, start, end):
    assert preset_period(preset, today) == Period(start, end, preset)


def test_a_custom_range_is_not_a_preset():
    with pytest.raises(ValueError, match="not a preset"):
        preset_period(periods.CUSTOM, date(2026, 1, 1))


def test_labels_follow_the_indonesian_calendar():
    with translation.override("id"):
        assert preset_period(periods.LAST_MONTH, date(2026, 12, 1)).label == "November 2026"
        assert preset_period(periods.THIS_QUARTER, date(2026, 11, 5)).label == "Triwulan IV 2026"
        assert preset_period(periods.THIS_QUARTER, date(2026, 2, 5)).label == "Triwulan I 2026"
        assert preset_period(periods.THIS_SEMESTER, date(2026, 2, 5)).label == "Semester I 2026"
        assert preset_period(periods.THIS_YEAR, date(2026, 2, 5)).label == "2026"
        assert Period(date(2026, 11, 3), date(2026, 11, 9)).label == "3 Nov 2026 – 9 Nov 2026"
    with translation.override("en"):
        assert preset_period(periods.THIS_QUARTER, date(2026, 11, 5)).label == "Quarter IV 2026"


def test_a_month_starts_at_local_midnight():
    july = Period(date(2026, 7, 1), date(2026, 7, 31))
    assert july.bounds(WIB) == (
        datetime(2026, 6, 30, 17, 0, tzinfo=UTC),
        datetime(2026, 7, 31, 17, 0, tzinfo=UTC),
    )
    assert july.bounds(WITA) == (
        datetime(2026, 6, 30, 16, 0, tzinfo=UTC),
        datetime(2026, 7, 31, 16, 0, tzinfo=UTC),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "month"), [("Asia/Pontianak", "Juli"), ("Asia/Makassar", "Agustus")]
)
def test_this_month_on_the_page_is_the_office_month(client, zone, month):
    """At 16:30 UTC on 31 July it is still July in Pontianak (WIB) but already August in
    Makassar (WITA): the same complaint, received then, is this month's in both."""
    office = OfficeFactory(slug="kantor-zona", timezone=zone)
    head = UserFactory(username="kepala")
    MembershipFactory(user=head, office=office, role=Role.HEAD)
    complaint(office, received_at=EDGE)
    client.force_login(head)
    with time_machine.travel(EDGE, tick=False):
        page = client.get("/staf/kantor-zona/laporan/").content.decode()
    assert f"{month} 2026" in page
    assert "<div><dt>Diterima</dt><dd>1</dd></div>" in page
