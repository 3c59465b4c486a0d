"""Reply templates (templat jawaban, issue 14): an office's ready texts for answers, with a
fixed set of placeholders filled on the answer form, where the handler edits the text
before sending it. Only the names of `PLACEHOLDERS` are replaced, by plain string
substitution (never `str.format`, which would reach attributes), and the result is shown
in a textarea, escaped like any text. A body with any other `{...}` is refused when saved.

The complainant's name is personal data (need to know, issue 12): `{nama}` is filled only
for a user who may open the identity (`may_view_identity`), and that filling is logged as
an access; for anyone else, and for an anonymous complaint, it becomes the neutral
"Bapak/Ibu"."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from loket.events import record_event
from loket.moments import moment_in
from loket.offices.permissions import has_role

from ..errors import InvalidInput, NotAllowed
from ..models import Complaint, OfficeEvent, ReplyTemplate
from ..roles import TEMPLATE_EDITORS
from .personal_data import may_view_identity, view_personal_data

if TYPE_CHECKING:
    from loket.offices.services import Office

# name -> what it becomes (shown on the template pages as help).
PLACEHOLDERS: dict[str, Any] = {
    "nama": gettext_lazy("nama pengadu (hanya bagi petugas yang boleh membuka identitas)"),
    "nomor": gettext_lazy("nomor pengaduan, misalnya ADU-2026-000123"),
    "batas_waktu": gettext_lazy("batas waktu, dalam zona waktu instansi (WIB/WITA/WIT)"),
    "instansi": gettext_lazy("nama instansi"),
}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def check_body(body: str) -> str:
    """The template's text, stripped, if every `{...}` in it is one of `PLACEHOLDERS`;
    `InvalidInput` (field `body`) otherwise: `body_required`, `unknown_placeholder` (naming
    each unknown one), `unpaired_brace`."""
    body = body.strip()
    if not body:
        raise InvalidInput(_("Isi templat wajib diisi."), code="body_required", field="body")
    unknown = [name for name in PLACEHOLDER.findall(body) if name not in PLACEHOLDERS]
    if unknown:
        raise InvalidInput(
            _("Tanda isian tidak dikenal: %(names)s. Yang dapat dipakai: %(known)s."),
            code="unknown_placeholder",
            field="body",
            params={
                "names": ", ".join(f"{{{name}}}" for name in dict.fromkeys(unknown)),
                "known": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
            },
        )
    if "{" in PLACEHOLDER.sub("", body) or "}" in PLACEHOLDER.sub("", body):
        raise InvalidInput(
            _("Kurung kurawal { } hanya untuk tanda isian, dan harus berpasangan."),
            code="unpaired_brace",
            field="body",
        )
    return body


@transaction.atomic
def save_reply_template(
    office: Office,
    *,
    actor: Any,
    title: str,
    body: str,
    template: ReplyTemplate | None = None,
    is_active: bool = True,
    now: datetime | None = None,
) -> ReplyTemplate:
    """Add a template to `office` (or change `template`, one of its own). Errors:
    `NotAllowed` (`template_editor_only`) for anyone but the office admin and the Pejabat
    (`roles.TEMPLATE_EDITORS`); `InvalidInput`: `title_required`, `title_taken` (titles are
    unique per office) and those of `check_body`.

    Each real change writes an `OfficeEvent` with `actor` and `now`: `template_added`,
    `template_deactivated` / `template_activated` (only the switch changed) or
    `template_changed`, with every changed field's value before and after in `data`
    (`title`, `body`, `is_active`) and the title in `note`; saving it unchanged writes none."""
    _check_editor(office, actor, template)
    title = " ".join(title.split())
    if not title:
        raise InvalidInput(_("Judul templat wajib diisi."), code="title_required", field="title")
    body = check_body(body)
    taken = ReplyTemplate.objects.filter(office=office, title__iexact=title)
    if template is not None:
        taken = taken.exclude(pk=template.pk)
    if taken.exists():
        raise InvalidInput(_("Sudah ada templat berjudul itu."), code="title_taken", field="title")
    now = now or timezone.now()
    added = template is None
    if template is None:
        template = ReplyTemplate(office=office, created_at=now)
    after = {"title": title, "body": body, "is_active": is_active}
    changed = {
        field: {"from": None if added else getattr(template, field), "to": value}
        for field, value in after.items()
        if added or getattr(template, field) != value
    }
    if not changed:
        return template
    template.title = title
    template.body = body
    template.is_active = is_active
    template.updated_at = now
    template.updated_by = actor
    template.save()
    if added:
        action = OfficeEvent.Action.TEMPLATE_ADDED
    elif set(changed) == {"is_active"}:
        action = (
            OfficeEvent.Action.TEMPLATE_ACTIVATED
            if is_active
            else OfficeEvent.Action.TEMPLATE_DEACTIVATED
        )
    else:
        action = OfficeEvent.Action.TEMPLATE_CHANGED
    record_event(
        OfficeEvent,
        office=office,
        template=template,
        action=action,
        actor=actor,
        now=now,
        note=title,
        data=changed,
    )
    return template


@transaction.atomic
def delete_reply_template(
    office: Office, *, actor: Any, template: ReplyTemplate, now: datetime | None = None
) -> None:
    """Delete `template`, one of `office`'s own, writing an `OfficeEvent`
    (`template_deleted`, with `actor` and `now`) that keeps its title, text and state in
    `data` (`{"from": ..., "to": None}`), so what was deleted can be read and written again.
    Errors: `NotAllowed` `template_editor_only` (only the office admin and the Pejabat,
    `roles.TEMPLATE_EDITORS`) and `other_office`."""
    _check_editor(office, actor, template)
    record_event(
        OfficeEvent,
        office=office,
        action=OfficeEvent.Action.TEMPLATE_DELETED,
        actor=actor,
        now=now or timezone.now(),
        note=template.title,
        data={
            field: {"from": getattr(template, field), "to": None}
            for field in ("title", "body", "is_active")
        },
    )
    template.delete()


def _check_editor(office: Office, actor: Any, template: ReplyTemplate | None) -> None:
    if not has_role(actor, office, TEMPLATE_EDITORS):
        raise NotAllowed(
            _("Hanya admin instansi atau Pejabat Pengelola Pengaduan yang mengelola templat."),
            code="template_editor_only",
        )
    if template is not None and template.office_id != office.pk:
        raise NotAllowed(_("Templat itu milik instansi lain."), code="other_office")


def reply_templates(office: Office, *, active_only: bool = False):
    """The office's templates by title (only the active ones when asked)."""
    rows = ReplyTemplate.objects.filter(office=office)
    return rows.filter(is_active=True) if active_only else rows


def fill_reply_template(
    template: ReplyTemplate, complaint: Complaint, *, user: Any, now: datetime | None = None
) -> str:
    """The template's text for this complaint, for `user` to edit on the answer form:
    {nomor} the reference, {batas_waktu} the due time in the office's zone ("5 Maret 2026
    16.00 WIB", in the complainant's language; "-" before classification), {instansi} the
    office's name, {nama} the complainant's name for a user who may open the identity
    (the filling logged as an access to personal data, UU 27/2022), else "Bapak/Ibu"."""
    if template.office_id != complaint.office_id:
        raise NotAllowed(_("Templat itu milik instansi lain."), code="other_office")
    office = complaint.office
    with translation.override(complaint.language or "id"):
        neutral = gettext("Bapak/Ibu")
        due = "-"
        if complaint.due_at:
            due = moment_in(complaint.due_at, office.tz)
    name = neutral
    if (
        "{nama}" in template.body
        and not complaint.anonymous
        and complaint.complainant_name
        and may_view_identity(complaint, user)
    ):
        name = view_personal_data(
            complaint, user=user, purpose=gettext("Templat jawaban diisi"), now=now
        )["name"]
    values = {
        "nama": name,
        "nomor": complaint.reference,
        "batas_waktu": due,
        "instansi": office.name,
    }
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template.body)
