"""Pure parsers for the values a service standard states in words: durations ("15 Menit",
"3 Hari Kerja"), fees ("Rp 50.000,-") and complaint deadline classes ("Pengaduan ringan,
selambat-lambatnya 3 Jam;"). No database access."""

import re
import unicodedata

from django.utils.text import slugify

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


def parse_duration(text: str) -> tuple[int, str] | None:
    """The first "<number> <unit>" in `text` as (amount, unit), or None ("Sesuai Materi")."""
    match = _DURATION.search(text or "")
    if not match:
        return None
    word = re.sub(r"\s+", " ", match.group(2).lower())
    for pattern, unit in _UNITS:
        if re.fullmatch(pattern, word):
            return int(match.group(1)), unit
    return None  # pragma: no cover - the regex only matches listed units


_FREE = re.compile(r"tidak\s+dipungut|gratis|tanpa\s+biaya|bebas\s+biaya|rp\.?\s*0\b", re.I)
_RUPIAH = re.compile(r"rp\.?\s*([\d.]+(?:,\d+)?)", re.IGNORECASE)


def parse_fee_amount(text: str) -> int | None:
    """Rupiah amount of a fee text: 0 when free, the first "Rp" amount, else None.

    Indonesian writing uses "." for thousands and "," for decimals ("Rp 50.000,-").
    """
    if _FREE.search(text or ""):
        return 0
    match = _RUPIAH.search(text or "")
    if not match:
        return None
    whole = match.group(1).split(",")[0].replace(".", "")
    return int(whole) if whole.isdigit() else None


_CLASS = re.compile(
    r"^(?P<name>.+?)\s*,?\s*(?:selambat-lambatnya|paling\s+lama|maksimal|maksimum)\s+"
    r"(?P<amount>\d+)\s*(?P<unit>hari\s+kerja|jam|hari)\b",
    re.IGNORECASE,
)

# The four classes that recur across offices; other names get a slug of their own.
_KNOWN_CODES = [
    ("tidak berkadar pengawasan", "tidak_berkadar_pengawasan"),
    ("berkadar pengawasan", "berkadar_pengawasan"),
    ("normatif", "normatif"),
    ("ringan", "ringan"),
]


def class_code(name: str) -> str:
    folded = re.sub(r"\s+", " ", name.lower())
    for words, code in _KNOWN_CODES:
        if words in folded:
            return code
    base = re.sub(r"^pengaduan\s+(bersifat\s+)?", "", folded)
    return slugify(base).replace("-", "_")[:60] or "lainnya"


def parse_deadline_class(text: str) -> dict | None:
    """{"code", "name", "text", "amount", "unit", "calendar_days"} or None.

    Complaint deadlines are counted in hours or working days; a class stated in plain
    "hari" is read as working days and marked `calendar_days` so a person confirms it.
    """
    clean = text.strip()
    match = _CLASS.match(clean)
    if not match:
        return None
    unit_word = re.sub(r"\s+", " ", match.group("unit").lower())
    unit = {"jam": "hours", "hari kerja": "working_days", "hari": "working_days"}[unit_word]
    name = match.group("name").strip().rstrip(",")
    return {
        "code": class_code(name),
        "name": name,
        "text": clean,
        "amount": int(match.group("amount")),
        "unit": unit,
        "calendar_days": unit_word == "hari",
    }


def normalize(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form used to compare lines."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", folded).strip().rstrip(":").strip()


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", normalize(text))
