from django.urls import path

from . import public_views, staff_views

app_name = "standards"

urlpatterns = [
    path("instansi/<slug:office_slug>/layanan/", public_views.service_list, name="services"),
    path(
        "instansi/<slug:office_slug>/layanan/<slug:service_slug>/",
        public_views.service_detail,
        name="service",
    ),
    path(
        "instansi/<slug:office_slug>/layanan/<slug:service_slug>/pdf/",
        public_views.service_pdf,
        name="service_pdf",
    ),
    path(
        "instansi/<slug:office_slug>/layanan/<slug:service_slug>/versi/<int:version>/",
        public_views.service_detail,
        name="service_version",
    ),
    path(
        "instansi/<slug:office_slug>/layanan/<slug:service_slug>/versi/<int:version>/pdf/",
        public_views.service_pdf,
        name="service_version_pdf",
    ),
    path("instansi/<slug:office_slug>/maklumat/", public_views.pledge_detail, name="pledge"),
    # The system administrator: a new office from a SIPPN text (issue 14).
    path(
        "staf/sistem/instansi/dari-sippn/",
        staff_views.system_office_import,
        name="system_office_import",
    ),
    # Staff: office admins edit drafts and publish.
    path("staf/<slug:office_slug>/standar/", staff_views.service_list, name="staff_services"),
    path(
        "staf/<slug:office_slug>/standar/layanan-baru/",
        staff_views.service_create,
        name="staff_service_create",
    ),
    path(
        "staf/<slug:office_slug>/standar/impor/",
        staff_views.import_text,
        name="staff_import",
    ),
    path(
        "staf/<slug:office_slug>/standar/maklumat/",
        staff_views.pledge_edit,
        name="staff_pledge",
    ),
    path(
        "staf/<slug:office_slug>/standar/<slug:service_slug>/",
        staff_views.service_detail,
        name="staff_service",
    ),
    path(
        "staf/<slug:office_slug>/standar/<slug:service_slug>/versi-baru/",
        staff_views.new_version,
        name="staff_new_version",
    ),
    path(
        "staf/<slug:office_slug>/standar/<slug:service_slug>/versi/<int:version>/koreksi/",
        staff_views.start_correction,
        name="staff_correct",
    ),
    path(
        "staf/<slug:office_slug>/standar/<slug:service_slug>/draf/",
        staff_views.draft_edit,
        name="staff_draft",
    ),
    path(
        "staf/<slug:office_slug>/standar/<slug:service_slug>/draf/pratinjau/",
        staff_views.draft_preview,
        name="staff_preview",
    ),
    path(
        "staf/<slug:office_slug>/standar/<slug:service_slug>/draf/terbitkan/",
        staff_views.draft_publish,
        name="staff_publish",
    ),
]
