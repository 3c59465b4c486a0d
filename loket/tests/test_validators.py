"""Issue #11 section 2: phone numbers checked by Indonesia's numbering plan (libphonenumber)
and stored in E.164; NIK checked by its structure. One rule (loket/validators.py) for the
complaints', the visits', the offices' and the privacy forms and services; every example of
the issue is a test with its right value."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from loket import validators
from loket.complaints import forms as complaint_forms
from loket.complaints import staff_forms as complaint_staff_forms
from loket.visits import forms as visit_forms


def _refusal(number: str, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validators.parse_phone(number, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("written", "stored", "shown"),
    [
        # Mobiles as Indonesians write them.
        ("0812-3456-7890", "+6281234567890", "0812-3456-7890"),
        ("+62 812 3456 7890", "+6281234567890", "0812-3456-7890"),
        ("6281234567890", "+6281234567890", "0812-3456-7890"),
        ("081234567890", "+6281234567890", "0812-3456-7890"),
        ("0812 3456 7890", "+6281234567890", "0812-3456-7890"),
        ("0812.3456.7890", "+6281234567890", "0812-3456-7890"),
        ("0812 3456.7890", "+6281234567890", "0812-3456-7890"),
        ("+62 (812) 3456-7890", "+6281234567890", "0812-3456-7890"),
        # Issue: "+62 0812-3456-7890" was accepted and handed raw to the WhatsApp sender.
        ("+62 0812-3456-7890", "+6281234567890", "0812-3456-7890"),
        ("+62 815-1010-1771", "+6281510101771", "0815-1010-1771"),
        ("0811-5678-123", "+628115678123", "0811-5678-123"),
        # Landlines with their area codes.
        ("(0561) 123456", "+62561123456", "(0561) 123456"),
        ("0561 736541", "+62561736541", "(0561) 736541"),
        ("62561736541", "+62561736541", "(0561) 736541"),  # 62 first is the country code
        ("(021) 5794 2000", "+622157942000", "(021) 57942000"),
        # Issue: "(0385) 42042", a regional landline on a letterhead, was refused as too short.
        ("(0385) 42042", "+6238542042", "(0385) 42042"),
        # Extensions as offices print them.
        ("+62 561 736541 ext. 213", "+62561736541;ext=213", "(0561) 736541 ext. 213"),
        ("0561 736541 psw. 213", "+62561736541;ext=213", "(0561) 736541 ext. 213"),
        ("(0561) 736541 ext 213", "+62561736541;ext=213", "(0561) 736541 ext. 213"),
    ],
)
def test_a_number_is_stored_in_e164_and_shown_in_the_national_format(written, stored, shown):
    assert validators.e164(written) == stored
    assert validators.format_phone(stored) == shown
    assert validators.e164(stored) == stored  # the stored form is stable
    assert validators.e164(shown) == stored  # and so is what the page shows
    assert not validators.phone_needs_review(stored)


@pytest.mark.parametrize(
    ("number", "code", "message"),
    [
        ("08111", "short", "Nomor telepon terlalu pendek: setelah 0 atau +62 nomor ponsel"),
        ("021 123", "short", "terlalu pendek"),
        ("+62 8123", "short", "terlalu pendek"),
        ("0812345678901234", "long", "Nomor telepon terlalu panjang: setelah 0 atau +62"),
        ("0912 3456 7890", "invalid", "tidak ada dalam penomoran Indonesia"),
        ("0385 4204", "invalid", "periksa kode area atau awalan operatornya"),
        ("812345678", "prefix", "Awali nomor telepon dengan 0 atau +62"),
        ("+1 202 555 0100", "foreign", "Tulis nomor Indonesia"),
        ("0812 34ab 7890", "digits", "Tulis nomor telepon dengan angka"),
        ("0812+3456", "digits", "Tulis nomor telepon dengan angka"),
    ],
)
def test_an_impossible_number_is_refused_with_its_own_message(number, code, message):
    with translation.override("id"):
        refusal = _refusal(number)
        assert refusal.code == code
        assert message in " ".join(refusal.messages)


def test_whatsapp_and_sms_need_a_mobile_number():
    with translation.override("id"):
        refusal = _refusal("(0561) 736541", mobile=True)
    assert refusal.code == "not_mobile"
    assert "bukan nomor ponsel" in refusal.messages[0]
    assert validators.e164("0812-3456-7890", mobile=True) == "+6281234567890"


def test_the_messages_and_the_hint_have_english():
    with translation.override("en"):
        assert "too short" in _refusal("08111").messages[0]
        assert "9 to 12 digits" in _refusal("08111").messages[0]
        assert "too long" in _refusal("0812345678901234").messages[0]
        assert "not in the Indonesian numbering plan" in _refusal("0912 3456 7890").messages[0]
        assert "Start the phone number with 0 or +62" in _refusal("812345678").messages[0]
        assert "in digits" in _refusal("08x").messages[0]
        assert "not a mobile number" in _refusal("0561 736541", mobile=True).messages[0]
        assert str(validators.PHONE_HINT).startswith("An Indonesian number")


def test_links_are_built_from_the_stored_form():
    # Issue: wa.me/626281510101771 and tel:+6262561736541;ext=213 before.
    assert validators.whatsapp_href("+6281510101771") == "https://wa.me/6281510101771"
    assert validators.whatsapp_href("+62 815-1010-1771") == "https://wa.me/6281510101771"
    assert validators.phone_href("+62561736541;ext=213") == "tel:+62561736541;ext=213"
    assert validators.whatsapp_href("+62561736541") == ""  # a landline has no WhatsApp
    assert validators.phone_href("bukan nomor") == ""


def test_whatsapp_writes_a_number_as_its_e164_digits():
    # The Cloud API's `to` and the webhook's `wa_id`; "+62 0812..." was sent as "620812..." once.
    assert validators.whatsapp_id("+62 0812-3456-7890") == "6281234567890"
    assert validators.whatsapp_id("0812 3456 7890") == "6281234567890"
    assert validators.whatsapp_id("(0561) 736541") == ""  # a landline
    assert validators.whatsapp_id("") == ""


def test_a_number_that_does_not_parse_is_kept_and_flagged():
    assert validators.format_phone("0561-73 65") == "0561-73 65"
    assert validators.phone_needs_review("0561-73 65")
    assert validators.phone_needs_review("0812-3456-7890")  # valid but not yet in E.164
    assert not validators.phone_needs_review("")


def test_the_compact_form_and_the_search_variants():
    assert validators.normalize_phone("+62 (812) 3456-7890") == "+6281234567890"
    assert validators.normalize_phone("0561.736 541") == "0561736541"
    assert validators.normalize_phone("") == ""
    assert validators.phone_variants("+62 812-3456-7890") == {"081234567890", "+6281234567890"}
    assert validators.phone_variants("(0561) 736541 ext. 213") == {
        "0561736541ext213",
        "+62561736541;ext=213",
    }
    assert validators.phone_variants("08-11") == {"0811"}
    assert validators.phone_variants("") == set()


@given(
    st.sampled_from(["0812", "0813", "0821", "0852", "0857", "0878", "0896"]),
    st.text(alphabet="0123456789", min_size=7, max_size=8),
    st.sampled_from(["", " ", "-", "."]),
    st.sampled_from(["0", "+62 ", "62", "+62 0"]),
)
def test_every_mobile_number_is_one_stored_form_however_it_is_written(operator, rest, sep, prefix):
    digits = operator[1:] + rest
    grouped = sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))
    assert validators.e164(f"{prefix}{grouped}") == f"+62{digits}"


def test_the_phone_field_cleans_to_e164_and_shows_the_national_form():
    field = validators.PhoneField(required=False)
    assert field.clean("0812.3456.7890") == "+6281234567890"
    assert field.clean("") == ""
    assert field.prepare_value("+6281234567890") == "0812-3456-7890"
    with pytest.raises(ValidationError):
        validators.PhoneField(mobile=True).clean("(0561) 736541")


@pytest.mark.parametrize(
    ("nik", "code", "message"),
    [
        ("0000000000000000", "nik_province", "00 bukan kode provinsi"),
        ("9971010101900001", "nik_province", "99 bukan kode provinsi"),
        ("6171013201900001", "nik_birth_date", "320190 bukan tanggal"),  # day 32
        ("6171017201900001", "nik_birth_date", "720190 bukan tanggal"),  # a woman's day 32
        ("6171013102900001", "nik_birth_date", "310290 bukan tanggal"),  # 31 February
        ("6171012902010001", "nik_birth_date", "290201 bukan tanggal"),  # 29 Feb 1901/2001
        ("6171010101900000", "nik_serial", "tidak mungkin 0000"),
        ("617101", "nik_digits", "16 angka"),
        ("61710101019000AB", "nik_digits", "16 angka"),
    ],
)
def test_an_impossible_nik_says_what_is_wrong(nik, code, message):
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        validators.nik_validator(nik)
    assert caught.value.code == code
    assert message in caught.value.messages[0]


@pytest.mark.parametrize(
    "nik",
    [
        "6171010101900001",  # a man born 1 January 1990, Kota Pontianak
        "6171014101900001",  # a woman born 1 January 1990 (day + 40)
        "6171017101900001",  # a woman born 31 January 1990
        "6171012902000001",  # 29 February 2000
        "3171015202000001",  # Jakarta, a woman born 12 February 2000
        "9471011212120001",  # Papua Tengah (94), a province of 2022
    ],
)
def test_a_plausible_nik_passes(nik):
    validators.nik_validator(nik)


def test_every_app_uses_the_site_rule_and_states_it_in_the_hint():
    assert isinstance(complaint_forms.WhoForm.base_fields["phone"], validators.PhoneField)
    assert isinstance(complaint_staff_forms.IntakeForm.base_fields["phone"], validators.PhoneField)
    assert isinstance(visit_forms.BookingForm.base_fields["phone"], validators.PhoneField)
    assert validators.nik_validator in complaint_forms.WhoForm.base_fields["nik"].validators
    hint = str(validators.PHONE_HINT)
    assert hint in str(visit_forms.BookingForm.base_fields["phone"].help_text)
    assert hint in str(complaint_staff_forms.IntakeForm.base_fields["phone"].help_text)


def test_the_complaint_form_takes_a_landline_and_refuses_an_impossible_number():
    field = complaint_forms.WhoForm.base_fields["phone"]
    field.clean("(0385) 42042")
    with pytest.raises(ValidationError):
        field.clean("0912 3456 7890")


@pytest.mark.parametrize(
    "name",
    ["Budi http://hadiah.example", "Klik bit.ly/menang", "www.hadiah.com", "budi@contoh.id"],
)
def test_a_name_holding_an_address_is_refused(name):
    from loket.validators import person_name_validator

    with pytest.raises(ValidationError) as refused:
        person_name_validator(name)
    assert refused.value.code == "name_link"


def test_the_booking_form_refuses_a_phishing_name_before_any_mail_is_written():
    field = visit_forms.BookingForm.base_fields["name"]
    with pytest.raises(ValidationError) as refused:
        field.clean("Selamat! Ambil hadiah di https://hadiah-loket.example/klaim")
    assert [e.code for e in refused.value.error_list] == ["name_link"]
    assert field.clean("Siti Aminah") == "Siti Aminah"


@pytest.mark.parametrize("name", ["H. M. Yusuf, S.Sos.", "Dr.Siti Aminah", "Ni Luh Putu Ayu"])
def test_real_names_with_titles_and_dots_pass(name):
    from loket.validators import person_name_validator

    person_name_validator(name)


@pytest.mark.parametrize(
    ("nik", "words"),
    [
        ("9971010101900001", "99"),
        ("6171013201900001", "320190"),
        ("6171010101900000", "0000"),
        ("617101", "16"),
    ],
)
def test_an_impossible_nik_says_what_is_wrong_in_english_too(nik, words):
    with pytest.raises(ValidationError) as caught:
        validators.nik_validator(nik)
    with translation.override("en"):  # the message is lazy: read in the language wanted
        english = caught.value.messages[0]
    with translation.override("id"):
        indonesian = caught.value.messages[0]
    assert words in english
    assert english != indonesian
    assert "NIK" in english
