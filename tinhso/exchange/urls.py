from django.urls import path

from tinhso.exchange import views

app_name = "exchange"

urlpatterns = [
    path("r1/<path:rest>", views.call, name="call"),
    path("queue/r1/<path:rest>", views.queue, name="queue"),
    path("queue/<str:message_id>", views.queued, name="queued"),
]
