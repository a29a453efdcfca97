from django.urls import path

from tinhso.meetings import views, views_after, views_public, views_room

app_name = "meetings"

urlpatterns = [
    path("", views.my_meetings, name="mine"),
    path("new/", views.new_meeting, name="new"),
    path("tasks/", views_after.tasks, name="tasks"),
    path("tasks/done/", views_after.finish_task, name="finish_task"),
    path("<int:pk>/", views.meeting_page, name="meeting"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/items/", views.add_item, name="add_item"),
    path("<int:pk>/documents/", views.add_document, name="add_document"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/search/", views_after.search, name="search"),
    # In the room
    path("<int:pk>/open/", views_room.open_session, name="open_session"),
    path("<int:pk>/close/", views_room.close_session, name="close_session"),
    path("<int:pk>/item/", views_room.take_up_item, name="take_up_item"),
    path("<int:pk>/speak/", views_room.ask_to_speak, name="ask_to_speak"),
    path("<int:pk>/speak/withdraw/", views_room.withdraw, name="withdraw"),
    path("<int:pk>/floor/", views_room.give_floor, name="give_floor"),
    path("<int:pk>/floor/end/", views_room.end_speech, name="end_speech"),
    path("<int:pk>/floor/up/", views_room.move_up, name="move_up"),
    path("<int:pk>/votes/", views_room.prepare_vote, name="prepare_vote"),
    path("<int:pk>/votes/open/", views_room.open_vote, name="open_vote"),
    path("<int:pk>/votes/close/", views_room.close_vote, name="close_vote"),
    path("<int:pk>/votes/cast/", views_room.cast, name="cast"),
    path("<int:pk>/screen/", views_room.screen, name="screen"),
    path("<int:pk>/screen/live/", views_room.screen_live, name="screen_live"),
    path("<int:pk>/panel/", views_room.panel_live, name="panel_live"),
    # After
    path("<int:pk>/minutes/", views_after.minutes_page, name="minutes"),
    path("<int:pk>/minutes/start/", views_after.start_minutes, name="start_minutes"),
    path("<int:pk>/minutes/edit/", views_after.edit_minutes, name="edit_minutes"),
    path("<int:pk>/minutes/sign/", views_after.sign_minutes, name="sign_minutes"),
    path("<int:pk>/minutes/file.pdf", views_after.minutes_file, name="minutes_file"),
    path("<int:pk>/publish/", views_after.publish, name="publish"),
    path("<int:pk>/tasks/", views_after.assign_task, name="assign_task"),
    path("documents/<int:pk>/", views.reader, name="reader"),
    path("documents/<int:pk>/pages/<int:page>.png", views.page_image, name="page"),
    path("documents/<int:pk>/notes/", views.add_note, name="add_note"),
    path("m/<str:code>/", views.landing, name="landing"),
]

# The public archive (/nghi-quyet/), no sign-in.
public_urlpatterns = [
    path("", views_public.archive_list, name="list"),
    path("<int:pk>/", views_public.archive_detail, name="detail"),
    path("<int:pk>/file.pdf", views_public.archive_file, name="file"),
]
