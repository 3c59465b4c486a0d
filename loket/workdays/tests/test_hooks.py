"""The hook other apps use to recompute stored deadlines after a calendar change."""

from datetime import date, time

import pytest

from loket.offices.tests.factories import UserFactory
from loket.workdays import hooks, services


@pytest.fixture
def heard():
    calls = []

    def listener(office):
        calls.append(office)

    hooks.register_calendar_listener(listener)
    yield calls
    hooks.unregister_calendar_listener(listener)


def test_a_listener_hears_the_office_after_the_change_commits(
    alice, office_a, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.add_calendar_override(
            actor=alice, office=office_a, day=date(2026, 3, 17), kind="closed", reason="Banjir"
        )
        assert heard == []  # not before the commit
    # One callback per registered listener (other apps, complaints, register their own),
    # and the public pages' content stamp renewed (loket.conditional.bump).
    ours = [c for c in callbacks if c.__qualname__ != "bump.<locals>.renew"]
    assert len(ours) == len(hooks.calendar_listeners())
    assert heard == [office_a]


def test_a_nationwide_change_tells_listeners_every_office_changed(
    db, heard, django_capture_on_commit_callbacks
):
    root = UserFactory(username="root", is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_calendar_override(
            actor=root, office=None, day=date(2026, 8, 18), kind="closed", reason="Cuti"
        )
    assert heard == [None]


def test_hours_and_removals_are_changes_too(
    alice, office_a, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.set_weekly_hours(
            actor=alice, office=office_a, hours={0: ((time(8, 0), time(12, 0)),)}
        )
        override = services.add_calendar_override(
            actor=alice, office=office_a, day=date(2026, 3, 17), kind="closed", reason="Banjir"
        )
        services.remove_calendar_override(actor=alice, override=override)
    assert heard == [office_a, office_a, office_a]


def test_a_refused_change_tells_nobody(bob, office_a, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.CalendarError):
        services.add_calendar_override(
            actor=bob, office=office_a, day=date(2026, 3, 17), kind="closed", reason="Banjir"
        )
    assert heard == []


def test_a_listener_registered_twice_is_called_once(
    alice, office_a, heard, django_capture_on_commit_callbacks
):
    hooks.register_calendar_listener(hooks.calendar_listeners()[-1])
    with django_capture_on_commit_callbacks(execute=True):
        services.add_calendar_override(
            actor=alice, office=office_a, day=date(2026, 3, 17), kind="closed", reason="Banjir"
        )
    assert heard == [office_a]


def test_a_failing_listener_does_not_stop_the_others(
    alice, office_a, heard, django_capture_on_commit_callbacks
):
    def broken(office):
        raise RuntimeError("boom")

    hooks._listeners.insert(0, broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.add_calendar_override(
                actor=alice, office=office_a, day=date(2026, 3, 17), kind="closed", reason="x"
            )
    finally:
        hooks.unregister_calendar_listener(broken)
    assert heard == [office_a]
