"""A person's own API tokens, on a page of their own: list them, make one (its key shown
once, on the page the form's POST answers), revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from api.forms import PersonalTokenForm
from api.models import PersonalToken
from api.services import personal_token_create, personal_token_revoke
from core.breadcrumbs import crumbs


def _under_tokens() -> list[tuple[str, str]]:
    return crumbs(("Your API tokens", reverse("api:tokens")))


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, (on a POST, the new token's insert), the person's tokens.
    form = PersonalTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        token, key = personal_token_create(user=request.user, name=form.cleaned_data["name"])
        # The key is in this answer only, never stored (not even in the session for a
        # redirect to show): the page after, and every page after that, cannot show it.
        # The answer is not cached (config.private_pages: no-store).
        return render(
            request,
            "api/personaltoken_created.html",
            {"token": token, "key": key, "breadcrumbs": _under_tokens()},
        )
    return render(
        request,
        "api/personaltoken_list.html",
        {
            "form": form,
            "tokens": PersonalToken.objects.filter(user=request.user),
            "breadcrumbs": crumbs(),
        },
    )


@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Another person's token is not found: nobody learns which ids exist.
    token = get_object_or_404(PersonalToken.objects.active(), pk=pk, user=request.user)
    if request.method == "POST":
        personal_token_revoke(token=token)
        messages.success(request, f"The token {token} is revoked: it no longer works.")
        return redirect("api:tokens")
    return render(
        request,
        "api/personaltoken_revoke.html",
        {"token": token, "breadcrumbs": _under_tokens()},
    )
