from django.urls import path

from . import views

app_name = "offices"

urlpatterns = [
    path("instansi/<slug:slug>/", views.office_detail, name="detail"),
    path("staf/", views.staff_home, name="staff_home"),
    path("staf/<slug:slug>/", views.staff_office, name="staff_office"),
]
