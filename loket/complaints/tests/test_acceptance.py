"""Acceptance of issue 6 ("Done when"), on the demo office of the seed, through the pages and
the public API with the Django test client:

- a complaint from each of the seven published channels (officer's intake) plus the citizen
  web form is received, classified into each of the four classes in turn with the deadline
  RULES.md gives (computed here independently, and cross-checked with `manage.py deadline`),
  assigned, noted internally, answered, seen and rated by the complainant with the tracking
  code alone, and closed, with its whole history; "not satisfied" reopens it;
- a request for completion stops the clock: the deadline moves by exactly the paused time;
- a mail server that is down loses nothing: the outbox delivers once it is back;
- the public API by code shows the same status and deadline (ISO-8601, +07:00) and never
  the complainant's identity.
"""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from loket.complaints.models import Complaint, Event, Rating, Status
from loket.notify.models import OutboxMessage
from loket.site.demo import load_demo_office, load_demo_standard, load_demo_users

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Pontianak")


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


# --- The rule, computed independently of loket.workdays (RULES.md sections 1 and 2) ----------

# RULES.md section 2, "2026 for reference": libur nasional and cuti bersama.
HOLIDAYS_2026 = {
    date(2026, m, d)
    for m, d in [
        (1, 1), (1, 16), (2, 17), (3, 19), (3, 21), (3, 22), (4, 3), (4, 5), (5, 1), (5, 14),
        (5, 27), (5, 31), (6, 1), (6, 16), (8, 17), (8, 25), (12, 25),
        (2, 16), (3, 18), (3, 20), (3, 23), (3, 24), (5, 15), (5, 28), (12, 24),
    ]
}  # fmt: skip
# Perpres 21/2023, the common schedule: Mon-Thu 07:30-16:00 with a 60-minute break,
# Fri 07:30-16:30 with a 90-minute break.
MON_THU = ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0)))
FRIDAY = ((time(7, 30), time(11, 30)), (time(13, 0), time(16, 30)))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS_2026


def intervals(day: date) -> list[tuple[datetime, datetime]]:
    if not is_working_day(day):
        return []
    hours = FRIDAY if day.weekday() == 4 else MON_THU
    return [(datetime.combine(day, a, WIB), datetime.combine(day, b, WIB)) for a, b in hours]


def expected_working_days(received: datetime, days: int) -> datetime:
    """Closing time of the Nth working day after the day of receipt."""
    day, counted = received.astimezone(WIB).date(), 0
    while counted < days:
        day += timedelta(days=1)
        counted += is_working_day(day)
    return intervals(day)[-1][1]


def expected_office_hours(start: datetime, duration: timedelta) -> datetime:
    """The first instant at which `duration` of office time has run from `start`."""
    start, left, day = start.astimezone(WIB), duration, start.astimezone(WIB).date()
    while True:
        for begin, end in intervals(day):
            begin = max(begin, start)
            if begin >= end:
                continue
            if left <= end - begin:
                return begin + left
            left -= end - begin
        day += timedelta(days=1)


def office_time_between(start: datetime, end: datetime) -> timedelta:
    total, day = timedelta(0), start.astimezone(WIB).date()
    while day <= end.astimezone(WIB).date():
        for begin, finish in intervals(day):
            lo, hi = max(begin, start), min(finish, end)
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return total


def expected_due(received: datetime, class_code: str) -> datetime:
    """The seed's classes: ringan 3 hours; the others 5, 14 and 60 working days."""
    if class_code == "ringan":
        return expected_office_hours(received, timedelta(hours=3))
    days = {"normatif": 5, "tidak_berkadar_pengawasan": 14, "berkadar_pengawasan": 60}
    return expected_working_days(received, days[class_code])


def test_the_independent_rule_itself():
    tuesday = wib(2026, 6, 2, 9, 0)
    assert expected_due(tuesday, "ringan") == wib(2026, 6, 2, 12, 0)
    assert expected_due(wib(2026, 6, 2, 10, 30), "ringan") == wib(2026, 6, 2, 14, 30)
    assert expected_due(wib(2026, 6, 2, 13, 20), "ringan") == wib(2026, 6, 3, 7, 50)
    assert expected_due(tuesday, "normatif") == wib(2026, 6, 9, 16, 0)
    # 16 June is a holiday: 14 working days end on Tuesday 23 June.
    assert expected_due(tuesday, "tidak_berkadar_pengawasan") == wib(2026, 6, 23, 16, 0)


# --- The demo office and its people ------------------------------------------------------------


@pytest.fixture
def demo(db):
    office = load_demo_office()
    load_demo_standard(office)
    load_demo_users(office)
    users = get_user_model().objects
    office.officer = users.get(username="pejabat")  # Pejabat Pengelola Pengaduan
    office.team = users.get(username="tim")  # Tim Pengelola Pengaduan
    office.head = users.get(username="kepala")
    return office


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def staff_act(client, complaint, action, data):
    url = reverse("complaints:staff_act", args=[complaint.office.slug, complaint.reference, action])
    response = client.post(url, data)
    # Done and back to the complaint (not a login redirect, not a refused form).
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == complaint.get_staff_url(), response["Location"]
    return response


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_get(code: str) -> dict:
    response = Client().get(f"/api/v1/complaints/{code}/")
    assert response.status_code == 200, response.content
    return response.json()


# The seven channels the seed publishes, with the details the officer records for each.
CHANNELS = [
    ("face_to_face", {}),
    ("box", {"box_opened_on": "2026-06-02"}),
    ("whatsapp", {"phone_number": "081649112053"}),
    ("phone", {"phone_number": "0561736541", "call_time": "{at}"}),
    ("fax", {"phone_number": "0561730062"}),
    ("email", {"sender_email": "warga@contoh.id"}),
    ("lapor", {"lapor_id": "LAP-2026-0602-001"}),
]
CLASSES = ["ringan", "normatif", "tidak_berkadar_pengawasan", "berkadar_pengawasan"]
# Receipt times on Tuesday 2 June 2026 (a working day): the two ringan complaints cross the
# lunch break (10:30) and the closing time (13:20).
RECEIVED = ["10:30", "07:45", "09:00", "11:15", "13:20", "14:50", "15:40", "09:00"]


def intake(client, office, channel, details, at: datetime, name: str):
    stamp = at.strftime("%Y-%m-%dT%H:%M")
    data = {
        "channel": channel,
        "received_at": stamp,
        "title": f"Pelayanan lambat ({channel})",
        "description": "Saya menunggu dua jam tanpa kejelasan.",
        "name": name,
        "phone": "081234567890",
        "email": f"{channel}@warga.id",
        **{key: value.format(at=stamp) for key, value in details.items()},
    }
    response = client.post(reverse("complaints:staff_intake", args=[office.slug]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    complaint = Complaint.objects.filter(channel=channel).latest("id")
    # The code to read out or print, shown to the officer once, right after the intake.
    complaint.tracking_code = shown_code(client.get(response["Location"]).content.decode())
    return complaint


def web_form(client, office, name: str) -> Complaint:
    base = f"/instansi/{office.slug}/pengaduan/"
    assert client.get(base).status_code == 200
    what = {
        "title": "Petugas informasi tidak ada",
        "description": "Saya menunggu satu jam di meja informasi.",
        "incident_date": "2026-06-01",
        "incident_place": "Lobi kantor",
        "service": "",
    }
    assert client.post(f"{base}kejadian/", what).status_code == 302
    assert client.post(f"{base}bukti/", {"action": "continue"}).status_code == 302
    who = {"identity": "identified", "name": name, "email": "warga@contoh.id", "phone": ""}
    assert client.post(f"{base}identitas/", who)["Location"] == f"{base}periksa/"
    response = client.post(f"{base}periksa/")
    assert response["Location"] == f"{base}terkirim/"
    complaint = Complaint.objects.get(channel="web")
    complaint.tracking_code = shown_code(client.get(f"{base}terkirim/").content.decode())
    return complaint


def shown_code(page: str) -> str:
    """The one tracking code a page shows (the confirmation, the officer's receipt page)."""
    found = set(re.findall(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b", page))
    assert len(found) == 1, found
    return found.pop()


# --- Every channel: received -> classified -> handled -> answered -> rated -> closed ---------


@pytest.mark.parametrize("index", range(8), ids=[name for name, _ in CHANNELS] + ["web"])
def test_a_complaint_from_each_channel_goes_from_receipt_to_closure(demo, index, time_machine):
    channel, details = CHANNELS[index] if index < 7 else ("web", {})
    class_code = CLASSES[index % 4]
    hour, minute = map(int, RECEIVED[index].split(":"))
    received = wib(2026, 6, 2, hour, minute)
    time_machine.move_to(received, tick=False)
    staff, citizen = Client(), Client()
    name = f"Warga Kanal {channel.title()}"

    # Received: by the officer on the complainant's behalf, or by the citizen on the web.
    if channel == "web":
        complaint = web_form(citizen, demo, name)
        receiver = None
    else:
        staff.force_login(demo.officer)
        complaint = intake(staff, demo, channel, details, received, name)
        receiver = demo.officer
    assert complaint.received_at == received
    assert complaint.status == Status.RECEIVED
    code = complaint.tracking_code

    # Verified and classified by the Pejabat Pengelola Pengaduan: the deadline of the class.
    time_machine.move_to(received + timedelta(minutes=5), tick=False)
    staff.force_login(demo.officer)
    assert staff_act(staff, complaint, "klasifikasi", {"class_code": class_code}).status_code == 302
    complaint.refresh_from_db()
    due = expected_due(received, class_code)
    assert complaint.status == Status.IN_PROGRESS
    assert complaint.due_at == due, (class_code, complaint.due_at.astimezone(WIB), due)
    public = api_get(code)
    assert public["status"] == "in_progress"
    assert public["due_at"] == due.isoformat()
    assert public["due_at"].endswith("+07:00")
    assert f'datetime="{due.isoformat()}"' in citizen.get(f"/pengaduan/{code}/").content.decode()

    # Assigned to the team member, who writes an internal note and the public answer.
    time_machine.move_to(received + timedelta(minutes=10), tick=False)
    team = [str(demo.team.pk)]
    assert staff_act(staff, complaint, "tugaskan", {"users": team}).status_code == 302
    time_machine.move_to(received + timedelta(minutes=15), tick=False)
    staff = logged_in(demo.team)  # a fresh session: no flash message names the code
    queue = staff.get(f"/staf/{demo.slug}/pengaduan/", {"mine": "on"}).content.decode()
    assert complaint.reference in queue
    assert code not in queue
    note = f"Catatan internal: cek CCTV lobi {index}"
    assert staff_act(staff, complaint, "catatan", {"note-message": note}).status_code == 302
    time_machine.move_to(received + timedelta(minutes=30), tick=False)
    answer = f"Petugas sudah ditegur dan jadwal piket diperbaiki ({channel})."
    assert staff_act(staff, complaint, "jawab", {"text": answer}).status_code == 302

    # The complainant, with the tracking code alone, sees the answer but never the note.
    page = citizen.get(f"/pengaduan/{code}/").content.decode()
    assert answer in page
    assert "Dijawab" in page
    assert note not in page
    assert "CCTV" not in page
    assert name not in page
    assert api_get(code)["answers"][0]["text"] == answer
    assert "CCTV" not in json.dumps(api_get(code))

    # ... rates it 1-5: the complaint is closed.
    time_machine.move_to(received + timedelta(minutes=40), tick=False)
    score = index % 5 + 1
    rated = citizen.post(f"/pengaduan/{code}/nilai/", {"score": score, "comment": "Terima kasih"})
    assert rated.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert not complaint.is_open
    assert Rating.objects.get(complaint=complaint).score == score
    assert api_get(code)["status"] == "closed"
    assert "Selesai" in citizen.get(f"/pengaduan/{code}/").content.decode()

    # The whole history, in order, with who did what and when.
    history = [
        (e.action, e.actor, e.at, e.from_status, e.to_status)
        for e in complaint.events.order_by("at", "id")
    ]
    minutes = lambda m: received + timedelta(minutes=m)  # noqa: E731
    assert history == [
        ("received", receiver, received, "", "received"),
        ("classified", demo.officer, minutes(5), "received", "in_progress"),
        ("assigned", demo.officer, minutes(10), "in_progress", "in_progress"),
        ("note", demo.team, minutes(15), "in_progress", "in_progress"),
        ("answered", demo.team, minutes(30), "in_progress", "answered"),
        ("rated", None, minutes(40), "answered", "closed"),
        ("closed", None, minutes(40), "answered", "closed"),
    ]
    assert not complaint.events.get(action=Event.Action.NOTE).is_public
    detail = logged_in(demo.head).get(complaint.get_staff_url()).content.decode()
    assert note in detail
    assert answer in detail
    public_kinds = [e["action"] for e in api_get(code)["timeline"]]
    assert public_kinds == ["received", "classified", "answered", "rated", "closed"]


def test_due_times_agree_with_manage_py_deadline(demo):
    def deadline(**options) -> str:
        out = StringIO()
        call_command("deadline", office=demo.slug, stdout=out, **options)
        return out.getvalue().strip()

    ringan = deadline(received="2026-06-02T10:30", hours="3")
    assert ringan == expected_due(wib(2026, 6, 2, 10, 30), "ringan").isoformat()
    assert ringan == "2026-06-02T14:30:00+07:00"
    normatif = deadline(received="2026-06-02T07:45", days="5")
    assert normatif == expected_due(wib(2026, 6, 2, 7, 45), "normatif").isoformat()
    assert normatif == "2026-06-09T16:00:00+07:00"
    friday = deadline(received="2026-06-05T11:00", hours="3")
    assert friday == expected_due(wib(2026, 6, 5, 11, 0), "ringan").isoformat()
    assert friday == "2026-06-05T15:30:00+07:00"
    sixty = deadline(received="2026-06-02T11:15", days="60")
    assert sixty == expected_due(wib(2026, 6, 2, 11, 15), "berkadar_pengawasan").isoformat()


# Receipts outside office hours: a report on LAPOR! or WhatsApp may arrive at any time.
OFF_HOURS = [
    # (received, class, due by the rule)
    (wib(2026, 6, 6, 21, 0), "ringan", wib(2026, 6, 8, 10, 30)),  # Saturday night
    (wib(2026, 6, 6, 21, 0), "normatif", wib(2026, 6, 12, 16, 30)),  # Friday closes 16:30
    (wib(2026, 6, 5, 11, 0), "ringan", wib(2026, 6, 5, 15, 30)),  # Friday's 90-minute break
    (wib(2026, 6, 4, 17, 0), "ringan", wib(2026, 6, 5, 10, 30)),  # after closing time
    (wib(2026, 5, 31, 10, 0), "ringan", wib(2026, 6, 2, 10, 30)),  # Sunday, then a holiday
    (wib(2026, 5, 28, 9, 0), "normatif", wib(2026, 6, 5, 16, 30)),  # cuti bersama
]


@pytest.mark.parametrize(
    ("received", "class_code", "due"),
    OFF_HOURS,
    ids=[f"{c}@{r:%a%d%b%H%M}" for r, c, _ in OFF_HOURS],
)
def test_the_clock_counts_only_office_time_whenever_the_complaint_arrives(
    demo, time_machine, received, class_code, due
):
    time_machine.move_to(wib(2026, 6, 8, 9, 0), tick=False)
    staff = logged_in(demo.officer)
    complaint = intake(staff, demo, "lapor", CHANNELS[6][1], received, "Warga")
    staff_act(staff, complaint, "klasifikasi", {"class_code": class_code})
    complaint.refresh_from_db()
    assert expected_due(received, class_code) == due
    assert complaint.received_at == received
    assert complaint.due_at == due
    assert api_get(complaint.tracking_code)["due_at"] == due.isoformat()


def test_not_satisfied_reopens_with_a_fresh_deadline_then_closes(demo, time_machine):
    start = wib(2026, 6, 2, 9, 0)
    time_machine.move_to(start, tick=False)
    staff, citizen = Client(), Client()
    staff.force_login(demo.officer)
    complaint = intake(staff, demo, "whatsapp", {"phone_number": "081649112053"}, start, "Ani")
    code = complaint.tracking_code
    staff_act(staff, complaint, "klasifikasi", {"class_code": "ringan"})
    staff_act(staff, complaint, "tugaskan", {"users": [str(demo.team.pk)]})
    staff.force_login(demo.team)
    time_machine.move_to(start + timedelta(hours=1), tick=False)
    staff_act(staff, complaint, "jawab", {"text": "Sudah kami perbaiki."})

    # Not satisfied: the complaint reopens, with a fresh ringan deadline from now.
    reopened_at = wib(2026, 6, 2, 11, 0)
    time_machine.move_to(reopened_at, tick=False)
    response = citizen.post(f"/pengaduan/{code}/tidak-puas/", {"reason": "Belum berubah."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert complaint.is_open
    assert complaint.due_at == expected_due(reopened_at, "ringan") == wib(2026, 6, 2, 15, 0)
    assert api_get(code)["due_at"] == "2026-06-02T15:00:00+07:00"
    reopened = complaint.events.get(action=Event.Action.REOPENED)
    assert reopened.is_public
    assert (reopened.from_status, reopened.to_status) == (
        "answered",
        "in_progress",
    )
    assert "Belum berubah." in citizen.get(f"/pengaduan/{code}/").content.decode()
    team_queue = logged_in(demo.team).get(f"/staf/{demo.slug}/pengaduan/").content.decode()
    assert complaint.reference in team_queue
    assert code not in team_queue

    time_machine.move_to(wib(2026, 6, 2, 13, 30), tick=False)
    staff_act(staff, complaint, "jawab", {"text": "Petugas baru sudah ditempatkan."})
    citizen.post(f"/pengaduan/{code}/nilai/", {"score": 5, "comment": ""})
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert list(complaint.events.values_list("action", flat=True)) == [
        "received",
        "classified",
        "assigned",
        "answered",
        "reopened",
        "answered",
        "rated",
        "closed",
    ]


# --- The clock stops while the office waits for the complainant --------------------------------


def test_a_completion_request_pauses_the_clock_across_a_weekend_and_a_holiday(demo, time_machine):
    received = wib(2026, 6, 12, 15, 0)  # Friday; Monday 15 June works, Tuesday 16 is a holiday
    time_machine.move_to(received, tick=False)
    staff, citizen = Client(), Client()
    staff.force_login(demo.officer)
    complaint = intake(staff, demo, "phone", CHANNELS[3][1], received, "Rudi")
    code = complaint.tracking_code
    staff_act(staff, complaint, "klasifikasi", {"class_code": "ringan"})
    complaint.refresh_from_db()
    due = expected_due(received, "ringan")
    assert due == wib(2026, 6, 15, 9, 0)
    assert complaint.due_at == due

    paused = wib(2026, 6, 12, 15, 30)
    time_machine.move_to(paused, tick=False)
    asked = staff_act(staff, complaint, "minta-kelengkapan", {"message": "Sebutkan nama petugas."})
    assert asked["Location"] == complaint.get_staff_url()
    assert api_get(code)["status"] == "waiting"
    assert api_get(code)["paused"] is True

    # Over the weekend, Monday and the holiday: nothing is overdue while the clock stands.
    time_machine.move_to(wib(2026, 6, 16, 10, 0), tick=False)
    overdue = (
        logged_in(demo.team)
        .get(f"/staf/{demo.slug}/pengaduan/", {"overdue": "on"})
        .content.decode()
    )
    assert code not in overdue

    resumed = wib(2026, 6, 17, 8, 0)  # Wednesday
    time_machine.move_to(resumed, tick=False)
    completed = citizen.post(f"/pengaduan/{code}/lengkapi/", {"message": "Namanya Pak Joko."})
    assert completed.status_code == 302
    complaint.refresh_from_db()
    covered = office_time_between(paused, resumed)
    assert covered == timedelta(hours=9)  # Fri 15:30-16:30, Monday 7.5 h, Wed 07:30-08:00
    assert complaint.due_at == expected_office_hours(due, covered) == wib(2026, 6, 17, 10, 30)
    assert complaint.status == Status.IN_PROGRESS
    assert complaint.paused_at is None
    assert api_get(code)["due_at"] == "2026-06-17T10:30:00+07:00"
    assert api_get(code)["paused"] is False


def test_a_pause_of_a_working_day_deadline_moves_it_by_the_working_days_paused(demo, time_machine):
    received = wib(2026, 6, 8, 10, 0)  # Monday
    time_machine.move_to(received, tick=False)
    staff, citizen = Client(), Client()
    staff.force_login(demo.officer)
    complaint = intake(staff, demo, "email", CHANNELS[5][1], received, "Dina")
    staff_act(staff, complaint, "klasifikasi", {"class_code": "normatif"})
    complaint.refresh_from_db()
    assert complaint.due_at == expected_due(received, "normatif") == wib(2026, 6, 15, 16, 0)

    time_machine.move_to(wib(2026, 6, 10, 10, 0), tick=False)  # Wednesday
    staff = logged_in(demo.officer)  # a new working day: a new session
    asked = staff_act(staff, complaint, "minta-kelengkapan", {"message": "Lampirkan bukti."})
    assert asked["Location"] == complaint.get_staff_url()
    time_machine.move_to(wib(2026, 6, 17, 10, 0), tick=False)  # next Wednesday
    done = citizen.post(f"/pengaduan/{complaint.tracking_code}/lengkapi/", {"message": "Ada."})
    assert done.status_code == 302
    complaint.refresh_from_db()
    # Working days after the pause day up to the day of resumption: 11, 12, 15, 17 June (16 is
    # a holiday): four, so the deadline moves four working days on, to Monday 22 June.
    paused_days = [date(2026, 6, 10) + timedelta(n) for n in range(1, 8)]
    assert sum(map(is_working_day, paused_days)) == 4
    assert complaint.due_at == expected_working_days(wib(2026, 6, 15, 16, 0), 4)
    assert complaint.due_at == wib(2026, 6, 22, 16, 0)


# --- Nothing is lost when mail is down -------------------------------------------------------


def test_mail_down_delays_but_loses_nothing(
    demo, smtp_server, time_machine, django_capture_on_commit_callbacks
):
    smtp_server.controller.stop()
    start = wib(2026, 6, 2, 9, 0)
    time_machine.move_to(start, tick=False)
    citizen, staff = Client(), Client()
    with django_capture_on_commit_callbacks(execute=True):
        complaint = web_form(citizen, demo, "Sri Wahyuni")
    code = complaint.tracking_code
    ack = OutboxMessage.objects.get(topic="complaint.acknowledgement")
    assert ack.status == "pending"
    assert ack.attempts == 1
    assert ack.last_error

    time_machine.move_to(start + timedelta(minutes=20), tick=False)
    staff.force_login(demo.officer)
    with django_capture_on_commit_callbacks(execute=True):
        staff_act(staff, complaint, "klasifikasi", {"class_code": "normatif"})
        staff_act(staff, complaint, "tugaskan", {"users": [str(demo.team.pk)]})
        staff.force_login(demo.team)
        staff_act(staff, complaint, "jawab", {"text": "Jadwal piket sudah diperbaiki."})
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    assert "Jadwal piket sudah diperbaiki." in citizen.get(f"/pengaduan/{code}/").content.decode()
    pending = OutboxMessage.objects.filter(related=f"complaint:{complaint.pk}")
    assert sorted(pending.values_list("topic", flat=True)) == [
        "complaint.acknowledgement",
        "complaint.answered",
        "complaint.staff_assigned",
    ]
    assert set(pending.values_list("status", flat=True)) == {"pending"}
    assert smtp_server.messages == []

    # The server is back; the periodic delivery sends everything that waited.
    smtp_server.controller.loop = asyncio.new_event_loop()
    smtp_server.controller.start()
    time_machine.move_to(start + timedelta(hours=1), tick=False)
    call_command("deliver_outbox", verbosity=0)
    mails = smtp_server.wait_for(3)
    assert len(mails) == 3
    assert set(pending.values_list("status", flat=True)) == {"sent"}
    receipt_subject = f"diterima: {complaint.reference}"
    [ack_mail] = [m for m in mails if receipt_subject in (m["Subject"] or "")][:1] or [None]
    assert ack_mail is not None
    assert ack_mail["To"] == "warga@contoh.id"
    body = ack_mail.get_payload()[0] if ack_mail.is_multipart() else ack_mail
    assert code in body.get_payload(decode=True).decode()


# --- The public API ------------------------------------------------------------------------------


def test_the_public_api_matches_the_tracking_page_and_hides_the_identity(demo, time_machine):
    received = wib(2026, 6, 2, 9, 0)
    time_machine.move_to(received, tick=False)
    staff = Client()
    staff.force_login(demo.officer)
    complaint = intake(staff, demo, "lapor", CHANNELS[6][1], received, "Hendra Saputra")
    Complaint.objects.filter(pk=complaint.pk).update(complainant_nik="6171010101010001")
    staff_act(staff, complaint, "klasifikasi", {"class_code": "tidak_berkadar_pengawasan"})
    code = complaint.tracking_code

    response = Client().get(f"/api/v1/complaints/{code.lower().replace('-', '')}/")
    assert response.status_code == 200
    body = response.json()
    due = expected_due(received, "tidak_berkadar_pengawasan")
    assert body["status"] == "in_progress"
    assert body["due_at"] == due.isoformat()
    assert body["due_at"] == "2026-06-23T16:00:00+07:00"
    assert body["received_at"] == "2026-06-02T09:00:00+07:00"
    page = Client().get(f"/pengaduan/{code}/").content.decode()
    assert "Ditindaklanjuti" in page
    assert f'datetime="{body["due_at"]}"' in page
    raw = response.content.decode()
    for personal in ("Hendra", "lapor@warga.id", "081234567890", "6171010101010001"):
        assert personal not in raw
        assert personal not in page
    assert Client().get("/api/v1/complaints/2222-3333-4444/").status_code == 404


def test_an_anonymous_rahasia_web_complaint_is_tracked_without_any_identity(demo, time_machine):
    time_machine.move_to(wib(2026, 6, 2, 9, 0), tick=False)
    citizen = Client()
    base = f"/instansi/{demo.slug}/pengaduan/"
    what = {"title": "Pungutan liar di loket", "description": "Diminta uang Rp50.000."}
    citizen.post(f"{base}kejadian/", {**what, "incident_date": "", "incident_place": ""})
    citizen.post(f"{base}bukti/", {"action": "continue"})
    who = {
        "identity": "anonymous",
        "name": "Nama Samaran",
        "email": "pelapor@contoh.id",
        "phone": "081298765432",
        "confidential": "on",
    }
    assert citizen.post(f"{base}identitas/", who)["Location"] == f"{base}periksa/"
    citizen.post(f"{base}periksa/")
    complaint = Complaint.objects.get()
    complaint.tracking_code = shown_code(citizen.get(f"{base}terkirim/").content.decode())
    assert complaint.anonymous
    assert complaint.confidential
    staff_act(logged_in(demo.officer), complaint, "klasifikasi", {"class_code": "normatif"})

    body = api_get(complaint.tracking_code)
    assert body["status"] == "in_progress"
    assert body["title"] is None
    assert body["due_at"] == expected_due(wib(2026, 6, 2, 9, 0), "normatif").isoformat()
    pages = [
        json.dumps(body),
        Client().get(f"/pengaduan/{complaint.tracking_code}/").content.decode(),
    ]
    for user in (demo.officer, demo.team, demo.head):
        client = logged_in(user)
        pages.append(client.get(complaint.get_staff_url()).content.decode())
        pages.append(client.get(f"{complaint.get_staff_url()}identitas/").content.decode())
        pages.append(client.get(f"/staf/{demo.slug}/pengaduan/semua/").content.decode())
    for page in pages:
        for personal in ("Nama Samaran", "pelapor@contoh.id", "081298765432"):
            assert personal not in page
    assert "Pungutan liar" not in pages[0] + pages[1]  # rahasia: never public


def test_reclassification_recomputes_the_deadline_from_receipt_and_keeps_both(demo, time_machine):
    received = wib(2026, 6, 2, 9, 0)
    time_machine.move_to(received, tick=False)
    staff = logged_in(demo.officer)
    complaint = intake(staff, demo, "face_to_face", {}, received, "Yanti")
    staff_act(staff, complaint, "klasifikasi", {"class_code": "ringan"})
    time_machine.move_to(wib(2026, 6, 2, 10, 0), tick=False)
    # The team asks; the Pejabat decides (issue 11 §5).
    team = logged_in(demo.team)
    staff_act(
        team, complaint, "usul-reklasifikasi", {"class_code": "normatif", "reason": "Perlu data."}
    )
    complaint.refresh_from_db()
    assert complaint.class_code == "ringan"
    staff_act(
        staff, complaint, "reklasifikasi", {"class_code": "normatif", "reason": "Perlu data."}
    )
    complaint.refresh_from_db()
    assert complaint.due_at == expected_due(received, "normatif") == wib(2026, 6, 9, 16, 0)
    event = complaint.events.get(action=Event.Action.RECLASSIFIED)
    assert event.actor == demo.officer
    assert event.is_public
    assert (event.data["old_class"], event.data["new_class"]) == ("ringan", "normatif")
    assert event.data["old_due_at"] == expected_due(received, "ringan").astimezone(UTC).isoformat()
    assert api_get(complaint.tracking_code)["due_at"] == "2026-06-09T16:00:00+07:00"


def test_an_answer_without_reply_closes_after_ten_working_days(demo, time_machine):
    received = wib(2026, 6, 2, 9, 0)
    time_machine.move_to(received, tick=False)
    staff = logged_in(demo.officer)
    complaint = intake(staff, demo, "box", CHANNELS[1][1], received, "Joko")
    staff_act(staff, complaint, "klasifikasi", {"class_code": "normatif"})
    staff_act(staff, complaint, "tugaskan", {"users": [str(demo.team.pk)]})
    time_machine.move_to(wib(2026, 6, 2, 10, 0), tick=False)
    staff_act(logged_in(demo.team), complaint, "jawab", {"text": "Sudah ditindaklanjuti."})
    # Ten working days after 2 June (16 June is a holiday): closing time of 17 June.
    limit = expected_working_days(wib(2026, 6, 2, 10, 0), 10)
    assert limit == wib(2026, 6, 17, 16, 0)
    time_machine.move_to(limit - timedelta(minutes=1), tick=False)
    call_command("close_answered_complaints", verbosity=0)
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    time_machine.move_to(limit, tick=False)
    call_command("close_answered_complaints", verbosity=0)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    closed = complaint.events.get(action=Event.Action.CLOSED)
    assert closed.is_public
    assert closed.actor is None
    assert closed.at == limit
    assert api_get(complaint.tracking_code)["status"] == "closed"
