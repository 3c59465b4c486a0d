from django.urls import path

from . import staff_views, views

app_name = "workdays"

urlpatterns = [
    path("instansi/<slug:slug>/hari-layanan/", views.service_days, name="service_days"),
    # System administrators: days that change for every office at once.
    path("staf/sistem/hari-kerja-nasional/", staff_views.national_days, name="national_days"),
    path(
        "staf/sistem/hari-kerja-nasional/<int:pk>/hapus/",
        staff_views.national_day_remove,
        name="national_day_remove",
    ),
    # Staff: office admins (and system administrators) edit the calendar.
    path("staf/<slug:slug>/hari-kerja/", staff_views.days, name="staff_days"),
    path(
        "staf/<slug:slug>/hari-kerja/<int:pk>/hapus/",
        staff_views.day_remove,
        name="staff_day_remove",
    ),
    path("staf/<slug:slug>/jam-layanan/", staff_views.hours, name="staff_hours"),
    path(
        "staf/<slug:slug>/jam-layanan/khusus/",
        staff_views.schedule_add,
        name="staff_schedule_add",
    ),
    path(
        "staf/<slug:slug>/jam-layanan/khusus/<int:pk>/hapus/",
        staff_views.schedule_remove,
        name="staff_schedule_remove",
    ),
]
