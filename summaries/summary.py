"""What a board summary holds, as it stood at a date.

"As at" is two dates. The figures' date (`as_at`): each objective's latest update dated on
or before it. And the recording moment (`recorded_by`): each update as it was then,
read from its history, so an edit, withdrawal or back-filled update made afterwards does
not change a paper already produced. A summary asked for with the same two dates is the
same summary; the download links carry both.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Model, OuterRef, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from core.people import display_name
from core.precision import iso
from core.status import StatusCounts, label
from mandates.models import Mandate, ReportingPeriod, Theme, ThemeReturn
from mandates.quarters import is_overdue
from objectives.models import Measurement, Objective, ProgressUpdate, Target
from objectives.provenance import LEGEND, Mark, objective_marks

HistoricalUpdate = ProgressUpdate.history.model
HistoricalMeasurement = Measurement.history.model
HistoricalReturn = ThemeReturn.history.model
NOT_SIGNED_OFF = "Not signed off"
NOT_APPLICABLE = "\N{EN DASH}"  # no previous quarter, or no quarter ended: nothing to show


@dataclass(frozen=True)
class TargetLine:
    description: str
    value: Decimal
    unit: str
    deadline: str  # as the source words it: "by 2020"
    deadline_iso: str | None  # ISO 8601 to its precision: "2020", "2024-04/2025-03"
    deadline_precision: str | None  # a core.precision.Precision value; None without one
    deadline_inferred: bool
    latest_value: Decimal | None
    latest_on: datetime.date | None
    latest_precision: str | None  # of latest_on (core.precision); None without a figure
    source_note: str


@dataclass(frozen=True)
class ObjectiveLine:
    reference: str
    title: str
    owner: str
    status: str | None  # a ProgressUpdate.Status value; None before any update
    status_label: str
    percent: int | None
    as_of: datetime.date | None
    narrative: str
    evidence_url: str
    overdue: bool
    path: str
    targets: list[TargetLine]
    provenance: str  # an Objective.Provenance value
    provenance_label: str
    marks: list[Mark]  # objectives.provenance: wording, grouping and numbering not the source's
    demonstration: bool  # the update shown is make run's demonstration data
    # "Was": the status at the end of the previous quarter, recorded by the same moment.
    was_status: str | None = None
    was_status_label: str = label(None)


@dataclass(frozen=True)
class SignOff:
    """A theme's return for the reported quarter, as recorded at the paper's moment."""

    period: ReportingPeriod
    state: str | None  # a ThemeReturn.State value; None when nobody decided
    state_label: str
    by: str
    at: datetime.datetime | None
    comment: str

    @property
    def words(self) -> str:
        """The decision in one line, as every format shows it."""
        if self.state is None or self.at is None:
            return NOT_SIGNED_OFF
        on = date_format(timezone.localtime(self.at), "j M Y")
        if self.state == ThemeReturn.State.SIGNED_OFF:
            words = f"Signed off by {self.by} on {on}"
        elif self.state == ThemeReturn.State.SENT_BACK:
            words = f"Sent back by {self.by} on {on}"
        else:
            words = f"{self.state_label} on {on}"
        return f"{words}: {self.comment}" if self.comment else words


@dataclass
class ThemeSummary:
    number: int
    title: str
    lines: list[ObjectiveLine] = field(default_factory=list)
    counts: StatusCounts = field(default_factory=StatusCounts)
    sign_off: SignOff | None = None  # None when no quarter had ended by the "as at" date

    @property
    def sign_off_words(self) -> str:
        return self.sign_off.words if self.sign_off else NOT_APPLICABLE


@dataclass
class Summary:
    mandate: Mandate
    themes: list[ThemeSummary]
    whole_mandate: bool
    as_at: datetime.date
    recorded_by: datetime.datetime
    produced_at: datetime.datetime
    produced_by: str
    previous_end: datetime.date | None = None  # "was" is read at this day; None: no "was"
    reported_quarter: ReportingPeriod | None = None  # whose return the paper reports

    def was_words(self, line: ObjectiveLine) -> str:
        return line.was_status_label if self.previous_end else NOT_APPLICABLE

    @property
    def title(self) -> str:
        if self.whole_mandate:
            return f"{self.mandate.title}: summary"
        theme = self.themes[0]
        return f"{self.mandate.title}, theme {theme.number}: {theme.title}"

    @property
    def demonstration(self) -> bool:
        """Whether any line shows demonstration data: the file must say so."""
        return any(line.demonstration for theme in self.themes for line in theme.lines)

    @property
    def marks_used(self) -> list[Mark]:
        """The legend a file needs: the marks its lines carry, in the legend's order."""
        used = {mark for theme in self.themes for line in theme.lines for mark in line.marks}
        return [mark for mark in LEGEND if mark in used]

    @property
    def totals(self) -> StatusCounts:
        total = StatusCounts()
        for theme in self.themes:
            for line in theme.lines:
                total.add(line.status, stale=line.overdue)
        return total

    def filename(self, extension: str) -> str:
        scope = "" if self.whole_mandate else f"-theme-{self.themes[0].number}"
        return f"{slugify(self.mandate.slug)}{scope}-summary-{self.as_at.isoformat()}.{extension}"


def as_recorded(history: type[Model], moment: datetime.datetime | None) -> QuerySet:
    """Each record in the version it had at `moment`, from its history table (none if it
    was made later or had been deleted). With no moment, each record as it stands: the
    table itself, whose rows are the newest versions (each save writes its history row in
    the same transaction), read through its own indexes rather than a search of every
    version of every record."""
    if moment is None:
        return history.instance_type._default_manager.all()  # type: ignore[attr-defined]
    newest = (
        history.objects.filter(id=OuterRef("id"), history_date__lte=moment)  # type: ignore[attr-defined]
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return history.objects.filter(history_id=Subquery(newest)).exclude(history_type="-")  # type: ignore[attr-defined]


def status_at(day: datetime.date, moment: datetime.datetime | None) -> Subquery:
    """The status of the objective in hand (OuterRef "pk") at the end of `day`, as
    recorded by `moment` (with none, as things stand): None if it had no update dated by
    then."""
    latest = (
        as_recorded(HistoricalUpdate, moment)
        .filter(objective_id=OuterRef("pk"), withdrawn_at__isnull=True, as_of__lte=day)
        .order_by("-as_of", "-recorded_at", "-id")
    )
    return Subquery(latest.values("status")[:1])


def _quarters(
    mandate: Mandate, as_at: datetime.date
) -> tuple[datetime.date | None, ReportingPeriod | None]:
    """The previous quarter's end (strictly before `as_at`) and the quarter reported (the
    latest ended on or before it). One query."""
    periods = list(ReportingPeriod.objects.filter(mandate=mandate, end__lte=as_at).order_by("end"))
    before = [p.end for p in periods if p.end < as_at]
    return (before[-1] if before else None), (periods[-1] if periods else None)


def _sign_offs(
    themes: list[Theme], period: ReportingPeriod | None, moment: datetime.datetime
) -> dict[int, SignOff]:
    """Each theme's decision on `period` as it stood at `moment`. One query."""
    if period is None:
        return {}
    versions = (
        as_recorded(HistoricalReturn, moment)
        .filter(theme_id__in=[t.pk for t in themes], period_id=period.pk)
        .select_related("decided_by")
    )
    states = dict(ThemeReturn.State.choices)
    return {
        version.theme_id: SignOff(
            period=period,
            state=version.state,
            state_label=states.get(version.state, version.state),
            by=display_name(version.decided_by),
            at=version.decided_at,
            comment=version.comment,
        )
        for version in versions
    }


def _objectives(
    themes: list[Theme],
    as_at: datetime.date,
    moment: datetime.datetime,
    previous_end: datetime.date | None,
) -> list[Objective]:
    latest = (
        as_recorded(HistoricalUpdate, moment)
        .filter(objective_id=OuterRef("pk"), withdrawn_at__isnull=True, as_of__lte=as_at)
        .order_by("-as_of", "-recorded_at", "-id")
    )
    was = status_at(previous_end, moment) if previous_end else Value(None, CharField())
    return list(
        Objective.objects.filter(theme__in=themes)
        .select_related("owner")
        .annotate(version_id=Subquery(latest.values("history_id")[:1]))
        .annotate(was_status=was)
        .order_by("theme__number", "position", "reference")
    )


def _targets(
    objectives: list[Objective], as_at: datetime.date, moment: datetime.datetime
) -> dict[int, list[TargetLine]]:
    latest = (
        as_recorded(HistoricalMeasurement, moment)
        .filter(target_id=OuterRef("pk"), measured_on__lte=as_at)
        .order_by("-measured_on", "-recorded_at", "-id")
    )
    targets = Target.objects.filter(objective__in=objectives).annotate(
        latest_value=Subquery(latest.values("value")[:1]),
        latest_on=Subquery(latest.values("measured_on")[:1]),
        latest_precision=Subquery(latest.values("measured_precision")[:1]),
    )
    by_objective: dict[int, list[TargetLine]] = {}
    for target in targets.order_by("objective_id", "deadline", "code"):
        by_objective.setdefault(target.objective_id, []).append(
            TargetLine(
                description=target.description,
                value=target.value,
                unit=target.unit,
                deadline=target.deadline_words,
                deadline_iso=None
                if target.deadline is None
                else iso(target.deadline, target.deadline_precision),
                deadline_precision=None if target.deadline is None else target.deadline_precision,
                deadline_inferred=target.deadline_inferred,
                latest_value=target.latest_value,  # type: ignore[attr-defined]
                latest_on=target.latest_on,  # type: ignore[attr-defined]
                latest_precision=target.latest_precision,  # type: ignore[attr-defined]
                source_note=target.source_note,
            )
        )
    return by_objective


def build_summary(
    *,
    mandate: Mandate,
    theme: Theme | None,
    as_at: datetime.date,
    recorded_by: datetime.datetime,
    produced_by: str,
    produced_at: datetime.datetime,
) -> Summary:
    """A theme's summary, or with no theme the whole mandate's. Seven queries, whatever the
    number of objectives, updates or quarters: themes, the quarters ended, objectives (with
    their "was" status as a column), their update versions, targets, the reporting period
    due, the themes' sign-offs."""
    themes = [theme] if theme else list(mandate.themes.order_by("number"))
    previous_end, reported_quarter = _quarters(mandate, as_at)
    objectives = _objectives(themes, as_at, recorded_by, previous_end)
    version_ids = [o.version_id for o in objectives if o.version_id]  # type: ignore[attr-defined]
    versions = HistoricalUpdate.objects.in_bulk(version_ids, field_name="history_id")
    targets = _targets(objectives, as_at, recorded_by)
    period_due = ReportingPeriod.objects.filter(mandate=mandate).due_by(as_at).get(mandate.pk)
    sign_offs = _sign_offs(themes, reported_quarter, recorded_by)
    by_theme = {t.pk: ThemeSummary(number=t.number, title=t.title) for t in themes}
    if reported_quarter is not None:
        for pk, theme_summary in by_theme.items():
            theme_summary.sign_off = sign_offs.get(pk) or SignOff(
                period=reported_quarter,
                state=None,
                state_label=NOT_SIGNED_OFF,
                by="",
                at=None,
                comment="",
            )
    for objective in objectives:
        objective.mandate = mandate  # in hand already: no query for each objective's URL
        version = versions.get(objective.version_id)  # type: ignore[attr-defined]
        status = version.status if version else None
        as_of = version.as_of if version else None
        summary = by_theme[objective.theme_id]
        # Counted by the rule that flags each line, so a summary's counts and flags agree.
        overdue = is_overdue(as_of, period_due)
        summary.counts.add(status, stale=overdue)
        summary.lines.append(
            ObjectiveLine(
                reference=objective.reference,
                title=objective.title,
                owner=display_name(objective.owner),
                status=status,
                status_label=label(status),
                percent=version.percent_complete if version else None,
                as_of=as_of,
                narrative=version.narrative if version else "",
                evidence_url=version.evidence_url if version else "",
                overdue=overdue,
                path=objective.get_absolute_url(),
                targets=targets.get(objective.pk, []),
                provenance=objective.provenance,
                provenance_label=objective.get_provenance_display(),
                marks=objective_marks(objective),
                demonstration=bool(version and version.demonstration),
                was_status=objective.was_status,  # type: ignore[attr-defined]
                was_status_label=label(objective.was_status),  # type: ignore[attr-defined]
            )
        )
    return Summary(
        mandate=mandate,
        themes=list(by_theme.values()),
        whole_mandate=theme is None,
        as_at=as_at,
        recorded_by=recorded_by,
        produced_at=produced_at,
        produced_by=produced_by,
        previous_end=previous_end,
        reported_quarter=reported_quarter,
    )
