"""The objective page: its text and provenance, targets with their charts, the progress
timeline with every earlier version, and the objectives of other mandates it continues."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.breadcrumbs import crumbs
from core.roles import EDIT_PROGRESS, RECORD_MEASUREMENT, RECORD_PROGRESS
from mandates.models import ReportingPeriod
from mandates.quarters import is_overdue
from objectives.access import correctable_update_ids, objective_or_404
from objectives.charts import TrajectoryChart, trajectory_chart
from objectives.models import (
    EvidenceFile,
    Measurement,
    Objective,
    ObjectiveLink,
    ProgressUpdate,
    Target,
)
from objectives.trajectory import Suggestion


@dataclass(frozen=True)
class TimelineEntry:
    update: ProgressUpdate
    earlier_versions: list[Any]  # historical records, newest first
    # The version its latest edit (or restore) made: who, when and why it was last edited.
    last_edit: Any | None = None
    # For a withdrawn update, the version it had before it was withdrawn: the one a
    # "Restore" brings back where the update stands.
    before_withdrawal: Any | None = None


def _entry(update: ProgressUpdate, versions: list[Any]) -> TimelineEntry:
    """An update with its versions (newest first): all of them for an edited update, the
    earlier ones for any other (see timeline)."""
    earlier = [v for v in versions if v.has_newer]
    last_edit = None
    if update.edited_at is not None:
        # The edit made the first version carrying its time; a withdrawal or reinstatement
        # after it carries the same edited_at, and says who and why on its own line.
        made_by_edit = [v for v in versions if v.edited_at == update.edited_at]
        last_edit = made_by_edit[-1] if made_by_edit else None
    before_withdrawal = None
    if update.is_withdrawn:
        before_withdrawal = next((v for v in earlier if v.withdrawn_at is None), None)
    return TimelineEntry(update, earlier, last_edit, before_withdrawal)


@dataclass(frozen=True)
class LinkedObjective:
    relation: str
    objective: Objective
    note: str


def timeline(objective: Objective) -> list[TimelineEntry]:
    updates = (
        objective.updates.select_related("author", "withdrawn_by")
        .prefetch_related(
            Prefetch("evidence_files", EvidenceFile.objects.select_related("uploaded_by"))
        )
        .order_by("-as_of", "-recorded_at", "-pk")
    )
    # The newest version of an update is the update as it stands; only those with a newer
    # version of the same update are what it was before. Most updates have no other version
    # and were never edited, so the database leaves out their one row rather than this page
    # reading it; an edited update's newest version is read too, for who last edited it.
    newer = ProgressUpdate.history.filter(id=OuterRef("id")).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    versions = (
        ProgressUpdate.history.filter(objective_id=objective.pk)
        .annotate(has_newer=Exists(newer))
        .filter(Q(has_newer=True) | Q(edited_at__isnull=False))
        .select_related("history_user")
        .order_by("id", "-history_date", "-history_id")
    )
    by_update = {pk: list(group) for pk, group in groupby(versions, key=lambda v: v.id)}
    return [_entry(update, by_update.get(update.pk, [])) for update in updates]


def linked_objectives(objective: Objective) -> list[LinkedObjective]:
    links = ObjectiveLink.objects.filter(
        Q(from_objective=objective) | Q(to_objective=objective)
    ).select_related("from_objective__mandate", "to_objective__mandate")
    linked = []
    for link in links:
        if link.from_objective_id == objective.pk:
            linked.append(LinkedObjective("Continued by", link.to_objective, link.note))
        else:
            linked.append(LinkedObjective("Continues", link.from_objective, link.note))
    return linked


@dataclass(frozen=True)
class TargetPanel:
    target: Target
    chart: TrajectoryChart | None  # None: no figures and no trajectory to draw
    suggestion: Suggestion | None


def target_panels(targets: list[Target]) -> list[TargetPanel]:
    """Each target's chart, figures and suggested status, from one query for all the
    targets' figures however many there are."""
    figures = Measurement.objects.filter(target__in=targets).order_by("target", "measured_on")
    by_target = {pk: list(group) for pk, group in groupby(figures, key=lambda m: m.target_id)}
    panels = []
    for target in targets:
        series = by_target.get(target.pk, [])
        for measurement in series:
            measurement.target = target  # already in hand: no query per figure
        chart = trajectory_chart(target, series, target.steps.all())
        panels.append(TargetPanel(target, chart, chart.suggestion if chart else None))
    return panels


@require_GET
def objective_detail(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    # Queries: session, user, objective (with mandate, theme, owner, latest update),
    # targets, their yearly steps, their figures, updates, their evidence files, their
    # versions, links, the
    # quarter due, and the user's permissions (and, for an Updater with updates of their
    # own, the closed quarters).
    objective = objective_or_404(slug, reference)
    period_due = (
        ReportingPeriod.objects.filter(mandate=objective.mandate_id)
        .due_by(timezone.localdate())
        .get(objective.mandate_id)
    )
    targets = list(objective.targets.prefetch_related("steps"))
    entries = timeline(objective)
    return render(
        request,
        "objectives/objective_detail.html",
        {
            "objective": objective,
            "targets": targets,
            "target_panels": target_panels(targets),
            "timeline": entries,
            # Which updates the reader may edit: an Editor any, an Updater their own while
            # its quarter is open (objectives.services.may_correct).
            "correctable": correctable_update_ids(
                request.user,  # type: ignore[arg-type]
                objective,
                [entry.update for entry in entries],
            ),
            "links": linked_objectives(objective),
            "period_due": period_due if is_overdue(objective.latest_as_of, period_due) else None,
            "can_record": request.user.has_perm(RECORD_PROGRESS),
            "can_edit": request.user.has_perm(EDIT_PROGRESS),
            "can_record_figure": request.user.has_perm(RECORD_MEASUREMENT),
            "breadcrumbs": crumbs(
                (objective.mandate.title, objective.mandate.get_absolute_url()),
                (f"Theme {objective.theme.number}", objective.theme.get_absolute_url()),
            ),
        },
    )
