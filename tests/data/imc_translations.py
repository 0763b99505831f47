# What a user in each language of po/LINGUAS must be shown from the desktop
# entry and the AppStream metadata, and a comparison with what the
# consumers in appstream-probe actually show. Shared by
# check-merged-translations (the files of this build) and
# check-flatpak-build (the catalog appstreamcli compose makes of the
# Flatpak's /app, as flatpak-builder does for Flathub).
#
# The expected texts are the English of the .in templates translated with
# the catalogs built from po/ (Python's gettext reading the .mo files), so
# they do not depend on how msgfmt merged or tagged anything.
import gettext
import json
import os
import subprocess
import xml.etree.ElementTree as ET

DOMAIN = 'im-console'
# A user of each language runs in a locale like these (LANG); a user of a
# language nobody translated must get English.
USER_LOCALE = {'zh_CN': 'zh_CN.UTF-8', 'ko': 'ko_KR.UTF-8'}
UNTRANSLATED_LOCALES = ['zh_TW.UTF-8', 'ja_JP.UTF-8']
METAINFO_FIELDS = ('name', 'summary', 'developer', 'description', 'captions', 'release')


def norm(text):
    return ' '.join((text or '').split())


def read_linguas(path):
    with open(path, encoding='utf-8') as f:
        return [w for line in f for w in line.split('#')[0].split()]


def user_locale(lang):
    return USER_LOCALE.get(lang, lang + '.UTF-8')


def _items(description):
    if description is None:
        return []
    return [[e.tag, norm(''.join(e.itertext()))] for e in description.iter() if e.tag in ('p', 'li')]


def english_metainfo(template):
    root = ET.parse(template).getroot()
    releases = root.findall('releases/release')
    return {
        'name': norm(root.findtext('name')),
        'summary': norm(root.findtext('summary')),
        'developer': norm(root.findtext('developer_name') or root.findtext('developer/name')),
        'description': _items(root.find('description')),
        'captions': [norm(c.text) for c in root.findall('screenshots/screenshot/caption')],
        'release': _items(releases[0].find('description')) if releases else [],
    }


def english_desktop(template):
    entries = {}
    with open(template, encoding='utf-8') as f:
        for line in f:
            if '=' in line and not line.startswith('#'):
                key, value = line.rstrip('\n').split('=', 1)
                entries[key] = value
    return {
        'Name': entries['Name'],
        'GenericName': entries['GenericName'],
        'Comment': entries['Comment'],
        'Keywords': [k for k in entries['Keywords'].split(';') if k],
    }


class Translator:
    """Translates English strings into LANG with the built catalogs and
    remembers every string that has no translation."""

    def __init__(self, mo_dir, lang):
        self.lang = lang
        self.catalog = gettext.translation(DOMAIN, localedir=mo_dir, languages=[lang])
        self.untranslated = []

    def __call__(self, english):
        text = self.catalog.gettext(english)
        if text == english:
            self.untranslated.append(english)
        return text

    def metainfo(self, english):
        t = self
        return {
            'name': t(english['name']),
            'summary': t(english['summary']),
            'developer': t(english['developer']),
            'description': [[kind, t(text)] for kind, text in english['description']],
            'captions': [t(c) for c in english['captions']],
            'release': [[kind, t(text)] for kind, text in english['release']],
        }

    def desktop(self, english):
        keywords = ';'.join(english['Keywords']) + ';'
        return {
            'Name': self(english['Name']),
            'GenericName': self(english['GenericName']),
            'Comment': self(english['Comment']),
            'Keywords': [k for k in self(keywords).split(';') if k],
        }


def probe(probe_exe, path, locale):
    """What the consumers show from PATH to a user whose LANG is LOCALE."""
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith('LC_') or k in ('LANG', 'LANGUAGE'))}
    env['LANG'] = locale
    r = subprocess.run([probe_exe, path], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise SystemExit(f'{probe_exe} {path} failed (LANG={locale}):\n{r.stderr}')
    return json.loads(r.stdout)


def compare(where, locale, shown, expected, fields, ignore=()):
    """Failure lines for every field a consumer shows differently; IGNORE
    holds (consumer name prefix, field) pairs a consumer gets wrong."""
    failures = []
    for consumer, values in shown.items():
        if consumer == 'languages':
            continue
        for field in fields:
            if any(consumer.startswith(c) and field == f for c, f in ignore):
                continue
            if values.get(field) != expected[field]:
                failures.append(f'{where}: {consumer} shows LANG={locale} a {field} of\n'
                                f'    {values.get(field)!r}\n  instead of\n    {expected[field]!r}')
    return failures
