#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the translations against the sources, printing TAP.

For every language in po/LINGUAS:
  * `msgfmt --check` accepts the .po file;
  * `msgcmp` finds every message of a template made now from the files in
    po/POTFILES.in translated in it (an untranslated or fuzzy entry, or a
    source string missing from it, fails).
And once:
  * po/POTFILES.in lists exactly the files in src/ and data/ that hold
    translatable strings (a new file with _() or translatable="yes" must be
    added; a file listed without any strings must go).

The template is made with xgettext and the keywords of meson's `glib`
preset, in a temporary directory: nothing in the source tree is written.
"""

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

# The arguments meson's i18n.gettext(preset: 'glib') gives xgettext, plus
# the ones po/meson.build adds.
XGETTEXT_ARGS = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def result(self, ok, name, details=''):
        self.n += 1
        if not ok:
            self.failed += 1
        print(f'{"ok" if ok else "not ok"} {self.n} - {name}')
        for line in details.strip().splitlines():
            print(f'# {line}')
        sys.stdout.flush()


def read_list(path):
    """Lines of a LINGUAS or POTFILES file, without comments and blanks."""
    items = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                items += [line] if path.name.startswith('POTFILES') else line.split()
    return items


def candidate_files(root):
    """Files that may hold translatable strings, relative to root."""
    found = []
    src = root / 'src'
    for path in sorted(src.rglob('*')):
        if path.is_file() and path.suffix in ('.c', '.h', '.ui'):
            found.append(path)
    data = root / 'data'
    for pattern in ('*.desktop.in.in', '*.desktop.in', '*.metainfo.xml.in.in',
                    '*.metainfo.xml.in', '*.appdata.xml.in'):
        found += sorted(data.glob(pattern))
    for path in sorted(data.glob('*.gschema.xml')):
        # Schemas are only translated when they name a gettext domain.
        if 'gettext-domain=' in path.read_text(encoding='utf-8'):
            found.append(path)
    return [p.relative_to(root).as_posix() for p in found]


def make_pot(xgettext, root, files, out, package):
    listfile = out.with_suffix('.files')
    listfile.write_text(''.join(f + '\n' for f in files), encoding='utf-8')
    proc = subprocess.run(
        [xgettext, '--package-name=' + package, '-D', str(root),
         '-f', str(listfile), '-o', str(out), '--force-po'] + XGETTEXT_ARGS,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc.returncode, proc.stdout


def referenced_files(pot):
    files = set()
    with open(pot, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#:'):
                for ref in line[2:].split():
                    files.add(ref.rsplit(':', 1)[0] if ref[-1].isdigit() else ref)
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--source-root', required=True, type=pathlib.Path)
    parser.add_argument('--po-dir', type=pathlib.Path,
                        help='default: SOURCE_ROOT/po')
    parser.add_argument('--package', default='hanji')
    parser.add_argument('--xgettext', default='xgettext')
    parser.add_argument('--msgfmt', default='msgfmt')
    parser.add_argument('--msgcmp', default='msgcmp')
    parser.add_argument('--po', action='append', type=pathlib.Path,
                        help='check this .po file instead of those in LINGUAS '
                             '(may be given more than once)')
    args = parser.parse_args()

    root = args.source_root.resolve()
    po_dir = (args.po_dir or root / 'po').resolve()
    tap = Tap()

    if args.po:
        po_files = [p.resolve() for p in args.po]
    else:
        po_files = [po_dir / f'{lang}.po' for lang in read_list(po_dir / 'LINGUAS')]
    potfiles = read_list(po_dir / 'POTFILES.in')

    print(f'1..{2 * len(po_files) + 2}')

    with tempfile.TemporaryDirectory(prefix='hanji-po-') as tmp:
        tmp = pathlib.Path(tmp)

        # The template, from the files POTFILES.in lists.
        pot = tmp / f'{args.package}.pot'
        rc, out = make_pot(args.xgettext, root, potfiles, pot, args.package)
        tap.result(rc == 0 and pot.exists(),
                   f'xgettext makes a template from POTFILES.in ({len(potfiles)} files)',
                   out if rc != 0 else '')

        # POTFILES.in lists exactly the files that hold strings.
        all_pot = tmp / 'all.pot'
        rc, out = make_pot(args.xgettext, root, candidate_files(root), all_pot, args.package)
        if rc != 0:
            tap.result(False, 'POTFILES.in lists every file with translatable strings', out)
        else:
            with_strings = referenced_files(all_pot)
            listed = set(potfiles)
            missing = sorted(with_strings - listed)
            extra = sorted(listed - with_strings)
            details = ''.join(f'not listed, but has strings: {f}\n' for f in missing)
            details += ''.join(f'listed, but has no strings: {f}\n' for f in extra)
            if potfiles != sorted(potfiles):
                details += 'POTFILES.in is not sorted\n'
            tap.result(not details,
                       'POTFILES.in lists every file with translatable strings, and only those',
                       details)

        for po in po_files:
            name = po.name
            if not po.exists():
                tap.result(False, f'{name}: msgfmt --check', 'file not found')
                tap.result(False, f'{name}: every message translated', 'file not found')
                continue

            proc = subprocess.run([args.msgfmt, '--check', '--statistics',
                                   '-o', os.devnull, str(po)],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True)
            tap.result(proc.returncode == 0, f'{name}: msgfmt --check', proc.stdout)

            # Strict msgcmp: a message of the template that is missing,
            # untranslated or fuzzy in the .po file is an error.
            if pot.exists():
                proc = subprocess.run([args.msgcmp, str(po), str(pot)],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      text=True)
                tap.result(proc.returncode == 0,
                           f'{name}: every message of the sources translated (msgcmp)',
                           proc.stdout)
            else:
                tap.result(False, f'{name}: every message of the sources translated (msgcmp)',
                           'no template')

    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
