from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_GET

from config.login_form import LoginForm
from sso.views import SignOutView
from summaries.views import home


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: answers without a login, and touches no table."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's). The static
    URL is looked up here, not when the URLs load: under the manifest storage that needs
    collectstatic done, and commands such as `check` and `migrate` load the URLs first."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("", home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    # Django's logout, going on to the provider's after a single sign-on (sso/).
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    path("accounts/sso/", include("sso.urls")),
    path("admin/", admin.site.urls),
    path("", include("mandates.urls")),
    path("", include("objectives.urls")),
    path("", include("summaries.urls")),
    path("", include("reminders.urls")),
    path("", include("api.urls")),  # /api/ (the read API) and /account/tokens/
]

if settings.BENCH_FLOOR:
    from devtools.views import floor

    # The benchmark's floor (bench/): the cheapest logged-in page, to compare the others
    # with. Only when BENCH_FLOOR is set at startup; never in a real deployment.
    urlpatterns.append(path("bench/floor", floor, name="bench-floor"))
