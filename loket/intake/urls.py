from django.urls import path

from . import lapor_views, public_views, staff_views

app_name = "intake"

staff = "staf/<slug:office_slug>/pesan-masuk/"
urlpatterns = [
    # Providers: the WhatsApp Cloud API webhook (handshake GET, deliveries POST).
    path("masuk/whatsapp/", public_views.whatsapp_webhook, name="whatsapp_webhook"),
    # The Pejabat Pengelola Pengaduan's inbox.
    path(staff, staff_views.inbox, name="staff_inbox"),
    path(f"{staff}lapor/", lapor_views.lapor_import, name="lapor_import"),
    path(f"{staff}lapor/ekspor/", lapor_views.lapor_export, name="lapor_export"),
    path(f"{staff}<int:pk>/", staff_views.message, name="staff_message"),
    path(
        f"{staff}<int:pk>/lampiran/<int:attachment_pk>/",
        staff_views.attachment,
        name="staff_attachment",
    ),
]
