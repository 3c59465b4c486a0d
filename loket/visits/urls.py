from django.urls import path

from . import public_views as views
from . import staff_views

app_name = "visits"

CONSULT = "staf/<slug:office_slug>/konsultasi"
DESK = "staf/<slug:office_slug>/tamu"

urlpatterns = [
    # Visitors
    path("instansi/<slug:office_slug>/kunjungan/", views.start, name="start"),
    path("instansi/<slug:office_slug>/kunjungan/pesan/", views.book, name="book"),
    path(
        "instansi/<slug:office_slug>/kunjungan/pesan/periksa/",
        views.book_check,
        name="book_check",
    ),
    path("instansi/<slug:office_slug>/kunjungan/layar/", views.display, name="display"),
    path(
        "instansi/<slug:office_slug>/kunjungan/layar/daftar/",
        views.display_list,
        name="display_list",
    ),
    path("instansi/<slug:office_slug>/kiosk/", views.kiosk, name="kiosk"),
    path("instansi/<slug:office_slug>/kiosk/mulai/", views.kiosk_reset, name="kiosk_reset"),
    path(
        "instansi/<slug:office_slug>/kiosk/daftarkan/<str:token>/",
        views.kiosk_enrol,
        name="kiosk_enrol",
    ),
    path("instansi/<slug:office_slug>/kiosk/kode/", views.kiosk_code, name="kiosk_code"),
    path("instansi/<slug:office_slug>/kiosk/buku-tamu/", views.kiosk_guest, name="kiosk_guest"),
    path(
        "instansi/<slug:office_slug>/kiosk/tiket/<str:ticket>/",
        views.kiosk_ticket,
        name="kiosk_ticket",
    ),
    path(
        "instansi/<slug:office_slug>/kiosk/tiket/<str:ticket>/slip/",
        views.kiosk_slip,
        name="kiosk_slip",
    ),
    path("kunjungan/survei/<str:ticket>/", views.survey, name="survey"),
    path("kunjungan/<str:token>/", views.summary, name="summary"),
    path("kunjungan/<str:token>/slip/", views.slip, name="slip"),
    path("kunjungan/<str:token>/batalkan/", views.cancel, name="cancel"),
    path("kunjungan/<str:token>/ubah-jadwal/", views.reschedule, name="reschedule"),
    path("kunjungan/<str:token>/kalender.ics", views.calendar, name="calendar"),
    # Front desk
    path(f"{DESK}/", staff_views.guest_book, name="guest_book"),
    path(f"{DESK}/daftar/", staff_views.guest_book_rows, name="guest_book_rows"),
    path(f"{DESK}/check-in/", staff_views.desk_check_in, name="desk_check_in"),
    path(f"{DESK}/baru/", staff_views.desk_new, name="desk_new"),
    path(f"{DESK}/pengaturan/", staff_views.visit_settings, name="settings"),
    path(f"{DESK}/kios/", staff_views.kiosks, name="kiosks"),
    path(f"{DESK}/kios/<int:pk>/cabut/", staff_views.kiosk_revoke, name="kiosk_revoke"),
    path(f"{DESK}/kapasitas/", staff_views.capacity, name="capacity"),
    path(
        f"{DESK}/kapasitas/<int:pk>/hapus/",
        staff_views.capacity_remove,
        name="capacity_remove",
    ),
    path(f"{DESK}/<int:pk>/", staff_views.visit_detail, name="visit"),
    path(f"{DESK}/<int:pk>/jam/", staff_views.visit_clock, name="visit_clock"),
    path(
        f"{DESK}/<int:pk>/keluar/",
        staff_views.visit_close,
        {"how": "walk_out"},
        name="visit_walk_out",
    ),
    path(
        f"{DESK}/<int:pk>/batal/", staff_views.visit_close, {"how": "cancel"}, name="visit_cancel"
    ),
    path(
        f"{DESK}/<int:pk>/berkas/<int:attachment_pk>/",
        staff_views.attachment,
        name="attachment",
    ),
    # Divisions
    path(f"{CONSULT}/", staff_views.consult_home, name="consult_home"),
    path(f"{CONSULT}/statistik/", staff_views.report, name="report"),
    path(f"{CONSULT}/statistik.csv", staff_views.report_csv, name="report_csv"),
    path(f"{CONSULT}/kunjungan/<int:pk>/", staff_views.consultation, name="consultation"),
    path(
        f"{CONSULT}/kunjungan/<int:pk>/<str:action>/",
        staff_views.consultation_action,
        name="consultation_action",
    ),
    path(f"{CONSULT}/<slug:division_slug>/", staff_views.queue, name="queue"),
    path(f"{CONSULT}/<slug:division_slug>/daftar/", staff_views.queue_rows, name="queue_rows"),
    path(f"{CONSULT}/<slug:division_slug>/panggil/", staff_views.call_next, name="call_next"),
]
