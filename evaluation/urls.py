from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("score/<int:pk>/", views.score, name="score"),
    path("score/<int:pk>/declare/", views.declare, name="declare"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:pk>/", views.moderate, name="moderate"),
    path("calls/<int:call_pk>/", views.board, name="board"),
    path("calls/<int:call_pk>/rank/", views.rank, name="rank"),
    path("calls/<int:call_pk>/approve/", views.approve, name="approve"),
    path("calls/<int:call_pk>/letters/", views.letters, name="letters"),
    path("groups/<int:group_pk>/start/", views.start, name="start"),
    path("groups/<int:group_pk>/sheets/", views.print_sheets, name="print_sheets"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/export.xlsx", views.run_export, name="run_export"),
    path("runs/<int:pk>/publish/", views.publish, name="publish"),
]
