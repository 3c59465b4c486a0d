"""Pure parsers for the values a service standard states in words: durations ("15 Menit",
"5 (lima) hari kerja", "lima hari"), fees ("Rp 50.000,-", tiers "Umum : Rp. 0,-") and complaint
deadline classes ("Pengaduan ringan, paling lama 3 (tiga) hari kerja"). No database access.

Offices write numbers in digits, in words, or both ("5 (lima)"); `with_digits` turns every
form into digits first, so each parser below reads one form only.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TypedDict

from django.utils.text import slugify

# --- Numbers written in Indonesian words ------------------------------------------------

_ONES = {
    "satu": 1,
    "se": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_SPECIAL = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
_WORD = (
    r"(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus"
    r"|belas|puluh|ratus)"
)
_NUMBER_WORDS = re.compile(rf"\b{_WORD}(?:\s+{_WORD})*\b", re.IGNORECASE)


def words_to_number(text: str) -> int | None:
    """ "lima" -> 5, "dua belas" -> 12, "enam puluh" -> 60, "seratus dua puluh" -> 120;
    None when `text` is not a number in words."""
    total, current = 0, 0
    parts = text.lower().split()
    if not parts:
        return None
    for part in parts:
        if part in _SPECIAL:
            value = _SPECIAL[part]
            if value == 100:
                total += 100
            else:
                current += value
        elif part in _ONES and part != "se":
            current += _ONES[part]
        elif part in ("belas", "puluh", "ratus"):
            if not 0 < current < 10:
                return None
            if part == "belas":
                current += 10
            elif part == "puluh":
                current *= 10
            else:
                total += current * 100
                current = 0
        else:
            return None
    return total + current


_DIGITS_AND_WORDS = re.compile(r"(\d+)\s*\(\s*([a-z ]+?)\s*\)", re.IGNORECASE)


def with_digits(text: str) -> str:
    """`text` with every number in digits: "5 (lima) hari" -> "5 hari", "lima hari" -> "5 hari".

    When digits and words disagree ("5 (tiga)") the digits are kept; `number_conflicts` tells
    the importer so a person can check.
    """
    text = _DIGITS_AND_WORDS.sub(lambda m: m.group(1), text or "")

    def replace(match: re.Match[str]) -> str:
        value = words_to_number(match.group(0))
        return str(value) if value else match.group(0)

    return _NUMBER_WORDS.sub(replace, text)


def number_conflicts(text: str) -> list[tuple[str, str]]:
    """Every "<digits> (<words>)" of `text` whose words say another number."""
    conflicts = []
    for match in _DIGITS_AND_WORDS.finditer(text or ""):
        value = words_to_number(match.group(2))
        if value is not None and value != int(match.group(1)):
            conflicts.append((match.group(1), match.group(2)))
    return conflicts


# --- Durations --------------------------------------------------------------------------

# Indonesian unit words, longest first so "hari kerja" wins over "hari".
_UNITS = [
    (r"hari\s+kerja", "working_days"),
    (r"menit", "minutes"),
    (r"jam", "hours"),
    (r"hari", "days"),
]
_DURATION = re.compile(
    r"(\d+)\s*(" + "|".join(pattern for pattern, _ in _UNITS) + r")\b", re.IGNORECASE
)
_TIMES_24 = re.compile(r"(\d+)\s*[x×]\s*24\s*jam\b", re.IGNORECASE)


def parse_duration(text: str) -> tuple[int, str] | None:
    """The first "<number> <unit>" in `text` as (amount, unit), or None ("Sesuai Materi").
    Numbers may be words ("lima hari kerja"); "1 x 24 jam" is 24 hours."""
    clean = with_digits(text)
    times = _TIMES_24.search(clean)
    if times:
        return int(times.group(1)) * 24, "hours"
    match = _DURATION.search(clean)
    if not match:
        return None
    word = re.sub(r"\s+", " ", match.group(2).lower())
    for pattern, unit in _UNITS:
        if re.fullmatch(pattern, word):
            return int(match.group(1)), unit
    return None  # pragma: no cover - the regex only matches listed units


# --- Fees -------------------------------------------------------------------------------

_FREE = re.compile(r"tidak\s+dipungut|gratis|tanpa\s+biaya|bebas\s+biaya|rp\.?\s*0\b", re.I)
_RUPIAH = re.compile(r"rp\.?\s*([\d.]+(?:,\d+)?)", re.IGNORECASE)
_TIER = re.compile(
    r"^(?:[-•*]\s*)?(?:(?:\d{1,2}|[a-z])[.)]\s+)?(?P<name>[^:]{1,80}?)\s*:\s*(?P<text>.*rp.*)$",
    re.IGNORECASE,
)


def rupiah(text: str) -> int | None:
    """The first "Rp" amount of `text` ("Rp. 10.000,-" -> 10000), else None."""
    match = _RUPIAH.search(text or "")
    if not match:
        return None
    whole = match.group(1).split(",")[0].replace(".", "")
    return int(whole) if whole.isdigit() else None


def parse_fee_amount(text: str) -> int | None:
    """Rupiah amount of a fee text: 0 when free, the first "Rp" amount, else None.

    Indonesian writing uses "." for thousands and "," for decimals ("Rp 50.000,-").
    """
    if _FREE.search(text or ""):
        return 0
    return rupiah(text)


class FeeTier(TypedDict):
    name: str
    text: str
    amount: int | None


def parse_fee_tiers(lines: list[str]) -> list[FeeTier]:
    """Fee tiers when the fee is stated as two or more "<who> : Rp ..." lines ("Umum : Rp. 0,-",
    "Terlambat : Rp. 10.000,-"); else an empty list (one fee for everyone)."""
    tiers: list[FeeTier] = []
    for line in lines:
        match = _TIER.match(line.strip())
        if not match:
            return []
        text = match.group("text").strip()
        tiers.append({"name": match.group("name").strip(), "text": text, "amount": rupiah(text)})
    return tiers if len(tiers) >= 2 else []


# --- Complaint deadline classes -----------------------------------------------------------

# The verbs offices write before a complaint deadline.
DEADLINE_VERBS = (
    "selambat-lambatnya",
    "selambat lambatnya",
    "paling lama",
    "paling lambat",
    "maksimal",
    "maksimum",
    "dalam jangka waktu",
    "dalam waktu",
    "selama",
)
_CLASS = re.compile(
    r"^(?P<name>.+?)\s*[,:;\-–]?\s*(?:(?:"
    + "|".join(re.escape(verb).replace(r"\ ", r"\s+") for verb in DEADLINE_VERBS)
    + r")\s+)?(?P<amount>\d+)\s*(?P<x24>[x×]\s*24\s*)?(?P<unit>hari\s+kerja|jam|hari)\b",
    re.IGNORECASE,
)

# The four classes that recur across offices; other names get a slug of their own.
_KNOWN_CODES = [
    ("tidak berkadar pengawasan", "tidak_berkadar_pengawasan"),
    ("berkadar pengawasan", "berkadar_pengawasan"),
    ("normatif", "normatif"),
    ("normative", "normatif"),
    ("ringan", "ringan"),
]


def class_code(name: str) -> str:
    folded = re.sub(r"\s+", " ", name.lower())
    for words_, code in _KNOWN_CODES:
        if words_ in folded:
            return code
    base = re.sub(r"^pengaduan\s+(bersifat\s+)?", "", folded)
    return slugify(base).replace("-", "_")[:60] or "lainnya"


class ParsedClass(TypedDict):
    code: str
    name: str
    text: str
    amount: int
    unit: str
    calendar_days: bool


def parse_deadline_class(text: str) -> ParsedClass | None:
    """{"code", "name", "text", "amount", "unit", "calendar_days"} or None.

    Complaint deadlines are counted in hours or working days; a class stated in plain
    "hari" is read as that many days, kept as working days and marked `calendar_days` so a
    person confirms which it is.
    """
    clean = text.strip()
    match = _CLASS.match(with_digits(clean))
    if not match:
        return None
    unit_word = re.sub(r"\s+", " ", match.group("unit").lower())
    amount = int(match.group("amount"))
    if match.group("x24"):
        if unit_word != "jam":
            return None
        amount, unit_word = amount * 24, "jam"
    unit = {"jam": "hours", "hari kerja": "working_days", "hari": "working_days"}[unit_word]
    name = match.group("name").strip().rstrip(",;:-– ")
    if not name or amount <= 0:
        return None
    return {
        "code": class_code(name),
        "name": name,
        "text": clean,
        "amount": amount,
        "unit": unit,
        "calendar_days": unit_word == "hari",
    }


# --- Text comparison ------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form used to compare lines."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", folded).strip().rstrip(":").strip()


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", normalize(text))
