from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    """django.contrib.staticfiles, leaving out static/frontend: the npm build folder (its
    package files and node_modules) is the source of the compiled CSS and JS in static/,
    not something to collect or serve. Django has no setting for this; its documented way
    is this subclass in INSTALLED_APPS. Without it, collectstatic copied and compressed
    the whole of node_modules (2,000 files, minutes).

    Two installed apps' static folders are left out for the same reason, as nothing
    here serves them: drf-spectacular-sidecar's ReDoc (the API's page is Swagger UI) and
    the REST framework's browsable API (the API renders JSON only). Collecting and
    compressing them took half of collectstatic's time."""

    ignore_patterns = [
        *BaseStaticFilesConfig.ignore_patterns,
        "frontend",
        "drf_spectacular_sidecar/redoc/*",
        "rest_framework/*",
    ]
