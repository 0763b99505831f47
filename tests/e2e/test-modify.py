#!/usr/bin/python3
"""Modify feature configuration on a Pro-postpaid app: raise max groups per
user, confirm, and see the item's "can change again" date; the item is then
locked for the rest of the calendar month (Asia/Shanghai).

Usage: test-modify.py LANG   (TAP on stdout)"""

import datetime
import sys

import pyatspi

from imce2e import PRO_APP, Failure, billing_date_text, billing_today, run, wait_for

LANG = sys.argv[1] if len(sys.argv) > 1 else "en"
GROUPS = 2000


def flow(app):
    card = app.wait("label", f"SDKAppID {PRO_APP}", translate=False)
    app.click_at(card)
    app.wait("label", "Basic Configuration")
    app.press("_Modify feature configuration")
    dialog = app.window("Modify feature configuration")
    app.choose("Max groups per user", GROUPS, dialog)
    app.press("C_onfirm", dialog)
    # A confirmation of the change may follow; it is confirmed too.
    dialogs, = wait_for("the dialog to close or a confirmation",
                        lambda: (lambda d: (d,) if len(d) != 1 else None)(app.dialogs()))
    if len(dialogs) == 2:
        app.press("C_onfirm", dialogs[1])
    app.wait_dialogs(0)

    main = app.frames()[0]
    row = app.wait("list item", "Max groups per user", main)
    wait_for(f"max groups per user {GROUPS}", lambda: app.shows(row, GROUPS))
    today = billing_today()
    first = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    date = billing_date_text(first, LANG)
    wait_for(f"the date {date} on the row",
             lambda: any(date in (acc.name or "") for acc in walk_labels(row)))

    # Locked: the Modify dialog no longer lets the item change this month.
    app.press("_Modify feature configuration")
    dialog = app.window("Modify feature configuration")
    combo = app.wait("combo box", "Max groups per user", dialog)
    if combo.getState().contains(pyatspi.STATE_SENSITIVE):
        raise Failure("max groups per user can still be changed this month")
    app.press("_Cancel", dialog)


def walk_labels(root):
    from imce2e import role, walk
    return [acc for acc in walk(root) if role(acc) == "label"]


def check_api(client):
    app = int(PRO_APP)
    got = client.call("DescribeApp", {"SdkAppId": app})["App"]
    assert got["Plan"]["MaxGroupsPerUser"] == GROUPS, got["Plan"]
    assert got["NextModifiable"]["MaxGroupsPerUser"] is not None, got["NextModifiable"]
    logs = client.call("DescribeAppOperationLogs", {"SdkAppId": app, "Limit": 100})["OperationLogs"]
    modifies = [log for log in logs if log["Action"] == "ModifyAppPlan"]
    assert len(modifies) == 1 and modifies[0]["ChangedItems"] == ["MaxGroupsPerUser"], modifies


sys.exit(run("modify feature configuration", flow, check_api, LANG))
