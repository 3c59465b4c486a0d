from django.urls import path

from . import staff_views

app_name = "privacy"

staff = "staf/<slug:office_slug>/data-pribadi/"
urlpatterns = [
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
]
