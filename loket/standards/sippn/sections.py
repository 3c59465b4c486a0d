"""The body of one service in a SIPPN text: headed sections, each placed in its component.

Headings are recognised in their known wordings (see `components.COMPONENTS` and
`SUBHEADINGS`) whatever their numbering or lettering ("3. Jangka Waktu Penyelesaian
Pengaduan :", "b) Alur Pengaduan"). A line shaped like a heading ("4. Mekanisme Lain :") that
is none of them is reported, and what follows it stays unplaced until a known heading: the
reader never files text in a section it does not belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..components import COMPONENTS, MANAGEMENT_FIELDS
from ..values import (
    normalize,
    number_conflicts,
    parse_deadline_class,
    parse_fee_amount,
    parse_fee_tiers,
    words,
)
from .notes import Note

# Headings inside "Pengaduan Layanan" (component 6).
SUBHEADINGS = {
    "pengaduan dapat dilakukan melalui": "complaint_channels",
    "pengaduan dapat disampaikan melalui": "complaint_channels",
    "saluran pengaduan": "complaint_channels",
    "sarana pengaduan": "complaint_channels",
    "media pengaduan": "complaint_channels",
    "alur penanganan pengaduan": "complaint_flow",
    "mekanisme penanganan pengaduan": "complaint_flow",
    "jangka waktu penyelesaian pengaduan": "complaint_classes",
    "jangka waktu penanganan pengaduan": "complaint_classes",
    "waktu penyelesaian pengaduan": "complaint_classes",
}
_SECTION_OF_COMPONENT = {
    "requirements": "requirements",
    "procedure": "procedure",
    "time": "times",
    "fee": "fee",
    "products": "products",
    "complaints": "complaints",
}
HEADINGS: dict[str, str] = {
    wording: _SECTION_OF_COMPONENT.get(c.key, c.key) for c in COMPONENTS for wording in c.headings
} | SUBHEADINGS

LIST_SECTIONS = (
    "requirements",
    "procedure",
    "products",
    "complaint_channels",
    "complaint_flow",
    "complaint_classes",
)
TEXT_SECTIONS = (*MANAGEMENT_FIELDS, "fee", "times")

_MARKER = re.compile(
    r"^(?:[-•*]\s*)?(?:(?P<label>\d{1,2}|[a-zA-Z]|[ivx]{2,4})[.)]\s*)?(?P<text>\S.*)$"
)
_ITEM = re.compile(r"^(?:[-•*]\s*)?(?P<label>\d{1,2}|[a-zA-Z])[.)]\s+(?P<text>\S.*)$")
_BULLET = re.compile(r"^[-•*]\s+(?P<text>\S.*)$")
_LABELLED = re.compile(r"^(?P<label>[^:]{1,40}?)\s*:\s*(?P<value>.*)$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A flow written on one line: arrows, or at least two dashes between steps.
_ARROWS = re.compile(r"\s*(?:->|→|⇒|=>|➔|➜|>>)\s*")
_DASHES = re.compile(r"\s+[-–—]\s+")


def heading_of(line: str, section: str | None) -> tuple[str | None, bool]:
    """(section key, looks like a heading). The key is None for any other line; "looks like
    a heading" is True for a short line ending in ":" with nothing after it."""
    match = _MARKER.match(line)
    text = match.group("text") if match else line
    key = normalize(text)
    key = re.sub(r"\s*/\s*", " / ", key)
    found = HEADINGS.get(key) or HEADINGS.get(key.replace(" / ", "/"))
    # "Alur Pengaduan", "Alur Penanganan Pengaduan, Saran dan Masukan", ...
    in_complaints = section is not None and section.startswith("complaint")
    if found is None and in_complaints and key.startswith("alur ") and len(words(key)) <= 8:
        found = "complaint_flow"
    shaped = text.rstrip().endswith(":") and len(words(text)) <= 8 and ":" not in text[:-1]
    return found, shaped


@dataclass
class Body:
    """What the reader made of one service's body."""

    fields: dict[str, Any]
    unplaced: list[str] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    chars_total: int = 0
    chars_unplaced: int = 0


def read_body(lines: list[str]) -> Body:
    body = Body(fields={"complaint_intro": ""})
    items: dict[str, list[dict[str, Any]]] = {key: [] for key in LIST_SECTIONS}
    texts: dict[str, list[str]] = {key: [] for key in TEXT_SECTIONS}
    section: str | None = None
    channels_noted = False

    def unplace(line: str) -> None:
        body.unplaced.append(line)
        body.chars_unplaced += len(line)

    for line in lines:
        body.chars_total += len(line)
        key, shaped = heading_of(line, section)
        if key:
            section = key
            if key == "complaint_channels":
                body.fields["complaint_intro"] = _MARKER.match(line).group("text")  # type: ignore[union-attr]
            continue
        if shaped and (section is None or section in LIST_SECTIONS or section == "complaints"):
            body.warnings.append(Note("unknown_heading", {"line": line}))
            section = "unknown"
            unplace(line)
            continue
        if section in (None, "unknown"):
            unplace(line)
            continue
        if section == "complaints":
            if _ITEM.match(line) or _BULLET.match(line):
                # channels listed straight under "Pengaduan Layanan", without their intro
                section = "complaint_channels"
                if not channels_noted:
                    body.notes.append(Note("channels_without_heading"))
                    channels_noted = True
            else:
                unplace(line)
                continue
        if section in LIST_SECTIONS:
            _add_item(items[section], section, line)
            continue
        texts[section].append(line)

    _finish_lists(items, body)
    _place_lists(items, body)
    _place_classes(items["complaint_classes"], body, unplace)
    _place_times(texts["times"], body, unplace)
    _place_fee(texts["fee"], body)
    for key in MANAGEMENT_FIELDS:
        if texts[key]:
            body.fields[key] = "\n".join(texts[key])
    for row in body.fields["complaint_channels"]:
        for address in _EMAIL.findall(row):
            if not address.lower().endswith(".go.id"):
                body.warnings.append(Note("channel_email_not_go_id", {"address": address}))
    if not body.fields["requirements"]:
        body.warnings.append(Note("requirements_empty"))
    if not body.fields["complaint_classes"]:
        body.warnings.append(Note("no_complaint_classes"))
    return body


def _add_item(rows: list[dict[str, Any]], section: str, line: str) -> None:
    item = _ITEM.match(line)
    bullet = _BULLET.match(line)
    if item:
        rows.append({"label": item.group("label"), "text": item.group("text").strip(), "more": []})
    elif bullet:
        rows.append({"label": "", "text": bullet.group("text").strip(), "more": []})
    elif not rows:
        rows.append({"label": "", "text": line, "more": []})  # an unnumbered single item
    elif (
        section == "complaint_classes"
        and parse_deadline_class(" ".join([rows[-1]["text"], *rows[-1]["more"]]))
        and parse_deadline_class(line)
    ):
        rows.append({"label": "", "text": line, "more": []})  # classes one per line, unmarked
    else:
        rows[-1]["more"].append(line)  # a wrapped line continues the item above it


def _is_run_on_flow(text: str, steps: list[str], vocabulary: set[str]) -> bool:
    """True when `text` is the flow `steps` written again as one line (a chart's caption):
    nearly all its words are the flow's words and it is about as long as the steps."""
    if len(steps) < 2:
        return False
    line_words = words(text)
    if len(line_words) < len(words(" ".join(steps))) * 0.6:
        return False
    inside = sum(1 for w in line_words if w in vocabulary)
    return inside >= 0.9 * len(line_words)


def _finish_lists(items: dict[str, list[dict[str, Any]]], body: Body) -> None:
    """Join wrapped lines, drop the flow chart's caption (the numbered flow repeated as one
    line) and split a flow written on one line with arrows or dashes."""
    steps = [row for row in items["complaint_flow"] if row["label"]]
    vocabulary = {w for row in steps for w in words(" ".join([row["text"], *row["more"]]))}
    step_texts = [row["text"] for row in steps]

    def run_on(text: str) -> bool:
        if _is_run_on_flow(text, step_texts, vocabulary):
            body.notes.append(Note("flow_run_on_skipped", {"text": text[:60]}))
            return True
        return False

    for key in LIST_SECTIONS:
        kept = []
        for row in items[key]:
            if not row["label"] and run_on(row["text"]):
                continue
            more = row["more"]
            if more and run_on(" ".join(more)):
                more = []
            kept.append({"label": row["label"], "text": " ".join([row["text"], *more])})
        items[key] = kept
    for key in ("procedure", "complaint_flow"):
        if len(items[key]) == 1:
            parts = _split_one_line(items[key][0]["text"])
            if len(parts) > 1:
                items[key] = [{"label": "", "text": part} for part in parts]
                body.notes.append(Note("one_line_split", {"section": key, "count": len(parts)}))


def _split_one_line(text: str) -> list[str]:
    parts = _ARROWS.split(text)
    if len(parts) < 2:
        parts = _DASHES.split(text)
        if len(parts) < 3:
            return [text]
    return [part.strip(" ;,.") for part in parts if part.strip(" ;,.")]


def _place_lists(items: dict[str, list[dict[str, Any]]], body: Body) -> None:
    f = body.fields
    f["requirements"] = [row["text"] for row in items["requirements"]]
    f["procedure"] = [{"label": row["label"], "text": row["text"]} for row in items["procedure"]]
    f["products"] = [row["text"] for row in items["products"]]
    f["complaint_channels"] = [row["text"] for row in items["complaint_channels"]]
    f["complaint_flow"] = [row["text"] for row in items["complaint_flow"]]


def _place_classes(rows: list[dict[str, Any]], body: Body, unplace: Any) -> None:
    classes = []
    for row in rows:
        parsed = parse_deadline_class(row["text"])
        if parsed is None:
            unplace(row["text"])
            continue
        for digits, written in number_conflicts(row["text"]):
            body.warnings.append(
                Note("number_conflict", {"text": row["text"], "digits": digits, "words": written})
            )
        calendar_days = parsed.pop("calendar_days")  # type: ignore[misc]
        if calendar_days:
            body.warnings.append(
                Note("class_plain_days", {"text": parsed["text"], "amount": parsed["amount"]})
            )
        classes.append(dict(parsed))
    codes = [row["code"] for row in classes]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        body.warnings.append(Note("class_duplicate", {"code": code}))
        for number, row in enumerate(r for r in classes if r["code"] == code):
            row["code"] = f"{code}_{number + 1}" if number else code
    body.fields["complaint_classes"] = classes


_TIME_LABELS = {"administrasi": "administration_time_text", "konsultasi": "consultation_time_text"}


def _place_times(lines: list[str], body: Body, unplace: Any) -> None:
    found: dict[str, str] = {}
    for line in lines:
        labelled = _LABELLED.match(line)
        if labelled:
            target = _TIME_LABELS.get(normalize(labelled.group("label")))
            if target and target not in found:
                found[target] = labelled.group("value").strip()
                continue
            unplace(line)
        elif "completion_time_text" not in found:
            found["completion_time_text"] = line
        else:
            unplace(line)
    for text in found.values():
        for digits, written in number_conflicts(text):
            body.warnings.append(
                Note("number_conflict", {"text": text, "digits": digits, "words": written})
            )
    # The text states the times in full: a time it leaves out is blank in the draft too.
    for target in ("completion_time_text", *_TIME_LABELS.values()):
        body.fields[target] = found.get(target, "")


def _place_fee(lines: list[str], body: Body) -> None:
    fee, basis = [], []
    for line in lines:
        labelled = _LABELLED.match(line)
        if labelled and normalize(labelled.group("label")) == "dasar hukum":
            basis.append(labelled.group("value").strip())
        else:
            fee.append(line)
    tiers = parse_fee_tiers(fee)
    body.fields["fee_tiers"] = tiers
    if tiers:
        body.fields["fee_text"] = "\n".join(fee)
        body.fields["fee_amount"] = None  # no single amount: the tiers say who pays what
        body.notes.append(Note("fee_tiers", {"count": len(tiers)}))
    else:
        body.fields["fee_text"] = " ".join(fee)
        body.fields["fee_amount"] = parse_fee_amount(body.fields["fee_text"])
    body.fields["fee_legal_basis"] = " ".join(basis)
