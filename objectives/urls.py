from django.urls import path

from objectives.views import browse, exports, progress

app_name = "objectives"

urlpatterns = [
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
