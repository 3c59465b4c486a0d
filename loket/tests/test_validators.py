"""The Indonesian phone-number rule and the NIK rule (loket/validators.py), the same on the
complaints' and the visits' forms and APIs: one message per mistake, each naming the rule."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from loket import validators
from loket.complaints import forms as complaint_forms
from loket.complaints import staff_forms as complaint_staff_forms
from loket.visits import forms as visit_forms


def _refusal(number: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validators.phone_validator(number)
    return caught.value


@pytest.mark.parametrize(
    "number",
    [
        "081234567890",
        "+6281234567890",
        "6281234567890",
        "0812 3456 7890",
        "0812-3456-7890",
        "+62 812-3456-7890",
        "(0561) 736541",
        "0561.736.541",
        "0812345678",  # 9 digits after 0: the shortest
        "08123456789012",  # 13 digits after 0: the longest
    ],
)
def test_an_indonesian_number_is_accepted_however_it_is_spaced(number):
    validators.phone_validator(number)


@pytest.mark.parametrize(
    ("number", "code", "message"),
    [
        ("08111", "short", "terlalu pendek: setelah 0 atau +62 harus ada 9 sampai 13"),
        ("+62 8123", "short", "Nomor telepon terlalu pendek"),
        ("0812345678901234", "long", "Nomor telepon terlalu panjang: setelah 0 atau +62 harus"),
        ("812345678", "prefix", "Awali nomor telepon dengan 0 atau +62"),
        ("+1 202 555 0100", "prefix", "Awali nomor telepon dengan 0 atau +62"),
        ("0812 34ab 7890", "digits", "Tulis nomor telepon dengan angka"),
        ("0812+3456", "digits", "Tulis nomor telepon dengan angka"),
    ],
)
def test_each_mistake_has_its_own_message(number, code, message):
    with translation.override("id"):
        refusal = _refusal(number)
        assert refusal.code == code
        assert message in " ".join(refusal.messages)


def test_the_messages_and_the_hint_have_english():
    with translation.override("en"):
        assert "too short" in _refusal("08111").messages[0]
        assert "9 to 13 digits" in _refusal("08111").messages[0]
        assert "too long" in _refusal("0812345678901234").messages[0]
        assert "Start the phone number with 0 or +62" in _refusal("812345678").messages[0]
        assert "in digits" in _refusal("08x").messages[0]
        assert str(validators.PHONE_HINT).startswith("An Indonesian number")


def test_the_normal_form_drops_what_is_written_between_the_digits():
    assert validators.normalize_phone("+62 (812) 3456-7890") == "+6281234567890"
    assert validators.normalize_phone("0561.736 541") == "0561736541"
    assert validators.normalize_phone("") == ""


@given(
    st.sampled_from(validators.PHONE_PREFIXES),
    st.text(alphabet="0123456789", min_size=9, max_size=13),
    st.sampled_from(["", " ", "-"]),
)
def test_every_number_of_the_rule_is_accepted_with_any_grouping(prefix, digits, sep):
    grouped = sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))
    validators.phone_validator(f"{prefix}{sep}{grouped}")


@pytest.mark.parametrize(("nik", "valid"), [("6171010101900001", True), ("617101", False)])
def test_a_nik_is_16_digits(nik, valid):
    if valid:
        validators.nik_validator(nik)
    else:
        with pytest.raises(ValidationError):
            validators.nik_validator(nik)
    with pytest.raises(ValidationError):
        validators.nik_validator("61710101019000AB")


def test_both_apps_use_the_site_rule_and_state_it_in_the_hint():
    assert validators.phone_validator in complaint_forms.WhoForm.base_fields["phone"].validators
    assert visit_forms.phone_validator is validators.phone_validator
    assert validators.nik_validator in complaint_forms.WhoForm.base_fields["nik"].validators
    hint = str(validators.PHONE_HINT)
    assert hint in str(visit_forms.BookingForm.base_fields["phone"].help_text)
    assert hint in str(complaint_staff_forms.IntakeForm.base_fields["phone"].help_text)
