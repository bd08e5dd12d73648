"""The API's documentation page: Swagger UI, from drf-spectacular-sidecar's static files,
under the site's strict Content Security Policy. drf-spectacular's split view is its
documented way for a strict policy: the page's script is a file of its own (the same URL
with ?script), not inline. Our template (templates/api/swagger_ui.html) leaves out its
one inline <style>, whose three rules are in api/static/api/swagger-ui-page.css."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
