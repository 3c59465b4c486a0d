from django.urls import path

from . import public_views

app_name = "intake"

urlpatterns = [
    # Providers: the WhatsApp Cloud API webhook (handshake GET, deliveries POST).
    path("masuk/whatsapp/", public_views.whatsapp_webhook, name="whatsapp_webhook"),
]
