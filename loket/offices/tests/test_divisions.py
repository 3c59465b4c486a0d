"""The office admin's divisions page (issue 14: no daily task needs the Django admin): add,
rename, recode, reorder, deactivate and reactivate a division, delete one never used (never
one with history), each change an office event; scoped to the admin's office."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.errors import DomainError
from loket.offices import services
from loket.offices.models import Division, OfficeEvent
from loket.offices.roles import Role
from loket.offices.tests.factories import DivisionFactory, MembershipFactory, UserFactory
from loket.tests.auth import force_login_confirmed

pytestmark = pytest.mark.django_db

A = "/staf/kantor-a/bagian/"


def _events(office, action):
    return list(OfficeEvent.objects.filter(office=office, action=action))


def test_the_office_admin_adds_a_division_last_with_a_code_made_from_its_name(
    client, alice, office_a
):
    DivisionFactory(office=office_a, slug="umum", name="Bagian Umum", position=4)
    client.force_login(alice)
    response = client.post(A, {"name": "Bagian Perizinan", "slug": ""})
    assert response.status_code == 302
    assert response["Location"] == A
    division = Division.objects.get(office=office_a, name="Bagian Perizinan")
    assert (division.slug, division.position, division.is_active) == ("bagian-perizinan", 5, True)
    (event,) = _events(office_a, OfficeEvent.Action.DIVISION_ADDED)
    assert (event.actor, event.division, event.note) == (alice, division, "Bagian Perizinan")
    assert event.data["slug"] == {"from": None, "to": "bagian-perizinan"}
    page = client.get(A).content.decode()
    assert "Bagian ditambahkan: Bagian Perizinan." in page
    assert "Bagian ditambahkan" in page  # the history
    assert "Bagian Perizinan" in client.get("/instansi/kantor-a/").content.decode()
    # The same name again takes the next free code.
    client.post(A, {"name": "Bagian Perizinan", "slug": ""})
    assert Division.objects.filter(office=office_a, slug="bagian-perizinan-2").exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "slug": ""}, "name", "Tulis nama bagian."),
        ({"name": "Bagian Dua", "slug": "bagian satu!"}, "slug", "Kode hanya berisi"),
        ({"name": "Bagian Dua", "slug": "bagian-satu"}, "slug", "sudah dipakai bagian lain"),
    ],
)
def test_a_division_without_a_name_or_with_a_bad_or_taken_code_is_refused(
    client, alice, office_a, consultant, data, field, message
):
    client.force_login(alice)
    response = client.post(A, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert "error-summary" in response.content.decode()
    assert Division.objects.filter(office=office_a).count() == 1
    assert not OfficeEvent.objects.exists()


def test_a_code_taken_in_another_office_is_free_here(client, alice, office_a, office_b):
    DivisionFactory(office=office_b, slug="perizinan")
    client.force_login(alice)
    assert client.post(A, {"name": "Perizinan", "slug": "perizinan"}).status_code == 302
    assert Division.objects.filter(office=office_a, slug="perizinan").exists()


def test_renaming_and_recoding_records_before_and_after(client, alice, office_a):
    division = DivisionFactory(office=office_a, slug="satu", name="Bagian Satu")
    client.force_login(alice)
    url = f"{A}{division.pk}/"
    assert 'value="Bagian Satu"' in client.get(url).content.decode()
    response = client.post(url, {"name": "Bagian Pelayanan Dasar", "slug": "pelayanan-dasar"})
    assert response["Location"] == A
    assert "Bagian disimpan: Bagian Pelayanan Dasar." in client.get(A).content.decode()
    division.refresh_from_db()
    assert (division.name, division.slug) == ("Bagian Pelayanan Dasar", "pelayanan-dasar")
    (event,) = _events(office_a, OfficeEvent.Action.DIVISION_CHANGED)
    assert event.data == {
        "name": {"from": "Bagian Satu", "to": "Bagian Pelayanan Dasar"},
        "slug": {"from": "satu", "to": "pelayanan-dasar"},
    }
    assert [str(label) for label, _before, _after in event.changes()] == ["Nama", "Kode"]
    assert "Bagian Satu → Bagian Pelayanan Dasar" in client.get(A).content.decode()
    # The same values again change nothing and write nothing.
    client.post(url, {"name": "Bagian Pelayanan Dasar", "slug": "pelayanan-dasar"})
    assert len(_events(office_a, OfficeEvent.Action.DIVISION_CHANGED)) == 1
    # On the edit page the code is required (an empty one is not made up again).
    empty = client.post(url, {"name": "Bagian Pelayanan Dasar", "slug": ""})
    assert "slug" in empty.context["form"].errors


def test_moving_swaps_with_the_neighbour_and_renumbers(client, alice, office_a):
    # Equal positions, as the Django admin may have left them: the names break the tie.
    a = DivisionFactory(office=office_a, slug="a", name="A", position=0)
    b = DivisionFactory(office=office_a, slug="b", name="B", position=0)
    c = DivisionFactory(office=office_a, slug="c", name="C", position=7)
    client.force_login(alice)
    response = client.post(f"{A}{c.pk}/pindah/", {"arah": "naik"})
    assert response["Location"] == f"{A}#division-{c.pk}"
    assert [d.slug for d in services.all_divisions_of(office_a)] == ["a", "c", "b"]
    assert [d.position for d in services.all_divisions_of(office_a)] == [0, 1, 2]
    (event,) = _events(office_a, OfficeEvent.Action.DIVISION_MOVED)
    assert event.data == {"position": {"from": 3, "to": 2}}
    client.post(f"{A}{a.pk}/pindah/", {"arah": "turun"})
    assert [d.slug for d in services.all_divisions_of(office_a)] == ["c", "a", "b"]
    # The first cannot go up, the last cannot go down: nothing is written.
    client.post(f"{A}{c.pk}/pindah/", {"arah": "naik"})
    client.post(f"{A}{b.pk}/pindah/", {"arah": "turun"})
    assert [d.slug for d in services.all_divisions_of(office_a)] == ["c", "a", "b"]
    assert len(_events(office_a, OfficeEvent.Action.DIVISION_MOVED)) == 2
    page = client.get(A).content.decode()
    assert page.index(">C<") < page.index(">A<") < page.index(">B<")
    assert client.get(f"{A}{c.pk}/pindah/").status_code == 405  # a GET moves nothing


def test_deactivating_asks_first_and_keeps_the_division_out_of_new_work(
    client, alice, office_a, consultant
):
    division = Division.objects.get(office=office_a, slug="bagian-satu")
    client.force_login(alice)
    confirm = client.get(f"{A}{division.pk}/nonaktifkan/")
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "Riwayatnya tidak dihapus" in text
    assert "masih punya 1 konsultan" in text
    assert Division.objects.get(pk=division.pk).is_active  # a GET changes nothing
    response = client.post(f"{A}{division.pk}/nonaktifkan/")
    assert response["Location"] == A
    assert not Division.objects.get(pk=division.pk).is_active
    (event,) = _events(office_a, OfficeEvent.Action.DIVISION_DEACTIVATED)
    assert event.data == {"is_active": {"from": True, "to": False}}
    assert division not in services.divisions_of(office_a)  # no new work
    assert division in services.all_divisions_of(office_a)  # its history stays
    assert "Bagian dinonaktifkan: Bagian Satu." in client.get(A).content.decode()
    assert "Bagian Satu" not in client.get("/instansi/kantor-a/").content.decode()
    assert "Nonaktif" in client.get(A).content.decode()
    # Again: nothing more is written. Then back.
    client.post(f"{A}{division.pk}/nonaktifkan/")
    assert len(_events(office_a, OfficeEvent.Action.DIVISION_DEACTIVATED)) == 1
    assert client.post(f"{A}{division.pk}/aktifkan/")["Location"] == A
    assert Division.objects.get(pk=division.pk).is_active
    assert len(_events(office_a, OfficeEvent.Action.DIVISION_ACTIVATED)) == 1
    assert "Bagian Satu" in client.get("/instansi/kantor-a/").content.decode()


def test_a_division_never_used_is_deleted_after_confirming(client, alice, office_a):
    division = DivisionFactory(office=office_a, slug="salah", name="Bagian Salah Ketik")
    client.force_login(alice)
    assert "Hapus bagian ini" in client.get(f"{A}{division.pk}/").content.decode()
    confirm = client.get(f"{A}{division.pk}/hapus/")
    assert confirm.status_code == 200
    assert "tidak dapat dibatalkan" in confirm.content.decode()
    assert Division.objects.filter(pk=division.pk).exists()  # a GET deletes nothing
    response = client.post(f"{A}{division.pk}/hapus/")
    assert response["Location"] == A
    assert not Division.objects.filter(pk=division.pk).exists()
    (event,) = _events(office_a, OfficeEvent.Action.DIVISION_DELETED)
    assert (event.note, event.division) == ("Bagian Salah Ketik", None)
    assert event.data["slug"] == {"from": "salah", "to": None}
    assert "Bagian dihapus: Bagian Salah Ketik" in client.get(A).content.decode()


def test_a_division_with_history_is_never_deleted(client, alice, office_a, consultant):
    division = Division.objects.get(office=office_a, slug="bagian-satu")
    assert services.division_has_history(division)
    client.force_login(alice)
    edit = client.get(f"{A}{division.pk}/").content.decode()
    assert "Hapus bagian ini" not in edit
    assert "tidak dapat dihapus" in edit
    page = client.get(f"{A}{division.pk}/hapus/")
    assert page.status_code == 200
    assert "Bagian ini tidak dapat dihapus" in page.content.decode()
    assert 'method="post"' not in page.content.decode().split("<main", 1)[1].split("</main>")[0]
    refused = client.post(f"{A}{division.pk}/hapus/")
    assert refused.status_code == 409
    assert Division.objects.filter(pk=division.pk).exists()
    with pytest.raises(DomainError) as error:
        services.delete_division(division, actor=alice)
    assert error.value.code == "division_has_history"
    assert Division.objects.filter(pk=division.pk).exists()
    assert not _events(office_a, OfficeEvent.Action.DIVISION_DELETED)


def test_the_refusal_reads_in_english(client, alice, office_a, consultant):
    division = Division.objects.get(office=office_a, slug="bagian-satu")
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    page = client.get(f"{A}{division.pk}/hapus/").content.decode()
    assert "This division cannot be deleted" in page
    assert "Divisions with history are never deleted" in page
    listing = client.get(A).content.decode()
    assert "Add division" in listing
    assert "Deactivate" in listing
    taken = client.post(A, {"name": "Dua", "slug": "bagian-satu"}).content.decode()
    assert "The code bagian-satu is already used by another division of this office." in taken


def test_the_page_lists_each_divisions_consultants(client, alice, office_a, consultant):
    client.force_login(alice)
    page = client.get(A).content.decode()
    assert f'href="/staf/kantor-a/akun-staf/{consultant.pk}/peran/"' in page
    assert "Belum ada" not in page.split("Bagian Satu", 1)[1].split("</tr>")[0]


@pytest.mark.parametrize(
    ("user", "status"),
    [("carol", 404), ("bob", 403), ("consultant", 403), ("root", 200)],
)
def test_only_the_office_admin_or_system_admin_manages_divisions(
    request, client, office_a, user, status
):
    person = (
        UserFactory(username="root", is_superuser=True, is_staff=True)
        if user == "root"
        else request.getfixturevalue(user)
    )
    division = DivisionFactory(office=office_a, slug="x", name="X")
    other = DivisionFactory(office=office_a, slug="y", name="Y")
    client.force_login(person)
    done = 302 if status == 200 else status
    assert client.get(A).status_code == status
    assert client.get(f"{A}{division.pk}/").status_code == status
    assert client.get(f"{A}{division.pk}/nonaktifkan/").status_code == status
    assert client.get(f"{A}{division.pk}/hapus/").status_code == status
    assert client.post(A, {"name": "Baru", "slug": ""}).status_code == done
    assert client.post(f"{A}{division.pk}/", {"name": "X2", "slug": "x"}).status_code == done
    assert client.post(f"{A}{other.pk}/pindah/", {"arah": "naik"}).status_code == done
    assert client.post(f"{A}{division.pk}/nonaktifkan/").status_code == done
    assert client.post(f"{A}{division.pk}/aktifkan/").status_code == done
    assert client.post(f"{A}{other.pk}/hapus/").status_code == done
    changed = OfficeEvent.objects.filter(office=office_a).count()
    assert changed == (6 if status == 200 else 0)


def test_another_offices_division_is_404(client, alice, office_b):
    division = DivisionFactory(office=office_b, slug="lain", name="Bagian Lain")
    client.force_login(alice)
    for path in ("", "nonaktifkan/", "hapus/"):
        assert client.get(f"{A}{division.pk}/{path}").status_code == 404
    for path in ("", "pindah/", "nonaktifkan/", "aktifkan/", "hapus/"):
        assert client.post(f"{A}{division.pk}/{path}", {"name": "Z", "slug": "z"}).status_code == (
            404
        )
    division.refresh_from_db()
    assert (division.name, division.is_active) == ("Bagian Lain", True)
    assert not OfficeEvent.objects.exists()


def test_the_list_does_a_constant_number_of_queries(
    client, alice, office_a, django_assert_num_queries
):
    client.force_login(alice)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(A).status_code == 200
        return len(queries)

    few = count()
    for number in range(5):
        division = services.add_division(office_a, actor=alice, name=f"Bagian {number}")
        user = UserFactory(username=f"konsultan{number}")
        MembershipFactory(user=user, office=office_a, role=Role.CONSULTANT, division=division)
    services.set_division_active(division, actor=alice, active=False)
    with django_assert_num_queries(few):
        assert client.get(A).status_code == 200


def test_the_profile_links_the_divisions_and_shows_its_own_history(client, alice, office_a):
    force_login_confirmed(client, alice)  # the profile is an admin change (re-authentication)
    assert A in client.get("/staf/kantor-a/profil/").content.decode()
    assert A in client.get("/staf/kantor-a/").content.decode()
    client.post("/staf/kantor-a/profil/kanal/", {"kind": "email", "value": "a@b.go.id"})
    (added,) = _events(office_a, OfficeEvent.Action.CHANNEL_ADDED)
    assert (added.actor, added.data["value"]) == (alice, {"from": None, "to": "a@b.go.id"})
    channel = services.channels_of(office_a)[0]
    client.post(f"/staf/kantor-a/profil/kanal/{channel.pk}/hapus/")
    assert _events(office_a, OfficeEvent.Action.CHANNEL_REMOVED)
    services.update_office_profile(office_a, actor=alice, city="Pontianak")
    (changed,) = _events(office_a, OfficeEvent.Action.PROFILE_CHANGED)
    assert changed.data["city"] == {"from": "", "to": "Pontianak"}
    page = client.get("/staf/kantor-a/profil/").content.decode()
    assert "Kota: – → Pontianak" in page
    assert "Kanal pengaduan dihapus" in page
    assert "Jenis kanal: E-mail" in page
