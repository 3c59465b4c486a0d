"""The system administrator's list of offices and the page that creates one (issue 14)."""

import pytest

from loket.offices.models import Office
from loket.offices.roles import Role
from loket.offices.tests.factories import MembershipFactory, OfficeFactory, UserFactory
from loket.tests.auth import force_login_confirmed

pytestmark = pytest.mark.django_db

NEW_OFFICE = {
    "name": "Dinas Pendidikan Kabupaten Sambas",
    "slug": "",
    "parent_name": "Pemerintah Kabupaten Sambas",
    "address": "Jl. Pembangunan No. 3, Sambas",
    "postal_code": "79462",
    "phone": "0562-391234",
    "email": "disdik@sambas.go.id",
    "website": "",
    "timezone": "Asia/Pontianak",
}


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_the_system_admin_lists_every_office_with_its_admins(client, root, alice, office_b):
    force_login_confirmed(client, root)
    page = client.get("/staf/sistem/instansi/")
    assert page.status_code == 200
    html = page.content.decode()
    for slug in ("kantor-a", "kantor-b"):
        assert f"/staf/{slug}/profil/" in html
        assert f"/staf/{slug}/akun-staf/undang/" in html
    rows = {office.slug: office.admin_count for office in page.context["offices"]}
    assert rows == {"kantor-a": 1, "kantor-b": 0}
    assert "Undang admin pertama" in html  # office B has none yet
    assert "/staf/sistem/instansi/baru/" in html


def test_the_system_admin_creates_an_office_by_hand(client, root):
    force_login_confirmed(client, root)
    assert client.get("/staf/sistem/instansi/baru/").status_code == 200
    response = client.post("/staf/sistem/instansi/baru/", NEW_OFFICE)
    assert response.status_code == 302
    assert response["Location"] == "/staf/sistem/instansi/"
    office = Office.objects.get(slug="dinas-pendidikan-kabupaten-sambas")  # from the name
    assert office.name == "Dinas Pendidikan Kabupaten Sambas"
    assert office.phone == "+62562391234"
    assert office.timezone == "Asia/Pontianak"
    listing = client.get(response["Location"]).content.decode()
    assert "Dinas Pendidikan Kabupaten Sambas dibuat" in listing
    assert "/staf/dinas-pendidikan-kabupaten-sambas/akun-staf/undang/" in listing
    # The invitation page for the office's first admin opens for the system administrator.
    invite = client.get("/staf/dinas-pendidikan-kabupaten-sambas/akun-staf/undang/")
    assert invite.status_code == 200


def test_a_generated_code_never_takes_a_used_one(client, root):
    OfficeFactory(slug="dinas-sosial", name="Dinas Sosial")
    force_login_confirmed(client, root)
    client.post("/staf/sistem/instansi/baru/", {**NEW_OFFICE, "name": "Dinas Sosial"})
    assert Office.objects.filter(slug="dinas-sosial-2", name="Dinas Sosial").exists()


def test_a_generated_code_avoids_the_staff_pages(client, root):
    force_login_confirmed(client, root)
    client.post("/staf/sistem/instansi/baru/", {**NEW_OFFICE, "name": "Sistem"})
    office = Office.objects.get(name="Sistem")
    assert office.slug == "sistem-2"
    assert client.get(f"/staf/{office.slug}/").status_code == 200


@pytest.mark.parametrize(
    ("slug", "error"),
    [("kantor-a", "sudah dipakai"), ("sistem", "halaman staf"), ("akun", "halaman staf")],
)
def test_a_chosen_code_is_refused_when_taken_or_reserved(client, root, office_a, slug, error):
    force_login_confirmed(client, root)
    response = client.post("/staf/sistem/instansi/baru/", {**NEW_OFFICE, "slug": slug})
    assert response.status_code == 200
    assert error in str(response.context["form"].errors["slug"])
    assert not Office.objects.filter(name=NEW_OFFICE["name"]).exists()


def test_the_form_refuses_bad_values(client, root):
    force_login_confirmed(client, root)
    bad = {**NEW_OFFICE, "name": "", "phone": "12", "timezone": "Asia/Tokyo"}
    response = client.post("/staf/sistem/instansi/baru/", bad)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "phone", "timezone"}
    assert not Office.objects.exists()


@pytest.mark.parametrize("user", ["alice", "bob", "carol"])
def test_anyone_but_the_system_admin_gets_404(request, client, user):
    force_login_confirmed(client, request.getfixturevalue(user))
    assert client.get("/staf/sistem/instansi/").status_code == 404
    assert client.get("/staf/sistem/instansi/baru/").status_code == 404
    assert client.post("/staf/sistem/instansi/baru/", NEW_OFFICE).status_code == 404
    assert not Office.objects.filter(name=NEW_OFFICE["name"]).exists()


def test_the_staff_home_links_the_list_for_the_system_admin_only(client, root, alice):
    MembershipFactory(user=alice, office=OfficeFactory(slug="kantor-c"), role=Role.HEAD)
    force_login_confirmed(client, root)
    assert "/staf/sistem/instansi/" in client.get("/staf/").content.decode()
    force_login_confirmed(client, alice)
    assert "/staf/sistem/instansi/" not in client.get("/staf/").content.decode()


def test_the_list_does_a_constant_number_of_queries(client, root, django_assert_num_queries):
    force_login_confirmed(client, root)
    OfficeFactory()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert client.get("/staf/sistem/instansi/").status_code == 200
    for _ in range(5):
        office = OfficeFactory()
        MembershipFactory(office=office, role=Role.OFFICE_ADMIN)
    with django_assert_num_queries(len(first)):
        assert client.get("/staf/sistem/instansi/").status_code == 200
