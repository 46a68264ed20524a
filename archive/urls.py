from django.urls import path

from . import views

app_name = "archive"
urlpatterns = [path("calls/<int:call_pk>/", views.download, name="download")]
