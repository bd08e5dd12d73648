"""The objectives list's fast paths give the page the slow ways gave: the filter selects
written in Python are Django's markup, the table rows written in Python are
django-tables2's, and reading a page theme by theme gives the rows (and count) of sorting
every objective."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django_tables2 import RequestConfig

from mandates.models import Mandate, Theme
from objectives.filters import ObjectiveFilter, QuickSelect
from objectives.models import Objective
from objectives.services import progress_update_record, progress_update_withdraw
from objectives.tables import ObjectiveTable, ThemeByThemeData, objective_urls
from objectives.views.browse import objectives_with_status
from tests.factories import add_objectives

pytestmark = pytest.mark.usefixtures("mandates")


@pytest.fixture
def some_progress(nurses: Objective, updater: User, editor: User) -> None:
    """Objectives with and without owners and updates, and a withdrawn update."""
    nurses.owner = updater
    nurses.save()
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status="at_risk",
        percent_complete=40,
        narrative="n",
    )
    other = Objective.objects.get(mandate__slug="hee-2017-18", reference="1.1")
    other.owner = editor
    other.save()
    withdrawn = progress_update_record(
        objective=other,
        author=updater,
        as_of=datetime.date(2017, 6, 30),
        status="complete",
        percent_complete=100,
        narrative="n",
    )
    progress_update_withdraw(update=withdrawn, editor=editor, reason="wrong")
    progress_update_record(
        objective=Objective.objects.get(mandate__slug="hee-2017-18", reference="1.2"),
        author=updater,
        as_of=datetime.date(2017, 9, 30),
        status="complete",
        percent_complete=100,
        narrative="<b>not bold</b>",
    )


@pytest.mark.usefixtures("some_progress")
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"mandate": "hee-2021-22", "status": "none", "overdue": "true", "q": "a"},
        {"mandate": "no-such", "theme": "999", "owner": "x", "overdue": "false"},
    ],
)
def test_the_quick_selects_are_djangos_own_markup(
    data: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fields() -> dict[str, str]:
        form = ObjectiveFilter(data, queryset=objectives_with_status()).form
        form.is_valid()
        return {bf.name: str(bf) for bf in form if isinstance(bf.field.widget, QuickSelect)}

    quick = fields()
    monkeypatch.setattr(QuickSelect, "render", forms.Select.render)
    assert quick == fields()
    assert set(quick) == {"mandate", "theme", "status", "owner", "overdue"}


@pytest.mark.usefixtures("some_progress")
def test_the_choices_read_as_values_are_labelled_as_from_instances(editor: User) -> None:
    editor.first_name = ""
    editor.last_name = "Only-Surname"
    editor.save()
    form = ObjectiveFilter({}, queryset=objectives_with_status()).form
    for name in ("mandate", "theme", "owner"):
        field = form.fields[name]
        from_instances = [
            (str(field.prepare_value(obj)), field.label_from_instance(obj))
            for obj in field.queryset
        ]
        from_values = [(str(value), label) for value, label in field.choices][1:]
        assert from_values == from_instances
        assert len(from_values) > 1


@pytest.mark.usefixtures("some_progress")
def test_the_owner_filter_offers_the_owners_by_name(updater: User, editor: User) -> None:
    owner = ObjectiveFilter({}, queryset=objectives_with_status()).form.fields["owner"]
    assert [label for _, label in owner.choices] == ["Anyone", "Eddie-Editor", "Uma-Updater"]


@pytest.mark.usefixtures("some_progress")
@pytest.mark.parametrize("exclude", [(), ("theme",)])
def test_the_rows_written_in_python_are_django_tables2s(exclude: tuple[str, ...]) -> None:
    def cells(template: str | None) -> list[list[str]]:
        request = RequestFactory().get("/objectives/", {"page": "1"})
        kwargs = {"template_name": template} if template else {}
        table = ObjectiveTable(objectives_with_status(), exclude=exclude, **kwargs)
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        soup = BeautifulSoup(table.as_html(request), "html.parser")
        return [[str(td) for td in tr.select("td")] for tr in soup.select("tbody tr")]

    quick = cells(None)
    assert len(quick) == Objective.objects.count()
    assert quick == cells("includes/table.html")


def test_an_empty_table_says_so(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    soup = BeautifulSoup(client.get("/objectives/", {"q": "zzzz"}).content, "html.parser")
    assert [td.text for td in soup.select("tbody td")] == ["No objectives match."]


@pytest.fixture
def ties(nurses: Objective, updater: User) -> None:
    """A second mandate starting the same day as 2021-22, so that its themes sort equal
    to 2021-22's of the same number, and more objectives in a few themes."""
    twin = Mandate.objects.create(
        slug="twin",
        title="Twin",
        issuer="x",
        period_start=nurses.mandate.period_start,
        period_end=nurses.mandate.period_end,
        source_url="https://example.org",
    )
    for number in (1, 2):
        theme = Theme.objects.create(mandate=twin, number=number, title=f"Twin {number}")
        Objective.objects.bulk_create(
            Objective(
                mandate=twin,
                theme=theme,
                reference=f"{number}.{n}",
                title=f"Extra twin objective {number}.{n}",
                text="t",
                provenance=Objective.Provenance.SUMMARY,
                source_note="s",
                owner=updater,
                position=200 + n,  # after 2021-22's own, so the order is total
            )
            for n in range(11)
        )
    add_objectives(nurses.theme, 9)


@pytest.mark.usefixtures("ties")
@pytest.mark.parametrize(
    "filters",
    [{}, {"mandate__slug": "twin"}, {"theme__number": 2}, {"title__icontains": "extra"}],
)
@pytest.mark.parametrize("per_page", [25, 7])
def test_reading_theme_by_theme_gives_the_pages_of_the_full_sort(
    filters: dict[str, object], per_page: int
) -> None:
    queryset = objectives_with_status().filter(**filters)
    data = ThemeByThemeData(queryset)
    data.set_table(ObjectiveTable(queryset))
    everything = [
        (o.mandate.period_start, o.theme.number, o.position, o.reference) for o in queryset
    ]
    assert len(set(everything)) == len(everything)  # a total order: pages are exact
    assert len(data) == queryset.count() == len(everything)
    for start in range(0, len(everything) + per_page, per_page):
        page = [o.pk for o in data[start : start + per_page]]
        assert page == [o.pk for o in queryset[start : start + per_page]]


@pytest.mark.usefixtures("ties")
def test_another_order_is_left_to_the_database(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    response = client.get("/objectives/", {"sort": "-title", "page": "2"})
    expected = list(
        objectives_with_status().order_by("-title").values_list("reference", flat=True)[25:50]
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert [tr.select("td")[0].text for tr in soup.select("tbody tr")] == expected


@pytest.mark.parametrize("reference", ["3", "2.3", "a b", "ä x?#%", "+&=@:~"])
def test_the_rows_urls_are_those_of_reverse(nurses: Objective, reference: str) -> None:
    nurses.reference = reference
    row = {"mandate__slug": nurses.mandate.slug, "reference": reference}
    assert objective_urls()(row) == nurses.get_absolute_url()
