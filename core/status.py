"""The status vocabulary, in one place: each status's value, label and colours, the "no
update yet" state, and the counts a status bar draws. Everything that names a status, on a
page, in the admin or in a file, takes it from here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


# An objective with no visible update has no status; where a key or a choice is needed for
# that state (a filter, a count, a file), it is this one.
NO_UPDATE = "no_update"
NO_UPDATE_LABEL = "No update yet"

# Drawn in this order, left to right. The bar colours are NHS.UK's, given as SVG fill
# attributes so that a strict Content Security Policy (no inline styles) still draws them;
# the tag colours are NHS.UK's tag modifiers.
ORDER = (
    Status.COMPLETE,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.NOT_STARTED,
    NO_UPDATE,
)
BAR_COLOURS = {
    Status.COMPLETE: "#005eb8",
    Status.ON_TRACK: "#007f3b",
    Status.AT_RISK: "#ffb81c",
    Status.OFF_TRACK: "#d5281b",
    Status.NOT_STARTED: "#768692",
    NO_UPDATE: "#d8dde0",
}
# Each status's texture over its colour, so that a bar's segments are told apart without
# colour too (WCAG 1.4.1): drawn by includes/status_patterns.html as one SVG pattern per
# status, once on a page (base.html), which every bar's segments and every legend's swatches
# fill with. "No update yet" is white, hatched and outlined: unlike the empty bar's grey.
TEXTURES = {
    Status.COMPLETE: "solid",
    Status.ON_TRACK: "stripes",
    Status.AT_RISK: "dots",
    Status.OFF_TRACK: "crosses",
    Status.NOT_STARTED: "lines",
    NO_UPDATE: "hatch",
}
PATTERN_COLOURS = {**BAR_COLOURS, NO_UPDATE: "#ffffff"}
TAG_COLOURS = {
    Status.COMPLETE: "blue",
    Status.ON_TRACK: "green",
    Status.AT_RISK: "yellow",
    Status.OFF_TRACK: "red",
    Status.NOT_STARTED: "grey",
    NO_UPDATE: "white",
}
# The choices of a filter by latest status: every status, then "no update yet".
CHOICES_WITH_NO_UPDATE = [*Status.choices, (NO_UPDATE, NO_UPDATE_LABEL)]


def key(status: str | None) -> str:
    """The key of a status that may be missing (an objective with no update yet)."""
    return status or NO_UPDATE


def label(status: str | None) -> str:
    """A status in words; a missing status (or NO_UPDATE) is "No update yet"."""
    return Status(status).label if status and status != NO_UPDATE else NO_UPDATE_LABEL


def pattern_id(status: str) -> str:
    """The id of a status's pattern: one per status on a page, so no id repeats."""
    return f"app-status-pattern-{status}"


def status_tag(status: str | None) -> SafeString:
    """A status as an NHS.UK tag: coloured and named in words. One small element, made here
    because a table cell shows one for every row and a template for each was slow."""
    return format_html(
        '<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>',
        TAG_COLOURS[key(status)],
        label(status),
    )


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    colour: str
    count: int
    x: float
    width: float

    @property
    def outlined(self) -> bool:
        """Whether the segment is outlined: "No update yet", so that it stands apart from
        the empty bar behind it."""
        return self.key == NO_UPDATE

    @property
    def fill(self) -> str:
        """The status's pattern, with its colour where the page has no patterns (a PDF)."""
        return f"url(#{pattern_id(self.key)}) {self.colour}"


@dataclass(frozen=True)
class Pattern:
    """A status's pattern: its id, texture (TEXTURES) and background colour."""

    id: str
    texture: str
    colour: str


def patterns() -> list[Pattern]:
    return [Pattern(pattern_id(s), TEXTURES[s], PATTERN_COLOURS[s]) for s in ORDER]


@dataclass
class StatusCounts:
    """How many objectives stand at each status, how many in all, and how many have had
    no update this quarter (none at all included)."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    stale: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, status: str | None, *, stale: bool) -> None:
        self.counts[key(status)] += 1
        self.stale += stale

    def segments(self) -> list[Segment]:
        """Bar segments in percent of the bar's width, every status in ORDER."""
        segments, x = [], 0.0
        for status in ORDER:
            count = self.counts.get(status, 0)
            width = 100 * count / self.total if self.total else 0
            segment = Segment(
                status, label(status), BAR_COLOURS[status], count, round(x, 3), round(width, 3)
            )
            segments.append(segment)
            x += width
        return segments

    def describe(self) -> str:
        """The bar in words, for screen readers and for print."""
        parts = [f"{s.count} {s.label.lower()}" for s in self.segments() if s.count]
        return f"{self.total} objectives: " + ", ".join(parts) if parts else "No objectives"
