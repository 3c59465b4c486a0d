"""Read a service standard in the text layout of the national catalogue SIPPN.

Such a text is an office header (name, address with postal code and phone, e-mail,
"Parent / Office"), the service name, "No. SK :", then headed sections: Persyaratan; Sistem,
Mekanisme dan Prosedur; Waktu Penyelesaian; Biaya / Tarif; Produk Pelayanan; Pengaduan Layanan
(channels, "Alur Penanganan Pengaduan", "Jangka Waktu Penyelesaian Pengaduan"), and
optionally the eight management components of PermenPANRB 15/2014.

Real texts are copied from PDFs and web pages, so the parser copes with the page header
repeated mid-text, a postal code printed twice ("78124 78124"), bullets written "- 1)",
items wrapped over several lines and the complaint flow repeated as one run-on line (the
caption of a flow chart). Whatever it cannot place is reported, never dropped, and values
that look wrong (an e-mail outside .go.id) are flagged for a person to confirm, never
corrected. `parse()` is pure; `import_standard()` writes one draft in one transaction.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from loket.offices.models import Office

from . import services
from .models import Service, Standard
from .parsing import normalize, parse_deadline_class, parse_fee_amount, words


class ImportFailed(Exception):
    """The file is not a service standard in the SIPPN layout; nothing was written."""


MAX_BYTES = 512 * 1024

# Section headings (normalized) -> section key. Order in the text does not matter.
HEADINGS = {
    "persyaratan": "requirements",
    "persyaratan pelayanan": "requirements",
    "sistem, mekanisme dan prosedur": "procedure",
    "sistem, mekanisme, dan prosedur": "procedure",
    "prosedur": "procedure",
    "waktu penyelesaian": "times",
    "jangka waktu pelayanan": "times",
    "jangka waktu penyelesaian": "times",
    "biaya / tarif": "fee",
    "biaya/tarif": "fee",
    "biaya": "fee",
    "produk pelayanan": "products",
    "pengaduan layanan": "complaints",
    "penanganan pengaduan, saran dan masukan": "complaints",
    "pengaduan dapat dilakukan melalui": "complaint_channels",
    "alur penanganan pengaduan": "complaint_flow",
    "jangka waktu penyelesaian pengaduan": "complaint_classes",
    "dasar hukum": "legal_basis",
    "sarana, prasarana dan/atau fasilitas": "facilities",
    "sarana dan prasarana": "facilities",
    "kompetensi pelaksana": "staff_competence",
    "pengawasan internal": "internal_supervision",
    "jumlah pelaksana": "staff_count",
    "jaminan pelayanan": "service_guarantee",
    "jaminan keamanan dan keselamatan pelayanan": "security_guarantee",
    "evaluasi kinerja pelaksana": "performance_evaluation",
}
LIST_SECTIONS = {
    "requirements",
    "procedure",
    "products",
    "complaint_channels",
    "complaint_flow",
    "complaint_classes",
}
TEXT_SECTIONS = {
    "legal_basis",
    "facilities",
    "staff_competence",
    "internal_supervision",
    "staff_count",
    "service_guarantee",
    "security_guarantee",
    "performance_evaluation",
}

_ITEM = re.compile(r"^(?:-\s*)?(?P<label>\d{1,2}|[a-zA-Z])[.)]\s+(?P<text>\S.*)$")
_BULLET = re.compile(r"^[-•*]\s+(?P<text>\S.*)$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SK = re.compile(r"^no\.?\s*sk\s*:?\s*(?P<value>.*)$", re.IGNORECASE)
_ADDRESS_TAIL = re.compile(
    r"^(?P<address>.*?)\s+(?P<postal>\d{5})(?:\s+(?P<again>\d{5}))?"
    r"(?:\s+(?P<phone>[+\d][\d ()./-]{5,}))?$"
)
_LABELLED = re.compile(r"^(?P<label>[^:]{1,40}?)\s*:\s*(?P<value>.*)$")


@dataclass
class ParsedStandard:
    office_name: str
    parent_name: str
    address: str
    postal_code: str
    phone: str
    email: str
    service_name: str
    decree_number: str
    fields: dict
    unplaced: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sha256: str = ""

    @property
    def header(self) -> dict:
        return {
            "office_name": self.office_name,
            "parent_name": self.parent_name,
            "address": self.address,
            "postal_code": self.postal_code,
            "phone": self.phone,
            "email": self.email,
        }


def decode(data: bytes) -> str:
    """UTF-8 text, or ImportFailed for empty, oversized or binary input."""
    if len(data) > MAX_BYTES:
        raise ImportFailed(f"The file is larger than {MAX_BYTES // 1024} KB.")
    if not data.strip():
        raise ImportFailed("The file is empty.")
    if b"\x00" in data or data.startswith(b"%PDF-"):
        raise ImportFailed("The file is binary, not text; export the standard as plain text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows tools still save Latin-1/CP1252; anything with control bytes is binary.
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls or "\ufffd" in text:
        raise ImportFailed("The file is binary, not text; export the standard as plain text.")
    return text


def _lines(text: str) -> list[str]:
    out = []
    for raw in text.replace("\u00a0", " ").splitlines():
        line = re.sub(r"[ \t]+", " ", raw).strip()
        if line:
            out.append(line)
    return out


def _heading(line: str) -> str | None:
    key = normalize(line)
    key = re.sub(r"\s*/\s*", " / ", key).replace("biaya / tarif", "biaya / tarif")
    return HEADINGS.get(key) or HEADINGS.get(key.replace(" / ", "/"))


def _split_header(lines: list[str]) -> tuple[list[str], int]:
    """The office header block and the index of the line that follows it.

    The header ends with "Parent / Office name" (the first line repeated after a slash).
    """
    office = normalize(lines[0])
    for index, line in enumerate(lines[:12]):
        if "/" in line and normalize(line.rsplit("/", 1)[1]) == office and index > 0:
            return lines[: index + 1], index + 1
    raise ImportFailed(
        "No office header found: the text does not start with the office name and end the "
        "header with a 'Parent / Office' line, as SIPPN prints it."
    )


def _drop_repeated_headers(body: list[str], header: list[str]) -> tuple[list[str], int]:
    """Remove the page header wherever a new page repeated it: from a line with the office's
    name to the "Parent / Office" line a few lines below, even when the lines between differ
    from the first page (an address wrapped elsewhere, a second e-mail)."""
    first, last = normalize(header[0]), normalize(header[-1])
    reach = len(header) + 4
    out: list[str] = []
    index = removed = 0
    while index < len(body):
        if normalize(body[index]) == first:
            end = next(
                (
                    j
                    for j in range(index + 1, min(index + reach, len(body)))
                    if normalize(body[j]) == last
                ),
                None,
            )
            if end is not None:
                index = end + 1
                removed += 1
                continue
        out.append(body[index])
        index += 1
    return out, removed


def _parse_header(
    header: list[str], parsed: dict, warnings: list[str], notes: list[str], unplaced: list[str]
):
    parsed["office_name"] = header[0]
    parent, _slash, _office = header[-1].rpartition("/")
    parsed["parent_name"] = parent.strip()
    middle = header[1:-1]
    emails = [line for line in middle if _EMAIL.fullmatch(line)]
    parsed["email"] = emails[0] if emails else ""
    unplaced.extend(emails[1:])  # one e-mail per office; a second one is for a person to place
    address_text = " ".join(line for line in middle if line not in emails)
    match = _ADDRESS_TAIL.match(address_text)
    if match:
        parsed["address"] = match.group("address").rstrip(",").strip()
        parsed["postal_code"] = match.group("postal")
        parsed["phone"] = (match.group("phone") or "").strip()
        if match.group("again"):
            if match.group("again") == match.group("postal"):
                notes.append(
                    f"Kode pos tertulis dua kali ({match.group('postal')} "
                    f"{match.group('again')}); dibaca sekali."
                )
            else:
                warnings.append(
                    f"Dua kode pos berbeda di kepala surat: {match.group('postal')} dan "
                    f"{match.group('again')}; yang pertama dipakai."
                )
    else:
        parsed["address"], parsed["postal_code"], parsed["phone"] = address_text, "", ""
    if parsed["email"]:
        _check_email(parsed["email"], "e-mail instansi di kepala surat", warnings)


def _check_email(address: str, where: str, warnings: list[str]) -> None:
    domain = address.rsplit("@", 1)[1].lower()
    if domain.endswith(".go.id"):
        return
    hint = " (mungkin maksudnya .go.id?)" if domain.endswith(".g.id") else ""
    warnings.append(
        f"Periksa {where}: {address} bukan domain pemerintah .go.id{hint}. "
        "Nilai disimpan apa adanya."
    )


def _is_run_on_flow(text: str, steps: list[str], vocabulary: set[str]) -> bool:
    """True when `text` is the flow `steps` written again as one line (a chart's caption):
    nearly all its words are the flow's words and it is about as long as the steps' first
    lines together."""
    if len(steps) < 2:
        return False
    line_words = words(text)
    if len(line_words) < len(words(" ".join(steps))) * 0.6:
        return False
    inside = sum(1 for w in line_words if w in vocabulary)
    return inside >= 0.9 * len(line_words)


def parse(data: bytes | str) -> ParsedStandard:
    """Parse one SIPPN text; raise ImportFailed for anything that is not one."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    text = decode(raw)
    lines = _lines(text)
    sk_index = next((i for i, line in enumerate(lines) if _SK.match(line)), None)
    if sk_index is None or not any(_heading(line) == "requirements" for line in lines):
        raise ImportFailed(
            "This is not a service standard in the SIPPN layout: it has no 'No. SK' line "
            "or no 'Persyaratan' section."
        )
    header, after_header = _split_header(lines)
    if after_header >= sk_index:
        raise ImportFailed("No service name between the office header and 'No. SK'.")
    warnings: list[str] = []
    notes: list[str] = []
    unplaced: list[str] = []
    head: dict = {}
    _parse_header(header, head, warnings, notes, unplaced)
    service_name = " ".join(lines[after_header:sk_index])
    decree_number = _SK.match(lines[sk_index]).group("value").strip()

    body, repeats = _drop_repeated_headers(lines[sk_index + 1 :], header)
    if repeats:
        notes.append(f"Kepala halaman yang berulang dilewati ({repeats} kali).")

    items: dict[str, list[dict]] = {key: [] for key in LIST_SECTIONS}
    texts: dict[str, list[str]] = {key: [] for key in TEXT_SECTIONS | {"fee", "times"}}
    fields: dict = {"complaint_intro": ""}
    section: str | None = None
    for line in body:
        key = _heading(line)
        if key:
            section = key
            if key == "complaint_channels":
                fields["complaint_intro"] = line
            continue
        if section is None or section == "complaints":
            unplaced.append(line)
            continue
        if section in LIST_SECTIONS:
            item = _ITEM.match(line)
            bullet = _BULLET.match(line)
            if item:
                items[section].append(
                    {"label": item.group("label"), "text": item.group("text").strip(), "more": []}
                )
            elif bullet:
                items[section].append(
                    {"label": "", "text": bullet.group("text").strip(), "more": []}
                )
            elif items[section]:
                # a wrapped line continues the item above it (joined once the flow is known)
                items[section][-1]["more"].append(line)
            else:
                unplaced.append(line)
            continue
        texts[section].append(line)

    # The flow chart's caption repeats the numbered flow as one line: as a bullet of its own,
    # or unbulleted right after the last item of a list (where it reads as a wrapped line).
    steps = [row for row in items["complaint_flow"] if row["label"]]
    vocabulary = {w for row in steps for w in words(" ".join([row["text"], *row["more"]]))}

    def skip_run_on(text: str) -> bool:
        if _is_run_on_flow(text, [row["text"] for row in steps], vocabulary):
            notes.append(
                f"Baris alur pengaduan yang diulang sebagai satu baris dilewati: '{text[:60]}...'"
            )
            return True
        return False

    for key in LIST_SECTIONS:
        kept = []
        for row in items[key]:
            if not row["label"] and skip_run_on(row["text"]):
                continue
            more = row["more"]
            if more and skip_run_on(" ".join(more)):
                more = []
            kept.append({"label": row["label"], "text": " ".join([row["text"], *more])})
        items[key] = kept

    fields["requirements"] = [row["text"] for row in items["requirements"]]
    fields["procedure"] = [
        {"label": row["label"], "text": row["text"]} for row in items["procedure"]
    ]
    fields["products"] = [row["text"] for row in items["products"]]
    fields["complaint_channels"] = [row["text"] for row in items["complaint_channels"]]
    fields["complaint_flow"] = [row["text"] for row in items["complaint_flow"]]
    classes = []
    for row in items["complaint_classes"]:
        parsed_class = parse_deadline_class(row["text"])
        if parsed_class is None:
            unplaced.append(row["text"])
            continue
        if parsed_class.pop("calendar_days"):
            warnings.append(
                f"Periksa jangka waktu pengaduan '{parsed_class['text']}': tertulis 'hari', "
                "dibaca sebagai hari kerja."
            )
        classes.append(parsed_class)
    codes = [row["code"] for row in classes]
    for code in {c for c in codes if codes.count(c) > 1}:
        warnings.append(f"Klasifikasi pengaduan ganda: {code}; beri kode berbeda.")
        for number, row in enumerate(r for r in classes if r["code"] == code):
            row["code"] = f"{code}_{number + 1}" if number else code
    fields["complaint_classes"] = classes
    for row in fields["complaint_channels"]:
        for address in _EMAIL.findall(row):
            _check_email(address, "e-mail saluran pengaduan", warnings)

    _parse_times(texts["times"], fields, unplaced)
    _parse_fee(texts["fee"], fields)
    for key in TEXT_SECTIONS:
        if texts[key]:
            fields[key] = "\n".join(texts[key])

    if not fields["requirements"]:
        warnings.append("Bagian Persyaratan kosong.")
    return ParsedStandard(
        office_name=head["office_name"],
        parent_name=head["parent_name"],
        address=head["address"],
        postal_code=head["postal_code"],
        phone=head["phone"],
        email=head["email"],
        service_name=service_name,
        decree_number=decree_number,
        fields=fields,
        unplaced=unplaced,
        warnings=warnings,
        notes=notes,
        sha256=hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest(),
    )


_TIME_LABELS = {"administrasi": "administration_time_text", "konsultasi": "consultation_time_text"}


def _parse_times(lines: list[str], fields: dict, unplaced: list[str]) -> None:
    found: dict[str, str] = {}
    for line in lines:
        labelled = _LABELLED.match(line)
        if labelled:
            target = _TIME_LABELS.get(normalize(labelled.group("label")))
            if target and target not in found:
                found[target] = labelled.group("value").strip()
                continue
            unplaced.append(line)
        elif "completion_time_text" not in found:
            found["completion_time_text"] = line
        else:
            unplaced.append(line)
    # The text states the times in full: a time it leaves out is blank in the draft too.
    for target in ("completion_time_text", *_TIME_LABELS.values()):
        fields[target] = found.get(target, "")


def _parse_fee(lines: list[str], fields: dict) -> None:
    fee, basis = [], []
    for line in lines:
        labelled = _LABELLED.match(line)
        if labelled and normalize(labelled.group("label")) == "dasar hukum":
            basis.append(labelled.group("value").strip())
        else:
            fee.append(line)
    fields["fee_text"] = " ".join(fee)
    fields["fee_amount"] = parse_fee_amount(fields["fee_text"])
    fields["fee_legal_basis"] = " ".join(basis)


_CONTACTS = [
    ("address", "alamat"),
    ("postal_code", "kode pos"),
    ("phone", "telepon"),
    ("email", "e-mail"),
    ("parent_name", "instansi induk"),
]


def _comparable(field_name: str, value: str) -> str:
    if field_name == "phone":
        return re.sub(r"\D", "", value)
    return normalize(value).rstrip(".,")


def _compare_contacts(parsed: ParsedStandard, office: Office) -> None:
    """Flag header contacts that differ from the office's record. The office's contacts are
    kept as they are (the offices app owns them); a person decides which one is right."""
    for field_name, label in _CONTACTS:
        in_text, on_record = getattr(parsed, field_name), getattr(office, field_name)
        if (
            in_text
            and on_record
            and _comparable(field_name, in_text) != _comparable(field_name, on_record)
        ):
            parsed.warnings.append(
                f"Periksa {label}: teks menulis '{in_text}', data instansi '{on_record}'. "
                "Data instansi tidak diubah."
            )


@dataclass
class ImportOutcome:
    parsed: ParsedStandard
    service: Service
    standard: Standard
    status: str  # "created", "updated" or "unchanged"


def find_office(parsed: ParsedStandard, slug: str | None) -> Office:
    if slug:
        try:
            return Office.objects.get(slug=slug)
        except Office.DoesNotExist as exc:
            raise ImportFailed(f"No office with the code '{slug}'.") from exc
    matches = list(Office.objects.filter(name__iexact=parsed.office_name))
    if len(matches) != 1:
        raise ImportFailed(
            f"Cannot tell which office '{parsed.office_name}' is "
            f"({len(matches)} offices match); pass --office SLUG."
        )
    return matches[0]


@transaction.atomic
def import_standard(
    data: bytes | str, *, office: Office | None = None, actor=None, office_slug: str | None = None
) -> ImportOutcome:
    """Parse `data` and write it as the draft of its service, all or nothing.

    Importing the same text again changes nothing: the version that came from it is returned
    as "unchanged", even when an admin has published a revised version since.
    """
    parsed = parse(data)
    office = office or find_office(parsed, office_slug)
    if normalize(parsed.office_name) != normalize(office.name):
        parsed.warnings.append(
            f"Nama instansi di teks ('{parsed.office_name}') berbeda dengan instansi "
            f"'{office.name}'."
        )
    _compare_contacts(parsed, office)
    slug = slugify(parsed.service_name)[:80]
    service = Service.objects.filter(office=office, slug=slug).first()
    if service is None:
        service = services.create_service(office, name=parsed.service_name, actor=actor, slug=slug)
    draft = services.draft_of(service)
    # Any version already imported from this very text (the draft, the published one, or an
    # older one an admin has since revised) means there is nothing new to import: reloading
    # the demo or re-running an import script must not undo an admin's later edits.
    same = service.standards.filter(source_sha256=parsed.sha256).order_by("-version").first()
    if same is not None:
        return ImportOutcome(parsed, service, same, "unchanged")
    standard = services.record_import(
        service,
        actor=actor,
        fields=parsed.fields,
        decree_number=parsed.decree_number,
        sha256=parsed.sha256,
        header=parsed.header,
        unplaced=parsed.unplaced,
        warnings=parsed.warnings,
    )
    return ImportOutcome(parsed, service, standard, "updated" if draft else "created")
