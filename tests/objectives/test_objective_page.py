from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from objectives.evidence import evidence_attach
from objectives.models import Measurement, Objective, ProgressUpdate
from objectives.services import (
    progress_update_edit,
    progress_update_record,
    progress_update_withdraw,
)
from tests import evidence_files
from tests.factories import add_updates

pytestmark = pytest.mark.usefixtures("mandates")
URL = "/mandates/hee-2021-22/objectives/3/"


def page(client: Client, user: User, url: str = URL) -> BeautifulSoup:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_it_shows_the_text_its_provenance_and_both_nurse_targets(
    client: Client, viewer: User
) -> None:
    soup = page(client, viewer)
    assert soup.h1.text.strip() == "3 Help deliver 50,000 more nurses in the NHS"
    assert (
        "committed to delivering 50,000 more nurses in the NHS by 2025"
        in soup.select_one("blockquote").text
    )
    callout = soup.select_one("#provenance")
    assert callout.h3.text.strip() == "Important: Where this wording comes from"
    assert "Our reading of a news summary of the mandate" in callout.p.text
    assert "gov.uk confirms only" in soup.select_one("#mandate-objectives-note").text
    targets = soup.select_one("table")
    rows = [[td.text.strip() for td in tr.select("td")] for tr in targets.select("tbody tr")]
    assert [row[1:3] for row in rows] == [
        ["50,000 more nurses", "by 2024"],
        ["50,000 more nurses", "by 2025"],
    ]


def test_published_wording_is_marked_as_such(client: Client, viewer: User) -> None:
    soup = page(client, viewer, "/mandates/hee-2017-18/objectives/1.1/")
    assert soup.select_one(".nhsuk-warning-callout") is None
    assert "Published wording." in soup.text
    assert "listed under theme 1 by our inference" in soup.text
    assert "the reference 1.1 is ours" in soup.text


def test_it_links_the_objective_it_continues_in_the_other_mandate(
    client: Client, viewer: User
) -> None:
    soup = page(client, viewer)
    link = soup.find("a", href="/mandates/hee-2017-18/objectives/3.3/")
    assert link is not None
    assert "Continues" in link.parent.text
    back = page(client, viewer, "/mandates/hee-2017-18/objectives/3.3/")
    assert back.find("a", href=URL) is not None


def test_the_timeline_is_newest_first_and_says_what_was_edited_or_withdrawn(
    client: Client, editor: User, recorded: ProgressUpdate, updater: User
) -> None:
    add_updates([recorded.objective], 2, author=updater)  # as of 1 and 2 April 2021
    progress_update_edit(
        update=recorded, editor=editor, reason="Figure corrected", percent_complete=25
    )
    newest_extra = recorded.objective.updates.get(as_of="2021-04-02")
    progress_update_withdraw(update=newest_extra, editor=editor, reason="Entered twice")

    soup = page(client, editor)
    items = soup.select("li.app-timeline__item")
    assert [item.h3.text.split(":")[0].strip() for item in items] == [
        "As of 30 June 2021",
        "As of 2 April 2021",
        "As of 1 April 2021",
    ]
    assert "Edited" in items[0].h3.text
    earlier = items[0].select_one("details")
    assert "Earlier versions (1)" in earlier.summary.text
    assert "20%" in earlier.text and "Recorded" in earlier.text
    assert "Withdrawn" in items[1].h3.text
    assert "Entered twice" in items[1].text
    assert soup.select_one("#latest-status").text.split()[:3] == ["On", "track", "25%"]


def test_a_viewer_sees_no_record_or_edit_controls(
    client: Client, viewer: User, recorded: ProgressUpdate
) -> None:
    soup = page(client, viewer)
    assert soup.select_one("#record-progress") is None
    assert soup.find("a", string="Edit") is None


def test_an_updater_may_record_and_correct_their_own_but_not_withdraw(
    client: Client, updater: User, recorded: ProgressUpdate
) -> None:
    # Anyone else's update they may not edit: tests/objectives/test_own_corrections.py.
    soup = page(client, updater)
    assert soup.select_one("#record-progress")["href"] == URL + "record/"
    assert soup.select(f'a[href="/updates/{recorded.pk}/edit/"]')
    assert not soup.select(f'a[href="/updates/{recorded.pk}/withdraw/"]')


def test_an_editor_may_edit_and_withdraw(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    soup = page(client, editor)
    assert soup.select(f'a[href="/updates/{recorded.pk}/edit/"]')
    assert soup.select(f'a[href="/updates/{recorded.pk}/withdraw/"]')


def test_user_text_is_escaped(client: Client, viewer: User, recorded: ProgressUpdate) -> None:
    ProgressUpdate.objects.filter(pk=recorded.pk).update(narrative='<script>alert("x")</script>')
    html = page(client, viewer).decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "url", ["/mandates/hee-2021-22/objectives/99/", "/mandates/nope/objectives/3/"]
)
def test_an_unknown_objective_is_not_found(client: Client, viewer: User, url: str) -> None:
    client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def add_figures(objective: Objective, per_target: int, *, author: User, first: int = 0) -> None:
    Measurement.objects.bulk_create(
        Measurement(
            target=target,
            measured_on=datetime.date(2021, 4, 1) + datetime.timedelta(days=7 * n),
            value=Decimal(1000 * n),
            recorded_by=author,
            recorded_at=timezone.now(),
        )
        for target in objective.targets.all()
        for n in range(first, first + per_target)
    )


@pytest.mark.usefixtures("without_published_figures")
def test_its_query_count_does_not_grow_with_updates_versions_or_figures(
    client: Client, editor: User, updater: User, nurses: Objective, django_assert_num_queries
) -> None:
    client.force_login(editor)
    # A trajectory for each target, so every figure is charted and compared.
    nurses.targets.update(
        baseline_value=0, baseline_date=datetime.date(2021, 4, 1), baseline_precision="day"
    )
    add_updates([nurses], 3, author=updater)
    add_figures(nurses, 3, author=updater)
    # session, user, objective with its latest update, the quarter due, targets, their
    # yearly steps, figures, updates, their evidence files, their versions, links, the
    # user's permissions (own, then groups)
    with django_assert_num_queries(13):
        client.get(URL)
    add_updates([nurses], 40, author=updater)
    for update in nurses.updates.all()[:10]:
        progress_update_edit(update=update, editor=editor, reason="r", narrative="Changed.")
    add_figures(nurses, 40, author=updater, first=3)
    for update in nurses.updates.filter(edited_at__isnull=False)[:5]:  # with a version
        evidence_attach(update=update, uploads=[evidence_files.csv()], user=updater)
    with django_assert_num_queries(13):
        soup = BeautifulSoup(client.get(URL).content, "html.parser")
    assert len(soup.select("li.app-timeline__item")) == 43
    assert len(soup.select(".app-evidence-files li")) == 5
    assert [len(svg.polyline["points"].split()) for svg in soup.select("svg.app-chart--wide")] == [
        43,
        43,
    ]


def test_an_objective_says_when_its_update_is_overdue(
    client: Client, viewer: User, nurses: Objective, updater: User
) -> None:
    import time_machine

    with time_machine.travel(datetime.datetime(2021, 10, 20, 12, tzinfo=datetime.UTC)):
        overdue = page(client, viewer).select_one("#overdue")
        assert (
            overdue.text
            == "Overdue: the update for July 2021 to September 2021 was due 14 October 2021"
        )
        progress_update_record(
            objective=nurses,
            author=updater,
            as_of=datetime.date(2021, 9, 30),
            status="on_track",
            percent_complete=30,
            narrative="Q2",
        )
        assert page(client, viewer).select_one("#overdue") is None


def test_last_edited_says_by_whom_when_and_why_in_local_time(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    import time_machine

    editor.first_name, editor.last_name = "Eddie", "Editor"
    editor.save()
    # 13:05 UTC in July is 14:05 in London.
    with time_machine.travel(datetime.datetime(2021, 7, 1, 13, 5, tzinfo=datetime.UTC)):
        progress_update_edit(
            update=recorded, editor=editor, reason="Figure corrected", percent_complete=25
        )
    with time_machine.travel(datetime.datetime(2021, 7, 2, 9, 0, tzinfo=datetime.UTC)):
        # Withdrawn afterwards: the withdrawal says its own who and why; "last edited"
        # still names the edit.
        progress_update_withdraw(update=recorded, editor=editor, reason="Entered twice")
    item = page(client, editor).select_one(f"#update-{recorded.pk}")
    text = " ".join(item.text.split())
    assert "Last edited by Eddie Editor on 1 July 2021, 14:05 (Edited: Figure corrected)." in text
    assert "Withdrawn by Eddie Editor on 2 July 2021, 10:00: Entered twice." in text


def test_a_version_without_a_reason_says_so(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    progress_update_edit(update=recorded, editor=editor, reason="r", percent_complete=25)
    recorded.history.filter(history_change_reason="Recorded").update(history_change_reason=None)
    earlier = page(client, editor).select_one(f"#update-{recorded.pk} details").text
    assert "No reason given" in earlier and "None" not in earlier


def test_every_address_in_the_source_notes_is_a_link(client: Client, viewer: User) -> None:
    soup = page(client, viewer)
    notes = [*soup.select("#provenance a"), *soup.select_one("table").select("a")]  # + targets'
    hrefs = {a["href"] for a in notes}
    assert hrefs >= {
        "https://www.gov.uk/government/publications/health-education-england-mandate-2021-to-2022",
        "https://www.integratedhlth.co.uk/2021/06/10/health-education-england-launches-business-plan-for-2021-22/",
        "https://www.hee.nhs.uk/about/work-us/recovery-delivery-hee-business-plan-202122",
        "https://www.parallelparliament.co.uk/question/74831/nurses-recruitment",
    }
    # Nothing lost around them: the note's closing bracket and full stop stay.
    assert soup.select_one("#provenance p").text.endswith("business-plan-for-2021-22/).")
    # Long addresses wrap on a phone rather than run off it.
    assert all(a.find_parent(class_="app-wrap") for a in notes)


def test_the_provenance_box_says_its_heading_once(client: Client, viewer: User) -> None:
    for url in (URL, "/mandates/hee-2021-22/objectives/4/", "/mandates/hee-2021-22/objectives/14/"):
        box = page(client, viewer, url).select_one("#provenance")
        heading = box.h3.text.replace("Important:", "").strip()
        assert box.text.count(heading) == 1
        assert len(box.select("p")) == 1  # the source note, once
