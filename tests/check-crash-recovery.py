#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End to end: Hanji as its own process on a copy of the sample blog, text
# typed into a post with xdotool, a wait past the draft delay, kill -9,
# Hanji started again, Ctrl+S through xdotool, and the post's file read
# back: the typed words must be in it. Then Ctrl+Q, and the session must
# say the exit was clean.
#
# usage: check-crash-recovery.py HANJI SAMPLE_BLOG   (TAP on stdout)
# Needs a display (the suite runs under Xvfb) and xdotool; skips without.

import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TYPED = "crashproof words 1234"
DRAFT_DELAY = 3          # the draft-delay setting's default, seconds
POST = "_posts/2023-11-25-typography-notes.md"


def tap_skip(reason):
    print("1..0 # SKIP " + reason)
    sys.exit(0)


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise RuntimeError("timed out waiting for " + what)


def hanji_windows(pid):
    result = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                            capture_output=True, text=True)
    return result.stdout.split()


def focus_editor(proc):
    # No window manager under Xvfb: the keyboard follows the pointer.
    windows = wait_for(lambda: hanji_windows(proc.pid), 30, "the Hanji window")
    subprocess.run(["xdotool", "windowactivate", "--sync", windows[0]], capture_output=True)
    subprocess.run(["xdotool", "mousemove", "--window", windows[0], "700", "500"], check=True)
    return windows[0]


def main():
    if len(sys.argv) < 3:
        print("usage: check-crash-recovery.py HANJI SAMPLE_BLOG", file=sys.stderr)
        return 2
    hanji, sample = sys.argv[1], sys.argv[2]
    if not os.environ.get("DISPLAY"):
        tap_skip("no display")
    if shutil.which("xdotool") is None:
        tap_skip("xdotool is not installed")

    print("1..4")
    tmp = tempfile.mkdtemp(prefix="hanji-crash-")
    env = dict(os.environ)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = os.path.join(tmp, var.lower())
    env.pop("G_DEBUG", None)   # a stray GTK warning must not abort the app here
    blog = os.path.join(tmp, "blog")
    shutil.copytree(sample, blog)
    post = os.path.join(blog, POST)
    with open(post, encoding="utf-8") as f:
        original = f.read()
    app_data = os.path.join(env["XDG_DATA_HOME"], "io.github.hanjiapp.Hanji")
    log = open(os.path.join(tmp, "hanji.log"), "w")
    ok = True

    proc = None
    try:
        # 1. Type, wait past the draft delay, kill -9.
        proc = subprocess.Popen([hanji, post], env=env, stdout=log, stderr=log)
        focus_editor(proc)
        time.sleep(3)   # the post and the preview load
        subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+End"], check=True)
        subprocess.run(["xdotool", "type", "--delay", "60", "\n" + TYPED], check=True)
        time.sleep(DRAFT_DELAY + 2)

        drafts = glob.glob(os.path.join(app_data, "drafts", "*.txt"))
        kept = any(TYPED in open(d, encoding="utf-8").read() for d in drafts)
        print(("ok" if kept else "not ok") + " 1 - the typed text is in a draft before the kill"
              + ("" if kept else " # drafts: %r" % drafts))
        ok &= kept

        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with open(post, encoding="utf-8") as f:
            untouched = f.read() == original
        print(("ok" if untouched else "not ok") + " 2 - the post's file was not touched by the draft")
        ok &= untouched

        # 2. Start again: the draft comes back; Ctrl+S saves it.
        proc = subprocess.Popen([hanji], env=env, stdout=log, stderr=log)
        focus_editor(proc)
        time.sleep(4)
        subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+s"], check=True)

        def saved():
            with open(post, encoding="utf-8") as f:
                return TYPED in f.read()
        try:
            wait_for(saved, 15, "the post to be saved")
            recovered = True
        except RuntimeError:
            recovered = False
        print(("ok" if recovered else "not ok") + " 3 - after kill -9 and a restart, Ctrl+S saves the typed text")
        ok &= recovered

        # 3. A normal quit leaves a clean session.
        subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+q"], check=True)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        try:
            with open(os.path.join(app_data, "session.json"), encoding="utf-8") as f:
                clean = json.load(f).get("clean") is True
        except (OSError, ValueError):
            clean = False
        print(("ok" if clean else "not ok") + " 4 - Ctrl+Q records a clean exit")
        ok &= clean
    except Exception as e:
        print("not ok - %s" % e)
        ok = False
    finally:
        log.close()
        if not ok:
            with open(os.path.join(tmp, "hanji.log"), encoding="utf-8", errors="replace") as f:
                for line in f.read().splitlines()[-40:]:
                    print("# " + line)
        if proc is not None and proc.poll() is None:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)

    return 0


if __name__ == "__main__":
    sys.exit(main())
