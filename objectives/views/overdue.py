"""The objectives that need an update: overdue for their mandate's latest quarter that has
fallen due, grouped by owner, the reader's own first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.breadcrumbs import crumbs
from core.people import display_name
from objectives.models import Objective


@dataclass(frozen=True)
class OverdueRow:
    objective: Objective
    quarter_due: str


@dataclass(frozen=True)
class OwnerGroup:
    key: str  # names the group's section in the page
    heading: str
    rows: list[OverdueRow]


def owner_groups(
    objectives: Iterable[Objective], reader: AbstractBaseUser | AnonymousUser
) -> list[OwnerGroup]:
    """The reader's own first, as "Yours"; then other owners by name; "No owner" last, so
    the objectives nobody is answerable for are not lost among the rest."""
    by_owner: dict[int | None, list[OverdueRow]] = {}
    owners: dict[int, AbstractBaseUser] = {}
    for objective in objectives:
        by_owner.setdefault(objective.owner_id, []).append(
            OverdueRow(objective, objective.quarter_due)
        )
        if objective.owner is not None:
            owners[objective.owner_id] = objective.owner
    groups = []
    if reader.pk is not None and reader.pk in by_owner:
        groups.append(OwnerGroup("yours", "Yours", by_owner[reader.pk]))
    others = sorted(
        (owner for pk, owner in owners.items() if pk != reader.pk),
        key=lambda owner: (display_name(owner).casefold(), owner.pk),
    )
    groups += [
        OwnerGroup(f"owner-{owner.pk}", display_name(owner), by_owner[owner.pk]) for owner in others
    ]
    if None in by_owner:
        groups.append(OwnerGroup("no-owner", "No owner", by_owner[None]))
    return groups


@require_GET
def needs_update(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, the periods due, the overdue objectives (with their mandate,
    # theme, owner and latest update).
    objectives = list(Objective.objects.overdue(timezone.localdate()))
    return render(
        request,
        "objectives/needs_update.html",
        {
            "groups": owner_groups(objectives, request.user),
            "total": len(objectives),
            "breadcrumbs": crumbs(),
        },
    )
