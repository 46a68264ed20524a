from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url="/accounts/password/done/"
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
urlpatterns += [
    path("two-factor/", views.otp_verify, name="otp_verify"),
    path("two-factor/enrol/", views.otp_enrol, name="otp_enrol"),
    path("two-factor/devices/", views.otp_devices, name="otp_devices"),
    path("two-factor/devices/<int:pk>/reset/", views.otp_reset, name="otp_reset"),
]
