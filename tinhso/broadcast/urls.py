from django.urls import path

from tinhso.broadcast import views, views_dispatch, views_install, views_station

app_name = "broadcast"

urlpatterns = [
    path("", views.bulletins, name="bulletins"),
    path("new/", views.new_bulletin, name="new"),
    path("<int:pk>/", views.bulletin_page, name="bulletin"),
    path("<int:pk>/audio.ogg", views.bulletin_audio, name="audio"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/stop/", views.stop_emergency, name="stop_emergency"),
    path("<int:pk>/place/", views.place, name="place"),
    path("dispatches/", views_dispatch.dispatches, name="dispatches"),
    path("dispatches/new/", views_dispatch.new_dispatch, name="new_dispatch"),
    path("dispatches/<int:pk>/", views_dispatch.dispatch_page, name="dispatch"),
    path("dispatches/<int:pk>/withdraw/", views_dispatch.withdraw, name="withdraw"),
    path("stations/new/", views_install.new_station, name="new_station"),
    path("stations/<int:pk>/speakers/new/", views_install.new_speaker, name="new_speaker"),
    path("speakers/<int:pk>/", views_install.speaker_page, name="speaker"),
    path("speakers/<int:pk>/retire/", views_install.retire_speaker, name="retire_speaker"),
    path("speakers/<int:pk>/password/", views_install.speaker_password, name="speaker_password"),
    path("stations/<int:pk>/", views_station.station_page, name="station"),
    path("stations/<int:pk>/programmes/", views_station.add_programme, name="add_programme"),
    path(
        "stations/<int:pk>/programmes/<int:programme>/end/",
        views_station.end_programme,
        name="end_programme",
    ),
    path("stations/<int:pk>/log.csv", views_station.month_log, name="month_log"),
    path("stations/<int:pk>/jingles/", views_station.set_jingles, name="set_jingles"),
]
