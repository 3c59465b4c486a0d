"""Issue 17: a complaint that came from SP4N-LAPOR! shows LAPOR!'s own stages as deadlines on
its page: verification within 3 working days of receipt, then follow-up within 5 working days
(Perpres 76/2013, PermenPANRB 62/2018), on the office's calendar; the same rule as the office
report's stage figures (`complaints.lapor`)."""

import re

import pytest
import time_machine

from loket.complaints import selectors, services

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


def _stages(page: str) -> list[str]:
    found = re.findall(r"<dt>([^<]*SP4N-LAPOR![^<]*)</dt><dd>(.*?)</dd>", page)
    return [f"{dt}: {re.sub(r'<[^>]+>', '', dd)}" for dt, dd in found]


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_lapor_complaint_shows_its_stages_and_a_web_one_does_not(
    client, make_complaint, officer, time_machine
):
    lapor = make_complaint(channel="lapor")  # received Monday 2 March 2026 09:00 WIB
    web = make_complaint()
    client.force_login(officer)
    page = client.get(lapor.get_staff_url()).content.decode()
    assert _stages(page) == [
        "Verifikasi SP4N-LAPOR! (3 hari kerja): paling lambat 5 Maret 2026 16.00 WIB berjalan"
    ]
    assert _stages(client.get(web.get_staff_url()).content.decode()) == []
    time_machine.move_to("2026-03-06T02:00:00Z")  # Friday 09:00 WIB: past Thursday's closing
    services.classify(lapor, actor=officer, class_code="normatif")
    client.force_login(officer)  # four days later: a new session
    page = client.get(lapor.get_staff_url()).content.decode()
    assert _stages(page) == [
        "Verifikasi SP4N-LAPOR! (3 hari kerja): paling lambat 5 Maret 2026 16.00 WIB terlambat",
        # 5 working days from Friday: Mon 9 ... Fri 13 March, at its closing time (16.30).
        "Tindak lanjut SP4N-LAPOR! (5 hari kerja): paling lambat 13 Maret 2026 16.30 WIB berjalan",
    ]
    stages = selectors.lapor_timeline(lapor, MONDAY_0900)
    assert [s.key for s in stages] == ["verification", "follow_up"]
