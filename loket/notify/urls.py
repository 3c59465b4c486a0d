from django.urls import path

from . import staff_views

app_name = "notify"

# Included before the offices' `staf/<slug>/` so that `staf/pemberitahuan/` is this app's.
urlpatterns = [
    path("staf/pemberitahuan/", staff_views.notification_list, name="list"),
    path("staf/pemberitahuan/jumlah/", staff_views.badge, name="badge"),
    path("staf/pemberitahuan/baca-semua/", staff_views.read_all, name="read_all"),
    path("staf/pemberitahuan/pengaturan/", staff_views.preferences, name="preferences"),
    path("staf/pemberitahuan/<int:pk>/buka/", staff_views.open_notification, name="open"),
]
