from django.urls import path

from . import public_views, staff_views

app_name = "accounts"

# Included before the offices' `staf/<slug>/` so that `staf/akun/` is this app's.
urlpatterns = [
    path("staf/masuk/kode/", public_views.verify, name="verify"),
    path(
        "staf/undangan/<uidb64>/<token>/",
        public_views.InvitationView.as_view(),
        name="invitation",
    ),
    path("staf/akun/", staff_views.account, name="account"),
    path("staf/akun/konfirmasi/", staff_views.reauth, name="reauth"),
    path("staf/akun/sandi/", staff_views.change_password, name="password"),
    path("staf/akun/dua-langkah/", staff_views.two_factor_setup, name="two_factor_setup"),
    path(
        "staf/akun/dua-langkah/kode-pemulihan/",
        staff_views.recovery_codes,
        name="recovery_codes",
    ),
    path(
        "staf/akun/dua-langkah/nonaktifkan/",
        staff_views.two_factor_disable,
        name="two_factor_disable",
    ),
    path("staf/akun/sesi/akhiri-lainnya/", staff_views.sign_out_others, name="sign_out_others"),
    path("staf/keamanan/", staff_views.security_log_all, name="security_log_all"),
    path("staf/keamanan/csv/", staff_views.security_log_all_csv, name="security_log_all_csv"),
    path("staf/<slug:slug>/keamanan/", staff_views.security_log, name="security_log"),
    path("staf/<slug:slug>/keamanan/csv/", staff_views.security_log_csv, name="security_log_csv"),
    path("staf/<slug:slug>/kunci-sistem/", staff_views.api_keys, name="api_keys"),
    path(
        "staf/<slug:slug>/kunci-sistem/<int:pk>/cabut/",
        staff_views.api_key_revoke,
        name="api_key_revoke",
    ),
    path("staf/<slug:slug>/akun-staf/", staff_views.staff_list, name="staff_list"),
    path("staf/<slug:slug>/akun-staf/undang/", staff_views.staff_invite, name="staff_invite"),
    path("staf/<slug:slug>/akun-staf/<int:pk>/peran/", staff_views.staff_roles, name="staff_roles"),
    path(
        "staf/<slug:slug>/akun-staf/<int:pk>/nonaktifkan/",
        staff_views.staff_deactivate,
        name="staff_deactivate",
    ),
    path(
        "staf/<slug:slug>/akun-staf/<int:pk>/atur-ulang-dua-langkah/",
        staff_views.staff_reset_two_factor,
        name="staff_reset_two_factor",
    ),
]
