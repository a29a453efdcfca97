from django.urls import path

from tinhso.core import views as core_views
from tinhso.reports import views, views_desk, views_questions

app_name = "reports"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("map.json", views.map_points, name="map_points"),
    # Kept for clients of the first release; the maps use core:communes.
    path("communes.geojson", core_views.communes_geojson),
    path("new/", views.new_report, name="new"),
    path("new/attributes/", views.new_report_attributes, name="attributes"),
    path("new/nearby/", views.nearby, name="nearby"),
    path("new/photo-location/", views.photo_location, name="photo_location"),
    path("mine/", views.my_reports, name="mine"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("questions/", views_questions.public_questions, name="questions"),
    path("questions/ask/", views_questions.ask, name="ask"),
    path("questions/similar/", views_questions.similar, name="similar"),
    path("questions/<uuid:public_id>/", views_questions.question_detail, name="question"),
    path("<uuid:public_id>/", views.report_detail, name="detail"),
    path("<uuid:public_id>/<slug:action>/", views.report_action, name="action"),
]

# Officials' pages, under /console/ with the MFA gate and the menu.
desk_urlpatterns = [
    path("", views_desk.worklist, name="list"),
    path("moderation/", views_desk.moderation, name="moderation"),
    path("statistics/", views_desk.statistics, name="statistics"),
    path("questions/", views_questions.desk_questions, name="questions"),
    path("questions/<uuid:public_id>/", views_questions.desk_question, name="question"),
    path("<uuid:public_id>/", views_desk.desk_report, name="report"),
    path("<uuid:public_id>/<slug:action>/", views_desk.desk_action, name="action"),
]
