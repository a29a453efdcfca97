from django.urls import path

from tinhso.documents import views, views_outgoing

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
    path("outgoing/", views_outgoing.outgoing_list, name="outgoing_list"),
    path("outgoing/new/", views_outgoing.outgoing_new, name="outgoing_new"),
    path("outgoing/<int:pk>/", views_outgoing.outgoing_page, name="outgoing"),
    path("outgoing/<int:pk>/file/", views_outgoing.outgoing_file, name="outgoing_file"),
    path("outgoing/<int:pk>/replace/", views_outgoing.replace_draft, name="replace_draft"),
    path("outgoing/<int:pk>/submit/", views_outgoing.submit, name="submit"),
    path("outgoing/<int:pk>/review/", views_outgoing.review, name="review"),
    path("outgoing/<int:pk>/return/", views_outgoing.return_draft, name="return_draft"),
    path("outgoing/<int:pk>/sign/", views_outgoing.sign, name="sign"),
    path("outgoing/<int:pk>/issue/", views_outgoing.issue, name="issue"),
    path("outgoing/<int:pk>/send-more/", views_outgoing.send_more, name="send_more"),
]

# The public page of published documents, and the QR code's check (/van-ban/).
public_urlpatterns = [
    path("", views_outgoing.public_list, name="list"),
    path("<int:pk>/file/", views_outgoing.public_file, name="file"),
    path("check/<str:token>/", views_outgoing.public_check, name="check"),
]
