from django.urls import path

from objectives.views import browse, compare, exports, measurements, overdue, periods, progress

app_name = "objectives"

urlpatterns = [
    path("needs-update/", overdue.needs_update, name="needs-update"),
    path("compare/<slug:earlier>/<slug:later>/", compare.side_by_side, name="compare"),
    path("mandates/<slug:slug>/periods/", periods.period_list, name="periods"),
    path("periods/<int:pk>/close/", periods.close, name="period-close"),
    path("targets/<int:pk>/measurements/record/", measurements.record, name="measurement-record"),
    path("objectives/", browse.ObjectiveListView.as_view(), name="list"),
    path("mandates/<slug:slug>/", browse.mandate_detail, name="mandate"),
    path("mandates/<slug:slug>/themes/<int:number>/", browse.theme_detail, name="theme"),
    path("mandates/<slug:slug>/summary.<str:fmt>", exports.mandate_summary, name="mandate-summary"),
    path(
        "mandates/<slug:slug>/themes/<int:number>/summary.<str:fmt>",
        exports.theme_summary,
        name="theme-summary",
    ),
    path(
        "mandates/<slug:slug>/objectives/<str:reference>/", browse.objective_detail, name="detail"
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
