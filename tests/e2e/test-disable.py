#!/usr/bin/python3
"""Disable app: More → Disable app → Disabling Reminder → Confirm; back on
the list, the card shows Disabled and the date the data will be deleted,
90 days from today.

Usage: test-disable.py LANG   (TAP on stdout)"""

import datetime
import sys

from imce2e import PRO_APP, billing_date_text, billing_today, run, wait_for

LANG = sys.argv[1] if len(sys.argv) > 1 else "en"


def flow(app):
    card = app.wait("label", f"SDKAppID {PRO_APP}", translate=False)
    app.click_at(card)
    app.wait("label", "Basic Configuration")
    app.press("M_ore")
    app.wait("menu item", "Disable app").queryAction().doAction(0)
    reminder = app.window("Disabling Reminder")
    app.press("C_onfirm", reminder)
    app.wait_dialogs(0)

    main = app.frames()[0]
    app.press("Back", main)
    card = app.wait("label", f"SDKAppID {PRO_APP}", main, translate=False)
    panel = card.parent.parent
    wait_for("the card to say Disabled", lambda: app.shows(panel, app._("Disabled")))
    date = billing_date_text(billing_today() + datetime.timedelta(days=90), LANG)
    wait_for(f"the deletion date {date} on the card",
             lambda: any(date in (label.name or "") for label in labels(panel)))


def labels(root):
    from imce2e import role, walk
    return [acc for acc in walk(root) if role(acc) == "label"]


def check_api(client):
    got = client.call("DescribeApp", {"SdkAppId": int(PRO_APP)})["App"]
    assert got["Status"] == "Disabled" and got["PurgeTime"] is not None, got


sys.exit(run("disable app", flow, check_api, LANG))
