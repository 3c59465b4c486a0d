from django.urls import path

from . import staff_views

app_name = "reports"

staff = "staf/<slug:office_slug>/laporan/"
urlpatterns = [
    path(staff, staff_views.office_report, name="office"),
]
