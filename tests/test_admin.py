"""The Django admin as the editing tool: what each role sees and may change there."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from core.roles import UPDATER
from core.versions import version_of
from mandates.models import Mandate
from objectives.models import Objective, ProgressUpdate

pytestmark = pytest.mark.usefixtures("mandates")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def update_form(update: ProgressUpdate, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "as_of": update.as_of.isoformat(),
        "status": update.status,
        "percent_complete": update.percent_complete,
        "narrative": update.narrative,
        "evidence_url": update.evidence_url,
        "reason": "",
        "read_version": version_of(update),  # the version the form was read at
    }
    return data | changes


def test_the_objective_list_shows_each_objectives_latest_status(
    viewer: User, recorded: ProgressUpdate
) -> None:
    response = client_for(viewer).get(
        reverse("admin:objectives_objective_changelist"),
        {"mandate__id__exact": recorded.objective.mandate_id},
    )
    html = response.content.decode()
    assert "14 objectives" in html
    assert "On track" in html
    assert html.count('<td class="field-latest_status_display">No update yet</td>') == 13


def test_the_objective_list_filters_by_latest_status_and_searches(
    viewer: User, recorded: ProgressUpdate
) -> None:
    url = reverse("admin:objectives_objective_changelist")
    on_track = client_for(viewer).get(url, {"latest_status": "on_track"})
    assert on_track.context["cl"].result_count == 1
    none_yet = client_for(viewer).get(url, {"latest_status": "no_update"})
    assert none_yet.context["cl"].result_count == 36
    found = client_for(viewer).get(url, {"q": "physician associates"})
    assert [o.reference for o in found.context["cl"].result_list] == ["1.3"]


def test_a_mandate_page_lists_its_themes_inline(editor: User) -> None:
    mandate = Mandate.objects.get(slug="hee-2021-22")
    html = (
        client_for(editor)
        .get(reverse("admin:mandates_mandate_change", args=[mandate.pk]))
        .content.decode()
    )
    assert "COVID-19 response and recovery" in html
    assert "Supply of information" in html


def test_a_theme_page_lists_its_objectives_inline(editor: User, nurses: Objective) -> None:
    html = (
        client_for(editor)
        .get(reverse("admin:mandates_theme_change", args=[nurses.theme_id]))
        .content.decode()
    )
    assert "Help deliver 50,000 more nurses in the NHS" in html
    assert "Increase GP training places to 4,000" in html


def test_an_objective_page_shows_its_targets_and_updates(
    editor: User, recorded: ProgressUpdate
) -> None:
    url = reverse("admin:objectives_objective_change", args=[recorded.objective_id])
    html = client_for(editor).get(url).content.decode()
    assert "nurses-2024" in html and "nurses-2025" in html
    assert "uma-updater" in html


def test_a_viewer_can_read_but_not_change(viewer: User, nurses: Objective) -> None:
    client = client_for(viewer)
    url = reverse("admin:objectives_objective_change", args=[nurses.pk])
    page = client.get(url)
    assert "Help deliver 50,000 more nurses" in page.content.decode()
    assert 'name="title"' not in page.content.decode()  # shown read-only

    response = client.post(url, {"title": "Changed by a viewer"})
    assert response.status_code == 403
    nurses.refresh_from_db()
    assert nurses.title == "Help deliver 50,000 more nurses in the NHS"


def test_an_updater_records_progress_in_the_admin_as_themselves(
    updater: User, nurses: Objective
) -> None:
    response = client_for(updater).post(
        reverse("admin:objectives_progressupdate_add"),
        {
            "objective": nurses.pk,
            "as_of": "2021-09-30",
            "status": "at_risk",
            "percent_complete": 30,
            "narrative": "Behind plan.",
            "evidence_url": "",
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.author, update.status, update.as_of) == (
        updater,
        "at_risk",
        datetime.date(2021, 9, 30),
    )
    assert update.history.get().history_change_reason == "Recorded"


def test_an_updater_cannot_change_another_authors_update(
    editor: User, recorded: ProgressUpdate
) -> None:
    # The author's own corrections: tests/objectives/test_own_corrections.py.
    other = User.objects.create_user(username="otto-updater", is_staff=True)
    other.groups.add(Group.objects.get(name=UPDATER))
    url = reverse("admin:objectives_progressupdate_change", args=[recorded.pk])
    response = client_for(other).post(
        url, update_form(recorded, percent_complete=99, reason="mine")
    )
    assert response.status_code == 403
    recorded.refresh_from_db()
    assert recorded.percent_complete == 20


def test_an_editor_must_give_a_reason_to_change_an_update(
    editor: User, recorded: ProgressUpdate
) -> None:
    url = reverse("admin:objectives_progressupdate_change", args=[recorded.pk])
    response = client_for(editor).post(url, update_form(recorded, percent_complete=35))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["reason"] == ["Give a reason for the change."]
    recorded.refresh_from_db()
    assert recorded.percent_complete == 20


def test_an_editor_edits_and_withdraws_an_update_with_a_reason(
    editor: User, recorded: ProgressUpdate
) -> None:
    url = reverse("admin:objectives_progressupdate_change", args=[recorded.pk])
    client = client_for(editor)
    client.post(url, update_form(recorded, percent_complete=35, reason="Figure corrected"))
    client.post(url, update_form(recorded, percent_complete=35, withdrawn="on", reason="Duplicate"))

    recorded.refresh_from_db()
    assert recorded.percent_complete == 35
    assert recorded.withdrawn_by == editor
    reasons = list(
        recorded.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["Recorded", "Edited: Figure corrected", "Withdrawn: Duplicate"]


def test_an_update_out_of_range_gets_a_message_not_an_error_page(
    editor: User, recorded: ProgressUpdate
) -> None:
    url = reverse("admin:objectives_progressupdate_change", args=[recorded.pk])
    response = client_for(editor).post(
        url, update_form(recorded, status="complete", percent_complete=150, reason="x")
    )
    assert response.status_code == 200
    assert "percent_complete" in response.context["adminform"].form.errors
    recorded.refresh_from_db()
    assert recorded.percent_complete == 20


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"percent_complete": 150},
            "percent_complete",
            "Enter percent complete as a number from 0 to 100",
        ),
        (
            {"status": "complete", "percent_complete": 90},
            "percent_complete",
            "Enter 100 for percent complete, or select another status",
        ),
        (
            {"as_of": "2999-01-01"},
            "as_of",
            "The date must be between 1 April 2021 and 31 March 2022.",
        ),
        (
            {"narrative": "x" * 10_001},
            "narrative",
            "The narrative must be 10000 characters or fewer",
        ),
    ],
)
def test_the_admins_forms_say_what_the_pages_say(
    editor: User,
    recorded: ProgressUpdate,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    # objectives.forms: the admin's add and change forms are the record and edit pages'.
    client = client_for(editor)
    add = client.post(
        reverse("admin:objectives_progressupdate_add"),
        update_form(recorded, objective=recorded.objective_id, after_close_reason="", **changes),
    )
    change = client.post(
        reverse("admin:objectives_progressupdate_change", args=[recorded.pk]),
        update_form(recorded, reason="Checking", **changes),
    )
    for response in (add, change):
        assert response.status_code == 200
        assert response.context["adminform"].form.errors[field] == [message]
    assert ProgressUpdate.objects.get().history.count() == 1


def test_nobody_deletes_an_update_in_the_admin(superuser: User, recorded: ProgressUpdate) -> None:
    response = client_for(superuser).post(
        reverse("admin:objectives_progressupdate_delete", args=[recorded.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert ProgressUpdate.objects.filter(pk=recorded.pk).exists()


def revert_page(model: type[Mandate | ProgressUpdate], version: Any) -> str:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history"
    return reverse(name, args=[version.instance.pk, version.history_id])


def test_an_editor_restores_an_earlier_version_from_the_history(
    editor: User, recorded: ProgressUpdate
) -> None:
    client = client_for(editor)
    client.post(
        reverse("admin:objectives_progressupdate_change", args=[recorded.pk]),
        update_form(recorded, percent_complete=60, reason="Optimistic"),
    )
    first = recorded.history.earliest("history_date")
    history_url = reverse("admin:objectives_progressupdate_history", args=[recorded.pk])
    assert "Edited: Optimistic" in client.get(history_url).content.decode()

    revert_url = revert_page(ProgressUpdate, first)
    page = client.get(revert_url)
    # The version is shown as it was, read-only: only the reason is asked for.
    assert list(page.context["adminform"].form.fields) == ["reason"]
    readonly = page.context["adminform"].readonly_fields
    assert "percent_complete" in readonly and "narrative" in readonly
    assert page.context["original"].percent_complete == 20
    response = client.post(revert_url, {"reason": "Back to the recorded figure"})
    assert response.status_code == 302

    recorded.refresh_from_db()
    assert (recorded.percent_complete, recorded.edited_at is not None) == (20, True)
    assert recorded.history.count() == 3
    # The page's restore, objectives.services.progress_update_restore, made the version.
    reason = recorded.history.first().history_change_reason
    assert reason.startswith("Restored the version of ")
    assert reason.endswith(": Back to the recorded figure")
    assert recorded.history.first().history_user == editor


def test_a_revert_without_a_reason_is_refused_and_changes_nothing(
    editor: User, recorded: ProgressUpdate
) -> None:
    client = client_for(editor)
    client.post(
        reverse("admin:objectives_progressupdate_change", args=[recorded.pk]),
        update_form(recorded, percent_complete=60, reason="Optimistic"),
    )
    first = recorded.history.earliest("history_date")
    for reason in ("", "   "):
        response = client.post(revert_page(ProgressUpdate, first), {"reason": reason})
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["reason"] == [
            "Give a reason for the change."
        ]
        assert "Give a reason for the change." in response.content.decode()
    recorded.refresh_from_db()
    assert recorded.percent_complete == 60
    assert recorded.history.count() == 2


def test_an_update_reverted_to_a_withdrawn_version_is_withdrawn_again(
    editor: User, recorded: ProgressUpdate
) -> None:
    url = reverse("admin:objectives_progressupdate_change", args=[recorded.pk])
    client = client_for(editor)
    client.post(url, update_form(recorded, withdrawn="on", reason="Duplicate"))
    client.post(url, update_form(recorded, reason="Not a duplicate after all"))
    withdrawn = recorded.history.order_by("history_id")[1]
    assert withdrawn.withdrawn_at is not None

    client.post(revert_page(ProgressUpdate, withdrawn), {"reason": "It was a duplicate"})

    recorded.refresh_from_db()
    assert (recorded.is_withdrawn, recorded.withdrawn_reason) == (True, "Duplicate")
    assert recorded.history.first().history_change_reason.endswith(": It was a duplicate")


def test_a_revert_the_rules_refuse_is_a_message_not_an_error_page(
    editor: User, recorded: ProgressUpdate
) -> None:
    # A first version that chose another status than the figures suggest, without a
    # reason (saved before the rule was kept): objectives.forms.ProgressUpdateRestoreForm.
    ProgressUpdate.objects.filter(pk=recorded.pk).update(suggested_status="at_risk")
    first = recorded.history.get()
    client = client_for(editor)
    client.post(
        reverse("admin:objectives_progressupdate_change", args=[recorded.pk]),
        update_form(recorded, status="at_risk", reason="As the figures say"),
    )
    response = client.post(revert_page(ProgressUpdate, first), {"reason": "Back to on track"})
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "The figures suggest at risk: say why you chose another status."
    ]
    recorded.refresh_from_db()
    assert (recorded.status, recorded.history.count()) == ("at_risk", 2)


def test_a_viewer_sees_a_version_but_cannot_revert_to_it(
    viewer: User, editor: User, recorded: ProgressUpdate
) -> None:
    client_for(editor).post(
        reverse("admin:objectives_progressupdate_change", args=[recorded.pk]),
        update_form(recorded, percent_complete=60, reason="Optimistic"),
    )
    url = revert_page(ProgressUpdate, recorded.history.earliest("history_date"))
    client = client_for(viewer)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["original"].percent_complete == 20
    assert 'name="reason"' not in page.content.decode()  # nothing to give, no Revert
    assert client.post(url, {"reason": "Mine"}).status_code == 403
    recorded.refresh_from_db()
    assert (recorded.percent_complete, recorded.history.count()) == (60, 2)


def mandate_revert_form(client: Client, url: str, **changes: object) -> dict[str, object]:
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data |= {"themes-TOTAL_FORMS": 0, "themes-INITIAL_FORMS": 0}
    return {k: "" if v is None else v for k, v in data.items()} | changes


def test_any_revert_in_the_admin_asks_a_reason_and_keeps_it(editor: User) -> None:
    mandate = Mandate.objects.get(slug="hee-2021-22")
    title = mandate.title
    mandate.title = "A later title"
    mandate.save()
    first = mandate.history.order_by("history_id").first()
    url = revert_page(Mandate, first)
    client = client_for(editor)
    form = client.get(url).context["adminform"].form
    assert form.fields["reason"].required

    refused = client.post(url, mandate_revert_form(client, url))
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["reason"] == ["Give a reason for the change."]
    mandate.refresh_from_db()
    assert (mandate.title, mandate.history.count()) == ("A later title", 2)

    # The mandate's change reasons are 100 characters: the reason is held to what is left.
    too_long = client.post(url, mandate_revert_form(client, url, reason="x" * 58))
    assert too_long.context["adminform"].form.errors["reason"] == [
        "Ensure this value has at most 57 characters (it has 58)."
    ]

    reason = "The later title was a typing slip, " + "x" * 22
    response = client.post(url, mandate_revert_form(client, url, reason=reason))
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.title == title
    latest = mandate.history.first()
    assert (mandate.history.count(), latest.history_user) == (3, editor)
    assert latest.history_change_reason.startswith("Restored the version of ")
    assert latest.history_change_reason.endswith(f": {reason}")


def test_an_editor_changes_an_objectives_wording_and_the_history_keeps_the_old(
    editor: User, nurses: Objective
) -> None:
    url = reverse("admin:objectives_objective_change", args=[nurses.pk])
    client = client_for(editor)
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["text"] = "The mandate's own words, now entered."
    data["provenance"] = "published"
    data["theme_inferred"] = ""
    for prefix in ("targets", "updates"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    data |= {"targets-TOTAL_FORMS": 0}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    nurses.refresh_from_db()
    assert nurses.text == "The mandate's own words, now entered."
    old = nurses.history.order_by("history_id").first()
    assert old.text.startswith("Help deliver 50,000 more nurses")
    assert nurses.history.first().history_user == editor


def test_an_objective_in_another_mandates_theme_keeps_references_unique(
    editor: User, nurses: Objective
) -> None:
    """Moving 2021-22 objective 3 under a 2017-18 theme makes its mandate follow the theme."""
    other_theme = Mandate.objects.get(slug="hee-2017-18").themes.get(number=3)
    url = reverse("admin:objectives_objective_change", args=[nurses.pk])
    client = client_for(editor)
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in ((n, form.initial.get(n)) for n in form.fields)}
    data |= {"theme": other_theme.pk, "reference": "3.3", "theme_inferred": "on"}
    data |= {
        "targets-TOTAL_FORMS": 0,
        "targets-INITIAL_FORMS": 0,
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert (
        "reference" in str(response.context["adminform"].form.errors).lower()
        or "already exists" in response.content.decode()
    )


def test_a_mandate_added_in_the_admin_gets_its_reporting_quarters(editor: User) -> None:
    response = client_for(editor).post(
        reverse("admin:mandates_mandate_add"),
        {
            "title": "HEE mandate 2022 to 2023",
            "full_title": "",
            "slug": "hee-2022-23",
            "issuer": "DHSC",
            "summary": "",
            "period_start": "2022-04-01",
            "period_end": "2023-03-31",
            "published_on": "",
            "withdrawn_on": "",
            "source_url": "https://example.org/m",
            "licence": "OGL",
            "themes-TOTAL_FORMS": 0,
            "themes-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    mandate = Mandate.objects.get(slug="hee-2022-23")
    assert [str(p.due) for p in mandate.periods.all()] == [
        "2022-07-14",
        "2022-10-14",
        "2023-01-14",
        "2023-04-14",
    ]


def test_an_editor_moves_a_due_date_but_cannot_add_or_delete_quarters(editor: User) -> None:
    from mandates.models import ReportingPeriod

    period = ReportingPeriod.objects.filter(mandate__slug="hee-2021-22").first()
    client = client_for(editor)
    assert client.get(reverse("admin:mandates_reportingperiod_add")).status_code == 403
    client.post(
        reverse("admin:mandates_reportingperiod_change", args=[period.pk]),
        {"due": "2021-07-31", "read_version": version_of(period)},
    )
    period.refresh_from_db()
    assert str(period.due) == "2021-07-31"
    assert (
        client.post(
            reverse("admin:mandates_reportingperiod_delete", args=[period.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
