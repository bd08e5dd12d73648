"""A theme's quarterly return as an Editor decides on it: the page that shows where the
decision stands, with its history, and signs the return off or sends it back."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.breadcrumbs import crumbs
from core.limits import LONG_TEXT_LENGTH
from mandates.models import ReportingPeriod, Theme, ThemeReturn
from mandates.sign_offs import SIGN_OFF_RETURN, theme_return_send_back, theme_return_sign_off

SIGN_OFF, SEND_BACK = "sign_off", "send_back"


class DecisionForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT_LENGTH,
        required=False,
        help_text="Optional to sign off. To send the return back, say what the owners should "
        "change: they see it on their quarterly return.",
        error_messages={
            "max_length": f"Enter a comment of {LONG_TEXT_LENGTH:,} characters or fewer."
        },
    )


def _summary_url(theme: Theme, period: ReportingPeriod) -> str:
    url = reverse(
        "summaries:theme",
        kwargs={"slug": theme.mandate.slug, "number": theme.number, "fmt": "html"},
    )
    return f"{url}?as_at={period.end.isoformat()}"


@require_http_methods(["GET", "POST"])
def theme_return(request: HttpRequest, slug: str, number: int, period_pk: int) -> HttpResponse:
    theme = get_object_or_404(
        Theme.objects.select_related("mandate"), mandate__slug=slug, number=number
    )
    period = get_object_or_404(ReportingPeriod, pk=period_pk, mandate=theme.mandate)
    can_decide = request.user.has_perm(SIGN_OFF_RETURN)
    decision = (
        ThemeReturn.objects.filter(theme=theme, period=period).select_related("decided_by").first()
    )
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if form.is_valid():
            decide = (
                theme_return_send_back
                if request.POST.get("decision") == SEND_BACK
                else theme_return_sign_off
            )
            try:
                decided = decide(
                    theme=theme,
                    period=period,
                    user=request.user,  # type: ignore[arg-type]
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error)  # a dict of errors goes to its fields
            else:
                messages.success(
                    request,
                    f"Theme {theme.number}'s return for {period.label}: "
                    f"{decided.get_state_display().lower()}.",
                )
                return redirect(theme)
    history = (
        decision.history.select_related("history_user").order_by("-history_date")
        if decision
        else []
    )
    return render(
        request,
        "mandates/themereturn_detail.html",
        {
            "theme": theme,
            "period": period,
            "decision": decision,
            "history": history,
            "form": form if can_decide else None,
            "summary_url": _summary_url(theme, period),
            "SIGN_OFF": SIGN_OFF,
            "SEND_BACK": SEND_BACK,
            "breadcrumbs": crumbs(
                (theme.mandate.title, theme.mandate.get_absolute_url()),
                (f"Theme {theme.number}", theme.get_absolute_url()),
            ),
        },
    )
