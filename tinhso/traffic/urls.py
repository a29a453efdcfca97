from django.urls import path

from tinhso.traffic import views

app_name = "traffic"

urlpatterns = [
    path("lookup/", views.lookup, name="lookup"),
    path("evidence/<str:token>/", views.public_evidence, name="evidence"),
]

# Officers' pages, under /console/ with the MFA gate and the menu.
desk_urlpatterns = [
    path("", views.queue, name="queue"),
    path("cameras/", views.cameras, name="cameras"),
    path("registry/", views.registry, name="registry"),
    path("statistics/", views.statistics, name="statistics"),
    path("<uuid:public_id>/notice.pdf", views.notice_file, name="notice"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("cameras/<slug:code>/calibrate/", views.calibrate, name="calibrate"),
    path("cameras/<slug:code>/snapshot.jpg", views.snapshot, name="snapshot"),
    path("<uuid:public_id>/", views.review, name="review"),
]
