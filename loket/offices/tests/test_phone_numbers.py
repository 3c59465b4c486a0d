"""Issue #11 section 2 for the offices: the office's phone and its phone, fax and WhatsApp
channels are checked by the numbering plan, stored in E.164, shown in the national format,
linked from the stored form, and the numbers already stored are migrated."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from loket.offices import services
from loket.offices.admin import OfficeForm
from loket.offices.models import Channel, Office
from loket.offices.tests.factories import ChannelFactory, OfficeFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("loket.offices.migrations.0002_office_phones_in_e164")


def test_a_whatsapp_channel_written_with_62_and_0_links_to_the_right_number():
    # Issue: "+62 815-1010-1771" gave https://wa.me/626281510101771.
    channel = ChannelFactory(kind=Channel.Kind.WHATSAPP, value="+62 815-1010-1771")
    assert channel.href == "https://wa.me/6281510101771"
    channel.full_clean()
    assert channel.value == "+6281510101771"
    assert channel.display_value == "0815-1010-1771"


def test_a_phone_channel_with_an_extension_links_with_it():
    # Issue: "+62 561 736541 ext. 213" gave tel:+6262561736541;ext=213.
    channel = ChannelFactory(kind=Channel.Kind.PHONE, value="+62 561 736541 ext. 213")
    assert channel.href == "tel:+62561736541;ext=213"
    channel.full_clean()
    assert channel.value == "+62561736541;ext=213"
    assert channel.display_value == "(0561) 736541 ext. 213"
    assert channel.href == "tel:+62561736541;ext=213"


def test_a_whatsapp_channel_needs_a_mobile_number_and_a_phone_a_real_one():
    whatsapp = ChannelFactory(kind=Channel.Kind.WHATSAPP, value="(0561) 736541")
    with pytest.raises(ValidationError) as caught:
        whatsapp.full_clean()
    assert "bukan nomor ponsel" in caught.value.message_dict["value"][0]
    assert whatsapp.href == ""
    phone = ChannelFactory(kind=Channel.Kind.FAX, value="0912 3456 7890")
    with pytest.raises(ValidationError) as caught:
        phone.full_clean()
    assert "tidak ada dalam penomoran Indonesia" in caught.value.message_dict["value"][0]
    email = ChannelFactory(kind=Channel.Kind.EMAIL, value="pengaduan@contoh.go.id")
    email.full_clean()  # not a number: left alone
    assert email.value == "pengaduan@contoh.go.id"


def test_the_admin_form_stores_the_office_phone_in_e164_and_refuses_an_impossible_one():
    data = {
        "slug": "dinas-contoh",
        "name": "Dinas Contoh",
        "phone": "(0385) 42042",
        "email": "dinas@contoh.go.id",
        "timezone": "Asia/Jakarta",
    }
    form = OfficeForm(data)
    assert form.is_valid(), form.errors
    office = form.save()
    assert office.phone == "+6238542042"
    assert office.phone_display == "(0385) 42042"
    assert office.phone_href == "tel:+6238542042"
    assert 'value="(0385) 42042"' in str(OfficeForm(instance=office)["phone"])
    refused = OfficeForm({**data, "slug": "lain", "phone": "0385 4204"})
    assert not refused.is_valid()
    assert "tidak ada dalam penomoran Indonesia" in refused.errors["phone"][0]


def test_the_services_store_valid_numbers_in_e164_and_keep_the_rest_flagged():
    office = services.save_office("dinas-contoh", name="Dinas Contoh", phone="0561-736541")
    assert office.phone == "+62561736541"
    assert not office.phone_needs_review
    odd = services.save_office("dinas-lain", name="Dinas Lain", phone="0561-73 65")
    assert odd.phone == "0561-73 65"
    assert odd.phone_needs_review
    channel = services.save_channel(
        office, Channel.Kind.WHATSAPP, label="WA", value="0816 4911 2053"
    )
    assert channel.value == "+6281649112053"
    created = services.create_office(slug="dinas-baru", name="Dinas Baru", phone="(0561) 123456")
    assert created.phone == "+62561123456"


def test_the_office_page_shows_the_national_format_and_links_the_stored_number(client):
    office = OfficeFactory(slug="dinas-contoh", phone="+62561736541;ext=213")
    ChannelFactory(office=office, kind=Channel.Kind.WHATSAPP, value="+6281510101771")
    html = client.get("/instansi/dinas-contoh/").content.decode()
    assert '<a href="tel:+62561736541;ext=213">(0561) 736541 ext. 213</a>' in html
    assert '<a href="https://wa.me/6281510101771">0815-1010-1771</a>' in html


def test_the_migration_stores_existing_numbers_in_e164_and_keeps_what_does_not_parse():
    office = OfficeFactory(phone="(0561) 736541")
    odd = OfficeFactory(phone="telp. kantor")
    whatsapp = ChannelFactory(office=office, kind=Channel.Kind.WHATSAPP, value="+62 815-1010-1771")
    phone = ChannelFactory(office=office, kind=Channel.Kind.PHONE, value="+62 561 736541 ext. 213")
    fax = ChannelFactory(office=office, kind=Channel.Kind.FAX, value="lihat situs")
    web = ChannelFactory(office=office, kind=Channel.Kind.LAPOR, value="www.lapor.go.id")
    migration.to_e164(apps, None)
    assert Office.objects.get(pk=office.pk).phone == "+62561736541"
    assert Office.objects.get(pk=odd.pk).phone == "telp. kantor"
    assert Office.objects.get(pk=odd.pk).phone_needs_review
    values = dict(Channel.objects.values_list("pk", "value"))
    assert values[whatsapp.pk] == "+6281510101771"
    assert values[phone.pk] == "+62561736541;ext=213"
    assert values[fax.pk] == "lihat situs"
    assert Channel.objects.get(pk=fax.pk).value_needs_review
    assert values[web.pk] == "www.lapor.go.id"
    migration.to_e164(apps, None)  # a second run changes nothing
    assert Office.objects.get(pk=office.pk).phone == "+62561736541"
