from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from loket import views
from loket.offices.forms import StaffAuthenticationForm
from loket.site.forms import OutboxPasswordResetForm

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("bahasa/", set_language, name="set_language"),
    path(
        "staf/masuk/",
        auth_views.LoginView.as_view(authentication_form=StaffAuthenticationForm),
        name="login",
    ),
    path("staf/keluar/", auth_views.LogoutView.as_view(), name="logout"),
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
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "staf/sandi-baru/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("api/v1/", include("loket.api.urls")),
    path("", include("loket.offices.urls")),
    path("", include("loket.standards.urls")),
    path("", include("loket.visits.urls")),
    path("", include("loket.workdays.urls")),
    path("", include("loket.complaints.urls")),
    path("", include("loket.intake.urls")),
    path("admin-sistem/", admin.site.urls),
]
