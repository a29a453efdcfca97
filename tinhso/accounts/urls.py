from django.contrib.auth import views as auth_views
from django.urls import path

from tinhso.accounts import views, views_console, views_staff

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code_step, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("signup/verify/", views.verify_phone, name="verify_phone"),
    path("signup/resend/", views.resend_code, name="resend_code"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("activate/<uidb64>/<token>/", views.activate, name="activate"),
    path("mfa/setup/", views.mfa_setup, name="mfa_setup"),
    path("mfa/verify/", views.mfa_verify, name="mfa_verify"),
    path("language/", views.set_language, name="set_language"),
]

staff_urlpatterns = [
    path("", views_staff.staff_list, name="list"),
    path("new/", views_staff.staff_create, name="create"),
    path("<int:pk>/", views_staff.staff_detail, name="detail"),
    path("<int:pk>/roles/<int:membership_pk>/revoke/", views_staff.staff_revoke, name="revoke"),
    path("<int:pk>/reset-mfa/", views_staff.staff_reset_mfa, name="reset_mfa"),
]

console_urlpatterns = [
    path("", views_console.console, name="home"),
    path("audit/", views_console.audit_log, name="audit_log"),
]
