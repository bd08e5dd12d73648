from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("favicon.ico", lambda request: HttpResponse(status=204)),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    # Its endpoints at the root, so that the issuer is the server's address itself.
    path("", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
