from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from tinhso.accounts import views_sso
from tinhso.accounts.urls import console_urlpatterns, staff_urlpatterns
from tinhso.api import api
from tinhso.assistant.urls import desk_urlpatterns as assistant_desk_urlpatterns
from tinhso.broadcast import views as broadcast_views
from tinhso.core import views as core_views
from tinhso.core.metrics import metrics_view
from tinhso.core.views_verify import verify_upload
from tinhso.documents.urls import public_urlpatterns as documents_public_urlpatterns
from tinhso.exchange.urls import desk_urlpatterns as exchange_desk_urlpatterns
from tinhso.ioc import views_ngsi
from tinhso.meetings.urls import public_urlpatterns as meetings_public_urlpatterns
from tinhso.reports import open311
from tinhso.reports.urls import desk_urlpatterns as report_desk_urlpatterns
from tinhso.services import views as services_views
from tinhso.services import views_stats as services_stats
from tinhso.services.urls import catalogue_desk_urlpatterns, desk_urlpatterns
from tinhso.traffic.urls import desk_urlpatterns as traffic_desk_urlpatterns

# The admin signs in through our own page (phone/e-mail, lock-out, MFA gate).
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Tỉnh số"
admin.site.site_title = "Tỉnh số"

urlpatterns = [
    path("", include("tinhso.core.urls")),
    path("accounts/", include("tinhso.accounts.urls")),
    path("services/", include("tinhso.services.urls")),
    path("reports/", include("tinhso.reports.urls")),
    path("assistant/", include("tinhso.assistant.urls")),
    path("console/assistant/", include((assistant_desk_urlpatterns, "assistant_desk"))),
    path("open311/v2/", include((open311.urlpatterns, "open311"))),
    path("console/reports/", include((report_desk_urlpatterns, "report_desk"))),
    path("console/ioc/", include("tinhso.ioc.urls")),
    path("traffic/", include("tinhso.traffic.urls")),
    path("console/traffic/", include((traffic_desk_urlpatterns, "traffic_desk"))),
    path("ngsi-ld/v1/", include((views_ngsi.urlpatterns, "ngsi"))),
    path("console/", include((console_urlpatterns, "console"))),
    path("console/staff/", include((staff_urlpatterns, "staff"))),
    path("console/dossiers/", include((desk_urlpatterns, "desk"))),
    path("console/catalogue/", include((catalogue_desk_urlpatterns, "catalogue_desk"))),
    path("console/statistics/", services_stats.statistics, name="statistics"),
    path("admin/", admin.site.urls),
    path("o/", include((views_sso.urlpatterns, "oauth2_provider"))),
    path("api/v1/", api.urls),
    path("exchange/", include("tinhso.exchange.urls")),
    path("console/exchange/", include((exchange_desk_urlpatterns, "exchange_desk"))),
    path("console/documents/", include("tinhso.documents.urls")),
    path("van-ban/", include((documents_public_urlpatterns, "documents_public"))),
    path("meetings/", include("tinhso.meetings.urls")),
    path("console/broadcast/", include("tinhso.broadcast.urls")),
    path("radio/<int:pk>/<str:token>.ogg", broadcast_views.catch_up_audio, name="radio_catch_up"),
    path("nghi-quyet/", include((meetings_public_urlpatterns, "meetings_public"))),
    path("verify/", verify_upload, name="verify_upload"),
    path("verify/<str:token>/", services_views.verify, name="verify"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("healthz/workers", core_views.workers_health, name="workers_health"),
    path("metrics", metrics_view, name="metrics"),
    path("manifest.webmanifest", core_views.manifest, name="manifest"),
    path("sw.js", core_views.service_worker, name="service_worker"),
]

handler404 = "tinhso.core.errors_views.not_found"
handler403 = "tinhso.core.errors_views.forbidden"
handler400 = "tinhso.core.errors_views.bad_request"
handler500 = "tinhso.core.errors_views.server_error"
