from django.urls import path

from tinhso.assistant import views

app_name = "assistant"

urlpatterns = [
    path("", views.chat, name="chat"),
    path("forget/", views.forget, name="forget"),
]

desk_urlpatterns = [
    path("", views.asked, name="asked"),
    path("phrasings/", views.add_phrasing, name="add_phrasing"),
    path("set-aside/", views.set_aside, name="set_aside"),
]
