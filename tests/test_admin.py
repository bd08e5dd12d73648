"""The Django admin as the editing tool: what each role sees and may change there."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

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


def test_an_updater_cannot_change_an_update(updater: User, recorded: ProgressUpdate) -> None:
    url = reverse("admin:objectives_progressupdate_change", args=[recorded.pk])
    response = client_for(updater).post(
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


def test_nobody_deletes_an_update_in_the_admin(superuser: User, recorded: ProgressUpdate) -> None:
    response = client_for(superuser).post(
        reverse("admin:objectives_progressupdate_delete", args=[recorded.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert ProgressUpdate.objects.filter(pk=recorded.pk).exists()


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

    revert_url = reverse(
        "admin:objectives_progressupdate_simple_history", args=[recorded.pk, first.history_id]
    )
    form = client.get(revert_url).context["adminform"].form
    assert form.initial["percent_complete"] == 20
    client.post(
        revert_url, update_form(recorded, percent_complete=20, reason="Back to the recorded figure")
    )

    recorded.refresh_from_db()
    assert recorded.percent_complete == 20
    assert recorded.history.count() == 3
    assert recorded.history.first().history_change_reason == "Edited: Back to the recorded figure"


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
        reverse("admin:mandates_reportingperiod_change", args=[period.pk]), {"due": "2021-07-31"}
    )
    period.refresh_from_db()
    assert str(period.due) == "2021-07-31"
    assert (
        client.post(
            reverse("admin:mandates_reportingperiod_delete", args=[period.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
