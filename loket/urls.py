from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from loket import views
from loket.accounts import public_views as account_views
from loket.site import metrics
from loket.site.forms import OutboxPasswordResetForm

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("metrics", metrics.metrics, name="metrics"),
    path("bahasa/", set_language, name="set_language"),
    # Staff sign-in (lockout, second factor) and sign-out: loket.accounts.
    path("staf/masuk/", account_views.sign_in, name="login"),
    path("staf/keluar/", views.sign_out, name="logout"),  # GET: a page with the button
    path(
        "staf/lupa-sandi/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path(
        "staf/lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "staf/sandi-baru/<uidb64>/<token>/",
        account_views.StaffPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "staf/sandi-baru/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("api/v1/", include("loket.api.urls")),
    path("", include("loket.accounts.urls")),
    path("", include("loket.notify.urls")),  # before offices: `staf/pemberitahuan/`
    # Before offices' `staf/<slug>/`: `staf/provinsi/` is the reports' province comparison.
    path("", include("loket.reports.urls")),
    path("", include("loket.offices.urls")),
    path("", include("loket.standards.urls")),
    path("", include("loket.visits.urls")),
    path("", include("loket.workdays.urls")),
    path("", include("loket.complaints.urls")),
    path("", include("loket.intake.urls")),
    path("", include("loket.surveys.urls")),
    path("", include("loket.privacy.urls")),
    # The admin site signs in through the staff sign-in page (lockout and second factor).
    path(
        "admin-sistem/login/",
        RedirectView.as_view(pattern_name="login", query_string=True),
        name="admin_login_redirect",
    ),
    path("admin-sistem/", admin.site.urls),
]
# Development only (never in production): every mail `make run` sent, at /dev/surat/.
if settings.LOKET_DEV_MAILBOX and not settings.LOKET_PRODUCTION:
    urlpatterns += [path("dev/surat/", include(views.dev_mail_urls))]
