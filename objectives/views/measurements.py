"""Placeholder while this page is built."""

from django.http import Http404, HttpRequest, HttpResponse


def record(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
