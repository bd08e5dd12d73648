"""Who may read an endpoint: the roles of core.roles, by their permissions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import BasePermission

if TYPE_CHECKING:  # rest_framework.views imports the settings that name this class
    from rest_framework.request import Request
    from rest_framework.views import APIView


def view_permission(model: type) -> str:
    return f"{model._meta.app_label}.view_{model._meta.model_name}"  # type: ignore[attr-defined]


class MayViewModel(BasePermission):
    """A signed-in person with the view permission of the endpoint's model, and of any
    other model it shows (the view's `also_shows`): Viewers, Updaters and Editors have
    them. For every method: a write is then refused by the read-only view itself (405),
    not as if the person lacked a permission.

    Not DRF's DjangoModelPermissions: that one asks no permission for a read, and finds
    the model from get_queryset(), which for the updates "as at" a date is their history's.
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        queryset = getattr(view, "queryset", None)
        if queryset is None or not request.user or not request.user.is_authenticated:
            return False  # an endpoint that names no model is shown to nobody
        models = [queryset.model, *getattr(view, "also_shows", ())]
        return request.user.has_perms([view_permission(model) for model in models])
