"""The people a breach affected, found from the data itself (issue 13): the breach's scope
(record types and a time window of the office) through the visits and complaints selectors,
grouped into people by the access requests' rule (phone in any stored form, e-mail, NIK;
never a name); a count for the head, the list for the office admin; the notices to them
queued through the outbox and tracked."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from loket.notify.models import OutboxMessage
from loket.person_match import Contact, group_people
from loket.privacy import services
from loket.privacy.models import BreachNotice, PrivacyEvent

from .conftest import COLLECTED

pytestmark = pytest.mark.django_db

DISCOVERED = datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
WINDOW = {
    "scope_from": COLLECTED - timedelta(hours=1),
    "scope_until": COLLECTED + timedelta(days=1),
}


@pytest.fixture
def records(make_visit, make_complaint, office_b):
    """Budi (a visit under +62, two complaints under 0812...), his namesake whose number
    starts with Budi's, someone outside the window, someone in another office."""
    budi = [
        make_visit(phone="+6281234567890", email="", language="en"),
        make_complaint(phone="081234567890", email="budi@example.org"),
        make_complaint(phone="081234567890", email="", nik="6171010101010001"),
    ]
    namesake = make_complaint(
        phone="0812345678901", email="budi.lain@example.org", nik="6171020202020002"
    )
    later = make_complaint(
        received=COLLECTED + timedelta(days=2), phone="085600000000", email="", nik=""
    )
    return budi, namesake, later


def breach_of(office, alice, **scope):
    return services.record_breach(
        office,
        title="Ekspor pengaduan terkirim ke alamat salah",
        data_categories="Nama, telepon, e-mail pengadu dan pengunjung",
        discovered_at=DISCOVERED,
        actor=alice,
        now=DISCOVERED,
        **scope,
    )


def test_people_are_linked_by_a_number_in_any_form_an_e_mail_or_a_nik_never_by_a_name():
    contacts = [
        Contact("visit", 1, "A", name="Budi Santoso", phone="+6281234567890"),
        Contact("complaint", 2, "B", name="Budi Santoso", phone="081234567890", email="b@x.id"),
        Contact("complaint", 3, "C", name="B. Santoso", email="B@X.ID", nik="6171010101010001"),
        Contact("complaint", 4, "D", name="Budi Santoso", phone="0812345678901"),
        Contact("complaint", 5, "E", name="Budi Santoso"),
    ]
    people = group_people(contacts)
    assert [[r.id for r in p.records] for p in people] == [[1, 2, 3], [4], [5]]


def test_the_affected_people_are_found_in_the_scope_and_counted_once_each(office_a, alice, records):
    budi, namesake, _later = records
    breach = breach_of(office_a, alice, scope_types=["visits", "complaints"], **WINDOW)
    people = services.affected_people(breach)
    assert len(people) == 2
    found = {frozenset((r.kind, r.id) for r in p.records) for p in people}
    assert frozenset((type(r).__name__.lower(), r.id) for r in budi) in found
    assert frozenset({("complaint", namesake.id)}) in found


def test_the_scope_limits_the_record_types(office_a, alice, records):
    budi, _namesake, _later = records
    breach = breach_of(office_a, alice, scope_types=["visits"], **WINDOW)
    people = services.affected_people(breach)
    assert [[(r.kind, r.id) for r in p.records] for p in people] == [[("visit", budi[0].id)]]


def test_without_a_scope_nobody_is_listed_and_nothing_can_be_sent(office_a, alice, records):
    breach = breach_of(office_a, alice)
    assert services.affected_people(breach) == []
    with pytest.raises(services.PrivacyError) as error:
        services.notify_affected(breach, actor=alice, now=DISCOVERED)
    assert error.value.code == "no_scope"


def test_a_scope_ending_before_it_starts_is_refused(office_a, alice):
    with pytest.raises(services.PrivacyError) as error:
        breach_of(
            office_a,
            alice,
            scope_types=["visits"],
            scope_from=COLLECTED,
            scope_until=COLLECTED - timedelta(hours=1),
        )
    assert error.value.code == "scope_order"


def test_each_affected_person_gets_one_notice_tracked_on_the_breach(office_a, alice, records):
    breach = breach_of(office_a, alice, scope_types=["visits", "complaints"], **WINDOW)
    counts = services.notify_affected(breach, actor=alice, now=DISCOVERED + timedelta(hours=2))
    assert counts == {
        "people": 2,
        "email": 2,
        "whatsapp": 0,
        "no_contact": 0,
        "already_notified": 0,
    }
    sent = OutboxMessage.objects.filter(related=f"breach:{breach.pk}")
    assert sorted(m.recipient for m in sent) == ["budi.lain@example.org", "budi@example.org"]
    english = sent.get(recipient="budi@example.org")
    assert "personal data" in english.body.lower()
    notice = BreachNotice.objects.get(breach=breach)
    assert notice.recipient == "subjects"
    assert "budi" not in notice.means + notice.note
    event = PrivacyEvent.objects.get(breach=breach, action="breach_subjects_notified")
    assert event.data == {**counts, "records": 4, "late": False}
    with pytest.raises(services.PrivacyError) as again:
        services.notify_affected(breach, actor=alice, now=DISCOVERED + timedelta(hours=3))
    assert again.value.code == "already_notified"


def test_a_person_without_an_e_mail_gets_whatsapp(office_a, alice, make_complaint):
    make_complaint(phone="081234567890", email="")
    breach = breach_of(office_a, alice, scope_types=["complaints"], **WINDOW)
    counts = services.notify_affected(breach, actor=alice, now=DISCOVERED)
    assert counts["whatsapp"] == 1
    message = OutboxMessage.objects.get(related=f"breach:{breach.pk}")
    assert (message.channel, message.recipient) == ("whatsapp", "+6281234567890")


def test_the_admin_sees_the_list_the_head_only_the_count_another_office_nothing(
    client, office_a, alice, head, carol, records, django_assert_max_num_queries
):
    breach = breach_of(office_a, alice, scope_types=["visits", "complaints"], **WINDOW)
    url = reverse("privacy:breach", args=[office_a.slug, breach.pk])
    client.force_login(alice)
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "2 orang" in page
    assert "budi.lain@example.org" in page
    assert 'action="/staf/kantor-a/data-pribadi/kegagalan/' in page
    client.force_login(head)
    page = client.get(url).content.decode()
    assert "2 orang" in page
    assert "budi.lain@example.org" not in page
    client.force_login(carol)
    assert client.get(url).status_code == 404


def test_the_admin_sends_the_notices_from_the_page_and_the_head_may_not(
    client, office_a, alice, head, records
):
    breach = breach_of(office_a, alice, scope_types=["complaints"], **WINDOW)
    url = reverse("privacy:breach_notify_subjects", args=[office_a.slug, breach.pk])
    client.force_login(head)
    assert client.post(url).status_code == 403
    client.force_login(alice)
    assert client.post(url).status_code == 302
    assert OutboxMessage.objects.filter(related=f"breach:{breach.pk}").count() == 2
    page = client.get(reverse("privacy:breach", args=[office_a.slug, breach.pk])).content.decode()
    assert "pending 2" in page


def test_the_scope_is_set_on_the_edit_page(client, office_a, alice, records, time_machine):
    breach = breach_of(office_a, alice)
    time_machine.move_to(DISCOVERED + timedelta(hours=1), tick=False)
    client.force_login(alice)
    response = client.post(
        reverse("privacy:breach_edit", args=[office_a.slug, breach.pk]),
        {
            "title": breach.title,
            "discovered_at": "2026-03-06T15:00",
            "data_categories": breach.data_categories,
            "scope_types": ["complaints"],
            "scope_from": "2026-03-02T08:00",
            "scope_until": "2026-03-03T09:00",
        },
    )
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.scope_types == ["complaints"]
    assert len(services.affected_people(breach)) == 2


def test_after_the_scope_widens_only_the_people_newly_found_get_a_notice(
    client, office_a, alice, records
):
    """Budi and his namesake are notified; the window then widens to a day later: the person
    found there gets a notice, Budi and the namesake no second one (their records in the
    wider window included), and a further send finds nobody new."""
    _budi, _namesake, later = records
    breach = breach_of(office_a, alice, scope_types=["complaints"], **WINDOW)
    services.notify_affected(breach, actor=alice, now=DISCOVERED + timedelta(hours=1))
    sent = OutboxMessage.objects.filter(related=f"breach:{breach.pk}")
    assert sent.count() == 2
    wider = {**WINDOW, "scope_until": COLLECTED + timedelta(days=3)}
    breach = services.update_breach(
        breach,
        actor=alice,
        now=DISCOVERED + timedelta(hours=2),
        scope_types=["visits", "complaints"],
        **wider,
    )
    new, reached = services.split_affected(breach)
    assert [[r.id for r in p.records] for p in new] == [[later.pk]]
    assert len(reached) == 2
    client.force_login(alice)
    page = client.get(reverse("privacy:breach", args=[office_a.slug, breach.pk])).content.decode()
    assert "Kirim pemberitahuan kepada 1 orang yang belum diberi tahu" in page
    assert page.count("sudah diberi tahu</span>") == 2
    counts = services.notify_affected(breach, actor=alice, now=DISCOVERED + timedelta(hours=3))
    assert counts == {
        "people": 1,
        "email": 0,
        "whatsapp": 1,
        "no_contact": 0,
        "already_notified": 2,
    }
    assert sent.count() == 3
    assert sent.filter(recipient="+6285600000000").count() == 1
    assert sent.filter(recipient="budi@example.org").count() == 1
    assert BreachNotice.objects.filter(breach=breach, recipient="subjects").count() == 2
    with pytest.raises(services.PrivacyError) as nobody_new:
        services.notify_affected(breach, actor=alice, now=DISCOVERED + timedelta(hours=4))
    assert nobody_new.value.code == "already_notified"
    page = client.get(reverse("privacy:breach", args=[office_a.slug, breach.pk])).content.decode()
    assert "breach_notify_subjects" not in page
    assert "beri-tahu-subjek" not in page


def test_a_send_made_before_the_records_were_kept_is_not_repeated(office_a, alice, records):
    breach = breach_of(office_a, alice, scope_types=["complaints"], **WINDOW)
    PrivacyEvent.objects.create(
        office=office_a,
        breach=breach,
        action="breach_subjects_notified",
        at=DISCOVERED,
        data={"people": 2, "email": 2, "whatsapp": 0, "no_contact": 0, "late": False},
    )
    with pytest.raises(services.PrivacyError) as error:
        services.notify_affected(breach, actor=alice, now=DISCOVERED + timedelta(hours=1))
    assert error.value.code == "already_notified"
    assert not OutboxMessage.objects.filter(related=f"breach:{breach.pk}").exists()
