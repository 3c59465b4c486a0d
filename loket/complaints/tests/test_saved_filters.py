"""Saved filters of the complaint lists (issue 14 "Lists people can work from"): a user saves
the current filter of a list under a name, finds it above the list, deletes it; nobody else
sees or deletes it; the filter and the name are checked; the list keeps its query count."""

import re

import pytest
from django.urls import reverse

from loket.complaints import services
from loket.complaints.models import ListKind, SavedFilter
from loket.offices.models import Role
from loket.offices.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _save(client, name="Terlambat saya", query="overdue=on&mine=on", kind="antrean"):
    return client.post(
        reverse("complaints:staff_save_filter", args=["kantor-a"]),
        {"nama": name, "kueri": query, "daftar": kind},
    )


def _delete(client, saved, office="kantor-a"):
    return client.post(reverse("complaints:staff_delete_filter", args=[office, saved.pk]))


def _saved_links(page: str) -> list[tuple[str, str]]:
    section = page[page.index('id="saved-filters-title"') : page.index('class="save-filter"')]
    return re.findall(r'<li><a href="\?([^"]*)">([^<]+)</a>', section)


def test_a_handler_saves_the_queue_filter_and_finds_it_above_the_list(client, handler):
    client.force_login(handler)
    response = _save(client, query="?halaman=3&mine=on&overdue=on&urut=-diterima")
    # Back to the list with the filter applied, in canonical order, without the page number.
    url = reverse("complaints:staff_queue", args=["kantor-a"])
    assert response.status_code == 302
    assert response["Location"] == f"{url}?overdue=on&mine=on&urut=-diterima"
    page = client.get(url).content.decode()
    assert _saved_links(page) == [("overdue=on&amp;mine=on&amp;urut=-diterima", "Terlambat saya")]
    assert "Saringan disimpan." in page


def test_the_head_saves_a_filter_of_every_complaint_separately_from_the_queue(client, head):
    client.force_login(head)
    assert (
        _save(client, name="Kanal telepon", query="channel=phone", kind="semua").status_code == 302
    )
    assert _save(client, name="Kanal telepon", query="channel=phone").status_code == 302
    head_page = client.get(reverse("complaints:staff_all", args=["kantor-a"])).content.decode()
    assert _saved_links(head_page) == [("channel=phone", "Kanal telepon")]
    kinds = sorted(SavedFilter.objects.values_list("list_kind", flat=True))
    assert kinds == sorted([ListKind.QUEUE, ListKind.ALL])


def test_a_handler_may_not_save_a_filter_of_the_heads_list(client, handler):
    client.force_login(handler)
    assert _save(client, kind="semua").status_code == 403
    assert not SavedFilter.objects.exists()


def test_only_the_owner_sees_and_deletes_a_saved_filter(client, handler, handler2, officer):
    client.force_login(handler)
    _save(client)
    saved = SavedFilter.objects.get()
    client.force_login(handler2)
    page = client.get(reverse("complaints:staff_queue", args=["kantor-a"])).content.decode()
    assert "Terlambat saya" not in page
    assert _delete(client, saved).status_code == 404
    client.force_login(officer)
    assert _delete(client, saved).status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    client.force_login(handler)
    response = _delete(client, saved)
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:staff_queue", args=["kantor-a"])
    assert not SavedFilter.objects.exists()


def test_another_office_cannot_save_or_delete(client, handler, carol, other_office):
    client.force_login(handler)
    _save(client)
    saved = SavedFilter.objects.get()
    client.force_login(carol)
    assert _save(client).status_code == 404
    assert _delete(client, saved).status_code == 404
    # Through her own office either, where she handles complaints: not hers, not there.
    MembershipFactory(user=carol, office=other_office, role=Role.COMPLAINT_HANDLER)
    assert _delete(client, saved, office="kantor-b").status_code == 404
    assert SavedFilter.objects.count() == 1


def test_a_colleague_without_a_complaint_role_gets_403(client, bob, office):
    client.force_login(bob)
    assert _save(client).status_code == 403


def test_a_name_is_required_and_unique_per_list_whatever_the_case(client, handler):
    client.force_login(handler)
    missing = _save(client, name="   ")
    assert missing.status_code == 400
    assert "Nama saringan: Wajib diisi." in missing.content.decode()
    assert 'href="#simpan-nama"' in missing.content.decode()
    _save(client)
    taken = _save(client, name="terlambat  SAYA", query="channel=phone")
    assert taken.status_code == 400
    assert "Sudah ada saringan tersimpan dengan nama itu." in taken.content.decode()
    # The way back keeps the filter the user had.
    assert "?channel=phone" in taken.content.decode()
    assert SavedFilter.objects.count() == 1


def test_a_filter_the_list_would_refuse_is_not_saved(client, handler):
    client.force_login(handler)
    for query in ("dari=2026-03-05&sampai=2026-03-04", "status=bukan", "urut=judul", "x=1"):
        response = _save(client, name=query, query=query)
        assert response.status_code == 400, query
        assert "Saringan ini tidak sah" in response.content.decode()
    assert not SavedFilter.objects.exists()


def test_a_user_keeps_at_most_twenty_filters_per_office(client, handler, office):
    for n in range(services.MAX_SAVED_FILTERS):
        services.save_filter(office, actor=handler, list_kind="antrean", name=f"S{n}", query="")
    client.force_login(handler)
    response = _save(client, name="Satu lagi")
    assert response.status_code == 400
    assert "Paling banyak 20 saringan tersimpan" in response.content.decode()
    assert SavedFilter.objects.count() == services.MAX_SAVED_FILTERS


def test_the_service_refuses_another_users_delete(office, handler, handler2):
    saved = services.save_filter(
        office, actor=handler, list_kind="antrean", name="Milik Andi", query="mine=on"
    )
    with pytest.raises(services.NotAllowed) as refused:
        services.delete_filter(saved, actor=handler2)
    assert refused.value.code == "not_owner"
    with pytest.raises(services.InvalidInput) as unknown:
        services.save_filter(office, actor=handler, list_kind="lain", name="X", query="")
    assert unknown.value.code == "unknown_list"


def test_the_page_reads_in_english_too(client, handler, settings):
    client.force_login(handler)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("complaints:staff_queue", args=["kantor-a"])).content.decode()
    assert "Saved filters" in page
    assert "Save this filter" in page
