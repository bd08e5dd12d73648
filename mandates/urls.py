from django.urls import path

from mandates import sign_off_views, views

app_name = "mandates"

urlpatterns = [
    path("compare/<slug:earlier>/<slug:later>/", views.side_by_side, name="compare"),
    path("mandates/<slug:slug>/periods/", views.period_list, name="periods"),
    path("periods/<int:pk>/close/", views.close, name="period-close"),
    path("periods/<int:pk>/reopen/", views.reopen, name="period-reopen"),
    path("mandates/<slug:slug>/", views.mandate_detail, name="detail"),
    path("mandates/<slug:slug>/themes/<int:number>/", views.theme_detail, name="theme"),
    path(
        "mandates/<slug:slug>/themes/<int:number>/returns/<int:period_pk>/",
        sign_off_views.theme_return,
        name="theme-return",
    ),
]
