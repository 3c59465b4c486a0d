"""The staff dashboard of an office: each role's counts of the office's today (WIB), each
linked to the list behind it where one exists, refreshed by htmx, in a fixed number of
queries; the staff home leads a user of one office straight to it."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from loket.complaints.models import Assignment, DraftAnswer, Event
from loket.offices.roles import Role
from loket.offices.tests.factories import DivisionFactory, MembershipFactory, UserFactory
from loket.reports import staff_views

from .conftest import NOW, complaint, normatif, ringan, utc, visit

pytestmark = pytest.mark.django_db

# NOW is Tuesday 1 December 2026, 10:00 WIB (03:00 UTC): the office's today runs from
# 30 November 17:00 UTC to 1 December 17:00 UTC.
TODAY = date(2026, 12, 1)
URL = "/staf/kantor-a/dasbor/"
COUNTS_URL = "/staf/kantor-a/dasbor/angka/"
QUEUE = "/staf/kantor-a/pengaduan/"


def dec(hour: int, day: int = 1) -> object:
    return utc(day, hour, month=12)


def user_with(office, role, username, **fields):
    user = UserFactory(username=username)
    MembershipFactory(user=user, office=office, role=role, **fields)
    return user


@pytest.fixture
def staff(office_a, consultant):
    return {
        "pejabat": user_with(office_a, Role.COMPLAINT_OFFICER, "pejabat"),
        "tari": user_with(office_a, Role.COMPLAINT_HANDLER, "tari"),
        "hana": user_with(office_a, Role.HEAD, "hana"),
        "dodi": consultant,
    }


@pytest.fixture
def work(office_a, office_b, service, staff):
    """Office A's open work at NOW, named by what it should count as."""
    o, tari = office_a, staff["tari"]
    made = {
        "unclassified": complaint(o, received_at=dec(1)),
        # Due later today (assigned to tari); due earlier today, so overdue as well.
        "due_later": complaint(
            o, status="in_progress", received_at=utc(30, 2), due_at=dec(8), **ringan()
        ),
        "due_earlier": complaint(
            o, status="in_progress", received_at=utc(30, 2), due_at=dec(2), **ringan()
        ),
        # Due at the edges of the office's today (WIB): 30 November 23:59 (yesterday, so
        # overdue only) and 2 December 00:00 (tomorrow).
        "due_yesterday": complaint(
            o,
            status="in_progress",
            received_at=utc(30, 2),
            due_at=utc(30, 16, minute=59),
            **ringan(),
        ),
        "due_tomorrow": complaint(
            o, status="in_progress", received_at=utc(30, 2), due_at=dec(17), **ringan()
        ),
        # Overdue since November, assigned to tari; the complainant wrote last.
        "overdue": complaint(
            o,
            status="in_progress",
            received_at=utc(2, 2),
            due_at=utc(25, 2),
            replied_at=utc(26, 2),
            **normatif(),
        ),
        # Paused (waiting for the complainant) with a due time today: neither due nor overdue.
        "waiting": complaint(
            o,
            status="waiting",
            received_at=utc(20, 2),
            due_at=dec(6),
            paused_at=utc(21, 2),
            **normatif(),
        ),
        # Answered this morning after its due time (late), awaiting the rating; the
        # complainant has replied to the answer since (a reply never reopens: issue 11 §5).
        "answered": complaint(
            o,
            status="answered",
            received_at=utc(29, 2),
            due_at=utc(30, 3),
            answered_at=dec(0),
            replied_at=dec(1),
            **ringan(),
        ),
        # Closed: answered this morning on time; counts only in the on-time share.
        "closed": complaint(
            o,
            status="closed",
            received_at=utc(30, 20),
            due_at=dec(5),
            answered_at=dec(1),
            **ringan(),
        ),
        # Another office's overdue complaint never counts.
        "elsewhere": complaint(
            office_b, status="in_progress", received_at=utc(2, 2), due_at=utc(3, 2), **ringan()
        ),
    }
    for key in ("due_later", "overdue"):
        Assignment.objects.create(complaint=made[key], user=tari, assigned_at=utc(24, 2))
    events = [
        ("due_later", Event.Action.REPLIED, utc(25, 2), None),
        ("due_later", Event.Action.ASSIGNED, utc(26, 2), tari),
        ("overdue", Event.Action.ASSIGNED, utc(24, 2), tari),
        ("overdue", Event.Action.REPLIED, utc(26, 2), None),
        ("overdue", Event.Action.DEADLINE_CHANGED, utc(26, 3), None),  # automatic: ignored
    ]
    for key, action, at, actor in events:
        Event.objects.create(complaint=made[key], action=action, at=at, actor=actor)
    for key, status in (("due_later", "pending"), ("overdue", "returned")):
        DraftAnswer.objects.create(
            complaint=made[key], text="Jawaban", status=status, author=tari, submitted_at=utc(27, 2)
        )
    return made


@pytest.fixture
def desk(office_a, service, staff):
    """Today's desk: one visitor at the front desk, two waiting for Bagian Satu (the
    consultant's) and one, who had booked, for Bagian Dua; bookings for today still expected,
    cancelled and not kept; a booking for tomorrow."""
    satu = office_a.divisions.get(slug="bagian-satu")
    dua = DivisionFactory(office=office_a, slug="bagian-dua", name="Bagian Dua", position=2)
    rows = [
        visit(office_a, service, status="checked_in", day=TODAY),
        visit(office_a, service, status="routed", day=TODAY, division=satu),
        visit(office_a, service, status="routed", day=TODAY, division=satu),
        visit(office_a, service, status="routed", day=TODAY, division=dua, booked=True),
        visit(office_a, service, status="booked", day=TODAY, booked=True),
        visit(office_a, service, status="cancelled", day=TODAY, booked=True),
        visit(office_a, service, status="no_show", day=TODAY, booked=True),
        visit(office_a, service, status="booked", day=date(2026, 12, 2), booked=True),
    ]
    return {"satu": satu, "dua": dua, "visits": rows}


def counts(response, name: str) -> dict[str, tuple[int, str]]:
    return {str(c["label"]): (c["value"], c["url"]) for c in response.context[name]}


def get(client, user, url=URL):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(url)


def test_the_head_sees_every_count_of_the_office_each_with_its_list(
    client, staff, work, desk, office_a
):
    response = get(client, staff["hana"])
    assert response.status_code == 200
    assert counts(response, "complaint_counts") == {
        "Belum diklasifikasi": (1, f"{QUEUE}?status=received"),
        # Classified and being handled: invisible on the dashboard before (screenshots review).
        "Sedang ditindaklanjuti": (5, f"{QUEUE}?status=in_progress"),
        "Batas waktu hari ini": (2, ""),  # the lists have no such filter: no link
        "Melewati batas waktu": (3, f"{QUEUE}?overdue=on"),
        "Menunggu kelengkapan dari pengadu": (1, f"{QUEUE}?status=waiting"),
        "Dijawab, menunggu penilaian pengadu": (1, f"{QUEUE}?status=answered"),
        # The reply on "overdue" and the one to the answer of "answered" (`replied_at`).
        "Tanggapan baru dari pengadu": (2, f"{QUEUE}?new_replies=on"),
        # tari's answer to "due_later" waits for approval; the returned one does not count.
        "Jawaban tim menunggu persetujuan": (1, "/staf/kantor-a/pengaduan/persetujuan/"),
    }
    assert counts(response, "desk_counts") == {
        "Menunggu di meja informasi": (1, "/staf/kantor-a/tamu/"),
        # The one expected, the one who came, the no-show; not the cancelled one.
        "Pemesanan kunjungan hari ini": (3, "/staf/kantor-a/tamu/"),
        "Tidak datang hari ini": (
            1,
            "/staf/kantor-a/konsultasi/statistik/?start=2026-12-01&end=2026-12-01",
        ),
    }
    assert counts(response, "division_counts") == {
        "Bagian Satu": (2, "/staf/kantor-a/konsultasi/bagian-satu/"),
        "Bagian Dua": (1, "/staf/kantor-a/konsultasi/bagian-dua/"),
    }
    on_time = response.context["board"].on_time
    # December so far: "closed" on time, "answered" late.
    assert (on_time.on_time, on_time.with_deadline) == (1, 2)
    page = response.content.decode()
    assert '<a href="/staf/kantor-a/laporan/?periode=bulan-ini">50,0%</a>' in page
    assert f'<a href="{QUEUE}?overdue=on">3</a>' in page
    assert "Selasa, 1 Desember 2026, pukul 10.00 (WIB)" in page  # the zone as people name it
    with time_machine.travel(NOW, tick=False):
        listed = client.get(f"{QUEUE}?status=in_progress").context["page"].total
    assert listed == 5  # the list behind the new count holds the same complaints


def test_the_lists_behind_the_links_hold_the_same_complaints(client, staff, work):
    client.force_login(staff["tari"])
    with time_machine.travel(NOW, tick=False):
        board = client.get(URL)
        for count in board.context["complaint_counts"]:
            if count["url"]:
                listed = client.get(count["url"]).context["page"].total
                assert listed == count["value"], count["label"]


def test_the_team_sees_what_it_handles_and_what_is_assigned_to_it(client, staff, work, desk):
    response = get(client, staff["tari"])
    assert counts(response, "complaint_counts") == {
        "Batas waktu hari ini": (2, ""),
        "Melewati batas waktu": (3, f"{QUEUE}?overdue=on"),
        "Ditugaskan kepada saya": (2, f"{QUEUE}?mine=on"),
        "Menunggu kelengkapan dari pengadu": (1, f"{QUEUE}?status=waiting"),
        "Tanggapan baru dari pengadu": (2, f"{QUEUE}?new_replies=on"),
    }
    assert response.context["desk_counts"] == []
    assert response.context["division_counts"] == []
    assert response.context["board"].on_time is None
    assert "Meja konsultasi" not in response.content.decode()


def test_the_officer_sees_the_intake_counts_and_the_on_time_share(client, staff, work, desk):
    response = get(client, staff["pejabat"])
    assert set(counts(response, "complaint_counts")) == {
        "Belum diklasifikasi",
        "Sedang ditindaklanjuti",
        "Batas waktu hari ini",
        "Melewati batas waktu",
        "Menunggu kelengkapan dari pengadu",
        "Dijawab, menunggu penilaian pengadu",
        "Tanggapan baru dari pengadu",
        "Jawaban tim menunggu persetujuan",
    }
    assert response.context["desk_counts"] == []
    page = response.content.decode()
    assert "50,0%" in page
    assert "/laporan/" not in page  # the report is the head's and the admin's


def test_the_front_desk_sees_today_s_visitors_without_the_division_queues(client, bob, work, desk):
    response = get(client, bob)
    assert response.context["complaint_counts"] == []
    assert response.context["board"].on_time is None
    assert counts(response, "desk_counts") == {
        "Menunggu di meja informasi": (1, "/staf/kantor-a/tamu/"),
        "Pemesanan kunjungan hari ini": (3, "/staf/kantor-a/tamu/"),
        "Tidak datang hari ini": (1, ""),  # the visits report is the head's and the admin's
    }
    assert counts(response, "division_counts") == {"Bagian Satu": (2, ""), "Bagian Dua": (1, "")}
    assert "Pengaduan" not in response.content.decode()


def test_the_office_admin_sees_the_desk_and_the_on_time_share(client, alice, work, desk):
    response = get(client, alice)
    assert response.context["complaint_counts"] == []
    assert set(counts(response, "desk_counts")) == {
        "Menunggu di meja informasi",
        "Pemesanan kunjungan hari ini",
        "Tidak datang hari ini",
    }
    assert counts(response, "division_counts")["Bagian Dua"] == (
        1,
        "/staf/kantor-a/konsultasi/bagian-dua/",
    )
    assert '<a href="/staf/kantor-a/laporan/?periode=bulan-ini">50,0%</a>' in (
        response.content.decode()
    )


def test_a_consultant_sees_only_their_own_division(client, staff, work, desk):
    response = get(client, staff["dodi"])
    assert response.context["complaint_counts"] == []
    assert response.context["desk_counts"] == []
    assert counts(response, "division_counts") == {
        "Bagian Satu": (2, "/staf/kantor-a/konsultasi/bagian-satu/")
    }
    assert response.context["board"].on_time is None
    assert "Bagian Dua" not in response.content.decode()


def test_a_zero_is_shown_without_a_link(client, staff, service):
    response = get(client, staff["hana"])
    assert counts(response, "complaint_counts")["Melewati batas waktu"] == (0, "")
    assert response.context["board"].on_time.with_deadline == 0
    # A sentence, not "– (0 / 0)" with a one-character link (the screenshots review).
    page = response.content.decode()
    assert "Belum ada pengaduan dengan batas waktu bulan ini." in page
    assert "(0 / 0)" not in page


def test_another_office_s_staff_get_404_and_a_role_without_counts_403(
    client, carol, bob, office_a, monkeypatch
):
    for url in (URL, COUNTS_URL):
        assert get(client, carol, url).status_code == 404
    assert get(client, bob).status_code == 200
    without_desk = staff_views.DASHBOARD_ROLES - {Role.RECEPTIONIST}
    monkeypatch.setattr(staff_views, "DASHBOARD_ROLES", without_desk)
    for url in (URL, COUNTS_URL):
        assert get(client, bob, url).status_code == 403


def test_the_counts_refresh_themselves_every_minute_and_work_without_javascript(
    client, staff, work
):
    page = get(client, staff["hana"]).content.decode()
    assert f'hx-get="{COUNTS_URL}" hx-trigger="every 60s"' in page
    assert f'<a href="{URL}">Muat ulang</a>' in page  # without JavaScript
    assert '<script src="/static/loket/htmx-2.0.4.min.js" defer></script>' in page
    fragment = get(client, staff["hana"], COUNTS_URL)
    assert fragment.status_code == 200
    assert "no-cache" in fragment["Cache-Control"]
    html = fragment.content.decode()
    assert "<html" not in html
    assert f'<a href="{QUEUE}?overdue=on">3</a>' in html


def test_the_dashboard_needs_a_sign_in(client, office_a):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/staf/masuk/")


# Session, user, office, roles, then: the head the complaint counts, the divisions, the desk
# and the month's finished complaints; the consultant and the desk the divisions and the desk;
# everyone the unread notifications badge of the staff header.
@pytest.mark.parametrize(("username", "queries"), [("hana", 9), ("dodi", 7), ("bob", 7)])
def test_the_dashboard_does_a_constant_number_of_queries(
    client, staff, bob, work, desk, office_a, service, django_assert_num_queries, username, queries
):
    users = {**staff, "bob": bob}
    client.force_login(users[username])
    satu = desk["satu"]
    for round_ in range(2):
        with time_machine.travel(NOW, tick=False), django_assert_num_queries(queries):
            response = client.get(URL)
        assert response.status_code == 200
        # More of everything: complaints, events, visits and divisions.
        for _ in range(3):
            made = complaint(
                office_a, status="in_progress", received_at=utc(2, 2), due_at=utc(3, 2)
            )
            Event.objects.create(complaint=made, action=Event.Action.REPLIED, at=utc(4, 2))
            visit(office_a, service, status="routed", day=TODAY, division=satu)
        DivisionFactory(office=office_a, slug=f"bagian-baru-{round_}", position=9)


# --- The staff home ------------------------------------------------------------------------


def test_a_user_of_one_office_lands_on_its_dashboard(client, alice):
    client.force_login(alice)
    response = client.get("/staf/")
    assert response.status_code == 302
    assert response["Location"] == URL


def test_signing_in_leads_a_user_of_one_office_to_its_dashboard(client, alice):
    response = client.post(
        "/staf/masuk/", {"username": "alice", "password": "sandi-uji-123"}, follow=True
    )
    assert response.redirect_chain[-1] == (URL, 302)
    assert response.status_code == 200


def test_a_user_of_several_offices_chooses_a_dashboard(client, alice, office_b):
    MembershipFactory(user=alice, office=office_b, role=Role.HEAD)
    client.force_login(alice)
    response = client.get("/staf/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="/staf/kantor-a/dasbor/">Dasbor Kantor A</a>' in page
    assert '<a href="/staf/kantor-b/dasbor/">Dasbor Kantor B</a>' in page


def test_the_staff_office_page_links_the_dashboard(client, bob):
    client.force_login(bob)
    page = client.get("/staf/kantor-a/").content.decode()
    assert f'<a href="{URL}">' in page
