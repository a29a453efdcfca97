from django.urls import path

from tinhso.exchange import views, views_console

app_name = "exchange"

urlpatterns = [
    path("r1/<path:rest>", views.call, name="call"),
    path("queue/r1/<path:rest>", views.queue, name="queue"),
    path("queue/<str:message_id>", views.queued, name="queued"),
]

desk_urlpatterns = [
    path("", views_console.overview, name="overview"),
    path("registry/", views_console.registry, name="registry"),
    path("registry/members/", views_console.add_member, name="add_member"),
    path(
        "registry/members/<int:pk>/subsystems/", views_console.add_subsystem, name="add_subsystem"
    ),
    path("registry/subsystems/<int:pk>/services/", views_console.add_service, name="add_service"),
    path(
        "registry/subsystems/<int:pk>/credentials/",
        views_console.issue_credentials,
        name="credentials",
    ),
    path("registry/rights/", views_console.grant, name="grant"),
    path("registry/services/<int:pk>/bodies/", views_console.keep_bodies, name="keep_bodies"),
    path("registry/services/<int:pk>/openapi/", views_console.set_openapi, name="set_openapi"),
    path("registry/rights/<int:pk>/revoke/", views_console.revoke, name="revoke"),
    path("log/", views_console.message_log, name="log"),
    path("queue/", views_console.queue, name="queue"),
    path("queue/<int:pk>/send-again/", views_console.send_again, name="send_again"),
]
