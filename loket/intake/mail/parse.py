"""Reading one e-mail as received: what it is (a delivery report, an auto-reply or a
message from a person), its clean text and its attachments.

Order matters: delivery reports (RFC 3464 multipart/report) are recognised first, because
bounces carry `Auto-Submitted` too. Auto-replies are recognised by `Auto-Submitted` other
than "no" (RFC 3834), `Precedence` bulk/list/junk, loop and autoresponder headers and the
out-of-office subjects mail programs write; `X-Auto-Response-Suppress` alone only asks us
not to answer automatically and does not make a message an auto-reply (Outlook puts it on
ordinary forwarded mail). Charsets are decoded by the standard library's e-mail package;
HTML-only mail becomes text through html2text and is never rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

import html2text

from ..whatsapp.webhook import find_tracking_code

OOO_SUBJECT = re.compile(
    r"^\s*(auto(matic)?[ -]?(reply|response)|autoreply|out of (the )?office|"
    r"balasan otomatis|jawaban otomatis|sedang cuti|di luar kantor|abwesenheit|"
    r"r[ée]ponse automatique|absence)\b",
    re.IGNORECASE,
)
LOOP_HEADERS = ("X-Loop", "X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-AutoReply-From")
BULK_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}

# Where quoted history starts in a reply (English, Indonesian, Outlook, Gmail, phones).
QUOTE_STARTS = [
    re.compile(r"^\s*On .{0,200}wrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Pada .{0,200}(menulis|wrote):\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*(Original Message|Pesan Asli|Pesan Asal)\s*-{2,}", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),
    re.compile(r"^\s*(From|Dari):\s.+$", re.IGNORECASE),
]
# A forwarded message's "history" is the complaint itself: never stripped.
FORWARDED_SUBJECT = re.compile(r"^\s*(fwd?|fw|tr|wg|terusan)\s*:", re.IGNORECASE)


@dataclass
class MailAttachment:
    filename: str
    declared_type: str
    content: bytes


@dataclass
class Bounce:
    recipients: list[str] = field(default_factory=list)
    status: str = ""
    diagnostic: str = ""
    original_message_id: str = ""


@dataclass
class ParsedMail:
    kind: str  # message | auto_reply | bounce
    message_id: str
    subject: str
    sender: str
    sender_name: str
    date: datetime | None
    text: str
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    tracking_code: str = ""
    attachments: list[MailAttachment] = field(default_factory=list)
    bounce: Bounce | None = None
    reason: str = ""


def _ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value or "")


def headers_of(raw: bytes) -> EmailMessage:
    """The message with headers parsed (enough for dedupe and display)."""
    return message_from_bytes(raw, policy=policy.default)


def message_id_of(msg: EmailMessage) -> str:
    found = _ids(str(msg.get("Message-ID", "") or ""))
    return found[0] if found else ""


def sender_of(msg: EmailMessage) -> tuple[str, str]:
    try:
        addresses = getaddresses([str(msg.get("From", "") or "")])
    except (TypeError, ValueError):
        return "", ""
    for name, address in addresses:
        if "@" in address:
            return address.strip().lower(), name.strip()
    return "", ""


def _date(msg: EmailMessage) -> datetime | None:
    try:
        moment = parsedate_to_datetime(str(msg.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def auto_reply_reason(msg: EmailMessage) -> str:
    """Why this message is an automatic one ("" for a message written by a person)."""
    auto = str(msg.get("Auto-Submitted", "") or "").strip().lower()
    if auto and not auto.startswith("no"):
        return f"Auto-Submitted: {auto}"
    precedence = str(msg.get("Precedence", "") or "").strip().lower()
    if precedence in BULK_PRECEDENCE:
        return f"Precedence: {precedence}"
    for header in LOOP_HEADERS:
        if msg.get(header) is not None:
            return header
    if msg.get("List-Id") is not None or msg.get("List-Unsubscribe") is not None:
        return "mailing list"
    subject = str(msg.get("Subject", "") or "")
    if OOO_SUBJECT.search(subject):
        return f"subject: {subject[:80]}"
    return ""


def _is_report(msg: EmailMessage) -> bool:
    if msg.get_content_type() == "multipart/report":
        return True
    return any(part.get_content_type() == "message/delivery-status" for part in msg.walk())


def _bounce(msg: EmailMessage) -> Bounce:
    bounce = Bounce()
    for part in msg.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            for block in part.get_payload() or []:
                recipient = str(block.get("Final-Recipient", "") or "")
                if recipient:
                    bounce.recipients.append(recipient.split(";")[-1].strip().lower())
                bounce.status = bounce.status or str(block.get("Status", "") or "")
                bounce.diagnostic = bounce.diagnostic or str(block.get("Diagnostic-Code", "") or "")
        elif kind in ("message/rfc822", "text/rfc822-headers") and not bounce.original_message_id:
            inner = part.get_payload()
            if isinstance(inner, list) and inner:
                bounce.original_message_id = message_id_of(inner[0])
            elif isinstance(inner, str):
                bounce.original_message_id = message_id_of(headers_of(inner.encode()))
    return bounce


def _decode(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError):
        payload = part.get_payload(decode=True) or b""
        for charset in ("utf-8", "cp1252"):
            try:
                return payload.decode(charset)
            except UnicodeDecodeError:
                continue
        return payload.decode("latin-1")


def html_to_text(html: str) -> str:
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.ignore_tables = False
    converter.single_line_break = False
    converter.unicode_snob = True
    return converter.handle(html)


def strip_quoted(text: str) -> str:
    """The new part of a reply: quoted lines and the history below a reply header go."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if any(pattern.match(line) for pattern in QUOTE_STARTS) and kept:
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    cleaned = "\n".join(kept).strip()
    return re.sub(r"\n{3,}", "\n\n", cleaned) or text.strip()


def body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = _decode(part)
    if part.get_content_type() == "text/html":
        content = html_to_text(content)
    if FORWARDED_SUBJECT.match(str(msg.get("Subject", "") or "")):
        return content.strip()
    return strip_quoted(content)


def _attachments(msg: EmailMessage) -> list[MailAttachment]:
    found = []
    for part in msg.iter_attachments():
        if part.get_content_maintype() == "multipart":
            continue
        payload = part.get_payload(decode=True)
        if payload is None:
            continue
        found.append(
            MailAttachment(
                filename=str(part.get_filename() or "lampiran"),
                declared_type=part.get_content_type(),
                content=payload,
            )
        )
    return found


def parse(raw: bytes) -> ParsedMail:
    msg = headers_of(raw)
    sender, name = sender_of(msg)
    subject = " ".join(str(msg.get("Subject", "") or "").split())
    parsed = ParsedMail(
        kind="message",
        message_id=message_id_of(msg),
        subject=subject,
        sender=sender,
        sender_name=name,
        date=_date(msg),
        text="",
        in_reply_to=(_ids(str(msg.get("In-Reply-To", "") or "")) or [""])[0],
        references=_ids(str(msg.get("References", "") or "")),
    )
    if _is_report(msg):
        parsed.kind = "bounce"
        parsed.bounce = _bounce(msg)
        parsed.reason = "delivery report"
        return parsed
    parsed.reason = auto_reply_reason(msg)
    if parsed.reason:
        parsed.kind = "auto_reply"
    parsed.text = body_text(msg)
    parsed.tracking_code = find_tracking_code(subject) or find_tracking_code(parsed.text)
    parsed.attachments = _attachments(msg)
    return parsed


def address(value: str) -> str:
    try:
        return Address(addr_spec=value).addr_spec.lower()
    except (ValueError, IndexError):
        return value.strip().lower()
