"""Placeholder while this page is built."""

from django.http import Http404, HttpRequest, HttpResponse


def period_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def close(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
