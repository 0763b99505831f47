#!/usr/bin/python3
"""Upgrade, as a desktop admin does it: open a Free app's card, Upgrade,
choose Ultimate and raise max members per group, Confirm, confirm the
irreversible upgrade, and see Ultimate-postpaid with the new value; the API
then shows exactly one change. With --cancel, the flow stops at the
irreversible-upgrade confirmation and nothing changes.

Usage: test-upgrade.py LANG [--cancel]   (TAP on stdout)"""

import sys

from imce2e import FREE_APP, Failure, run, wait_for

LANG = sys.argv[1] if len(sys.argv) > 1 else "en"
CANCEL = "--cancel" in sys.argv
MEMBERS = 3000
CONFIRM = "C_onfirm"


# The documents' own words for the buttons a user presses here.
DOCUMENT_TERMS = {
    "zh_CN": {"_Upgrade": "升级", "C_onfirm": "确认"},
    "ko": {"_Upgrade": "업그레이드", "C_onfirm": "확인"},
}


def open_card(app, sdk_app_id):
    card = app.wait("label", f"SDKAppID {sdk_app_id}", translate=False)
    app.click_at(card)
    app.wait("label", "Basic Configuration")


def flow(app):
    for msgid, term in DOCUMENT_TERMS.get(LANG, {}).items():
        if app._(msgid) != term:
            raise Failure(f"{msgid} reads “{app._(msgid)}”, the documents say “{term}”")
    open_card(app, FREE_APP)
    app.press("_Upgrade")
    dialog = app.window("Upgrade")
    app.choose("Plan edition", app._("Ultimate"), dialog)
    app.choose("Max members per group", MEMBERS, dialog)
    app.press("C_onfirm", dialog)

    # The irreversible-upgrade confirmation, over the Upgrade dialog.
    confirm = wait_for("the confirmation", lambda: app.frames()[2] if app.frame_count() == 3 else None)
    if CANCEL:
        app.press("_Cancel", confirm)
        wait_for("the confirmation to close", lambda: app.frame_count() == 2)
        app.press("_Cancel", dialog)
        wait_for("the upgrade dialog to close", lambda: app.frame_count() == 1)
        main = app.frames()[0]
        if not app.shows(main, app._("Free")):
            raise Failure("the page no longer shows the Free edition")
        return
    app.press(CONFIRM, confirm)
    wait_for("the dialogs to close", lambda: app.frame_count() == 1)
    main = app.frames()[0]
    app.wait("label", app._("Ultimate-postpaid"), main, exact=True, translate=False)
    wait_for(f"max members per group {MEMBERS}", lambda: app.shows(main, MEMBERS))


def check_api(client):
    app = int(FREE_APP)
    plan = client.call("DescribeApp", {"SdkAppId": app})["App"]["Plan"]
    logs = client.call("DescribeAppOperationLogs", {"SdkAppId": app, "Limit": 100})["OperationLogs"]
    upgrades = [log for log in logs if log["Action"] == "UpgradeAppPlan"]
    if CANCEL:
        assert plan["Edition"] == "Free", plan
        assert not upgrades, upgrades
    else:
        assert plan["Edition"] == "Ultimate" and plan["MaxMembersPerGroup"] == MEMBERS, plan
        assert len(upgrades) == 1, upgrades
        assert sorted(upgrades[0]["ChangedItems"]) == ["Edition", "MaxMembersPerGroup"], upgrades[0]


sys.exit(run(("cancelled " if CANCEL else "") + "upgrade", flow, check_api, LANG))
