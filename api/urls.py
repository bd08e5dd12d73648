"""The read API under /api/ (with its schema and documentation page) and the tokens page
under /account/tokens/."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api import token_views, viewsets
from api.docs import DocsView

app_name = "api"

# Path converters, not regular expressions: an id is a number, and every route can be
# reversed by name with one (as tests/test_write_permissions.py reverses every route).
# No root view and no ".json" suffixes: the documentation page lists the endpoints, and
# every answer is JSON.
router = SimpleRouter(use_regex_path=False)
router.register("mandates", viewsets.MandateViewSet, basename="mandate")
router.register("themes", viewsets.ThemeViewSet, basename="theme")
router.register("objectives", viewsets.ObjectiveViewSet, basename="objective")
router.register("updates", viewsets.ProgressUpdateViewSet, basename="update")
router.register("targets", viewsets.TargetViewSet, basename="target")
router.register("periods", viewsets.ReportingPeriodViewSet, basename="period")

urlpatterns = [
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # A page for people: one not signed in is sent to the login page, and comes back.
    path("api/docs/", login_required(DocsView.as_view(url_name="api:schema")), name="docs"),
    path("account/tokens/", token_views.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", token_views.revoke, name="token-revoke"),
]
