from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: the status vocabulary, people's names, numbers, the roles and
    the history admin. It imports none of the other apps."""

    name = "core"
    verbose_name = "Shared pieces"

    def ready(self) -> None:
        # Whether a person may use the admin for more than reading is worked out once, at
        # sign-in, so the pages' header reads it from the session at no query's cost
        # (core.context_processors).
        from django.contrib.auth.signals import user_logged_in

        from core.context_processors import remember_admin_link

        user_logged_in.connect(remember_admin_link, dispatch_uid="core.admin_link")
