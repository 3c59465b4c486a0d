"""Issue 14, answering well: every change to an office's complaint settings and reply
templates is an `OfficeEvent` (who, when, what changed, before and after), shown to the
settings' editors on the settings and templates pages, never to another office."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from loket.complaints import selectors, services
from loket.complaints.models import OfficeEvent
from loket.tests.auth import force_login_confirmed

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db

Action = OfficeEvent.Action
SETTINGS = reverse("complaints:staff_settings", args=["kantor-a"])
TEMPLATES = reverse("complaints:staff_templates", args=["kantor-a"])


def test_switching_approval_records_who_when_and_the_value_before_and_after(office, officer):
    services.update_complaint_settings(
        office, actor=officer, answers_need_approval=True, now=MONDAY_0900
    )
    services.update_complaint_settings(
        office, actor=officer, answers_need_approval=True, now=MONDAY_0900 + timedelta(hours=1)
    )
    event = OfficeEvent.objects.get()
    assert (event.office, event.actor, event.at, event.action) == (
        office,
        officer,
        MONDAY_0900,
        Action.SETTINGS_CHANGED,
    )
    assert event.data == {"answers_need_approval": {"from": False, "to": True}}
    assert event.template is None


def test_adding_changing_and_switching_a_template_records_each_change(office, officer, alice):
    template = services.save_reply_template(
        office, actor=officer, title="Salam", body="Yth. {nama}", now=MONDAY_0900
    )
    later = MONDAY_0900 + timedelta(minutes=5)
    services.save_reply_template(
        office, actor=alice, title="Salam", body="Yth. {nama}", template=template, now=later
    )  # unchanged: nothing to record
    services.save_reply_template(
        office, actor=alice, title="Salam pembuka", body="Yth. {nama},", template=template
    )
    services.save_reply_template(
        office,
        actor=alice,
        title="Salam pembuka",
        body="Yth. {nama},",
        template=template,
        is_active=False,
    )
    services.save_reply_template(
        office, actor=officer, title="Salam pembuka", body="Yth. {nama},", template=template
    )
    events = list(OfficeEvent.objects.order_by("id"))
    assert [(e.action, e.actor, e.template, e.note) for e in events] == [
        (Action.TEMPLATE_ADDED, officer, template, "Salam"),
        (Action.TEMPLATE_CHANGED, alice, template, "Salam pembuka"),
        (Action.TEMPLATE_DEACTIVATED, alice, template, "Salam pembuka"),
        (Action.TEMPLATE_ACTIVATED, officer, template, "Salam pembuka"),
    ]
    assert events[0].at == MONDAY_0900
    assert events[0].data == {
        "title": {"from": None, "to": "Salam"},
        "body": {"from": None, "to": "Yth. {nama}"},
        "is_active": {"from": None, "to": True},
    }
    assert events[1].data == {
        "title": {"from": "Salam", "to": "Salam pembuka"},
        "body": {"from": "Yth. {nama}", "to": "Yth. {nama},"},
    }
    assert events[2].data == {"is_active": {"from": True, "to": False}}


def test_a_refused_change_records_nothing(office, officer, handler):
    services.save_reply_template(office, actor=officer, title="Salam", body="Yth. {nama}")
    with pytest.raises(services.InvalidInput):
        services.save_reply_template(office, actor=officer, title="salam", body="x")
    with pytest.raises(services.NotAllowed):
        services.update_complaint_settings(office, actor=handler, answers_need_approval=True)
    assert list(OfficeEvent.objects.values_list("action", flat=True)) == [Action.TEMPLATE_ADDED]


def test_the_settings_page_shows_the_history_in_the_offices_zone(client, office, officer, alice):
    with time_machine.travel(MONDAY_0900, tick=False):
        force_login_confirmed(client, alice)
        client.post(SETTINGS, {"answers_need_approval": "on"})
        force_login_confirmed(client, officer)
        client.post(
            reverse("complaints:staff_template_add", args=["kantor-a"]),
            {"title": "Salam", "body": "Yth. {nama}", "is_active": "on"},
        )
        page = client.get(SETTINGS).content.decode()
        templates = client.get(TEMPLATES).content.decode()
    history = page[page.index('id="office-events-heading"') :]
    assert "Riwayat pengaturan dan templat" in history
    assert "2 Mar 2026 09.00 WIB" in history
    assert "Pengaturan pengaduan diubah" in history
    assert "Jawaban tim perlu persetujuan: Tidak → Ya" in history
    assert (alice.get_full_name() or "alice") in history
    assert "Templat jawaban ditambahkan: Salam" in history
    assert "Sari" in history  # the Pejabat's name
    history = templates[templates.index('id="office-events-heading"') :]
    assert "Templat jawaban ditambahkan: Salam" in history
    assert "Pengaturan pengaduan diubah" not in history


def test_an_edit_shows_which_fields_changed(client, office, officer):
    template = services.save_reply_template(office, actor=officer, title="Salam", body="Yth.")
    client.force_login(officer)
    client.post(
        reverse("complaints:staff_template_edit", args=["kantor-a", template.pk]),
        {"title": "Salam pembuka", "body": "Yth. {nama}"},
    )
    page = client.get(TEMPLATES).content.decode()
    assert "Judul: Salam → Salam pembuka; Isi diubah; Aktif: Ya → Tidak" in page


def test_another_offices_history_is_never_shown(client, office, other_office, officer, carol):
    services.save_reply_template(office, actor=officer, title="Rahasia A", body="x")
    services.update_complaint_settings(office, actor=officer, answers_need_approval=True)
    assert selectors.office_events(other_office) == []
    client.force_login(carol)
    page = client.get(reverse("complaints:staff_settings", args=["kantor-b"])).content.decode()
    assert "Rahasia A" not in page
    assert "Belum ada perubahan." in page
    assert client.get(SETTINGS).status_code == 404
    assert client.get(TEMPLATES).status_code == 404


def test_a_colleague_without_the_role_does_not_see_the_history(client, office, officer, head):
    services.update_complaint_settings(office, actor=officer, answers_need_approval=True)
    client.force_login(head)
    assert client.get(SETTINGS).status_code == 403
    assert client.get(TEMPLATES).status_code == 403


def test_the_pages_do_a_fixed_number_of_queries_however_long_the_history(
    client, office, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    client.get(SETTINGS)  # warm the session and the caches
    with django_assert_max_num_queries(12) as few:
        assert client.get(SETTINGS).status_code == 200
    for number in range(30):
        services.save_reply_template(office, actor=officer, title=f"T{number}", body="x")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(SETTINGS).content.decode()
    assert page.count("Templat jawaban ditambahkan") == selectors.OFFICE_EVENTS_SHOWN


# --- Deleting a template ----------------------------------------------------------------------


def test_deleting_a_template_records_its_text_and_the_history_shows_it(client, office, officer):
    template = services.save_reply_template(
        office, actor=officer, title="Salam", body="Yth. {nama}", now=MONDAY_0900
    )
    client.force_login(officer)
    delete = reverse("complaints:staff_template_delete", args=["kantor-a", template.pk])
    with time_machine.travel(MONDAY_0900 + timedelta(hours=1), tick=False):
        response = client.post(delete)
        assert response.status_code == 302
        assert response["Location"] == TEMPLATES
        page = client.get(TEMPLATES).content.decode()
    assert not services.reply_templates(office).exists()
    event = OfficeEvent.objects.get(action=Action.TEMPLATE_DELETED)
    assert (event.actor, event.at, event.note, event.template) == (
        officer,
        MONDAY_0900 + timedelta(hours=1),
        "Salam",
        None,
    )
    assert event.data == {
        "title": {"from": "Salam", "to": None},
        "body": {"from": "Yth. {nama}", "to": None},
        "is_active": {"from": True, "to": None},
    }
    assert "Templat Salam dihapus." in page
    assert "Templat jawaban dihapus: Salam" in page
    assert "2 Mar 2026 10.00 WIB" in page
    # The event of its creation stays, no longer linked to the deleted row.
    assert OfficeEvent.objects.get(action=Action.TEMPLATE_ADDED).template is None


def test_only_the_editors_of_this_office_delete_a_template(
    client, office, other_office, officer, head, handler, carol
):
    template = services.save_reply_template(office, actor=officer, title="Salam", body="x")
    delete = reverse("complaints:staff_template_delete", args=["kantor-a", template.pk])
    for user in (head, handler):
        client.force_login(user)
        assert client.post(delete).status_code == 403
        with pytest.raises(services.NotAllowed) as refused:
            services.delete_reply_template(office, actor=user, template=template)
        assert refused.value.code == "template_editor_only"
    client.force_login(carol)
    assert client.post(delete).status_code == 404
    # Carol's own office in the URL does not reach office A's template either.
    own = reverse("complaints:staff_template_delete", args=["kantor-b", template.pk])
    assert client.post(own).status_code == 404
    with pytest.raises(services.NotAllowed) as refused:
        services.delete_reply_template(other_office, actor=carol, template=template)
    assert refused.value.code == "other_office"
    client.force_login(officer)
    assert client.get(delete).status_code == 405
    assert services.reply_templates(office).count() == 1
    assert not OfficeEvent.objects.filter(action=Action.TEMPLATE_DELETED).exists()
