from django.urls import path

from . import public_views, staff_views

app_name = "surveys"

staff = "staf/<slug:office_slug>/survei/"
period = f"{staff}periode/<int:pk>/"
kiosk = "instansi/<slug:office_slug>/kiosk/survei/"
urlpatterns = [
    # Respondents: a single-use link, the kiosk, the poster QR code per office and service.
    path("survei/token/<str:token>/", public_views.by_token, name="by_token"),
    # The kiosk questionnaire: under the office's kiosk address, where the enrolled
    # tablet's device cookie is sent (loket.surveys.kiosk_devices).
    path(f"{kiosk}", public_views.kiosk, name="kiosk"),
    path(f"{kiosk}terima-kasih/", public_views.kiosk_thanks, name="kiosk_thanks"),
    path(f"{kiosk}layanan/<slug:service_slug>/", public_views.kiosk, name="kiosk_service"),
    path(
        f"{kiosk}layanan/<slug:service_slug>/terima-kasih/",
        public_views.kiosk_thanks,
        name="kiosk_service_thanks",
    ),
    path("survei/terima-kasih/", public_views.thanks, name="thanks"),
    path("survei/<slug:office_slug>/", public_views.poster, name="poster"),
    path(
        "survei/<slug:office_slug>/<slug:service_slug>/",
        public_views.poster,
        name="poster_service",
    ),
    # Public results of published periods.
    path("instansi/<slug:office_slug>/survei/", public_views.public_results, name="public_results"),
    path(
        "instansi/<slug:office_slug>/survei.json",
        public_views.public_results_json,
        name="public_results_json",
    ),
    path(
        "instansi/<slug:office_slug>/survei.csv",
        public_views.public_results_csv,
        name="public_results_csv",
    ),
    # Staff.
    path(staff, staff_views.index, name="staff_index"),
    path(f"{staff}kertas/", staff_views.paper_entry, name="staff_paper"),
    path(f"{staff}impor/", staff_views.paper_import, name="staff_import"),
    path(f"{staff}saran/", staff_views.suggestions, name="staff_suggestions"),
    path(f"{staff}tinjau/", staff_views.held, name="staff_held"),
    path(f"{staff}kios/", staff_views.kiosk_start, name="staff_kiosk"),
    path(f"{staff}poster/", staff_views.poster, name="staff_poster"),
    path(f"{staff}poster/<slug:service_slug>/", staff_views.poster, name="staff_poster_service"),
    path(period, staff_views.period, name="staff_period"),
    path(f"{period}rencana/", staff_views.plan, name="staff_plan"),
    path(f"{period}pengolahan/", staff_views.processing, name="staff_processing"),
    path(f"{period}skm.xlsx", staff_views.export_xlsx, name="staff_xlsx"),
    path(f"{period}laporan.pdf", staff_views.export_pdf, name="staff_pdf"),
    path(f"{period}<slug:action>/", staff_views.period_action, name="staff_period_action"),
]
