"""Boundary values posted to the admin's add and change form of every model the app
registers there (and auth's users and groups), as a superuser on the mandates as loaded:
never a 500. A post is refused with the admin's error note and nothing stored, or saved
(302) and the object then reads back, in the admin and on its page in the app.

Each post is the form as the page gave it (its fields' initial values, its inlines' forms
and management forms, the version it was read at), with one to three fields replaced. An
add form starts from the first object's values, so that a replaced field, not an empty
required one, decides whether the post is refused."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Model
from django.forms.models import InlineForeignKeyField
from django.http import HttpResponse
from django.test import Client, RequestFactory
from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from core.versions import FIELD as VERSION_FIELD
from objectives.models import ProgressUpdate
from tests.fuzz.support import (
    assert_page_is_safe,
    dates,
    figures,
    fuzz_settings,
    rolled_back,
    texts,
    urls,
    whole_numbers,
)

pytestmark = pytest.mark.usefixtures("mandates")

APPS = {"mandates", "objectives", "reminders", "auth"}
# A text field's value that the post carries as the percent-encoded bytes of a lone
# surrogate (a str cannot hold one; support.py says why).
SURROGATE = "\ue000surrogate\ue000"
SURROGATE_BYTES = "%ED%A0%80"
PASSWORD = "correct horse battery staple 42"

Value = str | list[str]
LARGEST_KEY = 2**63 - 1  # a bigint's

# The boundary values of each kind of field, each tried often; the project's strategies
# (support.py) mixed in for the rest.
BOUNDARY: dict[str, list[Value]] = {
    "decimal": [str(10**12), "99999999999999.99", "1E+400", "-1", "NaN", "sNaN", "-Infinity"],
    "date": ["9999-12-31", "0001-01-01", "2021-02-30", "", "10000-01-01", "1999-12-31"],
    "time": ["25:00", "23:59:60", "", "abc", "24:00:00"],
    "integer": ["32768", "-1", "99999999999999999999", "2147483648", "65536", "-32769", ""],
    "text": ["a\x00b", "x" * 10_001, "x" * 20_000, "", SURROGATE, "a" + SURROGATE + "b"],
    "url": ["javascript:alert(1)", "http://[::1", "https://example.org/" + "x" * 600, "\x00"],
    "key": ["abc", "999999", "99999999999999999999", "-1", "0", "", "1.5", "\x00"],
    # Not a number past the largest key: test_a_key_past_the_largest_one_in_a_list_of_keys.
    "keys": [["abc"], ["999999"], [str(LARGEST_KEY)], ["1", "1"], ["-1"], ["\x00"]],
    "choice": ["wrong", "", "\x00", "ON_TRACK", " on_track", SURROGATE],
    "boolean": ["on", "", "x", "false"],
}
OTHER: dict[str, st.SearchStrategy[Any]] = {
    "decimal": figures,
    "date": dates,
    "time": texts,
    "integer": whole_numbers,
    "text": texts,
    "url": urls,
    "key": texts | st.integers().map(str),
    "keys": st.lists(texts | st.integers(-LARGEST_KEY, LARGEST_KEY).map(str), max_size=3),
    "choice": texts,
    "boolean": texts,
}


def kind_of(form_field: forms.Field) -> str:
    """The kind of boundary values a form field is given. Order matters: a DecimalField
    is an IntegerField, a URLField a CharField, a model choice a choice."""
    if isinstance(form_field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return "keys"
    if isinstance(form_field, forms.ModelChoiceField | InlineForeignKeyField):
        return "key"
    if isinstance(form_field, forms.ChoiceField):
        return "choice"
    if isinstance(form_field, forms.DecimalField):
        return "decimal"
    if isinstance(form_field, forms.IntegerField):
        return "integer"
    if isinstance(form_field, forms.DateTimeField):
        return "date"  # a DateTimeInput: a date is a moment without its time
    if isinstance(form_field, forms.DateField):
        return "date"
    if isinstance(form_field, forms.TimeField):
        return "time"
    if isinstance(form_field, forms.BooleanField):
        return "boolean"
    if isinstance(form_field, forms.URLField):
        return "url"
    return "text"


def unwrapped(widget: forms.Widget) -> forms.Widget:
    # The admin wraps a foreign key's widget in its add/change links.
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def as_posted(name: str, widget: forms.Widget, value: Any) -> dict[str, Value]:
    """What a browser posts for a widget showing `value`: the widget's own formatting, a
    checkbox only when ticked, a split date and time as its two inputs."""
    widget = unwrapped(widget)
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        posted: dict[str, Value] = {}
        for suffix, part_widget, part in zip(
            widget.widgets_names, widget.widgets, parts, strict=True
        ):
            posted |= as_posted(name + suffix, part_widget, part)
        return posted
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if widget.check_test(value) else {}
    if isinstance(widget, forms.SelectMultiple):
        return {name: [str(v) for v in widget.format_value(value)]}
    if isinstance(widget, forms.Select | forms.RadioSelect):
        chosen = widget.format_value(value)
        return {name: chosen[0] if chosen else ""}
    shown = widget.format_value(value)
    return {name: "" if shown is None else str(shown)}


def form_fields(form: forms.BaseForm) -> Iterator[tuple[str, str, dict[str, Value]]]:
    """Each field of a bound-to-nothing form: its input's names with its kind, and what
    the page posts for it."""
    for bound in form:
        posted = as_posted(bound.html_name, bound.field.widget, bound.value())
        if bound.field.disabled or bound.name == VERSION_FIELD:
            # Kept as the page gave it: a disabled field is not read from the post, and
            # a stale version is refused on purpose (core.versions).
            yield "", "", posted
            continue
        if isinstance(unwrapped(bound.field.widget), forms.MultiWidget):
            # A split date and time: each input on its own, with a kind of its own.
            for name in posted:
                yield name, "time" if name.endswith("_1") else "date", {name: posted[name]}
            continue
        yield bound.html_name, kind_of(bound.field), posted


@dataclass
class Page:
    """One admin form, read as the superuser's browser sees it."""

    client: Client
    model: type[Model]
    url: str
    obj: Model | None
    data: dict[str, Value]
    kinds: dict[str, str]
    # The tables a post writes to: the model's, its inlines', and their histories.
    tracked: list[type[Model]] = field(default_factory=list)

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        return {
            model._meta.label: list(model._default_manager.order_by("pk").values())
            for model in self.tracked
        }


def first_object(model: type[Model], superuser: User) -> Model | None:
    objects = model._default_manager.order_by("pk")
    if model is User:
        # Not the superuser posting: a post that took away its own staff flag or its
        # permissions would refuse it the pages that read the change back.
        objects = objects.exclude(pk=superuser.pk)
    return objects.first()


def admin_url(model: type[Model], view: str, obj: Model | None = None) -> str:
    opts = model._meta
    if view == "add":
        return f"/admin/{opts.app_label}/{opts.model_name}/add/"
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"  # type: ignore[union-attr]


def read_form(client: Client, url: str) -> tuple[dict[str, Value], dict[str, str]]:
    """The post the page would make as it stands, and the kind of each input a value can
    be replaced in, from the form and inline formsets the admin rendered."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    data: dict[str, Value] = {}
    kinds: dict[str, str] = {}
    forms_shown: list[forms.BaseForm] = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            data |= as_posted(bound.html_name, bound.field.widget, bound.value())
        forms_shown.extend(formset.forms)
    for form in forms_shown:
        for name, kind, posted in form_fields(form):
            data |= posted
            if name:
                kinds[name] = kind
    return data, kinds


def made_new(model_field: Any, value: Value) -> Value:
    """A value of a unique field unlike the copied object's, in the field's range."""
    if isinstance(model_field, models.DateField):
        return (forms.DateField().clean(value) + datetime.timedelta(days=1)).isoformat()
    if isinstance(model_field, models.IntegerField):
        return str(int(str(value)) + 100)
    if isinstance(model_field, models.CharField | models.TextField):
        return f"{value}-2"[-(model_field.max_length or 100) :]
    return value


def add_baseline(
    page_data: dict[str, Value], obj: Model, existing: dict[str, Value]
) -> dict[str, Value]:
    """The add form filled in from an existing object (its values in the change form, or
    its own for a field the change form shows read-only), its unique fields made new and
    its passwords given: a copy the admin could store, so that it is a replaced value,
    not a copied one, that decides."""
    data = dict(page_data)
    model = type(obj)
    for name, value in data.items():
        if value or "-" in name:  # an inline's form, or a value the add page gave
            continue
        if name in existing and name != VERSION_FIELD:
            data[name] = existing[name]
        elif name in {f.name for f in model._meta.concrete_fields}:
            data[name] = str(getattr(obj, model._meta.get_field(name).attname) or "")
    together = [f.name for f in model._meta.fields if f.unique and not f.primary_key]
    together += [c.fields[-1] for c in model._meta.constraints if getattr(c, "fields", ())]
    for name in together:
        model_field = model._meta.get_field(name)
        if data.get(name) and not model_field.is_relation:
            data[name] = made_new(model_field, data[name])
    for name in ("password1", "password2"):
        if name in data:
            data[name] = PASSWORD
    return data


CASES = sorted(
    (model._meta.label, view)
    for model in admin.site._registry
    if model._meta.app_label in APPS
    for view in ("add", "change")
)


@pytest.fixture
def page(
    request: pytest.FixtureRequest, superuser: User, editor: User, recorded: ProgressUpdate
) -> Page:
    """The form of request.param, read once for all of a test's examples: each example's
    writes are rolled back, so the page it read stays true. `editor` is a user other than
    the superuser to change; `recorded` an update to change (the fixtures have none)."""
    label, view = request.param
    model = next(m for m in admin.site._registry if m._meta.label == label)
    model_admin = admin.site._registry[model]
    client = Client(raise_request_exception=False)  # a 500 is seen as a status
    client.force_login(superuser)
    obj = first_object(model, superuser)
    if obj is None:
        pytest.skip(f"no {label} in the fixtures to change or to copy")
    change_data, kinds = read_form(client, admin_url(model, "change", obj))
    url, data = admin_url(model, "change", obj), change_data
    if view == "add":
        fake = request_as(superuser)
        if not model_admin.has_add_permission(fake):
            pytest.skip(f"{label} is not added in the admin (has_add_permission)")
        url = admin_url(model, "add")
        add_data, kinds = read_form(client, url)
        data, obj = add_baseline(add_data, obj, change_data), None
    tracked = [model, *(inline.model for inline in model_admin.inlines)]
    tracked += [m.history.model for m in list(tracked) if hasattr(m, "history")]
    return Page(client, model, url, obj, data, kinds, tracked)


def request_as(user: User) -> Any:
    fake = RequestFactory().get("/admin/")
    fake.user = user
    return fake


def encoded(data: dict[str, Value]) -> str:
    """The post as a browser's urlencoded body, a lone surrogate as its raw bytes."""
    body = urlencode(data, doseq=True)
    return body.replace(quote(SURROGATE, safe=""), SURROGATE_BYTES)


def post(page: Page, data: dict[str, Value]) -> HttpResponse:
    return page.client.post(
        page.url,
        encoded(data | {"_save": "Save"}),
        content_type="application/x-www-form-urlencoded",
    )


def assert_refused_and_nothing_stored(page: Page, response: HttpResponse, before: Any) -> None:
    assert response.status_code == 200, response.status_code
    soup = assert_page_is_safe(response)
    assert soup.select_one(".errornote") is not None, "refused without the admin's error note"
    assert page.snapshot() == before, "refused, yet something was stored"


def assert_reads_back(page: Page, before: Any) -> None:
    if page.obj is None:
        known = {row["pk"] for row in page.model._default_manager.values("pk")}
        added = known - {row["id"] for row in before[page.model._meta.label]}
        assert len(added) == 1, f"{len(added)} objects added"
        obj = page.model._default_manager.get(pk=added.pop())
    else:
        obj = page.model._default_manager.get(pk=page.obj.pk)
    response = page.client.get(admin_url(page.model, "change", obj))
    assert response.status_code == 200, response.status_code
    assert_page_is_safe(response)
    if hasattr(obj, "get_absolute_url"):  # its page in the app: the objective's, for most
        response = page.client.get(obj.get_absolute_url())
        assert response.status_code == 200, (obj.get_absolute_url(), response.status_code)
        assert_page_is_safe(response)


def check(page: Page, data: dict[str, Value]) -> None:
    with rolled_back():
        before = page.snapshot()
        response = post(page, data)
        assert response.status_code != 500, response.content[:2000]
        if currently_in_test_context():  # the sweep below runs outside hypothesis
            event(str(response.status_code))
        if response.status_code == 302:
            assert_reads_back(page, before)
        else:
            assert_refused_and_nothing_stored(page, response, before)


def replacement(kind: str) -> st.SearchStrategy[Value]:
    return st.one_of(st.sampled_from(BOUNDARY[kind]), st.sampled_from(BOUNDARY[kind]), OTHER[kind])


@pytest.mark.parametrize("page", CASES, indirect=True, ids=["-".join(case) for case in CASES])
@given(data=st.data())
@fuzz_settings(3)  # a few a form: the boundary values are each tried below too
def test_every_admin_form_stores_or_refuses_boundary_values(page: Page, data: Any) -> None:
    names = data.draw(
        st.lists(st.sampled_from(sorted(page.kinds)), min_size=1, max_size=3, unique=True),
        label="fields",
    )
    post_data = dict(page.data)
    for name in names:
        post_data[name] = data.draw(replacement(page.kinds[name]), label=name)
    check(page, post_data)


@pytest.mark.parametrize("page", CASES, indirect=True, ids=["-".join(case) for case in CASES])
def test_every_admin_form_takes_each_boundary_value_in_its_first_field_of_the_kind(
    page: Page,
) -> None:
    """Each boundary value tried once whatever hypothesis draws: in the first input of
    its kind, the rest of the form as the page gave it; and the form itself unchanged."""
    check(page, page.data)
    first = {}
    for name, kind in page.kinds.items():
        first.setdefault(kind, name)
    for kind, name in first.items():
        for value in BOUNDARY[kind]:
            check(page, page.data | {name: value})


PAST_THE_LARGEST_KEY = ["99999999999999999999"]
MANY_KEYS_CASES = [("auth.Group", "add"), ("auth.Group", "change"), ("auth.User", "change")]


@pytest.mark.parametrize(
    "page", MANY_KEYS_CASES, indirect=True, ids=["-".join(case) for case in MANY_KEYS_CASES]
)
def test_a_key_past_the_largest_one_in_a_list_of_keys(page: Page) -> None:
    name = next(name for name, kind in page.kinds.items() if kind == "keys")
    check(page, page.data | {name: PAST_THE_LARGEST_KEY})


@pytest.mark.parametrize("page", [("objectives.Objective", "change")], indirect=True)
def test_a_signalling_nan_in_a_targets_figure_in_the_objective_form(page: Page) -> None:
    check(page, page.data | {"targets-0-value": "sNaN"})


@pytest.mark.parametrize("page", [("mandates.ReportingPeriod", "change")], indirect=True)
def test_a_due_date_before_the_quarters_end_in_the_reporting_period_form(page: Page) -> None:
    check(page, page.data | {"due": "1999-12-31"})
