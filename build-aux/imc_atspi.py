# Drives the built IM Console over the accessibility bus (AT-SPI), for
# build-aux/take-screenshots and tests/i18n/check-ui-translated. Needs an X
# server and a session bus (Xvfb + dbus-run-session) and /usr/bin/python3
# with python3-pyatspi.
import gettext
import os
import re
import subprocess
import time

import pyatspi

# AT-SPI role names as at-spi2-core 2.46 (Debian 12) gives them; 2.56
# (Debian 13) calls a push button "button".
ROLE_ALIASES = {'button': 'push button'}
# AdwDialog and AdwAlertDialog (libadwaita >= 1.5), AdwMessageDialog.
DIALOG_ROLES = ('dialog', 'alert')

# Demo data of `im-plan-server serve --demo` (src/server/imc-demo.c).
PRO_APP = '1400000001'    # Live Classroom, Pro-postpaid
FREE_APP = '1400000000'   # Chat Demo, Free
TIMEOUT = 30


def unmnemonic(s):
    """A label without its mnemonic: "升级(_U)" and "升级(U)" → "升级",
    "_Upgrade" → "Upgrade"."""
    return re.sub(r'\(_?[A-Za-z0-9]\)', '', s).replace('_', '').strip()


def translation(build, lang):
    return gettext.translation('im-console', localedir=os.path.join(build, 'po'),
                               languages=[lang], fallback=True)


def role(acc):
    """The role name of @acc, the same on every at-spi2-core."""
    name = acc.getRoleName()
    return ROLE_ALIASES.get(name, name)


def is_role(acc, role_name):
    """@acc has the role @role_name; a "push button" may be a toggle button
    (GTK 4.18 exposes a GtkMenuButton's button as one)."""
    actual = role(acc)
    return actual == role_name or (role_name == 'push button' and actual == 'toggle button')


def name(acc):
    """The accessible name of @acc, or else the text of what it is labelled
    by, as a screen reader reads it (GTK 4.18 leaves a popover menu item's
    own name empty and points at its label)."""
    if acc.name:
        return acc.name
    for relation in acc.getRelationSet():
        if relation.getRelationType() != pyatspi.RELATION_LABELLED_BY:
            continue
        for i in range(relation.getNTargets()):
            target = relation.getTarget(i)
            text = target.name
            if not text and 'Text' in pyatspi.listInterfaces(target):
                text = target.queryText().getText(0, -1)
            if text:
                return text
    return ''


def walk(acc):
    yield acc
    for i in range(acc.childCount):
        child = acc.getChildAtIndex(i)
        if child is not None:
            yield from walk(child)


def wait_for(what, predicate, on_timeout=None):
    """Polls predicate (an AT-SPI query) until it returns something."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            found = predicate()
        except Exception:   # the tree changes under us while the UI loads
            found = None
        if found is not None:
            return found
        time.sleep(0.2)
    if on_timeout:
        on_timeout()
    raise TimeoutError(f'timed out waiting for {what}')


def start_keyring(data_home):
    """An unlocked default keyring, so storing the sandbox key never
    prompts; in the foreground, so that it ends with the caller."""
    os.makedirs(os.path.join(data_home, 'keyrings'), exist_ok=True)
    with open(os.path.join(data_home, 'keyrings', 'default'), 'w') as f:
        f.write('login')
    env = dict(os.environ, XDG_DATA_HOME=data_home)
    proc = subprocess.Popen(['gnome-keyring-daemon', '--foreground', '--unlock',
                             '--components=secrets'], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, env=env)
    proc.stdin.write(b'imc')
    proc.stdin.close()
    subprocess.run(['gdbus', 'wait', '--session', '--timeout', str(TIMEOUT),
                    'org.freedesktop.secrets'], check=True)
    return proc


def window_settings(env, size):
    """GSettings of the app with its window at @size (width, height): a
    keyfile in the XDG_CONFIG_HOME of @env."""
    directory = os.path.join(env['XDG_CONFIG_HOME'], 'glib-2.0', 'settings')
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, 'keyfile'), 'w') as f:
        f.write('[io/github/imconsole/ImConsole]\n'
                f'window-width={size[0]}\nwindow-height={size[1]}\n')
    return dict(GSETTINGS_BACKEND='keyfile')


class App:
    """One im-console process in one language; @window_size (width,
    height) opens its window at that size instead of the default."""

    def __init__(self, build, lang, *args, env=None, window_size=None):
        base = os.environ if env is None else env
        run_env = dict(base,
                       GSETTINGS_SCHEMA_DIR=os.path.join(build, 'data'),
                       GSETTINGS_BACKEND='memory',
                       IMC_PLAN_SERVER=os.path.join(build, 'src', 'server', 'im-plan-server'),
                       IMC_LOCALEDIR=os.path.join(build, 'po'),
                       LANG='C.UTF-8', LANGUAGE=lang, GDK_BACKEND='x11', GSK_RENDERER='cairo')
        if window_size is not None:
            run_env.update(window_settings(base, window_size))
        for var in ('NO_AT_BRIDGE', 'LC_ALL', 'LC_MESSAGES'):
            run_env.pop(var, None)
        self.lang = lang
        self.tr = translation(build, lang)
        self.proc = subprocess.Popen([os.path.join(build, 'src', 'im-console'), *args],
                                     env=run_env)
        self.acc = wait_for('the app on the accessibility bus', self._find)

    def _find(self):
        if self.proc.poll() is not None:
            raise SystemExit(f'im-console exited with {self.proc.returncode}')
        for acc in pyatspi.Registry.getDesktop(0):
            if acc is not None and acc.name == 'im-console' and acc.childCount > 0:
                return acc
        return None

    def label(self, msgid):
        return unmnemonic(self.tr.gettext(msgid))

    def frames(self):
        return [self.acc.getChildAtIndex(i) for i in range(self.acc.childCount)]

    def find(self, role_name, text, root=None, actionable=False):
        for acc in walk(root or self.frames()[0]):
            if not is_role(acc, role_name) or not (text in unmnemonic(name(acc))
                                                   or text == acc.description):
                continue
            # GTK 4.8 marks mapped widgets VISIBLE (not SHOWING).
            if not acc.getState().contains(pyatspi.STATE_VISIBLE):
                continue
            # A GtkMenuButton is a button inside a button: click the inner one.
            if actionable and not ('Action' in pyatspi.listInterfaces(acc)
                                   and acc.queryAction().nActions > 0):
                continue
            return acc
        return None

    def wait(self, role_name, msgid, root=None, actionable=False):
        text = self.label(msgid)
        return wait_for(f'{role_name} “{text}”', lambda: self.find(role_name, text, root, actionable))

    def click(self, role_name, msgid, root=None):
        self.wait(role_name, msgid, root, actionable=True).queryAction().doAction(0)

    def dialogs(self):
        """The open dialogs, bottom to top: with libadwaita 1.2 the app's
        windows after the main one, with libadwaita >= 1.5 the dialogs in
        the main window (children of its dialog host, near the top)."""
        frames = self.frames()
        found = list(frames[1:])

        def search(acc, depth):
            for i in range(acc.childCount):
                child = acc.getChildAtIndex(i)
                if child is None:
                    continue
                if role(child) in DIALOG_ROLES:
                    found.append(child)
                elif depth < 2:
                    search(child, depth + 1)

        search(frames[0], 0)
        return found

    def dialog(self, title_msgid):
        title = self.label(title_msgid)
        return wait_for(f'the dialog “{title}”', lambda: next(
            (d for d in self.dialogs() if title in d.name or self.find('label', title, d)),
            None))

    def wait_closed(self, remaining=0):
        """Waits until only @remaining dialogs are open."""
        wait_for('the dialog to close', lambda: True if len(self.dialogs()) == remaining else None)

    def settle(self, frame):
        """Waits until the frame's size stops changing (layout, open animation)."""
        last = None
        for _ in range(20):
            ext = frame.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            if ext == last:
                break
            last = ext
            time.sleep(0.25)
        time.sleep(0.5)
        return last

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=TIMEOUT)


def tour(build, lang, visit, window_size=None):
    """Opens every screen the docs show, calling visit(app, frame, name) on
    each: the app list, Create App, Connections, the Basic Configuration
    page, Modify feature configuration, the Disabling Reminder and Upgrade.
    @window_size: see App."""
    app = App(build, lang, window_size=window_size)
    try:
        wait_for('the app cards', lambda: app.find('label', f'SDKAppID {FREE_APP}'))
        visit(app, app.frames()[0], 'main-window')
        # The main menu: narrow, the header bar has no Create button.
        app.click('push button', 'Main Menu')
        app.click('menu item', '_Create app')
        create = app.dialog('Create App')
        visit(app, create, 'create-app-dialog')
        app.click('push button', '_Cancel', create)
        app.wait_closed()
        app.click('push button', 'Main Menu')
        app.click('menu item', 'C_onnections…')
        visit(app, app.dialog('Plan API Servers'), 'connections-window')
    finally:
        app.close()

    app = App(build, lang, '--app', PRO_APP, window_size=window_size)
    try:
        app.wait('label', 'Operation History')
        visit(app, app.frames()[0], 'basic-configuration')
        app.click('push button', '_Modify feature configuration')
        modify = app.dialog('Modify feature configuration')
        visit(app, modify, 'modify-dialog')
        app.click('push button', '_Cancel', modify)
        app.wait_closed()
        app.click('push button', 'M_ore')
        app.click('menu item', 'Disable app')
        visit(app, app.dialog('Disabling Reminder'), 'disabling-reminder')
    finally:
        app.close()

    app = App(build, lang, '--app', FREE_APP, window_size=window_size)
    try:
        app.click('push button', '_Upgrade')
        visit(app, app.dialog('Upgrade'), 'upgrade-dialog')
    finally:
        app.close()
