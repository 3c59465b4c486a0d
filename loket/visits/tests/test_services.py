"""State changes of a visit: transitions checked, an event row for each, queue numbers."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from loket.visits import jobs, services
from loket.visits.models import Consultation, QueueCounter, Visit, VisitEvent
from loket.visits.services import VisitError

from .conftest import PONTIANAK, ROUTED_UNCHECKED, TUESDAY, TUESDAY_0900

pytestmark = pytest.mark.django_db
S = Visit.Status


def test_a_walk_in_gets_the_days_next_queue_number(make_walk_in):
    first, second = make_walk_in(), make_walk_in()
    assert (first.queue, second.queue) == ("K-001", "K-002")
    assert first.status == S.CHECKED_IN
    assert first.queue_date == TUESDAY
    assert first.admin_limit_seconds == 15 * 60


def test_queue_numbers_start_again_the_next_day_and_never_repeat_within_one(make_walk_in):
    make_walk_in()
    make_walk_in()
    wednesday = make_walk_in(now=TUESDAY_0900 + timedelta(days=1))
    assert wednesday.queue == "K-001"
    assert QueueCounter.objects.get(day=TUESDAY).last_number == 2
    numbers = list(Visit.objects.filter(queue_date=TUESDAY).values_list("queue_number", flat=True))
    assert sorted(numbers) == [1, 2]


def test_the_database_refuses_a_repeated_queue_number(make_walk_in):
    from django.db import IntegrityError, transaction

    visit = make_walk_in()
    other = make_walk_in()
    other.queue_number = visit.queue_number
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_the_queue_day_is_the_offices_local_day(make_walk_in, office_a):
    # 22:45 UTC on Monday is already Tuesday 07:45 in Jayapura (WIT, UTC+9), office hours.
    office_a.timezone = "Asia/Jayapura"
    office_a.save()
    visit = make_walk_in(now=datetime(2026, 11, 30, 22, 45, tzinfo=UTC))
    assert visit.queue_date == TUESDAY


def test_every_step_writes_an_event_with_who_when_from_and_to(
    make_walk_in, rina, consultant, division_x
):
    visit = make_walk_in()
    t = TUESDAY_0900
    services.route(
        visit, division_x, actor=rina, reason=ROUTED_UNCHECKED, now=t + timedelta(minutes=5)
    )
    services.call_next(division_x, actor=consultant, now=t + timedelta(minutes=6))
    services.start(visit, actor=consultant, now=t + timedelta(minutes=7))
    services.end(
        visit, actor=consultant, outcome_summary="Dijelaskan", now=t + timedelta(minutes=30)
    )
    rows = list(visit.events.values_list("action", "from_status", "to_status", "actor__username"))
    assert rows == [
        ("checked_in", "", "checked_in", None),
        ("routed", "checked_in", "routed", "rina"),
        ("called", "routed", "called", "dodi"),
        ("started", "called", "in_consultation", "dodi"),
        ("ended", "in_consultation", "done", "dodi"),
    ]
    visit.refresh_from_db()
    assert visit.status == S.DONE
    assert visit.admin_seconds == 300
    assert visit.routed_at == t + timedelta(minutes=5)
    assert visit.ended_at == t + timedelta(minutes=30)


def test_a_transition_the_rules_do_not_allow_is_refused_and_leaves_no_event(make_walk_in, rina):
    visit = make_walk_in()
    services.cancel(visit, actor=rina)  # allowed from checked in
    with pytest.raises(VisitError, match="tidak dapat diubah menjadi Dibatalkan") as refused:
        services.cancel(visit, actor=rina)  # never twice
    assert refused.value.code == "transition_not_allowed"
    assert visit.events.filter(action="cancelled").count() == 1
    with pytest.raises(VisitError, match="tidak sedang di bagian mana pun"):
        services.start(visit, actor=rina)


def test_routing_twice_is_refused_and_opens_one_consultation(
    make_walk_in, rina, division_x, division_y
):
    visit = make_walk_in()
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    with pytest.raises(VisitError, match="sudah diarahkan atau tidak lagi menunggu"):
        services.route(visit, division_y, actor=rina, reason=ROUTED_UNCHECKED)
    assert Consultation.objects.filter(visit=visit).count() == 1


def test_a_hand_over_is_recorded_and_the_visitor_joins_the_other_queue(
    make_walk_in, rina, consultant, division_x, division_y
):
    visit = make_walk_in()
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    services.call_next(division_x, actor=consultant)
    services.start(visit, actor=consultant)
    services.hand_over(visit, division_y, actor=consultant, reason="Materi pelayanan dasar")
    visit.refresh_from_db()
    assert visit.status == S.ROUTED
    assert visit.division == division_y
    legs = list(visit.consultations.order_by("id"))
    assert [c.status for c in legs] == ["handed_over", "waiting"]
    assert legs[1].handed_from == legs[0]
    event = visit.events.get(action="handed_over")
    assert "Bagian Satu -> Bagian Dua" in event.note
    assert event.actor == consultant


def test_call_next_takes_the_longest_waiting_and_none_when_empty(
    make_walk_in, rina, consultant, division_x
):
    first, second = make_walk_in(), make_walk_in()
    services.route(
        second,
        division_x,
        actor=rina,
        reason=ROUTED_UNCHECKED,
        now=TUESDAY_0900 + timedelta(minutes=1),
    )
    services.route(
        first,
        division_x,
        actor=rina,
        reason=ROUTED_UNCHECKED,
        now=TUESDAY_0900 + timedelta(minutes=2),
    )
    assert services.call_next(division_x, actor=consultant) == second
    assert services.call_next(division_x, actor=consultant) == first
    assert services.call_next(division_x, actor=consultant) is None


def test_the_id_number_is_not_stored_unless_the_office_allows_it(make_walk_in, rina, office_a):
    visit = make_walk_in()
    services.record_reception(
        visit,
        actor=rina,
        requirements=["Surat Tugas", "not in the standard"],
        identity_checked=True,
        information_given="Alur konsultasi",
        id_number="6171010101010001",
    )
    visit.refresh_from_db()
    assert visit.id_number == ""
    assert visit.identity_checked
    assert visit.requirements_checked == ["Surat Tugas"]
    services.save_settings(office_a, actor=rina, retention_days=180, store_id_number=True)
    services.record_reception(
        visit,
        actor=rina,
        requirements=[],
        identity_checked=True,
        information_given="",
        id_number="6171010101010001",
    )
    visit.refresh_from_db()
    assert visit.id_number == "6171010101010001"
    services.save_settings(office_a, actor=rina, retention_days=180, store_id_number=False)
    visit.refresh_from_db()
    assert visit.id_number == ""


def test_booking_codes_are_random_unguessable_and_typed_forgivingly(make_booking):
    codes = {make_booking().booking_code for _ in range(20)}
    assert len(codes) == 20
    code = next(iter(codes))
    assert len(code) == 14
    assert code.count("-") == 2
    assert services.normalize_code(code.lower().replace("-", " ")) == code
    assert services.visit_by_code(code.replace("-", "")).booking_code == code
    assert services.visit_by_code("0000-0000-0000") is None


def test_a_booked_visitor_checks_in_once(make_booking):
    visit = make_booking()
    assert visit.status == S.BOOKED
    assert visit.queue_number is None
    checked = services.check_in(visit, now=TUESDAY_0900)
    again = services.check_in(visit, now=TUESDAY_0900 + timedelta(minutes=1))
    assert checked.queue == again.queue == "K-001"
    assert visit.events.filter(action="checked_in").count() == 1


def test_mark_no_shows_after_closing_time_is_idempotent(make_booking):
    visit = make_booking()
    before_closing = datetime(2026, 12, 1, 15, 59, tzinfo=PONTIANAK)
    assert jobs.mark_no_shows(before_closing).marked == []
    after_closing = datetime(2026, 12, 1, 16, 0, tzinfo=PONTIANAK)
    assert jobs.mark_no_shows(after_closing).marked == [visit]
    assert jobs.mark_no_shows(after_closing).marked == []
    visit.refresh_from_db()
    assert visit.status == S.NO_SHOW
    assert list(visit.events.values_list("from_status", "to_status")) == [
        ("", "booked"),
        ("booked", "no_show"),
    ]


def test_a_dry_run_lists_the_no_shows_and_changes_nothing(make_booking):
    visit = make_booking()
    after_closing = datetime(2026, 12, 1, 16, 0, tzinfo=PONTIANAK)
    assert jobs.mark_no_shows(after_closing, dry_run=True).marked == [visit]
    visit.refresh_from_db()
    assert visit.status == S.BOOKED
    assert visit.events.count() == 1


def test_the_no_show_hour_is_the_closing_time_of_the_offices_own_zone(make_booking, office_a):
    # Jayapura (WIT, UTC+9) closes at 16:00 local, 07:00 UTC: two hours before Pontianak.
    office_a.timezone = "Asia/Jayapura"
    office_a.save()
    visit = make_booking(now=datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Jayapura")))
    assert jobs.mark_no_shows(datetime(2026, 12, 1, 6, 59, tzinfo=UTC)).marked == []
    assert jobs.mark_no_shows(datetime(2026, 12, 1, 7, 0, tzinfo=UTC)).marked == [visit]


def test_the_mark_no_shows_command_runs(make_booking, time_machine):
    from django.core.management import call_command

    make_booking()
    time_machine.move_to(datetime(2026, 12, 2, 8, 0, tzinfo=PONTIANAK), tick=False)
    call_command("mark_no_shows")
    assert Visit.objects.get().status == S.NO_SHOW


def test_the_mark_no_shows_command_changes_nothing_with_dry_run(make_booking, time_machine):
    from io import StringIO

    from django.core.management import call_command

    visit = make_booking()
    time_machine.move_to(datetime(2026, 12, 2, 8, 0, tzinfo=PONTIANAK), tick=False)
    out = StringIO()
    call_command("mark_no_shows", "--dry-run", stdout=out)
    assert visit.booking_code in out.getvalue()
    assert "1 booking(s) would be marked" in out.getvalue()
    assert Visit.objects.get().status == S.BOOKED


def test_a_walk_out_closes_the_open_consultation(make_walk_in, rina, division_x):
    visit = make_walk_in()
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    services.walk_out(visit, actor=rina)
    assert visit.consultations.get().status == "abandoned"
    assert VisitEvent.objects.filter(visit=visit, to_status="walked_out").exists()


def test_booking_refuses_weekends_holidays_and_times_outside_office_hours(service_a):
    from datetime import date, time

    now = datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK)
    office = service_a.office

    def refusal(day, at):
        problem = services.visit_time_problem(office, day, at, now)
        return problem and (problem.code, problem.field)

    assert refusal(date(2026, 12, 5), time(9)) == ("not_working_day", "preferred_date")  # Sat
    assert refusal(date(2026, 12, 25), time(9)) == ("not_working_day", "preferred_date")  # Xmas
    assert refusal(TUESDAY, time(12, 30)) == ("outside_office_hours", "preferred_time")  # lunch
    assert refusal(TUESDAY, time(16, 0)) == ("outside_office_hours", "preferred_time")  # closed
    assert refusal(date(2026, 11, 30), time(8, 0)) == ("time_past", "preferred_time")  # past
    assert refusal(date(2026, 11, 27), time(9, 0)) == ("date_past", "preferred_date")
    assert refusal(TUESDAY, time(15, 45)) is None
