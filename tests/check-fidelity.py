#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Renders every tests/fidelity/*.md with the real generators (Hugo, and
# kramdown configured as Jekyll configures it) and with
# `hanji-cli render --flavor hugo|jekyll`, normalises both HTML trees and
# compares them top-level block by top-level block. A block that differs
# fails the test unless tests/fidelity/KEPT.json lists it with a reason, so
# the preview cannot drift away from the generators unnoticed.
#
# usage: check-fidelity.py HANJI_CLI [FIXTURE_DIR]   (TAP on stdout)

import difflib
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

HUGO_CONFIG = '''baseURL = "http://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "home", "section", "404", "robotsTXT"]
[markup.highlight]
  # Syntax colours are the theme's business; the preview shows plain code.
  codeFences = false
'''

# The options Jekyll 4 passes to kramdown by default.
KRAMDOWN_SCRIPT = r'''
require "json"
require "kramdown"
require "kramdown-parser-gfm"
out = {}
JSON.parse(STDIN.read).each do |name, text|
  out[name] = Kramdown::Document.new(text,
    input: "GFM", hard_wrap: false, auto_ids: true, footnote_nr: 1,
    entity_output: :as_char, toc_levels: (1..6).to_a,
    smart_quotes: "lsquo,rsquo,ldquo,rdquo", syntax_highlighter: nil).to_html
end
puts JSON.generate(out)
'''

VOID = {'br', 'hr', 'img', 'input', 'meta', 'link', 'wbr'}
BOOLEAN = {'checked', 'disabled'}


class Tree(html.parser.HTMLParser):
    """HTML to nested [tag, attrs, children] lists, text as strings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = ['#root', (), []]
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = [tag, normalise_attrs(attrs), []]
        self.stack[-1][2].append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1][2].append([tag, normalise_attrs(attrs), []])

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1][2].append(data)

    def handle_comment(self, data):
        self.stack[-1][2].append(['#comment', (), [data.strip()]])


def normalise_attrs(attrs):
    out = []
    for name, value in attrs:
        # Hanji-only: source lines for scroll sync, GitHub's data- markers.
        if name.startswith('data-'):
            continue
        value = value or ''
        if name in BOOLEAN:
            value = ''
        elif name == 'style':
            value = re.sub(r'\s+', '', value).rstrip(';')
        elif name in ('href', 'src'):
            value = urllib.parse.quote(urllib.parse.unquote(value), safe=':/?#[]@!$&\'()*+,;=%~')
        out.append((name, value))
    return tuple(sorted(out))


def serialise(node):
    if isinstance(node, str):
        return node
    tag, attrs, children = node
    parts = []
    for child in children:
        text = serialise(child)
        if isinstance(child, str):
            text = re.sub(r'\s+', ' ', text).strip()
        if text:
            parts.append(text)
    attr_text = ''.join(' %s="%s"' % a for a in attrs)
    return '<%s%s>%s</%s>' % (tag, attr_text, ' '.join(parts), tag)


def blocks(text):
    tree = Tree()
    tree.feed(text)
    tree.close()
    out = []
    for child in tree.root[2]:
        if isinstance(child, str):
            child = re.sub(r'\s+', ' ', child).strip()
            if not child:
                continue
        out.append(serialise(child))
    return out


def generators_missing():
    if shutil.which('hugo') is None:
        return 'hugo is not installed'
    if shutil.which('ruby') is None:
        return 'ruby is not installed'
    probe = subprocess.run(['ruby', '-e', 'require "kramdown"; require "kramdown-parser-gfm"'],
                           capture_output=True)
    if probe.returncode != 0:
        return 'kramdown or kramdown-parser-gfm is not installed'
    return None


def render_hugo(fixtures, tmp):
    site = os.path.join(tmp, 'site')
    os.makedirs(os.path.join(site, 'content'))
    os.makedirs(os.path.join(site, 'layouts', '_default'))
    with open(os.path.join(site, 'config.toml'), 'w') as f:
        f.write(HUGO_CONFIG)
    with open(os.path.join(site, 'layouts', '_default', 'single.html'), 'w') as f:
        f.write('{{ .Content }}')
    for name, text in fixtures.items():
        with open(os.path.join(site, 'content', name), 'w', encoding='utf-8') as f:
            # Hugo reads a leading `-` line as the start of front matter.
            f.write('---\ntitle: fixture\n---\n' + text)
    subprocess.run(['hugo', '--quiet', '--source', site, '--destination', 'public'],
                   check=True, capture_output=True)
    out = {}
    for name in fixtures:
        path = os.path.join(site, 'public', name[:-3], 'index.html')
        with open(path, encoding='utf-8') as f:
            out[name] = f.read()
    return out


def render_kramdown(fixtures):
    result = subprocess.run(['ruby', '-e', KRAMDOWN_SCRIPT], input=json.dumps(fixtures),
                            capture_output=True, check=True, text=True)
    return json.loads(result.stdout)


def render_hanji(cli, flavor, fixture_dir, fixtures):
    out = {}
    for name in fixtures:
        result = subprocess.run([cli, 'render', '--sourcepos', '--flavor', flavor,
                                 os.path.join(fixture_dir, name)],
                                capture_output=True, check=True, text=True)
        out[name] = result.stdout
    return out


def compare(flavor, reference, hanji, kept):
    total = matched = 0
    unexpected = []
    seen_kept = set()
    for name in sorted(reference):
        ref = blocks(reference[name])
        ours = blocks(hanji[name])
        total += len(ref)
        matcher = difflib.SequenceMatcher(a=ref, b=ours, autojunk=False)
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op == 'equal':
                matched += a1 - a0
                continue
            # An extra block of ours counts against the block before it.
            for i in range(a0, max(a1, a0 + 1)):
                key = '%s#%d' % (name, i)
                ref_block = ref[i] if i < a1 else '(nothing)'
                our_block = ' | '.join(ours[b0:b1]) or '(nothing)'
                if key in kept:
                    seen_kept.add(key)
                else:
                    unexpected.append((key, ref_block, our_block))
    stale = sorted(set(kept) - seen_kept)
    return total, matched, unexpected, stale


def main():
    if len(sys.argv) < 2:
        print('usage: check-fidelity.py HANJI_CLI [FIXTURE_DIR]', file=sys.stderr)
        return 2
    cli = sys.argv[1]
    fixture_dir = sys.argv[2] if len(sys.argv) > 2 else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fidelity')

    missing = generators_missing()
    if missing:
        print('1..0 # SKIP %s' % missing)
        return 0

    fixtures = {}
    for name in sorted(os.listdir(fixture_dir)):
        if name.endswith('.md') and name != 'KEPT.md':
            with open(os.path.join(fixture_dir, name), encoding='utf-8') as f:
                fixtures[name] = f.read()
    with open(os.path.join(fixture_dir, 'KEPT.json'), encoding='utf-8') as f:
        kept = json.load(f)

    with tempfile.TemporaryDirectory(prefix='hanji-fidelity-') as tmp:
        references = {
            'hugo': render_hugo(fixtures, tmp),
            'jekyll': render_kramdown(fixtures),
        }

    print('1..%d' % len(references))
    failed = False
    for number, (flavor, reference) in enumerate(references.items(), 1):
        hanji = render_hanji(cli, flavor, fixture_dir, fixtures)
        flavor_kept = kept.get(flavor, {})
        total, matched, unexpected, stale = compare(flavor, reference, hanji, flavor_kept)
        print('# %s: %d/%d blocks match (%.1f%%), %d kept differences' %
              (flavor, matched, total, 100.0 * matched / max(total, 1), len(flavor_kept)))
        for key in stale:
            print('# %s: %s is listed in KEPT.json but no longer differs' % (flavor, key))
        for key, ref_block, our_block in unexpected:
            print('# %s: %s differs\n#   generator: %s\n#   hanji:     %s' %
                  (flavor, key, ref_block, our_block))
        if unexpected:
            failed = True
            print('not ok %d - %s fidelity' % (number, flavor))
        else:
            print('ok %d - %s fidelity' % (number, flavor))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
