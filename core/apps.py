from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: the status vocabulary, people's names, numbers, the roles and
    the history admin. It imports none of the other apps."""

    name = "core"
    verbose_name = "Shared pieces"
