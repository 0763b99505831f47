#!/usr/bin/env python3
# Rewrites the xml:lang attributes that msgfmt wrote into the merged
# metainfo so that every AppStream consumer finds the translations.
#
# gettext <= 0.22 writes the PO file's name (xml:lang="zh_CN"); gettext
# >= 0.23 writes BCP 47 with a script subtag (xml:lang="zh-Hans-CN"). What
# consumers match for a zh_CN user (tested in tests/data, see
# docs/flatpak.md):
#   - GNOME Software reads metainfo and Flatpak catalogs with libxmlb and
#     keeps the elements whose xml:lang is one of g_get_language_names():
#     "zh_CN", "zh". Never "zh-CN" or "zh-Hans-CN".
#   - libappstream >= 0.16.2 (Debian 13, KDE Discover, appstreamcli, the
#     GNOME runtime) turns the user's locale into "zh-CN" and looks up
#     "zh-CN", then "zh". Never "zh_CN" or "zh-Hans-CN".
#   - libappstream <= 0.16.1 (Debian 12) looks up "zh_CN", then "zh".
# So each translated element is written with the PO language name (for
# libxmlb and old libappstream) and, where it differs, once more with the
# BCP 47 tag that libappstream derives from that name (zh_CN -> zh-CN).
# The output is the same whichever gettext merged the file.
#
# Usage: normalize-xml-lang.py LINGUAS INPUT OUTPUT
import copy
import re
import sys
import xml.etree.ElementTree as ET

XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
# The modifiers that libappstream (as_utils_posix_locale_to_bcp47) and
# gettext turn into BCP 47 script subtags.
MODIFIER_SCRIPT = {'latin': 'Latn', 'cyrillic': 'Cyrl', 'devanagari': 'Deva', 'shaw': 'Shaw'}


def parse_posix(name):
    """ll[_CC][.codeset][@modifier] -> (ll, CC or None, modifier or None)."""
    m = re.fullmatch(r'([A-Za-z]{2,3})(?:_([A-Za-z]{2}|[0-9]{3}))?(?:\.[^@]*)?(?:@(.+))?', name)
    if not m:
        raise ValueError(f'{name!r} is not a POSIX locale name')
    return m.group(1).lower(), (m.group(2) or '').upper() or None, m.group(3)


def appstream_bcp47(name):
    """The tag libappstream >= 0.16.2 looks up for a user in locale NAME."""
    lang, region, modifier = parse_posix(name)
    tag = lang + (f'-{region}' if region else '')
    if modifier and modifier != 'euro':
        tag += '-' + MODIFIER_SCRIPT.get(modifier, modifier)
    return tag


def source_language(value, linguas):
    """The LINGUAS entry that msgfmt wrote as xml:lang=VALUE (either form)."""
    if value in linguas:
        return value
    subtags = value.split('-')
    lang = subtags[0].lower()
    script = next((s.title() for s in subtags[1:] if re.fullmatch(r'[A-Za-z]{4}', s)), None)
    region = next((s.upper() for s in subtags[1:] if re.fullmatch(r'[A-Za-z]{2}|[0-9]{3}', s)), None)
    exact, implied = [], []
    for name in linguas:
        l_lang, l_region, l_modifier = parse_posix(name)
        if l_lang != lang or l_region != region:
            continue
        l_script = MODIFIER_SCRIPT.get(l_modifier) if l_modifier else None
        if l_script is not None and l_script == script:
            exact.append(name)
        elif l_modifier is None:
            # No modifier: the script gettext added is the one implied by
            # the language and territory (zh_CN -> zh-Hans-CN).
            implied.append(name)
    found = exact or implied
    if len(found) != 1:
        raise ValueError(f'xml:lang="{value}" matches {len(found)} of LINGUAS {linguas}')
    return found[0]


def main():
    linguas_path, in_path, out_path = sys.argv[1:4]
    with open(linguas_path, encoding='utf-8') as f:
        linguas = [w for line in f for w in line.split('#')[0].split()]
    tree = ET.parse(in_path)
    seen = set()
    for parent in list(tree.iter()):
        children = list(parent)
        for child in children:
            value = child.get(XML_LANG)
            if value is None:
                continue
            name = source_language(value, linguas)
            seen.add(name)
            child.set(XML_LANG, name)
            tag = appstream_bcp47(name)
            if tag != name:
                twin = copy.deepcopy(child)
                twin.set(XML_LANG, tag)
                parent.insert(list(parent).index(child) + 1, twin)
    missing = [name for name in linguas if name not in seen]
    if missing:
        sys.exit(f'{in_path}: no translated element for {missing}: is po/ merged?')
    ET.indent(tree, space='  ')
    with open(out_path, 'w', encoding='utf-8') as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        tree.write(f, encoding='unicode')
        f.write('\n')


if __name__ == '__main__':
    main()
