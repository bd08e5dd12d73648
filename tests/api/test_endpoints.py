"""What each endpoint says: the records, their numbers as JSON numbers, dates as ISO 8601,
null for what is missing, and the lists' filters."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.models import User

from objectives.models import Objective, ProgressUpdate, Target
from objectives.services import progress_update_withdraw
from summaries.views import SummaryDatesForm
from tests.api.conftest import TokenClient
from tests.factories import record_progress

pytestmark = pytest.mark.usefixtures("mandates")


def results(api: TokenClient, path: str, **params: str) -> list[dict]:
    response = api.get(path, params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None, "this test reads one page"
    return body["results"]


def test_it_lists_the_mandates_with_their_dates(api: TokenClient) -> None:
    mandates = {m["slug"]: m for m in results(api, "/api/mandates/")}
    assert set(mandates) == {"hee-2017-18", "hee-2021-22"}
    later = mandates["hee-2021-22"]
    assert later["period_start"] == "2021-04-01"
    assert later["page"] == "http://testserver/mandates/hee-2021-22/"
    # Missing values are null, never "".
    assert all(value != "" for m in mandates.values() for value in m.values())


def test_it_lists_the_themes_of_a_mandate(api: TokenClient) -> None:
    themes = results(api, "/api/themes/", mandate="hee-2021-22")
    assert themes and {t["mandate"] for t in themes} == {"hee-2021-22"}
    assert [t["number"] for t in themes] == sorted(t["number"] for t in themes)
    assert isinstance(themes[0]["number"], int)


def test_an_objective_says_where_it_stands_who_owns_it_and_where_its_words_come_from(
    api: TokenClient, nurses: Objective, editor: User
) -> None:
    nurses.owner = editor
    nurses.save()
    record_progress(nurses, editor, datetime.date(2021, 9, 30), "at_risk", 40)
    response = api.get(f"/api/objectives/{nurses.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["mandate"] == "hee-2021-22"
    assert body["reference"] == "3"
    assert body["theme"] == nurses.theme.number
    assert body["owner"] == "Eddie-Editor"
    assert body["latest_status"] == "at_risk"
    assert body["latest_status_label"] == "At risk"
    assert body["latest_percent"] == 40
    assert body["latest_as_of"] == "2021-09-30"
    # 2021-22's wording is our reading of a news summary (objectives/provenance.py).
    assert body["provenance"] == {
        "value": "summary",
        "label": "Our reading of a summary, not the mandate's words",
        "marks": [
            {
                "code": "S",
                "label": "Wording: our reading of a summary of the mandate, not its own words",
            },
            *body["provenance"]["marks"][1:],
        ],
    }
    assert body["page"] == "http://testserver/mandates/hee-2021-22/objectives/3/"


def test_an_objective_without_an_update_or_owner_has_nulls(api: TokenClient) -> None:
    objective = Objective.objects.filter(owner=None, latest_update=None).first()
    body = api.get(f"/api/objectives/{objective.pk}/").json()
    assert body["owner"] is None
    assert body["latest_status"] is None
    assert body["latest_percent"] is None
    assert body["latest_as_of"] is None
    assert body["latest_status_label"] == "No update yet"


def test_the_objectives_are_filtered_as_the_list_page_filters_them(
    api: TokenClient, nurses: Objective, editor: User
) -> None:
    record_progress(nurses, editor, datetime.date(2021, 9, 30), "off_track", 10)
    assert [o["id"] for o in results(api, "/api/objectives/", status="off_track")] == [nurses.pk]
    later = results(api, "/api/objectives/", mandate="hee-2021-22")
    assert len(later) == Objective.objects.filter(mandate__slug="hee-2021-22").count()
    found = results(api, "/api/objectives/", q="nurses", mandate="hee-2021-22")
    assert nurses.pk in [o["id"] for o in found]
    no_update = results(api, "/api/objectives/", status="no_update")
    assert nurses.pk not in [o["id"] for o in no_update]
    assert len(no_update) == Objective.objects.filter(latest_status=None).count()


def test_a_filter_value_it_does_not_know_is_refused_with_a_reason(api: TokenClient) -> None:
    response = api.get("/api/objectives/", {"status": "sideways"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_a_target_carries_its_figures_as_numbers(api: TokenClient) -> None:
    targets = results(api, "/api/targets/")
    assert len(targets) == Target.objects.count()
    nurses = next(t for t in targets if t["code"] == "nurses-2025")
    assert nurses["value"] == 50000
    assert isinstance(nurses["value"], int)
    assert nurses["figures"], "the published figures are loaded with the mandates"
    for figure in nurses["figures"]:
        assert isinstance(figure["value"], int | float)
        datetime.date.fromisoformat(figure["measured_on"])
        assert figure["publisher"]
        assert figure["recorded_by"] is None  # a published figure: its publisher stands for it
    days = [f["measured_on"] for f in nurses["figures"]]
    assert days == sorted(days)


def test_the_reporting_quarters_say_when_each_is_due(api: TokenClient) -> None:
    periods = results(api, "/api/periods/", mandate="hee-2021-22")
    assert periods[0]["start"] == "2021-04-01"
    assert periods[0]["end"] == "2021-06-30"
    assert periods[0]["due"] == "2021-07-14"
    assert periods[0]["label"] == "April 2021 to June 2021"
    assert periods[0]["closed_at"] is None
    assert periods[0]["closed_by"] is None


def test_the_updates_leave_out_withdrawn_ones(
    api: TokenClient, nurses: Objective, editor: User
) -> None:
    kept = record_progress(nurses, editor, datetime.date(2021, 6, 30), "on_track", 20)
    gone = record_progress(nurses, editor, datetime.date(2021, 9, 30), "at_risk", 30)
    progress_update_withdraw(update=gone, editor=editor, reason="Entered twice.")
    updates = results(api, "/api/updates/", objective=str(nurses.pk))
    assert [u["id"] for u in updates] == [kept.pk]
    assert updates[0]["percent_complete"] == 20
    assert updates[0]["as_of"] == "2021-06-30"
    assert updates[0]["author"] == "Eddie-Editor"
    assert updates[0]["evidence_url"] is None
    datetime.datetime.fromisoformat(updates[0]["recorded_at"])
    assert api.get(f"/api/updates/{gone.pk}/").status_code == 404


def test_the_updates_as_at_a_date_are_each_objectives_latest_as_recorded_then(
    api: TokenClient, nurses: Objective, editor: User
) -> None:
    june = record_progress(nurses, editor, datetime.date(2021, 6, 30), "on_track", 20)
    record_progress(nurses, editor, datetime.date(2021, 9, 30), "at_risk", 30)
    as_at = results(api, "/api/updates/", as_at="2021-07-31")
    assert [(u["id"], u["percent_complete"]) for u in as_at] == [(june.pk, 20)]
    # Recorded by a moment before June's update was: nothing yet.
    before = (june.recorded_at - datetime.timedelta(seconds=1)).isoformat()
    assert results(api, "/api/updates/", as_at="2021-07-31", recorded_by=before) == []
    latest = results(
        api, "/api/updates/", recorded_by=datetime.datetime.now(datetime.UTC).isoformat()
    )
    assert [u["percent_complete"] for u in latest] == [30]


def test_the_updates_as_at_a_date_agree_with_the_summary_of_that_date(
    api: TokenClient, nurses: Objective, editor: User, client: object
) -> None:
    record_progress(nurses, editor, datetime.date(2021, 6, 30), "on_track", 20)
    client.force_login(editor)  # type: ignore[attr-defined]
    summary = json.loads(
        client.get("/mandates/hee-2021-22/summary.json", {"as_at": "2021-07-31"}).content  # type: ignore[attr-defined]
    )
    in_summary = {
        line["reference"]: line["percent_complete"]
        for theme in summary["themes"]
        for line in theme["objectives"]
        if line["status"]
    }
    updates = results(api, "/api/updates/", as_at="2021-07-31", mandate="hee-2021-22")
    assert {u["reference"]: u["percent_complete"] for u in updates} == in_summary


def test_an_as_at_date_the_summaries_refuse_is_refused_here_too(api: TokenClient) -> None:
    response = api.get("/api/updates/", {"as_at": "2999-01-01"})
    assert response.status_code == 400
    # The summaries' own form's words.
    assert response.json() == SummaryDatesForm({"as_at": "2999-01-01"}).errors
    assert "future" in response.json()["as_at"][0] or "past" in response.json()["as_at"][0]
    assert api.get("/api/updates/", {"as_at": "yesterday"}).status_code == 400


def test_an_update_marks_demonstration_data(api: TokenClient, recorded: ProgressUpdate) -> None:
    body = api.get(f"/api/updates/{recorded.pk}/").json()
    assert body["demonstration"] is False
    assert body["mandate"] == "hee-2021-22"
    assert body["reference"] == "3"
