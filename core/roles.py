"""The roles of DESIGN.md. The groups and their permissions are made by migrations
(objectives/migrations/0002_roles.py and those after it that add permissions); code asks
permissions, never group names, except to give a user a role.

Viewer reads. Updater records progress. Editor edits mandates, themes, objectives and
targets, and edits or withdraws updates. Nobody is given a delete permission on progress:
a withdrawn update is hidden, never deleted. Administrators are superusers.
"""

VIEWER = "Viewer"
UPDATER = "Updater"
EDITOR = "Editor"
ROLES = (VIEWER, UPDATER, EDITOR)

RECORD_PROGRESS = "objectives.add_progressupdate"
EDIT_PROGRESS = "objectives.change_progressupdate"
RECORD_MEASUREMENT = "objectives.add_measurement"
CLOSE_PERIOD = "mandates.change_reportingperiod"
