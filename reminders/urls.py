from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("account/emails/", views.email_choices, name="choices"),
]
