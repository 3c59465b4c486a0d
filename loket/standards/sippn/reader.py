"""Read a SIPPN text: the office header, then one or more services, each with its name,
"No. SK :" and headed sections (see `sections`).

Real texts are copied from PDFs and web pages, so the reader copes with the page header
repeated mid-text, a postal code printed twice ("78124 78124"), bullets written "- 1)",
items wrapped over several lines and the complaint flow repeated as one run-on line (the
caption of a flow chart). A header followed by a new service name and its own "No. SK" starts
the next service: a document of several services gives one draft each, never one merged draft.
Whatever the reader cannot place is reported, never dropped, and values that look wrong (an
e-mail outside .go.id) are flagged for a person to confirm, never corrected. `parse()` is pure.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ..errors import ImportFailed
from ..values import normalize
from .notes import Note
from .sections import heading_of, read_body

MAX_BYTES = 512 * 1024

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SK = re.compile(r"^no\.?\s*sk\s*:?\s*(?P<value>.*)$", re.IGNORECASE)
_ADDRESS_TAIL = re.compile(
    r"^(?P<address>.*?)\s+(?P<postal>\d{5})(?:\s+(?P<again>\d{5}))?"
    r"(?:\s+(?P<phone>[+\d(][\d ()./-]{5,}))?$"
)
# A service name is at most this many lines between a header (or the previous service) and
# its "No. SK" line.
NAME_REACH = 3


@dataclass
class ParsedHeader:
    office_name: str
    parent_name: str = ""
    address: str = ""
    postal_code: str = ""
    phone: str = ""
    email: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "office_name": self.office_name,
            "parent_name": self.parent_name,
            "address": self.address,
            "postal_code": self.postal_code,
            "phone": self.phone,
            "email": self.email,
        }


@dataclass
class ParsedStandard:
    """One service of the text: its name, decree number, the fields of its draft and the
    reader's report."""

    header: ParsedHeader
    service_name: str
    decree_number: str
    fields: dict[str, Any]
    unplaced: list[str] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sha256: str = ""
    chars_total: int = 0
    chars_unplaced: int = 0

    @property
    def placed_share(self) -> float:
        """The share of the service's text (by characters) the reader placed, 0..1."""
        if not self.chars_total:
            return 1.0
        return 1 - self.chars_unplaced / self.chars_total

    @property
    def placed_percent(self) -> int:
        return int(self.placed_share * 100)

    def report(self) -> dict[str, Any]:
        """The stored form of the reader's notes and share (the warnings are kept apart)."""
        return {
            "notes": [note.as_dict() for note in self.notes],
            "chars_total": self.chars_total,
            "chars_unplaced": self.chars_unplaced,
        }


@dataclass
class ParsedDocument:
    header: ParsedHeader
    standards: list[ParsedStandard]
    sha256: str = ""


def decode(data: bytes) -> str:
    """UTF-8 text, or ImportFailed for empty, oversized or binary input."""
    if len(data) > MAX_BYTES:
        raise ImportFailed(
            _("Berkas lebih besar dari %(size)s KB."),
            code="import_too_large",
            params={"size": MAX_BYTES // 1024},
        )
    if not data.strip():
        raise ImportFailed(_("Berkas kosong."), code="import_empty")
    binary = ImportFailed(
        _("Berkas ini biner, bukan teks; ekspor standar sebagai teks biasa."),
        code="import_binary",
    )
    if b"\x00" in data or data.startswith(b"%PDF-"):
        raise binary
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows tools still save Latin-1/CP1252; anything with control bytes is binary.
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls or "\ufffd" in text:
        raise binary
    return text


def _lines(text: str) -> list[str]:
    out = []
    for raw in text.replace("\u00a0", " ").splitlines():
        line = re.sub(r"[ \t]+", " ", raw).strip()
        if line:
            out.append(line)
    return out


def _split_header(lines: list[str]) -> tuple[list[str], int]:
    """The office header block and the index of the line that follows it.

    The header ends with "Parent / Office name" (the first line repeated after a slash).
    """
    office = normalize(lines[0])
    for index, line in enumerate(lines[:12]):
        if "/" in line and normalize(line.rsplit("/", 1)[1]) == office and index > 0:
            return lines[: index + 1], index + 1
    raise ImportFailed(
        _(
            "Kepala surat instansi tidak ditemukan: teks tidak diawali nama instansi dan "
            "kepala suratnya tidak diakhiri baris 'Induk / Instansi' seperti cetakan SIPPN."
        ),
        code="import_no_header",
    )


def _tokens(body: list[str], header: list[str]) -> list[str | None]:
    """`body` with every repeated header replaced by None: from a line with the office's name
    to the "Parent / Office" line a few lines below, even when the lines between differ from
    the first page (an address wrapped elsewhere, a second e-mail)."""
    first, last = normalize(header[0]), normalize(header[-1])
    reach = len(header) + 4
    out: list[str | None] = []
    index = 0
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
                out.append(None)
                index = end + 1
                continue
        out.append(body[index])
        index += 1
    return out


def _parse_header(
    header: list[str], warnings: list[Note], notes: list[Note], unplaced: list[str]
) -> ParsedHeader:
    parent, _slash, _office = header[-1].rpartition("/")
    parsed = ParsedHeader(office_name=header[0], parent_name=parent.strip())
    middle = header[1:-1]
    emails = [line for line in middle if _EMAIL.fullmatch(line)]
    parsed.email = emails[0] if emails else ""
    unplaced.extend(emails[1:])  # one e-mail per office; a second one is for a person to place
    address_text = " ".join(line for line in middle if line not in emails)
    match = _ADDRESS_TAIL.match(address_text)
    if match:
        parsed.address = match.group("address").rstrip(",").strip()
        parsed.postal_code = match.group("postal")
        parsed.phone = (match.group("phone") or "").strip()
        again = match.group("again")
        if again and again == parsed.postal_code:
            notes.append(Note("postal_code_twice", {"postal": again}))
        elif again:
            warnings.append(
                Note("postal_codes_differ", {"first": parsed.postal_code, "second": again})
            )
    else:
        parsed.address = address_text
    if parsed.email:
        domain = parsed.email.rsplit("@", 1)[1].lower()
        if not domain.endswith(".go.id"):
            code = "header_email_g_id" if domain.endswith(".g.id") else "header_email_not_go_id"
            warnings.append(Note(code, {"address": parsed.email}))
    return parsed


def _is_heading(line: str) -> bool:
    return heading_of(line, None)[0] is not None


def _services(tokens: list[str | None]) -> list[tuple[list[str], str, list[str | None]]]:
    """(name lines, "No. SK" line, body tokens) for every service of the document."""
    sk_positions = [i for i, t in enumerate(tokens) if t is not None and _SK.match(t)]
    starts: list[int] = []  # where each service's name begins
    for number, position in enumerate(sk_positions):
        if number == 0:
            starts.append(0)
            continue
        start = position
        while (
            start > 0
            and position - start < NAME_REACH
            and tokens[start - 1] is not None
            and not _is_heading(tokens[start - 1])  # type: ignore[arg-type]
        ):
            start -= 1
        if start > 0 and tokens[start - 1] is None:
            starts.append(start)  # a header, then the name: the usual SIPPN page
        else:
            starts.append(position - 1)  # no header: the line right above "No. SK"
    out = []
    for number, (start, position) in enumerate(zip(starts, sk_positions, strict=True)):
        end = starts[number + 1] if number + 1 < len(starts) else len(tokens)
        if end < len(tokens) and end > 0 and tokens[end - 1] is None:
            end -= 1  # the next service's header is not a page break of this one
        name = [t for t in tokens[start:position] if t is not None]
        out.append((name, tokens[position], tokens[position + 1 : end]))  # type: ignore[arg-type]
    return out


def parse(data: bytes | str) -> ParsedDocument:
    """Parse one SIPPN text; raise ImportFailed for anything that is not one."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    lines = _lines(decode(raw))
    if not any(_SK.match(line) for line in lines) or not any(
        heading_of(line, None)[0] == "requirements" for line in lines
    ):
        raise ImportFailed(
            _(
                "Ini bukan standar pelayanan dalam tata letak SIPPN: tidak ada baris 'No. SK' "
                "atau bagian 'Persyaratan'."
            ),
            code="import_not_sippn",
        )
    header_lines, after_header = _split_header(lines)
    header_warnings: list[Note] = []
    header_notes: list[Note] = []
    header_unplaced: list[str] = []
    header = _parse_header(header_lines, header_warnings, header_notes, header_unplaced)
    tokens = _tokens(lines[after_header:], header_lines)
    services = _services(tokens)
    if not services or not services[0][0]:
        raise ImportFailed(
            _("Tidak ada nama layanan antara kepala surat dan 'No. SK'."),
            code="import_no_service_name",
        )
    whole = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    standards = []
    for name, sk_line, body_tokens in services:
        match = _SK.match(sk_line)
        body = read_body([t for t in body_tokens if t is not None])
        repeats = sum(1 for t in body_tokens if t is None)
        notes = [*header_notes, *body.notes]
        if repeats:
            notes.append(Note("page_header_repeated", {"count": repeats}))
        if len(services) > 1:
            notes.append(Note("several_services", {"count": len(services)}))
        # One service: the hash of the whole text (as before several services were read);
        # several: the header and the service's own lines, so each draft is idempotent.
        sha = whole
        if len(services) > 1:
            own = [*header_lines, *name, sk_line, *(t for t in body_tokens if t is not None)]
            sha = hashlib.sha256("\n".join(own).encode("utf-8")).hexdigest()
        standards.append(
            ParsedStandard(
                header=header,
                service_name=" ".join(name),
                decree_number=match.group("value").strip() if match else "",
                fields=body.fields,
                unplaced=[*header_unplaced, *body.unplaced],
                warnings=[*header_warnings, *body.warnings],
                notes=notes,
                sha256=sha,
                chars_total=body.chars_total,
                chars_unplaced=body.chars_unplaced,
            )
        )
    return ParsedDocument(header=header, standards=standards, sha256=whole)
