"""Two mandates side by side: what carried over from the earlier to the later."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from mandates.models import Mandate
from objectives.comparison import compare_mandates
from objectives.views.browse import crumbs


@require_GET
def side_by_side(request: HttpRequest, earlier: str, later: str) -> HttpResponse:
    # Queries: session, user, the two mandates, their themes, their objectives with the
    # latest update, the links between them.
    if earlier == later:
        raise Http404("A mandate is not compared with itself.")
    found = Mandate.objects.in_bulk([earlier, later], field_name="slug")
    if len(found) != 2:
        raise Http404("No such mandate.")
    first, second = found[earlier], found[later]
    if first.period_start > second.period_start:
        # Links run from the earlier mandate to the later, so the page reads in that order.
        return redirect("objectives:compare", earlier=second.slug, later=first.slug)
    return render(
        request,
        "objectives/mandate_compare.html",
        {
            "comparison": compare_mandates(first, second),
            # Neither mandate is the other's parent: both are linked from the page itself.
            "breadcrumbs": crumbs(),
        },
    )
