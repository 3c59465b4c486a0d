"""Every page of an office shows its times in the office's zone. Found by a tester: a WITA
office's dashboard said "pukul 17.49 (WITA)" at 18.49 WITA, and its staff list gave the last
sign-in in WIB, while its complaint pages (which set the zone themselves) were right. The
zone is now switched where every office page finds its office, and reset after each
request."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone

from loket.offices.roles import Role
from loket.offices.tests.factories import MembershipFactory, OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 10, 49, tzinfo=UTC)  # 17.49 WIB, 18.49 WITA, 19.49 WIT


@time_machine.travel(NOW, tick=False)
def test_a_wita_offices_staff_pages_show_wita_and_the_next_request_is_back_to_default(client):
    office = OfficeFactory(slug="dinas-kesehatan", timezone="Asia/Makassar")
    admin = UserFactory(username="adminkes")
    MembershipFactory(user=admin, office=office, role=Role.OFFICE_ADMIN)
    MembershipFactory(user=admin, office=office, role=Role.HEAD)
    client.force_login(admin)  # sets last_login to now: put it back six minutes
    admin.last_login = datetime(2026, 12, 1, 10, 43, tzinfo=UTC)
    admin.save(update_fields=["last_login"])

    dashboard = client.get("/staf/dinas-kesehatan/dasbor/").content.decode()
    assert "pukul 18.49 (WITA)" in dashboard
    staff = client.get("/staf/dinas-kesehatan/akun-staf/").content.decode()
    assert "18.43" in staff
    assert "17.43" not in staff
    assert timezone.get_current_timezone_name() == "Asia/Pontianak"  # reset after the request
