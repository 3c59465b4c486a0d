"""The complaint lists people work from (issue 14) and at scale (issue 18): every column,
sorting, the receipt-date range in the office's zone, the bounded total, bulk assignment and
export, scoped to the office."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from loket.complaints import services, staff_views
from loket.complaints.models import Assignment, Event, PersonalDataAccess

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db

# Tuesday 3 March 2026, 23:30 in Pontianak (WIB, UTC+7): still the 3rd there, the 3rd in UTC
# too (16:30); 00:30 WIB on the 4th is 17:30 UTC on the 3rd.
LATE_TUESDAY = datetime(2026, 3, 3, 16, 30, tzinfo=UTC)
EARLY_WEDNESDAY = datetime(2026, 3, 3, 17, 30, tzinfo=UTC)


def _list(client, name="staff_queue", **params):
    response = client.get(reverse(f"complaints:{name}", args=["kantor-a"]), params)
    assert response.status_code == 200
    return response.content.decode()


def _references(page: str) -> list[str]:
    return re.findall(r'name="pilih" value="([^"]+)"', page)


def test_every_column_is_shown_in_the_office_zone_with_marks(
    client, make_complaint, officer, handler, head
):
    with time_machine.travel(MONDAY_0900, tick=False):
        late = make_complaint(title="Antrean panjang", channel="phone")
        services.classify(late, actor=officer, class_code="ringan")
        services.assign(late, actor=officer, users=[handler])
        soon = make_complaint(title="Loket tutup")
        services.classify(soon, actor=officer, class_code="normatif")
    client.force_login(head)
    # Ringan: 3 hours from 09:00 WIB -> 12:00 WIB, overdue at 13:00.
    with time_machine.travel(MONDAY_0900 + timedelta(hours=4), tick=False):
        page = _list(client, "staff_all")
    row = page[page.index(late.reference) : page.index("</tr>", page.index(late.reference))]
    assert "Antrean panjang" in row
    assert "Ditindaklanjuti" in row  # the status after classification
    assert "Pengaduan ringan" in row
    assert "Telepon" in row
    assert "2 Mar 2026 09.00" in row  # received, WIB
    assert "2 Mar 2026 12.00" in row  # due, WIB
    assert "Terlambat" in row
    assert "Andi" in row
    other = page[page.index(soon.reference) : page.index("</tr>", page.index(soon.reference))]
    assert "Terlambat" not in other
    assert "Belum ditugaskan" in other
    assert "Jumlah pengaduan: 2" in page


def test_columns_sort_by_whitelisted_keys_with_a_stable_tie_break(client, make_complaint, head):
    with time_machine.travel(MONDAY_0900, tick=False):
        first = make_complaint(title="Satu")
        second = make_complaint(title="Dua")  # the same receipt time: the id decides
    with time_machine.travel(MONDAY_0900 - timedelta(days=1), tick=False):
        oldest = make_complaint(title="Tiga")
    client.force_login(head)
    asc = _references(_list(client, "staff_all", urut="diterima"))
    assert asc == [oldest.reference, first.reference, second.reference]
    desc = _references(_list(client, "staff_all", urut="-diterima"))
    assert desc == [second.reference, first.reference, oldest.reference]
    by_number = _references(_list(client, "staff_all", urut="nomor"))
    assert by_number == sorted(by_number)
    # A key that is not whitelisted is ignored: the list's own order, no error.
    assert _references(_list(client, "staff_all", urut="description")) == _references(
        _list(client, "staff_all")
    )
    page = _list(client, "staff_all", urut="diterima")
    assert 'aria-sort="ascending"' in page
    assert "urut=-diterima" in page  # the header link reverses the order


def test_the_receipt_range_is_in_the_office_zone(client, make_complaint, officer):
    with time_machine.travel(LATE_TUESDAY, tick=False):
        tuesday = make_complaint(title="Selasa malam")
    with time_machine.travel(EARLY_WEDNESDAY, tick=False):
        wednesday = make_complaint(title="Rabu dini hari")
    client.force_login(officer)
    on_tuesday = _references(_list(client, dari="2026-03-03", sampai="2026-03-03"))
    assert on_tuesday == [tuesday.reference]
    from_wednesday = _references(_list(client, dari="2026-03-04"))
    assert from_wednesday == [wednesday.reference]
    # A range reads newest first unless a column is chosen.
    both = _references(_list(client, dari="2026-03-03"))
    assert both == [wednesday.reference, tuesday.reference]
    assert _references(_list(client, dari="2026-03-03", urut="diterima")) == both[::-1]
    refused = _list(client, dari="2026-03-05", sampai="2026-03-04")
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in refused


def test_a_large_total_is_counted_only_up_to_the_limit(
    client, make_complaint, head, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(staff_views, "COUNT_LIMIT", 3)
    monkeypatch.setattr(staff_views, "PAGE_SIZE", 2)
    for n in range(5):
        make_complaint(title=f"Pengaduan {n}")
    client.force_login(head)
    page = _list(client, "staff_all")
    assert "Jumlah pengaduan: lebih dari 3" in page
    assert "Halaman 1" in page
    assert "Halaman 1 dari" not in page
    assert "halaman=2" in page
    last = _list(client, "staff_all", halaman=3)
    assert len(_references(last)) == 1
    assert "halaman=4" not in last
    monkeypatch.setattr(staff_views, "MAX_PAGE", 2)
    assert "Halaman 2" in _list(client, "staff_all", halaman=10**12)
    exact = _list(client, "staff_all", q="Pengaduan 4")
    assert "Jumlah pengaduan: 1" in exact


def test_more_than_a_thousand_reads_in_each_languages_grouping(
    client, make_complaint, head, monkeypatch
):
    make_complaint()
    monkeypatch.setattr(staff_views.selectors, "bounded_count", lambda rows, limit: limit + 1)
    client.force_login(head)
    assert "Jumlah pengaduan: lebih dari 1.000" in _list(client, "staff_all")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _list(client, "staff_all")
    assert "Number of complaints: more than 1,000" in page


@pytest.mark.parametrize("name", ["staff_queue", "staff_all"])
def test_filtered_and_sorted_lists_keep_a_constant_number_of_queries(
    client, make_complaint, officer, handler, head, name, django_assert_num_queries
):
    client.force_login(head)
    params = {"urut": "-diterima", "dari": "2026-01-01", "q": "loket", "channel": "web"}
    make_complaint(title="Loket pertama")
    client.get(reverse(f"complaints:{name}", args=["kantor-a"]), params)  # warm caches
    # 9, 1 for the notifications badge and 1 for the user's saved filters
    with django_assert_num_queries(11) as one:
        client.get(reverse(f"complaints:{name}", args=["kantor-a"]), params)
    for n in range(8):
        complaint = make_complaint(title=f"Loket {n}")
        services.assign(complaint, actor=officer, users=[handler])
    with django_assert_num_queries(len(one.captured_queries)):
        page = _list(client, name, **params)
    assert len(_references(page)) == 9


# --- Bulk assignment -----------------------------------------------------------------------


def _bulk(client, data):
    return client.post(reverse("complaints:staff_bulk", args=["kantor-a"]), data)


def test_the_head_assigns_three_complaints_at_once(
    client, make_complaint, officer, handler, handler2, head
):
    chosen = [make_complaint(title=f"Pilihan {n}") for n in range(3)]
    untouched = make_complaint(title="Tidak dipilih")
    services.assign(chosen[0], actor=officer, users=[handler2])
    client.force_login(head)
    response = _bulk(
        client,
        {
            "pilih": [c.reference for c in chosen],
            "aksi": "tugaskan",
            "petugas": handler.pk,
            "semua": "on",
            "kembali": "?urut=batas",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:staff_all", args=["kantor-a"]) + (
        "?urut=batas"
    )
    for complaint in chosen:
        assert Assignment.objects.filter(complaint=complaint, user=handler).exists()
    assert not untouched.assignments.exists()
    assert (
        Event.objects.filter(action=Event.Action.ASSIGNED, complaint__in=chosen, actor=head).count()
        == 3
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["3 pengaduan ditugaskan kepada Andi."]
    assert (
        "3 pengaduan ditugaskan kepada Andi." in client.get(response["Location"]).content.decode()
    )
    again = _bulk(
        client,
        {"pilih": [c.reference for c in chosen[:2]], "aksi": "tugaskan", "petugas": handler.pk},
    )
    assert [str(m) for m in again.wsgi_request._messages] == [
        "0 pengaduan ditugaskan kepada Andi. Tidak ditugaskan (sudah ditugaskan atau tidak "
        f"dapat ditugaskan): {chosen[0].reference}, {chosen[1].reference}."
    ]


def test_the_way_back_to_the_list_is_only_its_query(client, make_complaint, officer, handler):
    complaint = make_complaint()
    client.force_login(officer)
    response = _bulk(
        client,
        {
            "pilih": [complaint.reference],
            "aksi": "tugaskan",
            "petugas": handler.pk,
            "kembali": "?q=a b\r\nSet-Cookie: x=1&urut=nomor",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("complaints:staff_queue", args=["kantor-a"])
        + "?q=a+b%0D%0ASet-Cookie%3A+x%3D1&urut=nomor"
    )


def test_a_team_member_may_not_bulk_assign(client, make_complaint, handler):
    complaint = make_complaint()
    client.force_login(handler)
    response = _bulk(
        client, {"pilih": [complaint.reference], "aksi": "tugaskan", "petugas": handler.pk}
    )
    assert response.status_code == 403
    assert not complaint.assignments.exists()


def test_another_office_cannot_bulk_assign_or_export(client, make_complaint, carol, other_office):
    complaint = make_complaint()
    client.force_login(carol)
    assert _bulk(client, {"pilih": [complaint.reference], "aksi": "csv"}).status_code == 404
    assert client.get(reverse("complaints:staff_export", args=["kantor-a"])).status_code == 404


def test_a_reference_of_another_office_is_not_touched(
    client, make_complaint, officer, handler, other_office
):
    foreign = services.submit(
        office=other_office,
        channel="web",
        title="Kantor lain",
        description="x",
        complainant_name="Warga",
    )
    own = make_complaint()
    client.force_login(officer)
    response = _bulk(
        client,
        {"pilih": [own.reference, foreign.reference], "aksi": "tugaskan", "petugas": handler.pk},
    )
    assert response.status_code == 302
    assert own.assignments.filter(user=handler).exists()
    assert not foreign.assignments.exists()


# --- Export -------------------------------------------------------------------------------


def test_a_selection_exports_as_csv_with_bom_and_indonesian_headers(
    client, make_complaint, officer, handler
):
    with time_machine.travel(MONDAY_0900, tick=False):
        chosen = make_complaint(title="=HYPERLINK(1)")
        make_complaint(title="Tidak dipilih")
    client.force_login(handler)
    response = _bulk(client, {"pilih": [chosen.reference], "aksi": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == [
        "Nomor pengaduan",
        "Judul",
        "Status",
        "Klasifikasi",
        "Kanal",
        "Diterima",
        "Batas waktu",
        "Ditugaskan",
    ]
    assert table[1:] == [
        [
            chosen.reference,
            "'=HYPERLINK(1)",
            "Diterima",
            "",
            "Formulir web",
            "2026-03-02 09:00",
            "",
            "",
        ]
    ]


def test_identity_is_exported_only_to_those_who_may_see_it_and_logged(
    client, make_complaint, officer, handler
):
    named = make_complaint()
    hidden = make_complaint(anonymous=True)
    client.force_login(handler)
    refused = _bulk(client, {"pilih": [named.reference], "aksi": "csv", "identitas": "on"})
    assert refused.status_code == 403
    client.force_login(officer)
    response = _bulk(
        client,
        {"pilih": [named.reference, hidden.reference], "aksi": "xlsx", "identitas": "on"},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][-3:] == ["Nama pengadu", "Telepon", "E-mail"]
    by_reference = {row[0]: row for row in rows[1:]}
    assert by_reference[named.reference][-3:] == ["Budi Warga", "081234567890", "budi@contoh.id"]
    assert by_reference[hidden.reference][-3:] == [None, None, None]
    assert list(PersonalDataAccess.objects.values_list("complaint", "user")) == [
        (named.pk, officer.pk)
    ]


def test_without_asking_no_personal_data_is_exported(client, make_complaint, officer):
    complaint = make_complaint()
    client.force_login(officer)
    response = _bulk(client, {"pilih": [complaint.reference], "aksi": "csv"})
    assert b"Budi" not in response.content
    assert b"budi@contoh.id" not in response.content
    assert not PersonalDataAccess.objects.exists()


def test_the_current_filter_exports_as_xlsx(client, make_complaint, officer, head):
    make_complaint(title="Loket lambat", channel="phone")
    make_complaint(title="Loket lambat lewat web")
    closed = make_complaint(title="Loket ditutup", channel="phone")
    services.mark_not_authority(closed, actor=officer, reason="x")
    client.force_login(head)
    url = reverse("complaints:staff_all_export", args=["kantor-a"])
    response = client.get(url, {"channel": "phone", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = sorted(row[1].value for row in sheet.iter_rows(min_row=2))
    assert titles == ["Loket ditutup", "Loket lambat"]
    queue = client.get(reverse("complaints:staff_export", args=["kantor-a"]), {"channel": "phone"})
    assert "Loket ditutup" not in queue.content.decode("utf-8-sig")
    assert "Loket lambat" in queue.content.decode("utf-8-sig")


def test_an_export_longer_than_the_limit_is_refused_not_cut(
    client, make_complaint, head, monkeypatch
):
    """A filtered list over `EXPORT_LIMIT` rows used to export its first rows only, with
    nothing in the file to say so; now the list comes back, filters kept, with a message."""
    monkeypatch.setattr(staff_views, "EXPORT_LIMIT", 2)
    for title in ("Satu", "Dua", "Tiga"):
        make_complaint(title=title, channel="phone")
    make_complaint(title="Lewat web")
    client.force_login(head)
    url = reverse("complaints:staff_all_export", args=["kantor-a"])
    response = client.get(url, {"channel": "phone", "format": "xlsx"})
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:staff_all", args=["kantor-a"]) + (
        "?channel=phone"
    )
    page = client.get(response["Location"]).content.decode()
    assert "lebih dari 2 pengaduan, batas satu ekspor" in page
    # Exactly at the limit, the whole list is the file.
    response = client.get(url, {"channel": "web", "format": "csv"})
    assert response.status_code == 200
    assert "Lewat web" in response.content.decode("utf-8-sig")
    queue = client.get(reverse("complaints:staff_export", args=["kantor-a"]))
    assert queue.status_code == 302
    assert queue["Location"] == reverse("complaints:staff_queue", args=["kantor-a"])


def test_the_head_list_export_needs_the_head_list_role(client, handler):
    client.force_login(handler)
    url = reverse("complaints:staff_all_export", args=["kantor-a"])
    assert client.get(url).status_code == 403


def test_the_summary_counts_in_english_too(client, make_complaint, officer, handler):
    complaint = make_complaint()
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _bulk(
        client, {"pilih": [complaint.reference], "aksi": "tugaskan", "petugas": handler.pk}
    )
    assert [str(m) for m in response.wsgi_request._messages] == ["1 complaint assigned to Andi."]
