"""No silent overwrite (core.versions): an edit carries the version it was read at; if the
update changed since, the save is refused with a message that says who changed what, the
other change stays saved, and what the editor typed stays in the form."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from objectives.models import Objective, ProgressUpdate
from tests.pages import error_summary
from tests.test_bounds import form_data


def read_form(client: Client, url: str) -> dict[str, str]:
    """The form's fields as the page gave them, hidden ones included."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    form = soup.select_one("form[method=post]:has(input[name=read_version])")
    assert form is not None, "no form carrying its version"
    # As a browser sends them: a radio or box only if chosen, no file chosen, a textarea
    # without the newline that follows its tag.
    fields = {
        i["name"]: i.get("value", "on" if i.get("type") == "checkbox" else "")
        for i in form.select("input[name]")
        if i.get("type") not in ("radio", "checkbox", "file") or i.has_attr("checked")
    }
    fields |= {t["name"]: t.text.removeprefix("\n") for t in form.select("textarea[name]")}
    for select in form.select("select[name]"):
        chosen = select.select_one("option[selected]")
        fields[select["name"]] = chosen["value"] if chosen else ""
    return fields


def test_an_editors_page_loaded_before_an_admins_change_cannot_undo_it(
    editor: User, superuser: User, recorded: ProgressUpdate
) -> None:
    page, admin = Client(), Client()
    page.force_login(editor)
    admin.force_login(superuser)
    edit_url = f"/updates/{recorded.pk}/edit/"
    stale = read_form(page, edit_url)  # the editor opens the form...

    admin_url = reverse("admin:objectives_progressupdate_change", args=[recorded.pk])
    change = read_form(admin, admin_url) | {
        "narrative": "Corrected by the administrator.",
        "reason": "Narrative corrected",
    }
    assert admin.post(admin_url, change).status_code == 302  # ...an admin changes it...

    stale |= {"percent_complete": "35", "reason": "New figure"}
    response = page.post(edit_url, stale)  # ...and the editor saves the old narrative
    assert response.status_code == 200
    (message,) = error_summary(response)
    assert message.startswith("ada-admin changed this on ")
    assert "(narrative)" in message and "Your changes are not saved" in message
    recorded.refresh_from_db()
    assert (recorded.narrative, recorded.percent_complete) == (
        "Corrected by the administrator.",
        20,
    )
    # Both versions survive: the editor's typing is still in the form, now carrying the
    # newer version, so saving again is a choice made having seen the change.
    again = BeautifulSoup(response.content, "html.parser")
    assert again.select_one("input[name=percent_complete]")["value"] == "35"
    newer = again.select_one("input[name=read_version]")["value"]
    assert newer == str(recorded.history.latest("history_id").history_id)
    assert page.post(edit_url, stale | {"read_version": newer}).status_code == 302
    recorded.refresh_from_db()
    assert recorded.percent_complete == 35


def test_an_admin_form_loaded_before_a_page_edit_cannot_undo_it(
    editor: User, superuser: User, recorded: ProgressUpdate
) -> None:
    page, admin = Client(), Client()
    page.force_login(editor)
    admin.force_login(superuser)
    admin_url = reverse("admin:objectives_progressupdate_change", args=[recorded.pk])
    stale = read_form(admin, admin_url)

    edit_url = f"/updates/{recorded.pk}/edit/"
    edit = read_form(page, edit_url) | {"narrative": "Edited on the page.", "reason": "Why"}
    assert page.post(edit_url, edit).status_code == 302

    response = admin.post(admin_url, stale | {"percent_complete": "50", "reason": "Old form"})
    assert response.status_code == 200
    assert "Eddie-Editor changed this on " in response.content.decode()
    recorded.refresh_from_db()
    assert (recorded.narrative, recorded.percent_complete) == ("Edited on the page.", 20)


def test_without_the_version_read_an_edit_is_refused(
    editor: User, recorded: ProgressUpdate
) -> None:
    page = Client()
    page.force_login(editor)
    edit_url = f"/updates/{recorded.pk}/edit/"
    fields = read_form(page, edit_url)
    del fields["read_version"]
    response = page.post(edit_url, fields | {"percent_complete": "90", "reason": "Why"})
    assert response.status_code == 200
    recorded.refresh_from_db()
    assert recorded.percent_complete == 20


def test_two_admins_editing_one_objective_do_not_overwrite_each_other(
    editor: User, superuser: User, nurses: Objective
) -> None:
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(superuser)
    url = reverse("admin:objectives_objective_change", args=[nurses.pk])

    def form(client: Client) -> dict[str, object]:
        page = client.get(url).context["adminform"].form
        data = {name: page.initial.get(name) for name in page.fields}
        data = {k: ("" if v is None else v) for k, v in data.items() if k != "theme_inferred"}
        for prefix in ("targets", "updates"):
            data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
        return data

    stale = form(first)
    saved = second.post(url, form(second) | {"title": "Retitled by the admin"})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    response = first.post(url, stale | {"text": "New wording from the first editor."})
    assert response.status_code == 200
    assert "ada-admin changed this on" in response.content.decode()
    assert "after you opened it (short title" in response.content.decode()
    nurses.refresh_from_db()
    assert nurses.title == "Retitled by the admin"
    assert nurses.text.startswith("Help deliver 50,000 more nurses")


def test_a_target_changed_since_the_objectives_admin_page_was_read_is_not_overwritten(
    client: Client, superuser: User, nurses: Objective
) -> None:
    client.force_login(superuser)
    url = reverse("admin:objectives_objective_change", args=[nurses.pk])
    stale = form_data(client.get(url))  # the page as read, its target inline included
    target = nurses.targets.get(code="nurses-2024")
    target.description = "Changed meanwhile"
    target.save()

    response = client.post(url, stale)
    assert response.status_code == 200
    assert "after you opened it (description)" in response.content.decode()
    target.refresh_from_db()
    assert target.description == "Changed meanwhile"
