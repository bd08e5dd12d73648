from django.urls import path

from summaries import views

app_name = "summaries"

urlpatterns = [
    path("mandates/<slug:slug>/summary.<str:fmt>", views.mandate_summary, name="mandate"),
    path(
        "mandates/<slug:slug>/themes/<int:number>/summary.<str:fmt>",
        views.theme_summary,
        name="theme",
    ),
]
