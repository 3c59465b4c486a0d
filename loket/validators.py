"""Validators of personal data shared by the web forms and the APIs of every app.

The messages are Indonesian msgids (English in loket/locale/en), one per mistake, each
saying what to write instead (GOV.UK error messages).

Phone numbers follow Indonesia's numbering plan as Google's libphonenumber knows it (the
`phonenumbers` package, issue #11): a number is checked by its length and prefix for its
area code or mobile operator, stored in E.164 (`+6281234567890`, an extension after
`;ext=`), shown in the national format (`0812-3456-7890`, `(0561) 736541 ext. 213`) and
turned into `tel:` and `wa.me` links from the stored form only."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

REGION = "ID"
COUNTRY_CODE = 62
# The prefixes Indonesians write a number with; anything else is refused ("812 ..." is most
# often a number with its 0 lost, and a bare local number has no area code).
PHONE_PREFIXES = ("+", "62", "0")
# Digits after the 0 (or +62): mobiles 08xx have 9 to 12 ("0812-345-678" to
# "0812-3456-78901"), landlines an area code of 2-3 digits and a subscriber number of 5-8.
MOBILE_DIGITS = (9, 12)
LANDLINE_DIGITS = (7, 11)
# The rule as a form hint states it, next to every phone field.
PHONE_HINT = _("Nomor Indonesia, diawali 0 atau +62, misalnya 0812-3456-7890 atau (0561) 736541.")
MOBILE_HINT = _("Nomor ponsel Indonesia, diawali 08 atau +62 8, misalnya 0812-3456-7890.")

# The extension as offices print it: "ext. 213", "ext 213", "psw. 213" (pesawat), "x213".
_EXTENSION = re.compile(
    r"\s*[,;]?\s*(?:ext(?:ension)?|pesawat|psw|pes|x)\.?\s*=?\s*(\d{1,6})\s*$", re.IGNORECASE
)
# What people write between the digits.
_SEPARATORS = re.compile(r"[\s().\-/]")

_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _refuse(message: Any, code: str, params: dict[str, Any] | None = None) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def parse_phone(value: str, *, mobile: bool = False) -> phonenumbers.PhoneNumber:
    """The Indonesian number `value` as people write it ("0812-3456-7890", "+62 812 3456
    7890", "6281234567890", "(0561) 736541 ext. 213", "+62 0812 ..."), checked against the
    numbering plan; `mobile` also requires a mobile number (WhatsApp, SMS).

    Raises ValidationError with one code per mistake: "digits" (letters or other signs),
    "prefix" (not 0, +62 or 62 first), "foreign" (another country's code), "short", "long",
    "invalid" (no such area code or operator prefix), "not_mobile"."""
    text = (value or "").strip()
    extension = ""
    found = _EXTENSION.search(text)
    if found:
        extension, text = found.group(1), text[: found.start()]
    compact = _SEPARATORS.sub("", text)
    if not re.fullmatch(r"\+?\d+", compact):
        raise _refuse(_("Tulis nomor telepon dengan angka, misalnya 0812-3456-7890."), "digits")
    if not compact.startswith(PHONE_PREFIXES):
        raise _refuse(
            _("Awali nomor telepon dengan 0 atau +62, misalnya 0812-3456-7890."), "prefix"
        )
    if compact.startswith("62"):
        compact = f"+{compact}"  # "62812..." is "+62812...", never a 062x area code
    try:
        number = phonenumbers.parse(compact, REGION)
    except NumberParseException as exc:
        raise _refuse(
            _("Nomor telepon terlalu pendek. Tulis nomor lengkap, misalnya 0812-3456-7890."),
            "short",
        ) from exc
    if number.country_code != COUNTRY_CODE:
        raise _refuse(
            _("Tulis nomor Indonesia: diawali 0 atau +62, misalnya 0812-3456-7890."), "foreign"
        )
    digits = phonenumbers.national_significant_number(number).lstrip("0")
    low, high = MOBILE_DIGITS if digits.startswith("8") else LANDLINE_DIGITS
    if len(digits) < low:
        raise _refuse(
            _(
                "Nomor telepon terlalu pendek: setelah 0 atau +62 nomor ponsel punya 9 sampai "
                "12 angka (0812-3456-7890), telepon kantor kode area dan nomornya "
                "((0561) 736541)."
            ),
            "short",
        )
    if len(digits) > high:
        raise _refuse(
            _(
                "Nomor telepon terlalu panjang: setelah 0 atau +62 nomor ponsel punya 9 sampai "
                "12 angka (0812-3456-7890), telepon kantor kode area dan nomornya "
                "((0561) 736541)."
            ),
            "long",
        )
    if not phonenumbers.is_valid_number(number):
        raise _refuse(
            _(
                "Nomor %(number)s tidak ada dalam penomoran Indonesia: periksa kode area atau "
                "awalan operatornya (ponsel diawali 08, misalnya 0812-3456-7890)."
            ),
            "invalid",
            {"number": value.strip()},
        )
    if mobile and phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise _refuse(
            _(
                "Nomor %(number)s bukan nomor ponsel. Untuk WhatsApp atau SMS tulis nomor "
                "ponsel, diawali 08, misalnya 0812-3456-7890."
            ),
            "not_mobile",
            {"number": value.strip()},
        )
    if extension:
        number.extension = extension
    return number


def _e164(number: phonenumbers.PhoneNumber) -> str:
    stored = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return f"{stored};ext={number.extension}" if number.extension else stored


def e164(value: str, *, mobile: bool = False) -> str:
    """The stored form of a valid number: E.164 with the extension after ";ext="
    ("0812-3456-7890" -> "+6281234567890", "(0561) 736541 ext. 213" ->
    "+62561736541;ext=213"). Raises ValidationError as `parse_phone`; "" stays ""."""
    if not (value or "").strip():
        return ""
    return _e164(parse_phone(value, mobile=mobile))


def normalize_phone(value: str) -> str:
    """The number without the spaces, dashes, dots and brackets people write between the
    digits ("+62 (812) 3456-7890" -> "+6281234567890", "0561.736 541" -> "0561736541");
    not checked. The stored form of a checked number is `e164`."""
    return _SEPARATORS.sub("", (value or "").strip())


def phone_variants(value: str) -> set[str]:
    """The forms a number `value` may be stored in, for an exact-match search: its E.164
    form and its national digits ("081234567890", a row stored before E.164) when it is
    valid, and the text without separators (a row kept as written)."""
    variants = {normalize_phone(value)}
    try:
        number = parse_phone(value)
    except ValidationError:
        return variants - {""}
    variants.add(_e164(number))
    if not number.extension:
        variants.add("0" + phonenumbers.national_significant_number(number))
    return variants - {""}


def phone_needs_review(value: str) -> bool:
    """Whether a stored number is not in its E.164 form (kept as written because it does
    not parse: an office should correct it)."""
    return bool(value) and e164_or_none(value) != value


def e164_or_none(value: str) -> str | None:
    try:
        return e164(value)
    except ValidationError:
        return None


def _stored(value: str) -> phonenumbers.PhoneNumber | None:
    try:
        return parse_phone(value)
    except ValidationError:
        return None


def format_phone(value: str) -> str:
    """A stored number as Indonesians read it ("+6281234567890" -> "0812-3456-7890",
    "+62561736541;ext=213" -> "(0561) 736541 ext. 213"); anything else unchanged."""
    number = _stored(value)
    if number is None:
        return value
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)


def phone_href(value: str) -> str:
    """A `tel:` link of a stored number ("tel:+62561736541;ext=213"); "" when it does not
    parse."""
    number = _stored(value)
    if number is None:
        return ""
    return f"tel:{_e164(number)}"


def whatsapp_id(value: str) -> str:
    """A mobile number as WhatsApp writes it (its `wa_id`, and the `to` of the Cloud API):
    the E.164 digits without the plus ("0812-3456-7890" -> "6281234567890"); "" when it is
    not a valid mobile number."""
    try:
        number = parse_phone(value, mobile=True)
    except ValidationError:
        return ""
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)[1:]


def whatsapp_href(value: str) -> str:
    """The `https://wa.me/<digits>` link of a mobile number (`whatsapp_id`); "" when it is
    not a valid mobile number."""
    digits = whatsapp_id(value)
    return f"https://wa.me/{digits}" if digits else ""


def phone_validator(value: str) -> None:
    """Any Indonesian number (mobile or landline with its area code); see `parse_phone`."""
    parse_phone(value)


def mobile_validator(value: str) -> None:
    """An Indonesian mobile number (WhatsApp, SMS); see `parse_phone`."""
    parse_phone(value, mobile=True)


class PhoneField(forms.CharField):
    """A form field that checks the number (`parse_phone`) and cleans it to its stored
    E.164 form; `mobile=True` for WhatsApp and SMS."""

    def __init__(self, *, mobile: bool = False, **kwargs: Any) -> None:
        self.mobile = mobile
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", MOBILE_HINT if mobile else PHONE_HINT)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return e164(value, mobile=self.mobile) if value else value

    def prepare_value(self, value: Any) -> Any:
        # A stored number reads as it is written in Indonesia when a form shows it again.
        return format_phone(value) if isinstance(value, str) and value.startswith("+") else value


# --- NIK (Nomor Induk Kependudukan) -----------------------------------------------------------

# Province codes of the official regional code list (Kepmendagri 100.1.1-6117/2022 and
# its updates; the first two digits of a NIK): the 38 provinces.
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
        "31", "32", "33", "34", "35", "36", "51", "52", "53",
        "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
        "81", "82", "91", "92", "93", "94", "95", "96",
    }
)  # fmt: skip
WOMEN_DAY_OFFSET = 40


def _birth_date_exists(day: int, month: int, yy: int) -> bool:
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
        except ValueError:
            continue
        return True
    return False


def nik_validator(value: str) -> None:
    """A NIK: 16 digits; digits 1-2 a province code of the official list; digits 7-12 the
    date of birth as DDMMYY, women's day plus 40; digits 13-16 a serial other than 0000.
    Each mistake gets a message saying which part is wrong."""
    nik = (value or "").strip()
    if not re.fullmatch(r"\d{16}", nik):
        raise _refuse(_("NIK terdiri atas 16 angka."), "nik_digits")
    if nik[:2] not in PROVINCE_CODES:
        raise _refuse(
            _("NIK diawali kode provinsi; %(code)s bukan kode provinsi. Periksa dua angka "
              "pertama."),
            "nik_province",
            {"code": nik[:2]},
        )  # fmt: skip
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > WOMEN_DAY_OFFSET:
        day -= WOMEN_DAY_OFFSET
    if not _birth_date_exists(day, month, yy):
        raise _refuse(
            _(
                "Angka ke-7 sampai ke-12 NIK adalah tanggal lahir (tanggal, bulan, tahun; tanggal "
                "perempuan ditambah 40); %(value)s bukan tanggal. Periksa angka-angka itu."
            ),
            "nik_birth_date",
            {"value": nik[6:12]},
        )
    if nik[12:] == "0000":
        raise _refuse(
            _("Empat angka terakhir NIK adalah nomor urut dan tidak mungkin 0000."), "nik_serial"
        )


def identity_number(value: str) -> str:
    """A KTP number (NIK, checked by `nik_validator`) or a civil servant's NIP (18 digits), as
    the guest book takes either; written with or without spaces, dots or dashes, returned as
    digits ("" for nothing). Raises ValidationError."""
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not digits:
        return ""
    if not digits.isdigit() or len(digits) not in (16, 18):
        raise _refuse(_("Tulis NIK (16 angka) atau NIP (18 angka)."), "identity_number")
    if len(digits) == 16:
        nik_validator(digits)
    return digits


# A web address or an e-mail address written as a name: "Hadiah! klik bit.ly/xyz", "www...",
# "nama@domain". Loket repeats the name in official mail to an address nobody verified, so a
# name is a person's name (issue 12, finding 7: a booking under a phishing URL).
_LINK_IN_NAME = re.compile(
    r"://|\bwww\.|@|\b[a-z0-9-]+\.(?:com|net|org|info|biz|xyz|top|site|online|link|click|"
    r"app|io|co|id|me|ly|gl|to|cc|tk)\b",
    re.IGNORECASE,
)


def person_name_validator(value: str) -> None:
    """Refuses a name holding a web or e-mail address (code "name_link"). Names with
    initials, titles and dots ("H. M. Yusuf, S.Sos.", "Dr.Siti") pass."""
    if _LINK_IN_NAME.search(value or ""):
        raise ValidationError(
            _("Tulis nama orang saja, tanpa alamat situs atau alamat e-mail."), code="name_link"
        )
