"""Drives the real im-console through the accessibility tree (AT-SPI), the
way a screen reader user or a tester with a mouse does: widgets are found
by role and translated name, buttons are pressed through their accessible
action, rows and combo popups with real (XTest) mouse and key events.

Each test runs inside build-aux/headless-test (its own Xvfb and D-Bus
session bus); this module adds an unlocked keyring to that session, starts
the app on a fresh local sandbox and, when a test fails, saves a
screenshot into the meson log directory."""

import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback

import pyatspi

BUILD = os.environ["IMC_BUILD_ROOT"]
SOURCE = os.environ["IMC_SOURCE_ROOT"]
sys.path.insert(0, os.path.join(SOURCE, "build-aux"))
sys.path.insert(0, os.path.join(SOURCE, "tests", "reliability"))
import imc_atspi  # noqa: E402  (the AT-SPI driver shared with take-screenshots)
from imc_atspi import FREE_APP, PRO_APP, TIMEOUT, is_role, name, role, start_keyring, walk  # noqa: E402,F401
from imcapi import Client, Server  # noqa: E402

KEY_RETURN = 0xff0d


class Failure(Exception):
    pass


def billing_today():
    """Today in the billing time zone (Asia/Shanghai, UTC+8)."""
    return datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()


def billing_date_text(date, lang):
    """@date as the UI writes dates in @lang."""
    if lang == "zh_CN":
        return f"{date.year}年{date.month}月{date.day}日"
    if lang == "ko":
        return f"{date.year}년 {date.month}월 {date.day}일"
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    return f"{date.day} {months[date.month - 1]} {date.year}"


def same_value(label, value):
    """A label shows @value: the text itself, or for a number a label that
    starts with it in any locale's grouping ("3,000 (non-audio-video …)")."""
    if isinstance(value, int):
        m = re.match(r"[0-9][0-9,.\u00a0\u202f ]*", label or "")
        return m is not None and re.sub(r"[^0-9]", "", m.group(0)) == str(value)
    return label == value


def on_screen(acc):
    """Mapped and of non-zero size: hidden stack pages keep their widgets
    in the tree, at size 0."""
    try:
        if not acc.getState().contains(pyatspi.STATE_VISIBLE):
            return False
        ext = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return ext.width > 0 and ext.height > 0
    except Exception:
        return False


def wait_for(what, predicate):
    """imc_atspi.wait_for, with a falsy answer meaning "not yet"."""
    try:
        return imc_atspi.wait_for(what, lambda: predicate() or None)
    except TimeoutError as e:
        raise Failure(str(e)) from None


class App(imc_atspi.App):
    """im-console in @lang on a fresh local sandbox, with its own home
    directory and an unlocked keyring."""

    def __init__(self, lang="en", args=()):
        self.home = tempfile.mkdtemp(prefix="imc-e2e-")
        self.data = os.path.join(self.home, "data")
        self.keyring = start_keyring(self.data)
        env = dict(os.environ,
                   HOME=self.home, XDG_DATA_HOME=self.data,
                   XDG_CONFIG_HOME=os.path.join(self.home, "config"),
                   XDG_CACHE_HOME=os.path.join(self.home, "cache"))
        try:
            super().__init__(BUILD, lang, *args, env=env)
        except SystemExit as e:
            raise Failure(str(e)) from None

    # Text as the user sees it.
    def _(self, msgid):
        """The translated label, without its mnemonic underscore."""
        return self.label(msgid)

    # Finding things.
    def window(self, title_msgid):
        """The open dialog called @title_msgid (a window of its own or, with
        libadwaita >= 1.5, a dialog in the main window)."""
        title = self._(title_msgid)
        return wait_for(f"the dialog “{title}”", lambda: next(
            (d for d in self.dialogs() if d.name == title), None))

    def wait_dialogs(self, count):
        """Waits until @count dialogs are open; returns them, bottom to top."""
        return wait_for(f"{count} open dialogs",
                        lambda: (lambda d: (d,) if len(d) == count else None)(self.dialogs()))[0]

    def find(self, role_name, text, root=None, exact=False, actionable=False):
        roots = [root] if root is not None else self.frames()
        for r in roots:
            for acc in walk(r):
                if not is_role(acc, role_name):
                    continue
                label = name(acc).replace("_", "")
                if (label == text if exact else text in label) and on_screen(acc):
                    # GTK 4.18 gives a GtkMenuButton's outer button the same
                    # role and name as its inner one, without an action.
                    if actionable and not ("Action" in pyatspi.listInterfaces(acc)
                                           and acc.queryAction().nActions > 0):
                        continue
                    return acc
        return None

    def wait(self, role_name, msgid, root=None, exact=False, translate=True, actionable=False):
        text = self._(msgid) if translate else msgid
        return wait_for(f"{role_name} “{text}”", lambda: self.find(role_name, text, root, exact, actionable))

    def wait_gone(self, role_name, msgid, root=None, translate=True):
        text = self._(msgid) if translate else msgid
        wait_for(f"{role_name} “{text}” to go away", lambda: self.find(role_name, text, root) is None)

    # Acting.
    def press(self, msgid, root=None, translate=True):
        """Presses a button through its accessible "click" action."""
        button = self.wait("push button", msgid, root, translate=translate, actionable=True)
        wait_for(f"“{button.name}” to be sensitive",
                 lambda: button.getState().contains(pyatspi.STATE_SENSITIVE))
        button.queryAction().doAction(0)

    def click_at(self, acc):
        """A real mouse click in the middle of @acc. Without a window manager
        every window sits at 0,0, so window coordinates are screen ones."""
        ext = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        pyatspi.Registry.generateMouseEvent(ext.x + ext.width // 2, ext.y + ext.height // 2,
                                            pyatspi.MOUSE_B1C)

    def key(self, keysym):
        pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)

    def choose(self, combo_msgid, value, root=None):
        """Picks @value in a combo row: a click opens its popup, the popup
        list's accessible Selection (what a screen reader uses) selects the
        value, Return takes it. (Arrow keys sent in a burst got lost under
        load.)"""
        combo = self.wait("combo box", combo_msgid, root)
        self.click_at(combo)
        popup, labels = wait_for(f"the popup of {combo.name}",
                                 lambda: self._popup_list(combo)[0] and self._popup_list(combo))
        matches = [i for i, label in enumerate(labels) if same_value(label, value)]
        if not matches:
            raise Failure(f"“{value}” is not offered by {combo.name}: {labels}")
        selection = popup.querySelection()
        selection.selectChild(matches[0])
        wait_for(f"“{labels[matches[0]]}” to be selected", lambda: selection.isChildSelected(matches[0]))
        self.key(KEY_RETURN)
        wait_for(f"{combo.name} to show “{value}” with its popup closed",
                 lambda: not self._popup_labels(combo) and self.shows(combo, value))

    def _popup_list(self, combo):
        """The open popup's list: the on-screen list inside the row with the
        most items (the row's own button shows one, the selected one)."""
        best, best_labels = None, []
        for lst in walk(combo):
            if role(lst) != "list":
                continue
            labels = [l.name for l in walk(lst) if role(l) == "label" and on_screen(l)]
            if len(labels) > len(best_labels):
                best, best_labels = lst, labels
        return (best, best_labels) if len(best_labels) > 1 else (None, [])

    def _popup_labels(self, combo):
        return self._popup_list(combo)[1]

    def shows(self, root, value):
        return any(role(acc) == "label" and same_value(acc.name, value) and on_screen(acc)
                   for acc in walk(root))

    def screenshot(self, name):
        out = os.path.join(BUILD, "meson-logs", f"{name}.png")
        subprocess.run(["import", "-window", "root", out], check=False)
        return out

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.keyring.terminate()
        self.keyring.wait()

    def sandbox_db(self):
        return os.path.join(self.data, "im-console", "sandbox.db")

    def api(self):
        """After close(): the sandbox database behind a server of our own, for
        checking what the clicks did through the API."""
        server = Server(db=self.sandbox_db())
        server.start()
        key = server.create_key("demo")
        return server, Client(server, key)

    def cleanup(self):
        shutil.rmtree(self.home, ignore_errors=True)


def run(name, test, check_api, lang="en", args=()):
    """Runs one flow as TAP test 1, with a screenshot of the screen on
    failure, then @check_api(client) on what it left in the sandbox
    database as test 2."""
    app = None
    code = 1
    try:
        app = App(lang, args)
        test(app)
        print(f"ok 1 {name}")
        code = 0
    except Exception:
        shot = None
        if app is not None:
            shot = app.screenshot(f"e2e-{re.sub(r'[^a-z0-9]+', '-', name.lower())}-{lang}")
        print(f"not ok 1 {name}")
        for line in traceback.format_exc().splitlines():
            print(f"# {line}")
        print(f"# screenshot: {shot}")
        if app is not None and app.proc.poll() is not None:
            print(f"# im-console had already exited with status {app.proc.returncode}")
    finally:
        if app is not None:
            app.close()

    if code == 0:
        server, client = app.api()
        try:
            check_api(client)
            print(f"ok 2 {name}: the API agrees")
        except Exception:
            print(f"not ok 2 {name}: the API agrees")
            for line in traceback.format_exc().splitlines():
                print(f"# {line}")
            code = 1
        finally:
            server.stop()
            server.cleanup()
    if app is not None:
        app.cleanup()
    print("1..2")
    sys.stdout.flush()
    return code
