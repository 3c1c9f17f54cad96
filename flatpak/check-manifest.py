#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifest against the data files meson builds.

Usage: check-manifest.py MANIFEST [DESKTOP_FILE] [METAINFO_FILE]

The desktop and metainfo arguments are the files meson built from
data/*.in.in, so their @app_id@ has been substituted; the check is that the
manifest, the desktop entry and the AppStream component agree on one app ID
and one command. Every module source must be pinned (a git commit or an
archive checksum) so that a build is reproducible. When flatpak-builder is
installed, it must also accept the manifest.

Prints TAP so that meson shows each check.
"""

import configparser
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

EXPECTED_APP_ID = os.environ.get("HANJI_APP_ID", "io.github.hanjiapp.Hanji")
EXPECTED_COMMAND = "hanji"

# Source types that carry their own content, so there is nothing to pin.
UNPINNED_OK = {"dir", "file", "script", "shell", "patch", "inline"}
ARCHIVE_CHECKSUMS = ("sha256", "sha512")


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, ok, what, detail=None):
        self.count += 1
        if ok:
            print(f"ok {self.count} - {what}")
        else:
            self.failed += 1
            print(f"not ok {self.count} - {what}")
            if detail:
                for line in str(detail).splitlines():
                    print(f"# {line}")
        return ok

    def skip(self, what, reason):
        self.count += 1
        print(f"ok {self.count} - {what} # SKIP {reason}")

    def finish(self):
        print(f"1..{self.count}")
        return 1 if self.failed else 0


def walk_modules(modules, base_dir, tap):
    """Yield (name, module) for every module, following nested modules and
    modules kept in separate JSON files."""
    for module in modules:
        if isinstance(module, str):
            path = os.path.join(base_dir, module)
            try:
                with open(path, encoding="utf-8") as f:
                    module = json.load(f)
            except (OSError, ValueError) as e:
                tap.check(False, f"module file {path} loads", e)
                continue
            yield from walk_modules([module], os.path.dirname(path), tap)
            continue
        yield module.get("name", "<unnamed>"), module
        yield from walk_modules(module.get("modules", []), base_dir, tap)


def source_pinned(source):
    """Return None when the source is pinned, else the reason it is not."""
    if isinstance(source, str):
        return None  # a separate sources file, checked by flatpak-builder
    kind = source.get("type")
    if kind in UNPINNED_OK:
        return None
    if kind == "git":
        commit = source.get("commit", "")
        if len(commit) != 40 or any(c not in "0123456789abcdef" for c in commit):
            return "git source without a full 40-hex commit"
        return None
    if kind in ("archive", "extra-data"):
        if not any(source.get(k) for k in ARCHIVE_CHECKSUMS):
            return f"{kind} source without sha256/sha512"
        return None
    return f"unknown source type {kind!r}"


def check_manifest(manifest_path, tap):
    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        tap.check(False, "manifest parses as JSON", e)
        return None
    tap.check(True, "manifest parses as JSON")

    app_id = manifest.get("app-id") or manifest.get("id")
    tap.check(app_id == EXPECTED_APP_ID, f"app-id is {EXPECTED_APP_ID}",
              f"found {app_id!r}")
    tap.check(manifest.get("command") == EXPECTED_COMMAND,
              f"command is {EXPECTED_COMMAND}",
              f"found {manifest.get('command')!r}")
    tap.check(manifest.get("runtime") == "org.gnome.Platform" and
              manifest.get("sdk") == "org.gnome.Sdk",
              "runtime is org.gnome.Platform with org.gnome.Sdk")

    finish_args = manifest.get("finish-args", [])
    tap.check("--socket=wayland" in finish_args and
              "--socket=fallback-x11" in finish_args and
              "--socket=x11" not in finish_args,
              "wayland with fallback-x11 only")

    base_dir = os.path.dirname(os.path.abspath(manifest_path))
    modules = list(walk_modules(manifest.get("modules", []), base_dir, tap))
    tap.check(bool(modules) and modules[-1][0] == "hanji",
              "the last module is hanji",
              f"modules: {[name for name, _ in modules]}")

    for name, module in modules:
        sources = module.get("sources", [])
        problems = [p for p in map(source_pinned, sources) if p]
        tap.check(bool(sources) and not problems,
                  f"module {name}: every source is pinned",
                  "; ".join(problems) or "no sources")
    return manifest


def check_desktop(path, tap):
    parser = configparser.RawConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # keys are case-sensitive
    try:
        with open(path, encoding="utf-8") as f:
            parser.read_file(f)
        entry = parser["Desktop Entry"]
    except (OSError, configparser.Error, KeyError) as e:
        tap.check(False, f"{os.path.basename(path)} has a [Desktop Entry]", e)
        return
    tap.check(os.path.basename(path) == EXPECTED_APP_ID + ".desktop",
              "desktop file is named after the app ID",
              os.path.basename(path))
    tap.check(entry.get("Icon") == EXPECTED_APP_ID,
              "desktop Icon is the app ID", f"found {entry.get('Icon')!r}")
    exec_line = entry.get("Exec", "")
    tap.check(exec_line.split()[:1] == [EXPECTED_COMMAND],
              f"desktop Exec runs {EXPECTED_COMMAND}", f"found {exec_line!r}")
    tap.check("@" not in "".join(entry.values()),
              "desktop file has no unsubstituted @placeholders@")


def check_metainfo(path, tap):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        tap.check(False, f"{os.path.basename(path)} parses as XML", e)
        return
    component_id = (root.findtext("id") or "").strip()
    tap.check(component_id == EXPECTED_APP_ID,
              "metainfo <id> is the app ID", f"found {component_id!r}")
    launchable = (root.findtext("launchable") or "").strip()
    tap.check(launchable == EXPECTED_APP_ID + ".desktop",
              "metainfo launchable is the desktop file",
              f"found {launchable!r}")
    binaries = [b.text for b in root.iterfind("provides/binary")]
    tap.check(EXPECTED_COMMAND in binaries,
              f"metainfo provides the {EXPECTED_COMMAND} binary",
              f"found {binaries!r}")


def check_flatpak_builder(manifest_path, tap):
    builder = shutil.which("flatpak-builder")
    if builder is None:
        tap.skip("flatpak-builder accepts the manifest",
                 "flatpak-builder is not installed")
        return
    try:
        result = subprocess.run([builder, "--show-manifest", manifest_path],
                                capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        tap.check(False, "flatpak-builder accepts the manifest", e)
        return
    tap.check(result.returncode == 0, "flatpak-builder accepts the manifest",
              result.stderr.strip())


def main(argv):
    if len(argv) < 2 or len(argv) > 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2

    tap = Tap()
    manifest_path = argv[1]
    check_manifest(manifest_path, tap)
    if len(argv) > 2:
        check_desktop(argv[2], tap)
    if len(argv) > 3:
        check_metainfo(argv[3], tap)
    check_flatpak_builder(manifest_path, tap)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
