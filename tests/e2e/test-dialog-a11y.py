#!/usr/bin/python3
"""A screen reader while a dialog closes. From the moment Cancel is pressed
until the dialog is gone, it keeps asking the dialog for its name, role,
states and children, and the app for each window it had before the dialog
closed (the count it last knew). The app answers every request and stays
up, and once the dialog is gone the index of its window leads to a window
that is there.

GTK (4.8, and 4.18 still) answers a request for a window at an index past
the shown ones with the last window it has, and crashes (g_variant_new, no
D-Bus path) when that window is hidden. The app never keeps a window
hidden: dialogs are destroyed as they close (imc_compat_dialog_close()), and
so is the Keyboard Shortcuts window, which GtkApplicationWindow would keep
hidden; closing it is the first case, a window on every platform. Then
the app's own dialogs, closed by imc-compat (a window with libadwaita 1.2):
Upgrade, and Create App.

Usage: test-dialog-a11y.py en   (TAP on stdout; GTK's own Close button is
found by its English name)"""

import sys
import time

from gi.repository import Gio, GLib

from imce2e import FREE_APP, TIMEOUT, Failure, on_screen, role, run, wait_for, walk

LANG = sys.argv[1] if len(sys.argv) > 1 else "en"
ROOT = "/org/a11y/atspi/accessible/root"
ROLE_DIALOG = 16    # AtspiRole
# What a request for an object that is gone gets.
GONE = ("org.freedesktop.DBus.Error.UnknownObject", "org.freedesktop.DBus.Error.UnknownMethod")


class Bus:
    """Requests to the app's accessible objects straight over the
    accessibility bus, as a screen reader makes them: no client-side cache
    answers in the app's place."""

    def __init__(self, app):
        session = Gio.bus_get_sync(Gio.BusType.SESSION)
        address = session.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress",
                                    None, GLib.VariantType("(s)"), 0, -1, None).unpack()[0]
        self.connection = Gio.DBusConnection.new_for_address_sync(
            address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
            | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
        self.name = app.acc.app.bus_name

    def call(self, path, method, args=None):
        return self.connection.call_sync(self.name, path, "org.a11y.atspi.Accessible", method, args,
                                         None, 0, TIMEOUT * 1000, None).unpack()

    def get(self, path, prop):
        return self.connection.call_sync(self.name, path, "org.freedesktop.DBus.Properties", "Get",
                                         GLib.Variant("(ss)", ("org.a11y.atspi.Accessible", prop)),
                                         None, 0, TIMEOUT * 1000, None).unpack()[0]

    def ask(self, path):
        """Name, role, states and children of the object at @path."""
        answer = {"name": self.get(path, "Name"), "role": self.call(path, "GetRole")[0],
                  "states": self.call(path, "GetState")[0], "children": []}
        for _, child in self.call(path, "GetChildren")[0]:
            answer["children"].append((self.get(child, "Name"), self.call(child, "GetRole")[0],
                                       self.call(child, "GetState")[0]))
        return answer

    def window(self, index):
        """The app's window at @index: its name; None for a null reference
        or a window that went away before its name was asked."""
        _, path = self.call(ROOT, "GetChildAtIndex", GLib.Variant("(i)", (index,)))[0]
        if path == "/org/a11y/atspi/null":
            return None
        try:
            return self.get(path, "Name")
        except GLib.Error as e:
            if Gio.DBusError.get_remote_error(e) not in GONE:
                raise
            return None


def alive(app, title, error=None):
    """Fails unless the app is still there and @error (from a request for
    the closing dialog) only says that the dialog is gone."""
    if app.proc.poll() is not None:
        raise Failure(f"im-console exited with {app.proc.returncode} while “{title}” closed")
    if error is not None and Gio.DBusError.get_remote_error(error) not in GONE:
        raise Failure(f"im-console did not answer while “{title}” closed: {error.message}")


def close_while_asking(app, bus, dialog, title, windows_before, close):
    """Presses @close in @dialog and asks until it is gone. Returns how many
    times the closing dialog answered with the name and role it had."""
    before = bus.ask(dialog.path)
    close.queryAction().doAction(0)
    answered = 0
    deadline = time.monotonic() + TIMEOUT
    while True:
        alive(app, title)
        try:
            answer = bus.ask(dialog.path)
            if answer["name"] == before["name"] and answer["role"] == before["role"]:
                answered += 1
        except GLib.Error as e:
            alive(app, title, e)
        # The windows by the count from before the dialog closed: the app
        # root is always there to answer.
        for i in range(windows_before):
            try:
                bus.window(i)
            except GLib.Error as e:
                raise Failure(f"im-console did not answer for window {i} while “{title}” closed: "
                              f"{e.message}") from None
        alive(app, title)
        if not app.dialogs():
            return answered
        if time.monotonic() > deadline:
            raise Failure(f"“{title}” did not close")


def check_closed(app, bus, title, windows_before, answered):
    if answered == 0:
        raise Failure(f"“{title}” was never asked while it closed")
    # Past the shown windows now: the app answers with one it has.
    window = bus.window(windows_before - 1)
    if window != app.frames()[0].name:
        raise Failure(f"window {windows_before - 1} after “{title}” closed: {window}")


def close_and_check(app, bus, dialog, close, roles=None):
    """Closes @dialog with @close, asking; @roles: what it must say it is."""
    title = dialog.name
    if roles is not None and bus.call(dialog.path, "GetRole")[0] not in roles:
        raise Failure(f"“{title}” is not a dialog to AT-SPI: role {bus.call(dialog.path, 'GetRole')[0]}")
    windows = bus.get(ROOT, "ChildCount")
    answered = close_while_asking(app, bus, dialog, title, windows, close)
    check_closed(app, bus, title, windows, answered)


def flow(app):
    app.wait("label", "Basic Configuration")
    bus = Bus(app)

    # The Keyboard Shortcuts window, a window of its own on every platform.
    app.press("Main Menu")
    app.wait("menu item", "_Keyboard Shortcuts", actionable=True).queryAction().doAction(0)
    shortcuts = app.wait_dialogs(1)[0]
    # Its title bar's close button: GTK's own label, in English here.
    close = wait_for("its close button", lambda: next(
        (acc for acc in walk(shortcuts)
         if role(acc) == "push button" and acc.name == "Close" and on_screen(acc)), None))
    close_and_check(app, bus, shortcuts, close)

    # Upgrade, a dialog of the app's own.
    app.press("_Upgrade")
    dialog = app.window("Upgrade")
    close_and_check(app, bus, dialog, app.wait("push button", "_Cancel", dialog, actionable=True),
                    (ROLE_DIALOG,))

    # Create App, a dialog of the app's own too.
    app.press("Back")
    app.press("Create app")
    dialog = app.window("Create App")
    close_and_check(app, bus, dialog, app.wait("push button", "_Cancel", dialog, actionable=True),
                    (ROLE_DIALOG,))

    if app.frames()[0].name != app._("IM Console"):
        raise Failure(f"the main window is “{app.frames()[0].name}”")


def check_api(client):
    app = int(FREE_APP)
    plan = client.call("DescribeApp", {"SdkAppId": app})["App"]["Plan"]
    logs = client.call("DescribeAppOperationLogs", {"SdkAppId": app, "Limit": 100})["OperationLogs"]
    assert plan["Edition"] == "Free", plan
    assert not [log for log in logs if log["Action"] == "UpgradeAppPlan"], logs


sys.exit(run("a dialog asked over AT-SPI while it closes", flow, check_api, LANG,
             args=("--app", FREE_APP)))
