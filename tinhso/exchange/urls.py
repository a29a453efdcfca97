from django.urls import path

from tinhso.exchange import views

app_name = "exchange"

urlpatterns = [
    path("r1/<path:rest>", views.call, name="call"),
]
