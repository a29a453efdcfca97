from django.urls import path

from tinhso.ioc import views

app_name = "ioc"

urlpatterns = [
    path("", views.board, name="board"),
    path("i/<slug:code>/", views.indicator_page, name="indicator"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("alerts/<int:pk>/<slug:action>/", views.alert_action, name="alert_action"),
    path("upload/", views.upload, name="upload"),
    path("report/<str:month>.pdf", views.monthly_report, name="monthly_report"),
]
