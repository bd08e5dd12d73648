"""A person's own email choices: reminders on or off, and for Editors the weekly digest."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.breadcrumbs import crumbs
from mandates.sign_offs import SIGN_OFF_RETURN
from reminders.models import EmailChoice


class EmailChoiceForm(forms.ModelForm):
    class Meta:
        model = EmailChoice
        fields = ("reminders", "weekly_digest")
        # NHS.UK's checkbox styles; Django renders the box and ties its hint to it.
        widgets = {
            "reminders": forms.CheckboxInput(attrs={"class": "nhsuk-checkboxes__input"}),
            "weekly_digest": forms.CheckboxInput(attrs={"class": "nhsuk-checkboxes__input"}),
        }
        labels = {
            "reminders": "Email me when an objective I own is overdue for an update",
            "weekly_digest": "Email me a weekly digest of what is overdue and what awaits sign-off",
        }


@require_http_methods(["GET", "POST"])
def email_choices(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, the person's choices (and on POST their save); the digest
    # is offered only to those who may sign off, who are the ones it is for.
    choice = EmailChoice.objects.filter(person=request.user).first() or EmailChoice(
        person=request.user
    )
    form = EmailChoiceForm(request.POST if request.method == "POST" else None, instance=choice)
    if not request.user.has_perm(SIGN_OFF_RETURN):
        del form.fields["weekly_digest"]
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your email choices are saved.")
        return redirect("reminders:choices")
    return render(
        request,
        "reminders/emailchoice_form.html",
        {"form": form, "breadcrumbs": crumbs()},
    )
