from django.urls import path

from tinhso.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.my_items, name="my_items"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.inbox_message, name="inbox_message"),
    path("inbox/read-all/", views.inbox_mark_all_read, name="inbox_read_all"),
    path("offline/", views.offline, name="offline"),
    path("communes.geojson", views.communes_geojson, name="communes"),
]
