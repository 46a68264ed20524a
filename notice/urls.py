from django.urls import path

from . import views

app_name = "notice"
urlpatterns = [
    # public, no sign-in
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
    # provincial administrator
    path("manage/", views.manage_list, name="manage_list"),
    path("<int:pk>/manage/", views.manage_detail, name="manage"),
    path("<int:pk>/objections/", views.objection_create, name="objection_create"),
    path("objections/<int:pk>/decide/", views.objection_decide, name="objection_decide"),
    path("<int:pk>/close/", views.close, name="close"),
    path("holidays/", views.holidays, name="holidays"),
    path("holidays/<int:year>/", views.holiday_year, name="holiday_year"),
]
