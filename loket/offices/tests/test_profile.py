"""The office admin's profile page and published complaint channels (issue 14)."""

import logging

import pytest
from django.core.exceptions import ValidationError

from loket.errors import DomainError
from loket.offices import services
from loket.offices.models import Channel, Office
from loket.offices.tests.factories import ChannelFactory, UserFactory
from loket.tests.auth import force_login_confirmed

pytestmark = pytest.mark.django_db

PROFILE = {
    "name": "Dinas Kesehatan Kota Pontianak",
    "parent_name": "Pemerintah Kota Pontianak",
    "address": "Jl. Jenderal Sudirman No. 1",
    "postal_code": "78111",
    "city": "Pontianak",
    "phone": "(0561) 736541 ext. 213",
    "email": "dinkes@pontianak.go.id",
    "website": "https://dinkes.pontianak.go.id",
    "timezone": "Asia/Makassar",
}


def test_the_office_admin_edits_the_profile(client, alice, office_a, caplog):
    force_login_confirmed(client, alice)
    page = client.get("/staf/kantor-a/profil/")
    assert page.status_code == 200
    assert 'value="Kantor A"' in page.content.decode()
    with caplog.at_level(logging.INFO, logger="loket.offices"):
        response = client.post("/staf/kantor-a/profil/", PROFILE)
    assert response.status_code == 302
    assert response["Location"] == "/staf/kantor-a/profil/"
    office = Office.objects.get(pk=office_a.pk)
    assert office.name == "Dinas Kesehatan Kota Pontianak"
    assert office.phone == "+62561736541;ext=213"  # stored in E.164
    assert office.timezone == "Asia/Makassar"
    assert office.postal_code == "78111"
    assert office.city == "Pontianak"  # where its reports are signed
    assert office.website == "https://dinkes.pontianak.go.id"
    assert f"actor={alice.pk}" in caplog.text
    assert "fields=name,parent_name,address,postal_code,city,phone,email,website,timezone" in (
        caplog.text
    )


def test_the_profile_form_refuses_bad_values_and_keeps_the_office(client, alice, office_a):
    force_login_confirmed(client, alice)
    bad = {
        **PROFILE,
        "phone": "12345",
        "postal_code": "781",
        "timezone": "Europe/Paris",
        "name": "",
    }
    response = client.post("/staf/kantor-a/profil/", bad)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"phone", "postal_code", "timezone", "name"}
    assert "error-summary" in response.content.decode()
    assert Office.objects.get(pk=office_a.pk).name == "Kantor A"


def test_the_time_zone_choices_are_wib_wita_and_wit(client, alice):
    force_login_confirmed(client, alice)
    choices = [
        value
        for value, _label in client.get("/staf/kantor-a/profil/")
        .context["form"]
        .fields["timezone"]
        .choices
    ]
    assert choices == ["Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"]


def test_an_unchanged_profile_writes_nothing(alice, office_a, caplog):
    fields = {name: getattr(office_a, name) for name in services.PROFILE_FIELDS}
    # The factory's phone is written as dialled: the first save stores it in E.164.
    assert services.update_office_profile(office_a, actor=alice, **fields) == ["phone"]
    before = Office.objects.get(pk=office_a.pk).updated_at
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="loket.offices"):
        assert services.update_office_profile(office_a, actor=alice, **fields) == []
    assert Office.objects.get(pk=office_a.pk).updated_at == before
    assert "office profile changed" not in caplog.text


def test_the_service_validates_like_the_admin(alice, office_a):
    with pytest.raises(ValidationError):
        services.update_office_profile(office_a, actor=alice, timezone="Asia/Tokyo")
    with pytest.raises(ValueError, match="slug"):
        services.update_office_profile(office_a, actor=alice, slug="lain")


@pytest.mark.parametrize(
    ("user", "status"),
    [("carol", 404), ("bob", 403), ("consultant", 403), ("root", 200)],
)
def test_only_the_office_admin_or_system_admin_opens_the_profile(
    request, client, office_a, user, status
):
    if user == "root":
        person = UserFactory(username="root", is_superuser=True, is_staff=True)
    else:
        person = request.getfixturevalue(user)
    force_login_confirmed(client, person)
    assert client.get("/staf/kantor-a/profil/").status_code == status
    response = client.post("/staf/kantor-a/profil/", PROFILE)
    assert response.status_code == (302 if status == 200 else status)
    channel = ChannelFactory(office=office_a, kind=Channel.Kind.BOX, value="")
    add = client.post("/staf/kantor-a/profil/kanal/", {"kind": "email", "value": "a@b.go.id"})
    assert add.status_code == (302 if status == 200 else status)
    remove = client.post(f"/staf/kantor-a/profil/kanal/{channel.pk}/hapus/")
    assert remove.status_code == (302 if status == 200 else status)
    expected_name = PROFILE["name"] if status == 200 else "Kantor A"
    assert Office.objects.get(pk=office_a.pk).name == expected_name


def test_the_office_page_links_the_profile_for_its_admin_only(client, alice, bob):
    force_login_confirmed(client, alice)
    assert "/staf/kantor-a/profil/" in client.get("/staf/kantor-a/").content.decode()
    force_login_confirmed(client, bob)
    assert "/staf/kantor-a/profil/" not in client.get("/staf/kantor-a/").content.decode()


# --- Channels -------------------------------------------------------------------------------


def test_the_admin_publishes_a_whatsapp_channel_stored_in_e164(client, alice, office_a):
    force_login_confirmed(client, alice)
    response = client.post(
        "/staf/kantor-a/profil/kanal/", {"kind": "whatsapp", "value": "0812-3456-7890"}
    )
    assert response.status_code == 302
    channel = Channel.objects.get(office=office_a)
    assert (channel.kind, channel.value, channel.label) == (
        "whatsapp",
        "+6281234567890",
        "WhatsApp",
    )
    page = client.get("/staf/kantor-a/profil/").content.decode()
    assert "0812-3456-7890" in page
    # The kind is published once: it is no longer offered.
    assert 'value="whatsapp"' not in page
    assert "https://wa.me/6281234567890" in client.get("/instansi/kantor-a/").content.decode()


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("whatsapp", "(0561) 736541"),  # a landline is not a WhatsApp number
        ("phone", "12345"),
        ("fax", ""),
        ("email", "bukan-email"),
        ("email", ""),
    ],
)
def test_a_channel_with_a_bad_value_is_refused(client, alice, office_a, kind, value):
    force_login_confirmed(client, alice)
    response = client.post("/staf/kantor-a/profil/kanal/", {"kind": kind, "value": value})
    assert response.status_code == 200
    assert "value" in response.context["channel_form"].errors
    assert not Channel.objects.filter(office=office_a).exists()


def test_a_face_to_face_channel_needs_no_value_and_goes_last(client, alice, office_a):
    ChannelFactory(office=office_a, kind=Channel.Kind.EMAIL, position=4)
    force_login_confirmed(client, alice)
    response = client.post(
        "/staf/kantor-a/profil/kanal/",
        {"kind": "face_to_face", "value": "", "label": "Loket pengaduan, lantai 1"},
    )
    assert response.status_code == 302
    channel = Channel.objects.get(office=office_a, kind="face_to_face")
    assert (channel.label, channel.position) == ("Loket pengaduan, lantai 1", 5)


def test_a_kind_already_published_is_refused(client, alice, office_a):
    ChannelFactory(office=office_a, kind=Channel.Kind.EMAIL)
    force_login_confirmed(client, alice)
    response = client.post(
        "/staf/kantor-a/profil/kanal/", {"kind": "email", "value": "lain@contoh.go.id"}
    )
    assert response.status_code == 200
    assert "kind" in response.context["channel_form"].errors
    with pytest.raises(DomainError) as refused:
        services.add_channel(office_a, kind="email", value="lain@contoh.go.id")
    assert refused.value.code == "channel_kind_taken"
    assert Channel.objects.filter(office=office_a).count() == 1


def test_removing_a_channel_asks_first(client, alice, office_a):
    channel = ChannelFactory(office=office_a, kind=Channel.Kind.EMAIL)
    force_login_confirmed(client, alice)
    confirm = client.get(f"/staf/kantor-a/profil/kanal/{channel.pk}/hapus/")
    assert confirm.status_code == 200
    assert "pengaduan@contoh.go.id" in confirm.content.decode()
    assert Channel.objects.filter(pk=channel.pk).exists()  # a GET removes nothing
    response = client.post(f"/staf/kantor-a/profil/kanal/{channel.pk}/hapus/")
    assert response["Location"] == "/staf/kantor-a/profil/"
    assert not Channel.objects.filter(pk=channel.pk).exists()
    assert "pengaduan@contoh.go.id" not in client.get("/instansi/kantor-a/").content.decode()


def test_another_offices_channel_is_404(client, alice, office_b):
    channel = ChannelFactory(office=office_b, kind=Channel.Kind.EMAIL)
    force_login_confirmed(client, alice)
    assert client.get(f"/staf/kantor-a/profil/kanal/{channel.pk}/hapus/").status_code == 404
    assert client.post(f"/staf/kantor-a/profil/kanal/{channel.pk}/hapus/").status_code == 404
    assert Channel.objects.filter(pk=channel.pk).exists()


def test_the_profile_page_does_a_constant_number_of_queries(
    client, alice, office_a, django_assert_num_queries
):
    force_login_confirmed(client, alice)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/staf/kantor-a/profil/").status_code == 200
        return len(queries)

    few = count()
    for kind in ("email", "phone", "whatsapp", "box"):
        services.add_channel(
            office_a,
            kind=kind,
            value=""
            if kind == "box"
            else {"email": "a@b.go.id", "phone": "0561736541", "whatsapp": "081234567890"}[kind],
        )
    with django_assert_num_queries(few):
        assert client.get("/staf/kantor-a/profil/").status_code == 200


@pytest.mark.parametrize(
    ("zone", "name"),
    [
        ("Asia/Jakarta", "WIB"),
        ("Asia/Pontianak", "WIB"),
        ("Asia/Makassar", "WITA"),
        ("Asia/Jayapura", "WIT"),
    ],
)
def test_an_offices_zone_reads_as_people_name_it(zone, name):
    # Pages said "(Asia/Pontianak)" where people read WIB (the screenshots review).
    assert Office(timezone=zone).zone_name == name
