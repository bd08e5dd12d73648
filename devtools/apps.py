from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development and benchmarking only: the demo accounts, the data generator and the
    benchmark's floor page. Installed when settings.DEV_TOOLS is on (DEBUG or BENCH_FLOOR),
    never in a deployment."""

    name = "devtools"
    verbose_name = "Development tools"
