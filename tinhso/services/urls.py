from django.urls import path

from tinhso.services import views, views_catalogue, views_desk

app_name = "services"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("p/<str:code>/", views.procedure_detail, name="procedure"),
    path("p/<str:code>/submit/", views.submit, name="submit"),
    path("p/<str:code>/speech/", views.procedure_speech, name="procedure_speech"),
    path("my/", views.my_dossiers, name="my_dossiers"),
    path("my/<str:code>/", views.my_dossier, name="my_dossier"),
    path("my/<str:code>/pay/", views.pay, name="pay"),
    path("my/<str:code>/<slug:action>/", views.my_dossier_action, name="my_dossier_action"),
    path("pay/simulator/<uuid:reference>/", views.pay_simulator, name="pay_simulator"),
    path("pay/callback/<slug:provider>/", views.payment_callback, name="payment_callback"),
    path("files/<int:pk>/", views.document, name="document"),
    path("lookup/", views.lookup, name="lookup"),
]

# Officials' pages live under /console/dossiers/ with the rest of the console.
desk_urlpatterns = [
    path("", views_desk.desk, name="list"),
    path("new/", views_desk.counter_intake, name="intake"),
    path("<str:code>/", views_desk.desk_dossier, name="dossier"),
    path("<str:code>/apology/", views_desk.desk_apology, name="apology"),
    path("<str:code>/population/", views_desk.desk_population, name="population"),
    path("<str:code>/result-preview/", views_desk.result_preview, name="result_preview"),
    path("<str:code>/<slug:action>/", views_desk.desk_action, name="action"),
]

# The catalogue team's pages, under /console/catalogue/.
catalogue_desk_urlpatterns = [
    path("import/", views_catalogue.import_catalogue, name="import"),
]
