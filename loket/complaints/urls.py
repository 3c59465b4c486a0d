from django.urls import path, register_converter

from . import public_views, staff_views
from .tracking import REFERENCE_PATTERN
from .views import answering, calendar


class CodeConverter:
    regex = "[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


class LooseCodeConverter:
    """A tracking code as a person may type it in the address bar: lower case, without or
    with other separators ("3kkewd3xhnx7", "3KKE WD3X HNX7"). The view redirects it to the
    canonical URL."""

    regex = "[A-Za-z0-9][A-Za-z0-9 ._-]{10,22}[A-Za-z0-9]"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ReferenceConverter:
    """The staff's reference number (ADU-2026-000123): staff URLs never carry the
    complainant's tracking code."""

    regex = REFERENCE_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CodeConverter, "code")
register_converter(ReferenceConverter, "ref")
register_converter(LooseCodeConverter, "loosecode")

app_name = "complaints"

office = "instansi/<slug:office_slug>/pengaduan/"
staff = "staf/<slug:office_slug>/pengaduan/"
urlpatterns = [
    # Citizens: the web form (one office) and tracking by code alone.
    path(office, public_views.start, name="start"),
    path(f"{office}kejadian/", public_views.step_what, name="step_what"),
    path(f"{office}bukti/", public_views.step_evidence, name="step_evidence"),
    path(f"{office}identitas/", public_views.step_who, name="step_who"),
    path(f"{office}periksa/", public_views.check, name="check"),
    path(f"{office}terkirim/", public_views.confirmation, name="confirmation"),
    path("pengaduan/lacak/", public_views.track_lookup, name="track_lookup"),
    path("pengaduan/<loosecode:code>/", public_views.track, name="track"),
    path("pengaduan/<code:code>/lengkapi/", public_views.complete, name="complete"),
    path("pengaduan/<code:code>/tanggapi/", public_views.reply, name="reply"),
    path("pengaduan/<code:code>/nilai/", public_views.rate, name="rate"),
    path("pengaduan/<code:code>/tidak-puas/", public_views.reopen, name="reopen"),
    path(
        "pengaduan/<code:code>/lampiran/<int:pk>/",
        public_views.attachment,
        name="public_attachment",
    ),
    # Staff: intake, queue, head's list, one complaint and its actions.
    path(staff, staff_views.queue, name="staff_queue"),
    path(f"{staff}semua/", staff_views.head_list, name="staff_all"),
    path(f"{staff}semua/ekspor/", staff_views.head_export, name="staff_all_export"),
    path(f"{staff}ekspor/", staff_views.export, name="staff_export"),
    path(f"{staff}massal/", staff_views.bulk, name="staff_bulk"),
    path(f"{staff}saringan/", staff_views.save_filter, name="staff_save_filter"),
    path(f"{staff}saringan/<int:pk>/hapus/", staff_views.delete_filter, name="staff_delete_filter"),
    path(f"{staff}kalender/", calendar.due_calendar, name="staff_calendar"),
    path(f"{staff}baru/", staff_views.intake, name="staff_intake"),
    path(f"{staff}dicatat/", staff_views.intake_done, name="staff_intake_done"),
    # Issue 14, answering well: settings, reply templates, approvals, the disposition sheet.
    path(f"{staff}pengaturan/", answering.settings_page, name="staff_settings"),
    path(f"{staff}templat/", answering.template_list, name="staff_templates"),
    path(f"{staff}templat/baru/", answering.template_edit, name="staff_template_add"),
    path(f"{staff}templat/<int:pk>/", answering.template_edit, name="staff_template_edit"),
    path(
        f"{staff}templat/<int:pk>/status/",
        answering.template_active,
        name="staff_template_active",
    ),
    path(
        f"{staff}templat/<int:pk>/hapus/",
        answering.template_delete,
        name="staff_template_delete",
    ),
    path(f"{staff}persetujuan/", answering.pending_list, name="staff_pending_answers"),
    path(
        f"{staff}<ref:reference>/disposisi/",
        answering.disposition_page,
        name="staff_disposition",
    ),
    path(
        f"{staff}<ref:reference>/disposisi/pdf/",
        answering.disposition_pdf,
        name="staff_disposition_pdf",
    ),
    path(f"{staff}<ref:reference>/", staff_views.detail, name="staff_detail"),
    path(f"{staff}<ref:reference>/identitas/", staff_views.identity, name="staff_identity"),
    path(
        f"{staff}<ref:reference>/lampiran/<int:pk>/",
        staff_views.attachment,
        name="staff_attachment",
    ),
    path(f"{staff}<ref:reference>/<slug:action>/", staff_views.act, name="staff_act"),
]
