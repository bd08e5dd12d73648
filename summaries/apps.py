from django.apps import AppConfig


class SummariesConfig(AppConfig):
    """The board's view: the home page's status bars and the theme and mandate summaries
    in every format."""

    name = "summaries"
    verbose_name = "Board summaries"
