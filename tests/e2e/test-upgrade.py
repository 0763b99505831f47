#!/usr/bin/python3
"""Upgrade, as a desktop admin does it: open a Free app's card, Upgrade,
choose Ultimate and raise max members per group, Confirm, confirm the
irreversible upgrade, and see Ultimate-postpaid with the new value; the API
then shows exactly one change. With --cancel, Escape closes the
irreversible-upgrade confirmation, then the Upgrade dialog, and nothing
changes.

Usage: test-upgrade.py LANG [--cancel]   (TAP on stdout)"""

import sys

from imce2e import FREE_APP, Failure, on_screen, role, run, wait_for, walk

LANG = sys.argv[1] if len(sys.argv) > 1 else "en"
CANCEL = "--cancel" in sys.argv
MEMBERS = 3000
# The Upgrade table's term for max members per group (po/glossary.md).
MEMBERS_ROW = "Maximum members one group can accommodate (non-audio-video group)"
CONFIRM = "C_onfirm"
KEY_ESCAPE = 0xff1b


# The documents' own words for the buttons a user presses and the row a user
# sets here.
DOCUMENT_TERMS = {
    "zh_CN": {"_Upgrade": "升级", "C_onfirm": "确认", MEMBERS_ROW: "单个群成员数上限（非直播群）"},
    "ko": {"_Upgrade": "업그레이드", "C_onfirm": "확인", MEMBERS_ROW: "단일 그룹 최대 인원(비 라이브 그룹)"},
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
    app.choose(MEMBERS_ROW, MEMBERS, dialog)
    app.press("C_onfirm", dialog)

    # The irreversible-upgrade confirmation, over the Upgrade dialog.
    confirm = app.wait_dialogs(2)[1]
    if CANCEL:
        # Escape cancels, as the keyboard focus is in the dialog shown last.
        app.key(KEY_ESCAPE)
        app.wait_dialogs(1)
        app.key(KEY_ESCAPE)
        app.wait_dialogs(0)
        main = app.frames()[0]
        if not app.shows(main, app._("Free")):
            raise Failure("the page no longer shows the Free edition")
        return
    app.press(CONFIRM, confirm)
    app.wait_dialogs(0)
    main = app.frames()[0]
    # The Plan row: the new plan, then the date it can change again.
    row = app.wait("list item", "Plan", main, exact=True)
    plan = app._("Ultimate-postpaid")
    wait_for(f"the plan {plan}", lambda: any(
        role(acc) == "label" and (acc.name or "").split("\n")[0] == plan and on_screen(acc)
        for acc in walk(row)))
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
