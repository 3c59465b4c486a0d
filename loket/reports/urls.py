from django.urls import path

from . import compliance_views, export_views, public_views, staff_views

app_name = "reports"

staff = "staf/<slug:office_slug>/laporan/"
province = "staf/provinsi/"
urlpatterns = [
    # The province comparison for supervisors (issue 16); loket/urls.py includes this app
    # before offices' `staf/<slug>/`, so that `staf/provinsi/` is this page.
    path(province, staff_views.province, name="province"),
    path(f"{province}unduh.csv", staff_views.province_csv, name="province_csv"),
    path(f"{province}unduh.xlsx", staff_views.province_xlsx, name="province_xlsx"),
    path(f"{province}<slug:office_slug>/", staff_views.province_office, name="province_office"),
    path(
        f"{province}<slug:office_slug>/unduh.csv",
        staff_views.province_office_csv,
        name="province_office_csv",
    ),
    path(
        f"{province}<slug:office_slug>/unduh.xlsx",
        staff_views.province_office_xlsx,
        name="province_office_xlsx",
    ),
    # The deployment's public statistics: every office side by side (no sign-in).
    path("statistik/", public_views.deployment, name="deployment"),
    path("statistik.csv", public_views.deployment_csv, name="deployment_csv"),
    path("statistik.json", public_views.deployment_json, name="deployment_json"),
    path(staff, staff_views.office_report, name="office"),
    path("staf/<slug:office_slug>/dasbor/", staff_views.dashboard, name="dashboard"),
    path(
        "staf/<slug:office_slug>/dasbor/angka/",
        staff_views.dashboard_counts,
        name="dashboard_counts",
    ),
    path(f"{staff}unduh.csv", staff_views.report_csv, name="office_csv"),
    path(f"{staff}unduh.xlsx", staff_views.report_xlsx, name="office_xlsx"),
    path(f"{staff}unduh.pdf", staff_views.report_pdf, name="office_pdf"),
    path("instansi/<slug:office_slug>/statistik/", public_views.statistics, name="public"),
    path(
        "instansi/<slug:office_slug>/statistik.json",
        public_views.statistics_json,
        name="public_json",
    ),
    path(
        "instansi/<slug:office_slug>/statistik.csv", public_views.statistics_csv, name="public_csv"
    ),
]

# The public compliance report card (loket.reports.compliance_views).
urlpatterns += [
    path(
        "instansi/<slug:office_slug>/rapor-kepatuhan/",
        compliance_views.office_card,
        name="compliance",
    ),
    path(
        "instansi/<slug:office_slug>/rapor-kepatuhan/<slug:service_slug>/",
        compliance_views.service_card,
        name="compliance_service",
    ),
]

# Exports prepared in the background (loket.reports.export_views). The province view's have
# two segments after `staf/provinsi/`, so they never shadow an office's `<slug>/`.
urlpatterns += [
    path(f"{staff}ekspor/siapkan/", export_views.office_request, name="office_export_request"),
    path(f"{staff}ekspor/<uuid:job_id>/", export_views.office_job, name="office_export"),
    path(
        f"{staff}ekspor/<uuid:job_id>/unduh/",
        export_views.office_file,
        name="office_export_file",
    ),
    path(
        f"{province}ekspor/siapkan/",
        export_views.province_request,
        name="province_export_request",
    ),
    path(f"{province}ekspor/<uuid:job_id>/", export_views.province_job, name="province_export"),
    path(
        f"{province}ekspor/<uuid:job_id>/unduh/",
        export_views.province_file,
        name="province_export_file",
    ),
    path(
        f"{province}<slug:office_slug>/ekspor/siapkan/",
        export_views.province_office_request,
        name="province_office_export_request",
    ),
]
