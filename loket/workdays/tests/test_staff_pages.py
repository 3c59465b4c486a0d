"""Staff calendar pages: alice (office admin of A) edits, bob (receptionist of A) gets 403,
carol (admin of B) gets 404; a system administrator edits every office. Every change and
every removal is recorded with who and when, and calls the change hook."""

from datetime import date, time

import pytest
import time_machine

from loket.offices.tests.factories import UserFactory
from loket.workdays import hooks, services
from loket.workdays.models import CalendarEvent, CalendarOverride, ScheduleOverride, WeeklyHours

pytestmark = pytest.mark.django_db

NOW = "2026-03-02 02:00:00+00:00"  # Monday 2 March 2026, 09:00 in Pontianak


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def heard():
    calls = []
    hooks.register_calendar_listener(calls.append)
    yield calls
    hooks.unregister_calendar_listener(calls.append)


@pytest.fixture
def closing(alice, office_a):
    return services.add_calendar_override(
        actor=alice, office=office_a, day=date(2026, 4, 6), kind="closed", reason="Banjir"
    )


@pytest.fixture
def ramadan(alice, office_a):
    return services.add_schedule_override(
        actor=alice,
        office=office_a,
        first_day=date(2026, 2, 18),
        last_day=date(2026, 3, 19),
        hours={0: ((time(8, 0), time(15, 0)),)},
        reason="Ramadan 1447 H",
    )


def _urls(office, closing, ramadan):
    base = f"/staf/{office.slug}/"
    return [
        f"{base}hari-kerja/",
        f"{base}hari-kerja/{closing.pk}/hapus/",
        f"{base}jam-layanan/",
        f"{base}jam-layanan/khusus/{ramadan.pk}/hapus/",
    ]


def test_the_office_admin_opens_every_calendar_page(client, alice, office_a, closing, ramadan):
    client.force_login(alice)
    for url in _urls(office_a, closing, ramadan):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1
    html = client.get(f"/staf/{office_a.slug}/").content.decode()
    assert f'href="/staf/{office_a.slug}/hari-kerja/"' in html
    assert f'href="/staf/{office_a.slug}/jam-layanan/"' in html


def test_every_label_of_every_calendar_page_leads_to_its_own_field(
    client, alice, office_a, closing, ramadan
):
    """Found by a tester: the weekly and the special hours forms both had `id_day_0` ...
    `id_day_6`, so "Senin" of the special hours put the cursor in the weekly form (and a
    screen reader read the wrong field). Every id once, every label to an existing field."""
    import re
    from collections import Counter

    client.force_login(alice)
    for url in _urls(office_a, closing, ramadan):
        html = client.get(url).content.decode()
        ids = Counter(re.findall(r'\sid="([^"]+)"', html))
        assert [i for i, n in ids.items() if n > 1] == [], url
        assert [f for f in re.findall(r'<label for="([^"]+)"', html) if f not in ids] == [], url


def test_the_history_of_special_hours_writes_its_days_as_people_read_them(
    client, alice, office_a, ramadan
):
    """Found by a tester: the history said "2026-12-01 – 2026-12-01: Uji layanan malam"."""
    note = CalendarEvent.objects.filter(office=office_a).latest("at").note
    assert note == "18 Februari 2026 – 19 Maret 2026: Ramadan 1447 H"
    services.remove_schedule_override(actor=alice, override=ramadan, reason="Salah tanggal")
    removed = CalendarEvent.objects.filter(office=office_a).latest("id").note
    assert removed.startswith("18 Februari 2026 – 19 Maret 2026: Ramadan 1447 H; alasan")


def test_a_colleague_without_the_admin_role_gets_403(client, bob, office_a, closing, ramadan):
    client.force_login(bob)
    for url in _urls(office_a, closing, ramadan):
        assert client.get(url).status_code == 403, url
    response = client.post(
        f"/staf/{office_a.slug}/hari-kerja/",
        {"day": "2026-04-07", "kind": "closed", "reason": "x"},
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.filter(day=date(2026, 4, 7)).exists()
    assert "hari-kerja" not in client.get(f"/staf/{office_a.slug}/").content.decode()


def test_an_admin_of_another_office_gets_404(client, carol, office_a, closing, ramadan):
    client.force_login(carol)
    for url in _urls(office_a, closing, ramadan):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/staf/{office_a.slug}/hari-kerja/{closing.pk}/hapus/", {"reason": "iseng"}
    )
    assert response.status_code == 404
    assert CalendarOverride.objects.filter(pk=closing.pk).exists()


def test_an_admin_cannot_reach_another_offices_row_through_their_own_office(
    client, carol, office_b, closing, ramadan
):
    client.force_login(carol)
    base = f"/staf/{office_b.slug}/"
    assert client.get(f"{base}hari-kerja/{closing.pk}/hapus/").status_code == 404
    assert client.get(f"{base}jam-layanan/khusus/{ramadan.pk}/hapus/").status_code == 404


def test_signing_in_is_required(client, office_a):
    response = client.get(f"/staf/{office_a.slug}/hari-kerja/")
    assert response.status_code == 302
    assert "/staf/masuk/" in response["Location"]


def test_a_system_administrator_edits_any_office(client, office_b):
    root = UserFactory(username="root", is_superuser=True)
    client.force_login(root)
    response = client.post(
        f"/staf/{office_b.slug}/hari-kerja/",
        {"day": "2026-04-07", "kind": "closed", "reason": "Pemadaman listrik"},
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.get(office=office_b).created_by == root


def test_adding_a_closing_day_records_who_and_when_and_calls_the_hook(
    client, alice, office_a, heard, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/staf/{office_a.slug}/hari-kerja/",
            {"day": "2026-04-07", "kind": "closed", "reason": "Pemadaman listrik"},
        )
    assert response.status_code == 302
    row = CalendarOverride.objects.get(office=office_a)
    assert (row.day, row.kind, row.reason, row.created_by) == (
        date(2026, 4, 7),
        "closed",
        "Pemadaman listrik",
        alice,
    )
    assert heard == [office_a]
    event = CalendarEvent.objects.get(office=office_a)
    assert event.actor == alice
    assert event.action == "day_added"
    page = client.get(f"/staf/{office_a.slug}/hari-kerja/").content.decode()
    assert "Pemadaman listrik" in page
    assert "Alice" in page
    assert "2 Mar 2026 09.00" in page  # recorded in UTC, shown in the office's zone
    # Issue 11 §5: the message reads the day as people write it, not "07-04-2026".
    assert "7 April 2026 dicatat sebagai libur." in page
    due = services.due_at(
        office_a, services.calendar_for(office_a).tz and _wib(2026, 4, 6, 10), 1, "working_days"
    )
    assert due.date() == date(2026, 4, 8)


def _wib(*args):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo("Asia/Pontianak"))


def test_declaring_a_cuti_bersama_working_day(client, alice, office_a):
    client.force_login(alice)
    response = client.post(
        f"/staf/{office_a.slug}/hari-kerja/",
        {"day": "2026-03-23", "kind": "working", "reason": "Pelayanan tetap buka"},
    )
    assert response.status_code == 302
    assert services.calendar_for(office_a).is_working_day(date(2026, 3, 23))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "closed", "reason": "x"}, "day", "Isi tanggalnya"),
        ({"day": "2026-02-30", "kind": "closed", "reason": "x"}, "day", "tidak dikenal"),
        ({"day": "2026-04-07", "reason": "x"}, "kind", "Pilih jenis"),
        ({"day": "2026-04-07", "kind": "closed"}, "reason", "Tulis alasannya"),
        (
            {"day": "2026-04-07", "kind": "working", "reason": "x", "joint_leave": "on"},
            "joint_leave",
            "Cuti bersama selalu hari libur",
        ),
    ],
)
def test_a_bad_day_is_refused_next_to_its_field(client, alice, office_a, data, field, message):
    client.force_login(alice)
    response = client.post(f"/staf/{office_a.slug}/hari-kerja/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert message.lower() in " ".join(form.errors[field]).lower()
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'id="id_{field}' in html
    assert not CalendarOverride.objects.exists()


def test_a_day_already_set_is_refused_with_a_clear_message(client, alice, office_a, closing):
    client.force_login(alice)
    response = client.post(
        f"/staf/{office_a.slug}/hari-kerja/",
        {"day": "2026-04-06", "kind": "working", "reason": "Buka"},
    )
    assert response.status_code == 400
    assert "Hapus dulu" in " ".join(response.context["form"].errors["day"])


def test_removing_a_day_needs_a_reason_and_is_recorded(
    client, alice, office_a, closing, heard, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    url = f"/staf/{office_a.slug}/hari-kerja/{closing.pk}/hapus/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert CalendarOverride.objects.filter(pk=closing.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Banjir sudah surut"})
    assert response.status_code == 302
    assert not CalendarOverride.objects.filter(pk=closing.pk).exists()
    assert heard == [office_a]
    removal = CalendarEvent.objects.filter(office=office_a, action="day_removed").get()
    assert removal.actor == alice
    assert removal.day == date(2026, 4, 6)
    assert "Banjir" in removal.note
    assert "Banjir sudah surut" in removal.note
    assert "Banjir sudah surut" in client.get(f"/staf/{office_a.slug}/hari-kerja/").content.decode()


def test_saving_weekly_hours(client, alice, office_a, heard, django_capture_on_commit_callbacks):
    client.force_login(alice)
    data = {f"day_{w}": "07.30-12.00, 13.00-16.00" for w in range(4)}
    data |= {"day_4": "07:30-11:30; 13:00-16:30", "day_5": "08.00 - 12.00", "day_6": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staf/{office_a.slug}/jam-layanan/", data)
    assert response.status_code == 302
    stored = WeeklyHours.objects.get(office=office_a)
    assert stored.updated_by == alice
    assert stored.as_hours()[5] == ((time(8, 0), time(12, 0)),)
    assert 6 not in stored.as_hours()
    assert heard == [office_a]
    assert services.calendar_for(office_a).is_working_day(date(2026, 3, 7))  # a Saturday
    page = client.get(f"/staf/{office_a.slug}/jam-layanan/").content.decode()
    assert 'value="08.00-12.00"' in page
    event = CalendarEvent.objects.get(office=office_a, action="hours_changed")
    assert event.actor == alice
    assert event.note == (
        "Sen 07.30-12.00, 13.00-16.00; Sel 07.30-12.00, 13.00-16.00; "
        "Rab 07.30-12.00, 13.00-16.00; Kam 07.30-12.00, 13.00-16.00; "
        "Jum 07.30-11.30, 13.00-16.30; Sab 08.00-12.00; Min tutup"
    )

    response = client.post(f"/staf/{office_a.slug}/jam-layanan/", {"default": "1"})
    assert response.status_code == 302
    assert not WeeklyHours.objects.filter(office=office_a).exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("13.00-12.00", "jam selesai harus sesudah jam mulai"),
        ("07.30-12.00, 11.00-16.00", "berurutan dan tanpa tumpang tindih"),
        ("13.00-16.00, 07.30-12.00", "berurutan dan tanpa tumpang tindih"),
        ("07.30-24.00", "di dalam satu hari"),
        ("07.60-12.00", "di dalam satu hari"),
        ("pagi saja", "tidak dapat dibaca"),
    ],
)
def test_bad_weekly_hours_are_refused_next_to_the_weekday(client, alice, office_a, text, message):
    client.force_login(alice)
    data = {f"day_{w}": "07.30-12.00" for w in range(5)} | {"day_2": text}
    response = client.post(f"/staf/{office_a.slug}/jam-layanan/", data)
    assert response.status_code == 400
    form = response.context["hours_form"]
    assert list(form.errors) == ["day_2"]
    assert message in " ".join(form.errors["day_2"])
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_day_2"' in html
    assert 'id="id_day_2_error"' in html
    assert not WeeklyHours.objects.exists()


def test_weekly_hours_with_no_open_day_are_refused(client, alice, office_a):
    client.force_login(alice)
    response = client.post(f"/staf/{office_a.slug}/jam-layanan/", {})
    assert response.status_code == 400
    assert "Setidaknya satu hari" in response.content.decode()


def test_adding_and_removing_dated_hours(
    client, alice, office_a, heard, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    data = {
        "first_day": "2026-02-18",
        "last_day": "2026-03-19",
        "reason": "Jam kerja Ramadan 1447 H",
        "day_0": "08.00-12.00, 12.30-15.00",
        "day_4": "08.00-11.30, 13.00-15.30",
        "day_5": "tutup",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staf/{office_a.slug}/jam-layanan/khusus/", data)
    assert response.status_code == 302
    row = ScheduleOverride.objects.get(office=office_a)
    assert row.created_by == alice
    assert row.as_hours() == {
        0: ((time(8, 0), time(12, 0)), (time(12, 30), time(15, 0))),
        4: ((time(8, 0), time(11, 30)), (time(13, 0), time(15, 30))),
        5: (),
    }
    assert services.calendar_for(office_a).closing_time(date(2026, 3, 2)) == _wib(2026, 3, 2, 15)
    assert services.calendar_for(office_a).closing_time(date(2026, 3, 3)) == _wib(
        2026, 3, 3, 16
    )  # Tuesday keeps its regular hours

    url = f"/staf/{office_a.slug}/jam-layanan/khusus/{row.pk}/hapus/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Salah tanggal"})
    assert response.status_code == 302
    assert not ScheduleOverride.objects.exists()
    assert heard == [office_a, office_a]
    removal = CalendarEvent.objects.get(action="schedule_removed")
    assert removal.actor == alice
    assert "Salah tanggal" in removal.note


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"last_day": "2026-02-01"}, "last_day", "tidak boleh sebelum"),
        ({"last_day": "2027-06-01"}, "last_day", "paling lama satu tahun"),
        ({"day_0": "12.00-08.00"}, "day_0", "jam selesai harus sesudah jam mulai"),
        ({"day_0": ""}, None, "setidaknya satu hari"),
        ({"reason": ""}, "reason", "tulis alasannya"),
        ({"first_day": ""}, "first_day", "isi tanggal mulai"),
        ({"last_day": "2026-13-01"}, "last_day", "tanggal tidak dikenal"),
    ],
)
def test_bad_dated_hours_are_refused_next_to_the_field(
    client, alice, office_a, change, field, message
):
    client.force_login(alice)
    data = {
        "first_day": "2026-02-18",
        "last_day": "2026-03-19",
        "reason": "Ramadan",
        "day_0": "08.00-15.00",
    } | change
    response = client.post(f"/staf/{office_a.slug}/jam-layanan/khusus/", data)
    assert response.status_code == 400
    form = response.context["schedule_form"]
    errors = form.errors.get(field or "__all__")
    assert errors
    assert message in " ".join(errors).lower()
    assert 'class="error-summary"' in response.content.decode()
    assert not ScheduleOverride.objects.exists()


def test_the_warning_shows_when_next_years_cuti_bersama_is_unknown(client, alice, office_a):
    client.force_login(alice)
    # In 2026 the holiday data holds cuti bersama for 2026 and 2027: no warning.
    assert "Cuti bersama belum dikonfirmasi" not in (
        client.get(f"/staf/{office_a.slug}/hari-kerja/").content.decode()
    )
    with time_machine.travel("2027-10-01 02:00:00+00:00", tick=False):
        client.force_login(alice)
        html = client.get(f"/staf/{office_a.slug}/hari-kerja/").content.decode()
        assert "Cuti bersama belum dikonfirmasi" in html
        assert "2028" in html
        assert "Cuti bersama belum dikonfirmasi" in (
            client.get(f"/staf/{office_a.slug}/jam-layanan/").content.decode()
        )
        # Entering one cuti bersama day for 2028 confirms the year.
        client.post(
            f"/staf/{office_a.slug}/hari-kerja/",
            {
                "day": "2028-01-27",
                "kind": "closed",
                "reason": "SKB 2028",
                "joint_leave": "on",
            },
        )
        html = client.get(f"/staf/{office_a.slug}/hari-kerja/").content.decode()
        assert "Cuti bersama belum dikonfirmasi" not in html


def test_the_staff_pages_are_in_english_when_chosen(client, alice, office_a):
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    days_page = client.get(f"/staf/{office_a.slug}/hari-kerja/").content.decode()
    assert "Working days and closing days" in days_page
    assert "Enter the reason" not in days_page
    response = client.post(f"/staf/{office_a.slug}/jam-layanan/", {"day_0": "16.00-08.00"})
    assert "the end time must be after the start time" in response.content.decode()
