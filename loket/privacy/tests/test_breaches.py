"""The breach register (UU 27/2022 Pasal 46): the 72-hour clock in clock hours from discovery,
notices to the authority and the subjects, the history, the pages scoped per office."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from loket.privacy import selectors, services
from loket.privacy.models import Breach, BreachNotice, PrivacyEvent

pytestmark = pytest.mark.django_db

# Friday 6 March 2026, 15:00 WIB (08:00 UTC): discovered before a weekend, which the clock
# does not skip: the deadline is Monday 9 March 15:00 WIB.
DISCOVERED = datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


@pytest.fixture
def breach(office_a, alice):
    return services.record_breach(
        office_a,
        title="Laptop petugas hilang",
        data_categories="Nama dan nomor telepon pengunjung",
        subjects_count=120,
        discovered_at=DISCOVERED,
        actor=alice,
        now=DISCOVERED + timedelta(minutes=30),
    )


def _notify(breach, alice, recipient, at):
    return services.record_notice(
        breach, recipient=recipient, sent_at=at, means="Surat nomor 12", actor=alice, now=at
    )


def test_the_notices_are_due_72_clock_hours_after_discovery_over_a_weekend(breach):
    assert breach.due_at == DEADLINE
    assert breach.missing_notices == ["authority", "subjects"]


def test_a_breach_is_on_time_at_the_72nd_hour_and_overdue_one_second_later(breach):
    breach = selectors.breach_of(breach.office, breach.pk)
    assert not breach.is_overdue(DEADLINE)
    assert breach.is_due_soon(DEADLINE)
    assert breach.is_overdue(DEADLINE + timedelta(seconds=1))
    assert not breach.is_due_soon(DEADLINE - timedelta(hours=18, seconds=1))
    assert breach.is_due_soon(DEADLINE - timedelta(hours=18))


def test_a_breach_with_both_notices_is_never_overdue(breach, alice):
    _notify(breach, alice, "authority", DISCOVERED + timedelta(hours=10))
    _notify(breach, alice, "subjects", DISCOVERED + timedelta(hours=20))
    breach = selectors.breach_of(breach.office, breach.pk)
    assert breach.missing_notices == []
    assert not breach.is_overdue(DEADLINE + timedelta(days=3))


def test_a_notice_after_the_72_hours_is_recorded_and_marked_late(breach, alice):
    late = _notify(breach, alice, "authority", DEADLINE + timedelta(minutes=1))
    on_time = _notify(breach, alice, "subjects", DEADLINE)
    assert late.is_late
    assert not on_time.is_late
    events = PrivacyEvent.objects.filter(breach=breach, action="breach_notified").order_by("id")
    assert [e.data["late"] for e in events] == [True, False]
    breach = selectors.breach_of(breach.office, breach.pk)
    assert breach.is_overdue(DEADLINE + timedelta(seconds=1)) is False


def test_a_notice_before_discovery_or_in_the_future_is_refused(breach, alice):
    with pytest.raises(services.PrivacyError) as before:
        _notify(breach, alice, "authority", DISCOVERED - timedelta(minutes=1))
    assert before.value.code == "before_discovery"
    with pytest.raises(services.PrivacyError) as future:
        services.record_notice(
            breach,
            recipient="subjects",
            sent_at=DISCOVERED + timedelta(hours=2),
            means="SMS",
            actor=alice,
            now=DISCOVERED + timedelta(hours=1),
        )
    assert future.value.code == "future"
    assert BreachNotice.objects.count() == 0


def test_a_later_discovery_time_moves_the_deadline_and_is_in_the_history(breach, alice):
    later = DISCOVERED + timedelta(hours=5)
    services.update_breach(breach, actor=alice, discovered_at=later, now=later)
    breach.refresh_from_db()
    assert breach.due_at == DEADLINE + timedelta(hours=5)
    event = PrivacyEvent.objects.get(breach=breach, action="breach_updated")
    assert event.data["fields"] == ["discovered_at"]
    assert event.data["old_due_at"] == DEADLINE.isoformat()


def test_closing_needs_a_reason_and_records_the_missing_notices(breach, alice):
    with pytest.raises(services.PrivacyError):
        services.close_breach(breach, note=" ", actor=alice, now=DEADLINE)
    _notify(breach, alice, "authority", DISCOVERED + timedelta(hours=1))
    services.close_breach(
        breach, note="Bukan kebocoran: laptop ditemukan", actor=alice, now=DEADLINE
    )
    breach = selectors.breach_of(breach.office, breach.pk)
    assert breach.status == Breach.Status.CLOSED
    assert not breach.is_overdue(DEADLINE + timedelta(days=1))
    closed = PrivacyEvent.objects.get(breach=breach, action="breach_closed")
    assert closed.data == {"missing_notices": ["subjects"]}
    with pytest.raises(services.PrivacyError) as again:
        _notify(breach, alice, "subjects", DEADLINE)
    assert again.value.code == "closed"


# --- pages ---------------------------------------------------------------------------------


def test_the_admin_records_a_breach_in_the_office_zone_and_sees_its_deadline(
    client, alice, office_a, time_machine
):
    time_machine.move_to(DISCOVERED + timedelta(hours=1), tick=False)
    client.force_login(alice)
    response = client.post(
        reverse("privacy:breach_new", args=["kantor-a"]),
        {
            "title": "Berkas terkirim ke alamat salah",
            "discovered_at": "2026-03-06T15:00",
            "data_categories": "Nama, NIK",
            "subjects_count": "3",
        },
    )
    breach = Breach.objects.get(office=office_a)
    assert response.status_code == 302
    assert breach.discovered_at == DISCOVERED
    assert breach.due_at == DEADLINE
    page = client.get(response["Location"]).content.decode()
    assert "9 Mar 2026 15.00 WIB" in page
    assert "Pemberitahuan kegagalan pelindungan data pribadi" in page
    assert "Notification of a personal data protection failure" in page


def test_the_list_marks_an_overdue_breach(client, alice, breach, time_machine):
    time_machine.move_to(DEADLINE + timedelta(seconds=1), tick=False)
    client.force_login(alice)
    page = client.get(reverse("privacy:breaches", args=["kantor-a"])).content.decode()
    assert "Laptop petugas hilang" in page
    assert "lewat batas waktu" in page
    time_machine.move_to(DEADLINE, tick=False)
    page = client.get(reverse("privacy:breaches", args=["kantor-a"])).content.decode()
    assert "lewat batas waktu" not in page
    assert "segera jatuh tempo" in page


def test_the_admin_records_a_notice_through_the_page(client, alice, breach, time_machine):
    time_machine.move_to(DISCOVERED + timedelta(hours=3), tick=False)
    client.force_login(alice)
    url = reverse("privacy:breach_notice", args=["kantor-a", breach.pk])
    refused = client.post(url, {"recipient": "authority", "sent_at": "2026-03-06T17:00"})
    assert refused.status_code == 400
    response = client.post(
        url, {"recipient": "authority", "sent_at": "2026-03-06T17:00", "means": "Surat 12"}
    )
    assert response.status_code == 302
    notice = BreachNotice.objects.get(breach=breach)
    assert notice.sent_at == DISCOVERED + timedelta(hours=2)


def test_the_register_exports_as_csv_with_times_in_the_office_zone(client, alice, breach):
    _notify(breach, alice, "subjects", DISCOVERED + timedelta(hours=4))
    client.force_login(alice)
    response = client.get(reverse("privacy:breaches_export", args=["kantor-a"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(rows) == 1
    assert rows[0]["due_at"] == "2026-03-09T15:00:00+07:00"
    assert rows[0]["subjects_notified_at"] == "2026-03-06T19:00:00+07:00"
    assert rows[0]["authority_notified_at"] == ""
    assert rows[0]["subjects_count"] == "120"


def test_the_head_reads_the_register_but_may_not_record(client, head, breach):
    client.force_login(head)
    assert client.get(reverse("privacy:breach", args=["kantor-a", breach.pk])).status_code == 200
    assert client.get(reverse("privacy:breach_new", args=["kantor-a"])).status_code == 403
    notice = client.post(
        reverse("privacy:breach_notice", args=["kantor-a", breach.pk]),
        {"recipient": "authority", "sent_at": "2026-03-06T17:00", "means": "Surat"},
    )
    assert notice.status_code == 403


def test_a_colleague_without_the_role_gets_403_on_every_breach_page(client, bob, breach):
    """bob, the receptionist, works in office A: he is told no (403), not that it is missing."""
    client.force_login(bob)
    pk = breach.pk
    for name, args in (
        ("privacy:breaches", ["kantor-a"]),
        ("privacy:breach", ["kantor-a", pk]),
        ("privacy:breach_new", ["kantor-a"]),
        ("privacy:breaches_export", ["kantor-a"]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name
    close = client.post(reverse("privacy:breach_close", args=["kantor-a", pk]), {"note": "x"})
    assert close.status_code == 403
    assert Breach.objects.get(pk=pk).is_open


def test_another_office_admin_gets_404_on_every_breach_page(client, carol, breach):
    client.force_login(carol)
    pk = breach.pk
    for name, args in (
        ("privacy:breaches", ["kantor-a"]),
        ("privacy:breach", ["kantor-a", pk]),
        ("privacy:breach_edit", ["kantor-a", pk]),
        ("privacy:breaches_export", ["kantor-a"]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    close = client.post(reverse("privacy:breach_close", args=["kantor-a", pk]), {"note": "x"})
    assert close.status_code == 404
    assert Breach.objects.get(pk=pk).is_open


def test_the_register_list_does_a_constant_number_of_queries(
    client, alice, office_a, breach, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(alice)
    url = reverse("privacy:breaches", args=["kantor-a"])
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(3):
        more = services.record_breach(
            office_a,
            title=f"Kejadian {n}",
            data_categories="Nama",
            discovered_at=DISCOVERED,
            actor=alice,
            now=DISCOVERED,
        )
        _notify(more, alice, "authority", DISCOVERED + timedelta(hours=1))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_notice_posted_to_a_closed_breach_is_refused_with_a_message(
    client, alice, breach, time_machine
):
    services.close_breach(breach, note="Ternyata bukan kebocoran", actor=alice, now=DEADLINE)
    time_machine.move_to(DEADLINE + timedelta(hours=1), tick=False)
    client.force_login(alice)
    response = client.post(
        reverse("privacy:breach_notice", args=["kantor-a", breach.pk]),
        {"recipient": "subjects", "sent_at": "2026-03-09T15:30", "means": "SMS"},
        follow=True,
    )
    assert "Catatan yang sudah ditutup tidak dapat diubah." in response.content.decode()
    assert not BreachNotice.objects.exists()
