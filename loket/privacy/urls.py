from django.urls import path

from . import public_views, staff_views

app_name = "privacy"

staff = "staf/<slug:office_slug>/data-pribadi/"
breach = f"{staff}kegagalan/<int:pk>/"
urlpatterns = [
    path(
        "instansi/<slug:office_slug>/pemberitahuan-privasi/",
        public_views.notice,
        name="notice",
    ),
    path(staff, staff_views.home, name="home"),
    path(f"{staff}masa-simpan/<str:record_type>/", staff_views.retention, name="retention"),
    path(f"{staff}permintaan/baru/", staff_views.new_request, name="new_request"),
    path(f"{staff}permintaan/<int:pk>/", staff_views.request_detail, name="request"),
    path(
        f"{staff}permintaan/<int:pk>/ekspor.<str:fmt>",
        staff_views.export,
        name="export",
    ),
    path(f"{staff}permintaan/<int:pk>/dijawab/", staff_views.answered, name="answered"),
    path(f"{staff}permintaan/<int:pk>/hapus-data/", staff_views.erase, name="erase"),
    path(f"{staff}permintaan/<int:pk>/keputusan/", staff_views.decide, name="decide"),
    path(f"{staff}permintaan/<int:pk>/tarik-persetujuan/", staff_views.withdraw, name="withdraw"),
    path(f"{staff}permintaan/<int:pk>/cabut-pembatasan/", staff_views.lift, name="lift"),
    path(f"{staff}kegagalan/", staff_views.breaches, name="breaches"),
    path(f"{staff}kegagalan/baru/", staff_views.breach_new, name="breach_new"),
    path(f"{staff}kegagalan/ekspor.csv", staff_views.breaches_export, name="breaches_export"),
    path(breach, staff_views.breach_detail, name="breach"),
    path(f"{breach}ubah/", staff_views.breach_edit, name="breach_edit"),
    path(f"{breach}pemberitahuan/", staff_views.breach_notice, name="breach_notice"),
    path(f"{breach}tutup/", staff_views.breach_close, name="breach_close"),
    path(
        f"{breach}beri-tahu-subjek/",
        staff_views.breach_notify_subjects,
        name="breach_notify_subjects",
    ),
    path(f"{staff}catatan-pemrosesan/", staff_views.processing, name="processing"),
    path(f"{staff}catatan-pemrosesan/ubah/", staff_views.processing_edit, name="processing_edit"),
]
