from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("河北省知识产权金融补助管理系统")
admin.site.site_title = _("系统管理")

urlpatterns = [
    path("", include("home.urls")),
    path("accounts/", include("accounts.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("calls/", include("calls.urls")),
    path("applications/", include("workflow.urls")),
    path("documents/", include("documents.urls")),
    path("messages/", include("notifications.urls")),
    path("patents/", include("patents.urls")),
    path("experts/", include("experts.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("notice/", include("notice.urls")),
    path("finance/", include("finance.urls")),
    path("ledger/", include("ledger.urls")),
    path("survey/", include("survey.urls")),
    path("parks/", include("parks.urls")),
    path("statistics/", include("stats.urls")),
    path("archive/", include("archive.urls")),
    path("jobs/", include("jobs.urls")),
    path("api/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
