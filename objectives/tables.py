from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from itertools import groupby
from typing import Any
from urllib.parse import quote

import django_tables2 as tables
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django_tables2.data import TableQuerysetData

from mandates.models import Theme
from objectives.models import Objective, ProgressUpdate
from objectives.templatetags.progress import person, status_tag

EMPTY = "\u2014"  # what django-tables2 shows for a missing value: an em dash
AS_OF_FORMAT = "j M Y"


def objective_urls() -> Callable[[dict[str, Any]], str]:
    """Objective.get_absolute_url for many rows (of ROW_VALUES): reverse() once, with marks
    where the mandate's slug and the reference go, then each row's put in, quoted as
    reverse() quotes them (a test compares the two). A reverse() for each row was a sixth
    of the list page's time."""
    pattern = reverse("objectives:detail", kwargs={"slug": "slug-mark", "reference": "ref-mark"})
    head, rest = pattern.split("slug-mark")
    middle, tail = rest.split("ref-mark")
    safe = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted
    return lambda row: (
        f"{head}{quote(row['mandate__slug'], safe=safe)}{middle}"
        f"{quote(row['reference'], safe=safe)}{tail}"
    )


# What a row of the table is read as: values, not model instances, which cost more to
# make than everything else a row needs.
ROW_VALUES = (
    "reference",
    "title",
    "theme__number",
    "latest_status",
    "latest_percent",
    "latest_as_of",
    "mandate__slug",
    "owner_id",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
)
STATUS_TAGS = {status: status_tag(status) for status in (None, *ProgressUpdate.Status.values)}


def _owner(row: dict[str, Any]) -> str:
    if row["owner_id"] is None:
        return EMPTY
    # objectives.templatetags.progress.person: the full name, else the username
    name = f"{row['owner__first_name']} {row['owner__last_name']}".strip()
    return escape(name or row["owner__username"])


# Each column's cell as HTML, from a row and its URL: the markup django-tables2 makes from
# the column definitions below (a test compares the two), made without it.
CELLS: dict[str, Callable[[dict[str, Any], str], str]] = {
    "reference": lambda row, url: f'<a href="{escape(url)}">{escape(row["reference"])}</a>',
    "title": lambda row, url: f'<a href="{escape(url)}">{escape(row["title"])}</a>',
    "theme": lambda row, url: str(row["theme__number"]),
    "latest_status": lambda row, url: STATUS_TAGS[row["latest_status"]],
    "latest_percent": lambda row, url: (
        EMPTY if row["latest_percent"] is None else f"{row['latest_percent']}%"
    ),
    "latest_as_of": lambda row, url: (
        EMPTY if row["latest_as_of"] is None else format_date(row["latest_as_of"], AS_OF_FORMAT)
    ),
    "owner": lambda row, url: _owner(row),
}


class ThemeByThemeData(TableQuerysetData):
    """The objectives in their usual order (mandate, theme, position, reference), one page
    read without sorting them all.

    Sorting ten thousand objectives joined to their themes and mandates, to show 25, was
    most of the list page's database time. Themes are few, so this counts the objectives
    of each theme instead (one query, in place of the paginator's COUNT), finds from the
    counts the themes a page falls in, and sorts only theirs. Themes that sort equal
    (same mandate start, same number) are taken together, so the rows and their order are
    those of the full sort. Any other order, chosen by a column's header, is left to the
    database as usual."""

    def _in_usual_order(self) -> bool:
        query = self.data.query
        return (
            query.default_ordering
            and not query.order_by
            and not query.extra_order_by
            and self.data.model._meta.ordering == USUAL_ORDER
        )

    @cached_property
    def _runs(self) -> list[tuple[list[int], int]]:
        """Runs of themes that sort equal, in order, each with how many of the data's
        objectives they hold."""
        per_theme = (
            self.data.order_by()
            .filter(theme=OuterRef("pk"))
            .values("theme")
            .annotate(count=Count("*"))
            .values("count")
        )
        themes = (
            Theme.objects.annotate(count=Subquery(per_theme))
            .order_by("mandate__period_start", "number")
            .values_list("pk", "mandate__period_start", "number", "count")
        )
        return [
            ([pk for pk, *_ in run], sum(row[3] or 0 for row in run))
            for _, run in ((key, list(rows)) for key, rows in groupby(themes, lambda r: r[1:3]))
        ]

    def __len__(self) -> int:
        if not self._in_usual_order():
            return super().__len__()
        return sum(count for _, count in self._runs)

    def __getitem__(self, key: Any) -> Any:
        if not isinstance(key, slice):
            return super().__getitem__(key)
        start, stop = key.start or 0, key.stop if key.stop is not None else len(self)
        length = max(0, min(stop, len(self)) - start)
        if not self._in_usual_order():
            return Page(super().__getitem__(key), length)
        themes: list[int] = []
        seen = skip = 0
        for run, count in self._runs:
            if seen + count <= start:  # wholly before the page
                seen += count
                continue
            if not themes:
                skip = start - seen
            themes += run
            seen += count
            if seen >= stop:
                break
        if not themes:
            return Page(self.data.none(), 0)
        return Page(self.data.filter(theme__in=themes)[skip : skip + stop - start], length)


class Page:
    """A page of the objectives: its length known from the counts without reading it
    (django-tables2 asks), its rows read once, as values, by ObjectiveTable.rows_html."""

    def __init__(self, queryset: QuerySet[Objective], length: int) -> None:
        self.queryset = queryset
        self.length = length

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Any:  # as model instances, for django-tables2's own rendering
        return iter(self.queryset)


USUAL_ORDER = ["mandate__period_start", "theme__number", "position", "reference"]


class ObjectiveTable(tables.Table):
    """Objectives with where each stands (Objective.latest_*)."""

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if isinstance(data, QuerySet):
            data = ThemeByThemeData(data)
        super().__init__(data, *args, **kwargs)

    reference = tables.Column(
        verbose_name="Ref",
        linkify=True,
        order_by=("mandate__period_start", "position", "reference"),
    )
    title = tables.Column(verbose_name="Objective", linkify=True)
    theme = tables.Column(
        verbose_name="Theme", accessor="theme__number", order_by=("theme__number", "position")
    )
    latest_status = tables.Column(
        verbose_name="Status",
        order_by=("latest_status", "position"),
        empty_values=(),  # render "No update yet", not a dash
    )
    latest_percent = tables.Column(
        verbose_name="% complete", order_by=("latest_percent", "position")
    )
    latest_as_of = tables.DateColumn(
        verbose_name="As of", format=AS_OF_FORMAT, order_by=("latest_as_of", "position")
    )
    owner = tables.Column(
        verbose_name="Owner", accessor="owner", order_by=("owner__last_name", "position")
    )

    class Meta:
        model = Objective
        fields = (
            "reference",
            "title",
            "theme",
            "latest_status",
            "latest_percent",
            "latest_as_of",
            "owner",
        )
        attrs = {"class": "nhsuk-table app-table"}
        template_name = "objectives/objective_table.html"
        empty_text = "No objectives match."
        orderable = True

    def render_latest_status(self, value: str | None) -> Any:
        return status_tag(value)

    def render_latest_percent(self, value: int) -> str:
        return f"{value}%"

    def render_owner(self, value: Any) -> str:
        return person(value)

    def paginate(self, *args: Any, per_page: int | None = None, **kwargs: Any) -> Any:
        # ?per_page= comes from the URL. Below 1 the paginator counts a negative number of
        # pages and django-tables2 then asks for one of them (EmptyPage: a 500); it is
        # ignored instead, as django-tables2 already ignores 0.
        return super().paginate(*args, per_page=per_page if (per_page or 0) > 0 else None, **kwargs)

    def rows_html(self) -> list[SafeString]:
        """The shown rows, each as its <tr>, for objectives/objective_table.html.

        Made here rather than cell by cell by django-tables2, whose accessors, signature
        inspection and template for each cell were most of the list page's time; the
        columns above still give the headers, the sorting and the pagination."""
        data = self.paginated_rows.data
        # A Page when paginated; else every row (a TableData over the queryset).
        queryset = data.queryset if isinstance(data, Page) else data.data
        makers = [CELLS[column.name] for column in self.columns]
        url_of = objective_urls()
        rows = []
        for row in queryset.values(*ROW_VALUES):
            url = url_of(row)
            cells = "".join(
                f'<td class="nhsuk-table__cell">{make(row, url)}</td>' for make in makers
            )
            # Safe: CELLS escapes every value it puts in a cell.
            rows.append(mark_safe(f'<tr class="nhsuk-table__row">{cells}</tr>'))  # noqa: S308  # nosec B308, B703
        return rows
