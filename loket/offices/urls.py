from django.urls import path

from . import staff_views, views

app_name = "offices"

urlpatterns = [
    path("instansi/<slug:slug>/", views.office_detail, name="detail"),
    path("staf/", views.staff_home, name="staff_home"),
    # The system administrator's pages (before `staf/<slug>/`).
    path("staf/sistem/instansi/", staff_views.system_offices, name="system_offices"),
    path("staf/sistem/instansi/baru/", staff_views.office_create, name="office_create"),
    path("staf/<slug:slug>/", views.staff_office, name="staff_office"),
    path("staf/<slug:slug>/profil/", staff_views.profile, name="profile"),
    path("staf/<slug:slug>/profil/kanal/", staff_views.channel_add, name="channel_add"),
    path(
        "staf/<slug:slug>/profil/kanal/<int:pk>/hapus/",
        staff_views.channel_remove,
        name="channel_remove",
    ),
    path("staf/<slug:slug>/bagian/", staff_views.divisions, name="divisions"),
    path("staf/<slug:slug>/bagian/<int:pk>/", staff_views.division_edit, name="division_edit"),
    path(
        "staf/<slug:slug>/bagian/<int:pk>/pindah/",
        staff_views.division_move,
        name="division_move",
    ),
    path(
        "staf/<slug:slug>/bagian/<int:pk>/nonaktifkan/",
        staff_views.division_deactivate,
        name="division_deactivate",
    ),
    path(
        "staf/<slug:slug>/bagian/<int:pk>/aktifkan/",
        staff_views.division_activate,
        name="division_activate",
    ),
    path(
        "staf/<slug:slug>/bagian/<int:pk>/hapus/",
        staff_views.division_delete,
        name="division_delete",
    ),
]
