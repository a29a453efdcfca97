from django.urls import path

from tinhso.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.my_meetings, name="mine"),
    path("new/", views.new_meeting, name="new"),
    path("<int:pk>/", views.meeting_page, name="meeting"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/items/", views.add_item, name="add_item"),
    path("<int:pk>/documents/", views.add_document, name="add_document"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("documents/<int:pk>/", views.reader, name="reader"),
    path("documents/<int:pk>/pages/<int:page>.png", views.page_image, name="page"),
    path("documents/<int:pk>/notes/", views.add_note, name="add_note"),
    path("m/<str:code>/", views.landing, name="landing"),
]
