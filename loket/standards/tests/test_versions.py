"""Issue #11 §5: a version is in force from its effective date. The public page shows the
current one and announces the next; complaints use the version in force at receipt;
back-dating needs a confirmation; a wrong version is withdrawn by a correcting version with
a reason, history kept."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from loket.standards import selectors, services
from loket.standards.errors import StandardError
from loket.standards.models import Standard, StandardEvent

from .factories import ServiceFactory

pytestmark = pytest.mark.django_db

# Monday 30 November 2026, 10:00 WIB (Asia/Pontianak, the office factory's zone).
NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
FIVE_DAYS = [{"code": "normatif", "name": "Normatif", "amount": 5, "unit": "working_days"}]
SIXTY_DAYS = [{"code": "normatif", "name": "Normatif", "amount": 60, "unit": "working_days"}]


@pytest.fixture
def service(office_a):
    return ServiceFactory(office=office_a, slug="konsultasi", name="Pelayanan Konsultasi")


def _publish(service, actor, classes, effective, **confirm):
    draft = services.create_draft(service, actor=actor, complaint_classes=classes, now=NOW)
    return services.publish(
        draft, actor=actor, decree_number="", effective_date=effective, now=NOW, **confirm
    )


def test_a_version_with_a_future_effective_date_is_not_in_force_before_it(service, alice):
    first = _publish(service, alice, FIVE_DAYS, date(2026, 1, 5), backdate_confirmed=True)
    second = _publish(service, alice, SIXTY_DAYS, date(2027, 1, 4))
    assert selectors.standard_in_force(service, NOW) == first
    assert selectors.next_standard(service, NOW) == second
    # the classes in force at receipt
    assert selectors.complaint_classes(service.office, at=NOW)[0].amount == 5
    received_3_jan_late = datetime(2027, 1, 3, 16, 59, tzinfo=UTC)  # 23:59 WIB on 3 January
    assert selectors.complaint_classes(service.office, at=received_3_jan_late)[0].amount == 5
    received_4_jan = datetime(2027, 1, 3, 17, 0, tzinfo=UTC)  # 00:00 WIB on 4 January
    assert selectors.standard_in_force(service, received_4_jan) == second
    assert selectors.complaint_classes(service.office, service, at=received_4_jan)[0].amount == 60
    assert selectors.standard_in_force(service.office, received_4_jan) == second


@time_machine.travel(NOW, tick=False)
def test_the_public_page_shows_the_current_version_and_announces_the_next(client, service, alice):
    _publish(service, alice, FIVE_DAYS, date(2026, 11, 1), backdate_confirmed=True)
    _publish(service, alice, SIXTY_DAYS, date(2027, 1, 4))
    page = client.get(f"/instansi/{service.office.slug}/layanan/{service.slug}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "selambat-lambatnya 5" in html
    assert "selambat-lambatnya 60" not in html
    assert "Versi 2 akan berlaku mulai 4 Januari 2027" in html
    upcoming = client.get(f"/instansi/{service.office.slug}/layanan/{service.slug}/versi/2/")
    assert "selambat-lambatnya 60" in upcoming.content.decode()
    api = client.get(f"/api/v1/services/{service.pk}/").json()
    assert api["standard"]["version"] == 1


def test_back_dating_needs_a_confirmation(service, alice):
    draft = services.create_draft(service, actor=alice, complaint_classes=FIVE_DAYS, now=NOW)
    yesterday = date(2026, 11, 29)
    with pytest.raises(StandardError, match="berlaku surut") as refused:
        services.publish(draft, actor=alice, decree_number="", effective_date=yesterday, now=NOW)
    assert refused.value.code == "backdated"
    assert Standard.objects.get(pk=draft.pk).is_draft
    services.publish(
        draft,
        actor=alice,
        decree_number="",
        effective_date=yesterday,
        backdate_confirmed=True,
        now=NOW,
    )
    # today itself is not back-dating
    other = ServiceFactory(office=service.office)
    today = services.create_draft(other, actor=alice, complaint_classes=FIVE_DAYS, now=NOW)
    services.publish(
        today, actor=alice, decree_number="", effective_date=date(2026, 11, 30), now=NOW
    )


def test_a_standard_without_complaint_classes_needs_a_confirmation(service, alice):
    draft = services.create_draft(service, actor=alice, now=NOW)
    with pytest.raises(StandardError, match="jangka waktu penyelesaian pengaduan") as refused:
        services.publish(draft, actor=alice, decree_number="", effective_date=None, now=NOW)
    assert refused.value.code == "no_complaint_classes"
    services.publish(
        draft, actor=alice, decree_number="", effective_date=None, no_classes_confirmed=True
    )


@time_machine.travel(NOW, tick=False)
def test_a_wrong_version_is_withdrawn_by_a_correcting_version_with_its_reason(
    client, service, alice
):
    good = _publish(service, alice, FIVE_DAYS, date(2026, 11, 1), backdate_confirmed=True)
    wrong = _publish(service, alice, SIXTY_DAYS, date(2026, 11, 30))
    assert selectors.standard_in_force(service, NOW) == wrong
    with pytest.raises(StandardError, match="alasan") as refused:
        services.start_correction(wrong, actor=alice, reason=" ", now=NOW)
    assert refused.value.code == "correction_reason_empty"

    client.force_login(alice)
    base = f"/staf/{service.office.slug}/standar/{service.slug}/"
    response = client.post(f"{base}versi/2/koreksi/", {"reason": "Salah ketik: 60 seharusnya 5."})
    assert response.status_code == 302
    correction = selectors.draft_of(service)
    assert (correction.version, correction.corrects) == (3, wrong)
    assert correction.complaint_classes == wrong.complaint_classes  # a copy to correct
    services.update_draft(correction, actor=alice, complaint_classes=FIVE_DAYS)
    services.publish(
        correction, actor=alice, decree_number="", effective_date=date(2026, 11, 30), now=NOW
    )
    wrong.refresh_from_db()
    assert wrong.is_withdrawn
    assert wrong.withdrawn_at == NOW
    assert selectors.standard_in_force(service, NOW).version == 3
    assert selectors.complaint_classes(service.office, at=NOW)[0].amount == 5
    # history kept: the withdrawn version is still readable, with the reason
    page = client.get(f"/instansi/{service.office.slug}/layanan/{service.slug}/versi/2/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "ditarik" in html
    assert "Salah ketik: 60 seharusnya 5." in html
    actions = list(
        StandardEvent.objects.filter(service=service)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-4:] == ["correction_started", "draft_updated", "withdrawn", "published"]
    assert StandardEvent.objects.get(action="withdrawn").note == "Salah ketik: 60 seharusnya 5."
    assert good.pk in set(selectors.published_versions(service).values_list("pk", flat=True))
    # a withdrawn version cannot be corrected again
    with pytest.raises(StandardError) as again:
        services.start_correction(wrong, actor=alice, reason="lagi", now=NOW)
    assert again.value.code == "correct_not_published"


def test_a_new_version_effective_today_replaces_one_published_earlier_today(service, alice):
    first = _publish(service, alice, FIVE_DAYS, None)  # in force from its publication, 10:00
    assert selectors.standard_in_force(service, NOW) == first
    later = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)  # 12:00 WIB the same day
    draft = services.create_draft(service, actor=alice, complaint_classes=SIXTY_DAYS, now=later)
    second = services.publish(
        draft, actor=alice, decree_number="", effective_date=date(2026, 11, 30), now=later
    )
    # the second is in force from the start of its effective day: the later version wins
    assert selectors.standard_in_force(service, later) == second
    assert selectors.standard_in_force(service, NOW) == second
