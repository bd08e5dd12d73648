from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    """django.contrib.staticfiles, leaving out static/frontend: the npm build folder (its
    package files and node_modules) is the source of the compiled CSS and JS in static/,
    not something to collect or serve. Django has no setting for this; its documented way
    is this subclass in INSTALLED_APPS. Without it, collectstatic copied and compressed
    the whole of node_modules (2,000 files, minutes)."""

    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns, "frontend"]
