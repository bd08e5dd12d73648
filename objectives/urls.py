from django.urls import path

from objectives.views import (
    detail,
    evidence,
    lists,
    measurements,
    overdue,
    progress,
    quarterly_return,
)

app_name = "objectives"

urlpatterns = [
    path("needs-update/", overdue.needs_update, name="needs-update"),
    path("return/", quarterly_return.return_page, name="return"),
    path("evidence/<int:pk>/", evidence.download, name="evidence"),
    path("targets/<int:pk>/measurements/record/", measurements.record, name="measurement-record"),
    path("objectives/", lists.ObjectiveListView.as_view(), name="list"),
    path(
        "mandates/<slug:slug>/objectives/<str:reference>/", detail.objective_detail, name="detail"
    ),
    path("mandates/<slug:slug>/objectives/<str:reference>/record/", progress.record, name="record"),
    path("updates/<int:pk>/edit/", progress.edit, name="update-edit"),
    path("updates/<int:pk>/withdraw/", progress.withdraw, name="update-withdraw"),
    path(
        "updates/<int:pk>/versions/<int:history_id>/restore/",
        progress.restore,
        name="update-restore",
    ),
]
