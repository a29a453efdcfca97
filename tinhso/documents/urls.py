from django.urls import path

from tinhso.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("incoming/", views.incoming_list, name="incoming_list"),
    path("incoming/new/", views.incoming_new, name="incoming_new"),
    path("incoming/read/", views.incoming_read, name="incoming_read"),
    path("incoming/<int:pk>/", views.incoming, name="incoming"),
    path("incoming/<int:pk>/file/", views.incoming_file, name="incoming_file"),
    path("incoming/<int:pk>/assign/", views.assign, name="assign"),
    path("incoming/<int:pk>/forward/", views.forward, name="forward"),
    path("incoming/<int:pk>/comment/", views.comment, name="comment"),
    path("incoming/<int:pk>/finish/", views.finish, name="finish"),
    path("arrivals/<int:pk>/", views.arrival, name="arrival"),
    path("arrivals/<int:pk>/file/", views.arrival_file, name="arrival_file"),
    path("arrivals/<int:pk>/refuse/", views.refuse_arrival, name="refuse_arrival"),
]
