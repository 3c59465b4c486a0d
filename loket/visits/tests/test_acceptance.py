"""Acceptance of issue 5 ("Done when"), on the demo office of the seed, through the pages with
the Django test client and a frozen clock:

- a visit goes through the seed's steps a-d with every step timestamped: kiosk guest book ->
  queue number K-001 -> the receptionist's checklist of the standard's three Persyaratan,
  identity check and information -> routed to Bagian Pelayanan Dasar -> the consultant calls,
  starts and ends with an outcome -> the visitor's summary link shows the outcome; every
  state change is an event row (who, when, from, to);
- the 15-minute promise is measured per visit (office time across the lunch break and the
  closing time) and per period (the head's page and the CSV export, checked against numbers
  computed here independently; the export carries no personal data);
- several receptionists and divisions at once: numbers never repeat within a day and restart
  the next; each division sees only its own queue.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from loket.offices.permissions import Role
from loket.offices.services import divisions_of
from loket.offices.tests.factories import MembershipFactory, UserFactory
from loket.site.demo import load_demo_office, load_demo_standard, load_demo_users
from loket.visits.models import Visit
from loket.visits.public_views.kiosk_pages import KIOSK_COOKIE

from .conftest import enrol

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Pontianak")
PERSYARATAN = ["Surat Tugas", "Dokumen / Berkas Pendukung", "Tanda Pengenal / Identitas"]


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db):
    """The seed's office with its published standard (Pelayanan Konsultasi) and demo staff,
    plus a second receptionist and a consultant of Bagian Pelayanan Non Dasar."""
    office = load_demo_office()
    office.standard = load_demo_standard(office)
    load_demo_users(office)
    users = get_user_model().objects
    office.receptionist = users.get(username="informasi")
    office.consultant = users.get(username="konsultan")  # Bagian Pelayanan Dasar
    office.head = users.get(username="kepala")
    office.dasar = divisions_of(office).get(slug="pelayanan-dasar")
    office.non_dasar = divisions_of(office).get(slug="pelayanan-non-dasar")
    office.receptionist2 = UserFactory(username="informasi2", first_name="Tono")
    MembershipFactory(user=office.receptionist2, office=office, role=Role.RECEPTIONIST)
    office.consultant2 = UserFactory(username="konsultan2", first_name="Lina")
    MembershipFactory(
        user=office.consultant2, office=office, role=Role.CONSULTANT, division=office.non_dasar
    )
    return office


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


GUEST = {
    "name": "Siti Aminah",
    "phone": "0812 3456 7890",
    "email": "siti@dinas.go.id",
    "institution": "Dinas Koperasi Kabupaten Sambas",
    "position": "Analis Kebijakan",
    "purpose": "Konsultasi program pemberdayaan UMKM",
}


def kiosk_guest_book(client, office, **overrides) -> Visit:
    """A walk-in at the reception kiosk (seed steps a-b): the guest book -> a ticket."""
    if KIOSK_COOKIE not in client.cookies:
        enrol(client, office)
    data = {**GUEST, "service": office.standard.service.pk, **overrides}
    response = client.post(f"/instansi/{office.slug}/kiosk/buku-tamu/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    visit = Visit.objects.get(name=data["name"], purpose=data["purpose"])
    ticket = client.get(response["Location"]).content.decode()
    assert visit.queue in ticket
    return visit


def desk_guest_book(client, office, name: str) -> Visit:
    """The receptionist fills in the guest book for a visitor at the desk."""
    data = {**GUEST, "name": name, "service": office.standard.service.pk}
    response = client.post(f"/staf/{office.slug}/tamu/baru/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Visit.objects.get(name=name)


def reception(client, office, visit, *, division=None, route=False):
    """Seed step c: the checklist, the identity check, the information; then routing."""
    data = {
        "requirements": PERSYARATAN,
        "identity_checked": "on",
        "id_number": "6171010101010001",  # the office has not turned on storing it
        "information_given": "Dijelaskan alur konsultasi dan dokumen yang perlu dibawa.",
        "division": division.pk if division else "",
        "action": "route" if route else "save",
    }
    response = client.post(f"/staf/{office.slug}/tamu/{visit.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    visit.refresh_from_db()
    return visit


# --- Steps a-d, each timestamped, each change an event -------------------------------------------


def test_a_visit_goes_through_the_seeds_steps_a_to_d(demo, time_machine):
    t0 = wib(2026, 6, 2, 9, 0)  # Tuesday 2 June 2026, a working day

    def at(minutes):
        moment = t0 + timedelta(minutes=minutes)
        time_machine.move_to(moment, tick=False)
        return moment

    # a-b: at the kiosk the visitor fills in the guest book and gets the day's first number.
    at(0)
    kiosk = Client()
    enrol(kiosk, demo)
    assert "buku-tamu" in kiosk.get(f"/instansi/{demo.slug}/kiosk/").content.decode()
    visit = kiosk_guest_book(kiosk, demo)
    assert visit.queue == "K-001"
    assert visit.status == "checked_in"
    assert visit.source == "kiosk"
    assert visit.checked_in_at == t0
    assert visit.queue_date == t0.date()

    # c: the receptionist sees the visitor in today's guest book, ticks the standard's three
    # Persyaratan, checks the identity card and gives information.
    at(4)
    desk = logged_in(demo.receptionist)
    book = desk.get(f"/staf/{demo.slug}/tamu/").content.decode()
    assert "K-001" in book
    assert "Siti Aminah" in book
    page = desk.get(f"/staf/{demo.slug}/tamu/{visit.pk}/").content.decode()
    for requirement in PERSYARATAN:
        assert requirement in page
    visit = reception(desk, demo, visit)
    assert visit.requirements_checked == PERSYARATAN
    assert visit.identity_checked
    assert visit.information_given.startswith("Dijelaskan alur")
    assert visit.id_number == ""

    # ... and routes the visitor to Bagian Pelayanan Dasar: the administration clock stops.
    at(8)
    visit = reception(desk, demo, visit, division=demo.dasar, route=True)
    assert visit.status == "routed"
    assert visit.division == demo.dasar
    assert visit.routed_at == t0 + timedelta(minutes=8)
    assert visit.admin_seconds == 8 * 60
    assert visit.admin_limit_seconds == 15 * 60

    # d: the consultant of the division sees the queue, calls the next visitor, starts, ends.
    at(15)
    consultant = logged_in(demo.consultant)
    queue = consultant.get(f"/staf/{demo.slug}/konsultasi/pelayanan-dasar/").content.decode()
    assert "K-001" in queue
    called = consultant.post(f"/staf/{demo.slug}/konsultasi/pelayanan-dasar/panggil/")
    assert called["Location"] == f"/staf/{demo.slug}/konsultasi/kunjungan/{visit.pk}/"
    display = Client().get(f"/instansi/{demo.slug}/kunjungan/layar/daftar/").content.decode()
    assert "K-001" in display
    assert "Bagian Pelayanan Dasar" in display
    at(16)
    action = f"/staf/{demo.slug}/konsultasi/kunjungan/{visit.pk}"
    assert consultant.post(f"{action}/mulai/").status_code == 302
    at(46)
    ended = consultant.post(
        f"{action}/selesai/",
        {
            "outcome_summary": "Skema KUR untuk koperasi dijelaskan; formulir diserahkan.",
            "internal_notes": "Perlu koordinasi dengan OJK (internal).",
            "follow_up_needed": "on",
        },
    )
    assert ended.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "done"
    assert (visit.called_at, visit.started_at, visit.ended_at) == (at(15), at(16), at(46))
    consultation = visit.consultations.get()
    assert consultation.consultant == demo.consultant
    assert consultation.follow_up_needed

    # The visitor's own link (no account) shows the outcome, never the internal notes.
    summary = Client().get(f"/kunjungan/{visit.token}/").content.decode()
    assert "Skema KUR untuk koperasi dijelaskan" in summary
    assert "OJK" not in summary

    # Every state change is an event row: who, when, from, to.
    events = [
        (e.action, e.actor, e.at, e.from_status, e.to_status, e.division)
        for e in visit.events.order_by("at", "id")
    ]
    assert events == [
        ("checked_in", None, at(0), "", "checked_in", None),
        ("reception", demo.receptionist, at(4), "checked_in", "checked_in", None),
        # Routing saves the checklist form once more, then routes.
        ("reception", demo.receptionist, at(8), "checked_in", "checked_in", None),
        ("routed", demo.receptionist, at(8), "checked_in", "routed", demo.dasar),
        ("called", demo.consultant, at(15), "routed", "called", demo.dasar),
        ("started", demo.consultant, at(16), "called", "in_consultation", demo.dasar),
        ("ended", demo.consultant, at(46), "in_consultation", "done", demo.dasar),
    ]
    staff_page = consultant.get(f"{action}/").content.decode()
    assert "Perlu koordinasi dengan OJK" in staff_page
    assert not any("6171" in number for number in Visit.objects.values_list("id_number", flat=True))

    # The head's numbers for the day: administration 8, waiting 7, consultation 30 minutes.
    report = logged_in(demo.head).get(f"/staf/{demo.slug}/konsultasi/statistik/").context["report"]
    total = report.total
    assert (total.visits, total.done, total.within) == (1, 1, 1)
    assert (total.admin.median, total.waiting.median, total.consultation.median) == (8, 7, 30)
    assert [(g.label, g.visits) for g in report.divisions] == [("Bagian Pelayanan Dasar", 1)]


def test_an_early_arrival_counts_from_opening_time(demo, time_machine):
    """The kiosk takes visitors from 30 minutes before opening; the administration clock
    counts office time only, so it starts at 07:30."""
    time_machine.move_to(wib(2026, 6, 2, 7, 10), tick=False)
    visit = kiosk_guest_book(Client(), demo)
    assert visit.queue == "K-001"
    assert visit.checked_in_at == wib(2026, 6, 2, 7, 10)
    time_machine.move_to(wib(2026, 6, 2, 7, 35), tick=False)
    visit = reception(logged_in(demo.receptionist), demo, visit, division=demo.dasar, route=True)
    assert visit.admin_seconds == 5 * 60


# --- The 15-minute promise, per visit and per period --------------------------------------------


def percentile(values, p):
    """Linear interpolation between closest ranks (spreadsheet PERCENTILE.INC)."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def test_the_fifteen_minute_promise_per_visit_and_per_period(demo, time_machine):
    def walk_in(checked_in: datetime, routed: datetime, name: str) -> Visit:
        time_machine.move_to(checked_in, tick=False)
        visit = kiosk_guest_book(Client(), demo, name=name)
        time_machine.move_to(routed, tick=False)
        return reception(logged_in(demo.receptionist), demo, visit, division=demo.dasar, route=True)

    # Across the lunch break: 11:55-12:00 and 13:00-13:05 are 10 minutes of office time.
    lunch = walk_in(wib(2026, 6, 2, 11, 55), wib(2026, 6, 2, 13, 5), "Andi Lunch")
    assert lunch.admin_seconds == 10 * 60
    # Across the closing time: 15:52-16:00 and, next morning, 07:30-07:36 are 14 minutes.
    closing = walk_in(wib(2026, 6, 2, 15, 52), wib(2026, 6, 3, 7, 36), "Bela Closing")
    assert closing.admin_seconds == 14 * 60
    assert closing.queue_date.isoformat() == "2026-06-02"
    # Two more on Tuesday (20 minutes: over the standard; 3 minutes), one on Wednesday (5).
    walk_in(wib(2026, 6, 2, 9, 0), wib(2026, 6, 2, 9, 20), "Cici Slow")
    walk_in(wib(2026, 6, 2, 10, 0), wib(2026, 6, 2, 10, 3), "Dedi Quick")
    walk_in(wib(2026, 6, 3, 8, 0), wib(2026, 6, 3, 8, 5), "Eko Wednesday")
    assert sorted(Visit.objects.values_list("admin_seconds", flat=True)) == [
        m * 60 for m in (3, 5, 10, 14, 20)
    ]

    # Computed here from the per-visit minutes, against the standard's 15 minutes.
    minutes = [10, 14, 20, 3, 5]
    median, p90 = percentile(minutes, 50), percentile(minutes, 90)
    within = sum(m <= 15 for m in minutes)
    assert (median, round(p90, 1), within) == (10, 17.6, 4)

    time_machine.move_to(wib(2026, 6, 3, 15, 0), tick=False)
    head = logged_in(demo.head)
    period = {"start": "2026-06-02", "end": "2026-06-03"}
    response = head.get(f"/staf/{demo.slug}/konsultasi/statistik/", period)
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    for number in (median, p90):
        shown = f"{number:.1f}"
        assert shown in page or shown.replace(".", ",") in page, shown
    share = f"{round(100 * within / len(minutes))}% ({within}/{len(minutes)})"
    assert share in page  # 80% (4/5)
    report = response.context["report"]
    assert report.total.admin.median == pytest.approx(median)
    assert report.total.admin.p90 == pytest.approx(p90)
    assert report.total.within_share == pytest.approx(within / len(minutes))
    assert [(d.label, d.visits) for d in report.days] == [("2026-06-02", 4), ("2026-06-03", 1)]

    # The CSV export: the same numbers, one row per visit, no personal data.
    response = head.get(f"/staf/{demo.slug}/konsultasi/statistik.csv", period)
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5
    exported = [float(row["waktu_administrasi_menit"]) for row in rows]
    assert sorted(exported) == sorted(minutes)
    assert percentile(exported, 50) == median
    assert percentile(exported, 90) == pytest.approx(p90)
    assert sum(row["sesuai_standar"] == "ya" for row in rows) == within
    assert {row["batas_administrasi_menit"] for row in rows} == {"15.0"}
    lunch_row = next(row for row in rows if row["check_in"].endswith("11:55:00"))
    assert lunch_row["diarahkan"] == "2026-06-02 13:05:00"
    assert lunch_row["waktu_administrasi_menit"] == "10.0"
    for personal in ("Andi", "Bela", "Cici", "Dedi", "Eko", "Siti", "0812", "siti@", "Sambas"):
        assert personal not in text, personal
    assert "UMKM" not in text  # not even the purpose


# --- Several receptionists and divisions at once -------------------------------------------------


def test_two_receptionists_and_two_divisions_at_once(demo, time_machine):
    t0 = wib(2026, 6, 2, 8, 0)
    time_machine.move_to(t0, tick=False)
    rina, tono = logged_in(demo.receptionist), logged_in(demo.receptionist2)
    visits = []
    for i in range(6):  # alternately, one minute apart, at the desk and (once) at the kiosk
        time_machine.move_to(t0 + timedelta(minutes=i), tick=False)
        if i == 3:
            visits.append(kiosk_guest_book(Client(), demo, name=f"Tamu {i}"))
        else:
            visits.append(desk_guest_book(rina if i % 2 == 0 else tono, demo, f"Tamu {i}"))
    numbers = [v.queue for v in visits]
    assert numbers == [f"K-00{n}" for n in range(1, 7)]
    assert len(set(numbers)) == 6
    assert [v.events.get(action="checked_in").actor for v in visits] == [
        demo.receptionist,
        demo.receptionist2,
        demo.receptionist,
        None,
        demo.receptionist,
        demo.receptionist2,
    ]

    # Each receptionist routes visitors to both divisions.
    time_machine.move_to(t0 + timedelta(minutes=10), tick=False)
    for i, visit in enumerate(visits):
        division = demo.dasar if i % 2 == 0 else demo.non_dasar
        reception(rina if i < 3 else tono, demo, visit, division=division, route=True)
    dasar = {v.queue for v in visits[0::2]}  # K-001, K-003, K-005
    non_dasar = {v.queue for v in visits[1::2]}  # K-002, K-004, K-006

    # Each division's consultant sees only their own queue; another's answers 404.
    budi, lina = logged_in(demo.consultant), logged_in(demo.consultant2)
    base = f"/staf/{demo.slug}/konsultasi"
    own = budi.get(f"{base}/pelayanan-dasar/").content.decode()
    assert all(q in own for q in dasar)
    assert not any(q in own for q in non_dasar)
    own = lina.get(f"{base}/pelayanan-non-dasar/").content.decode()
    assert all(q in own for q in non_dasar)
    assert not any(q in own for q in dasar)
    assert budi.get(f"{base}/pelayanan-non-dasar/").status_code == 404
    assert lina.get(f"{base}/pelayanan-dasar/").status_code == 404
    assert lina.post(f"{base}/pelayanan-dasar/panggil/").status_code == 404
    # A visit of the other division is not theirs either.
    assert lina.get(f"{base}/kunjungan/{visits[0].pk}/").status_code == 404

    # Both call at once: each gets the longest-waiting visitor of their own division.
    time_machine.move_to(t0 + timedelta(minutes=12), tick=False)
    budi.post(f"{base}/pelayanan-dasar/panggil/")
    lina.post(f"{base}/pelayanan-non-dasar/panggil/")
    called = {v.queue: v.division.slug for v in Visit.objects.filter(status="called")}
    assert called == {"K-001": "pelayanan-dasar", "K-002": "pelayanan-non-dasar"}
    display = Client().get(f"/instansi/{demo.slug}/kunjungan/layar/daftar/").content.decode()
    assert "K-001" in display
    assert "K-002" in display

    # The next working day the numbers start again at K-001; yesterday's stay as they were.
    time_machine.move_to(wib(2026, 6, 3, 8, 0), tick=False)
    first = desk_guest_book(logged_in(demo.receptionist2), demo, "Tamu besok")
    second = kiosk_guest_book(Client(), demo, name="Tamu besok 2")
    assert (first.queue, second.queue) == ("K-001", "K-002")
    assert first.queue_date.isoformat() == "2026-06-03"
    per_day = Visit.objects.values_list("queue_date", "queue_number")
    assert len(per_day) == len(set(per_day)) == 8


# --- A visitor carried across the closing time ---------------------------------------------
# Checked in before closing and still waiting the next morning: the receptionist's guest book
# and the waiting-room screen must still show them (the administration clock runs on).


def test_the_next_mornings_guest_book_lists_the_visitor_still_waiting(demo, time_machine):
    time_machine.move_to(wib(2026, 6, 2, 15, 52), tick=False)
    visit = kiosk_guest_book(Client(), demo, name="Bela Menunggu")
    time_machine.move_to(wib(2026, 6, 3, 7, 36), tick=False)
    desk = logged_in(demo.receptionist)
    book = desk.get(f"/staf/{demo.slug}/tamu/").content.decode()
    assert visit.queue in book
    assert "Bela Menunggu" in book
    visit = reception(desk, demo, visit, division=demo.dasar, route=True)
    assert visit.admin_seconds == 14 * 60


def test_the_display_shows_the_call_of_a_visitor_carried_over_from_yesterday(demo, time_machine):
    time_machine.move_to(wib(2026, 6, 2, 15, 52), tick=False)
    visit = kiosk_guest_book(Client(), demo, name="Bela Menunggu")
    time_machine.move_to(wib(2026, 6, 3, 7, 36), tick=False)
    reception(logged_in(demo.receptionist), demo, visit, division=demo.dasar, route=True)
    time_machine.move_to(wib(2026, 6, 3, 7, 40), tick=False)
    consultant = logged_in(demo.consultant)
    consultant.post(f"/staf/{demo.slug}/konsultasi/pelayanan-dasar/panggil/")
    visit.refresh_from_db()
    assert visit.status == "called"  # the division's queue does find the visitor
    display = Client().get(f"/instansi/{demo.slug}/kunjungan/layar/daftar/").content.decode()
    assert visit.queue in display
    assert "Bagian Pelayanan Dasar" in display
