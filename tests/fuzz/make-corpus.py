#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""make-corpus.py SOURCE_ROOT OUTPUT_DIR

Fills OUTPUT_DIR with the fuzzers' seeds: every post and site settings
file of the test fixtures, the test sites and the sample blog, plus a
few inputs written here for what no fixture has (link and image
destinations of every kind, TOML and JSON heads, site settings)."""

import os
import shutil
import sys

SOURCES = ["tests/fixtures", "tests/sites", "tests/fidelity", "data/sample-blog"]
EXTENSIONS = (".md", ".markdown", ".json", ".toml", ".yml", ".yaml")
MAX_SIZE = 64 * 1024

EXTRA = {
    "links.md": """---
title: Links
---
[relative](images/a.png) [site](/img/b.png) [up](../c.md) [frag](#top)
![img](photo.jpg "title") ![abs](/static/x.png) <https://example.com/a?b=c>
[ref][r] ![ref img][i] www.example.com/path mail@example.com
[spaced](my file.md) [angle](<with space.md>) [esc](a\\(b\\).md) [ent](a&amp;b.md)
[empty]() [js](javascript:alert(1)) [data](data:text/html,x) [fn][^1]

[r]: /ref/target.html
[i]: ./img.png 'title'
[^1]: A footnote with a [link](foot.md).
""",
    "toml-head.md": """+++
title = "TOML head"
date = 2024-05-18T10:00:00+09:00
tags = ["a", 'b', "c d"]
categories = ["x"]
draft = true
[params]
key = "v"
+++
Body.
""",
    "json-head.md": """{
  "title": "JSON head",
  "date": "2024-05-18",
  "tags": ["a", "b"],
  "draft": false
}

Body.
""",
    "hanji-settings.json": """{
  "kind": "hugo",
  "flavor": "hugo",
  "content": ["content", "posts/2024"],
  "static": ["static", "assets/img"],
  "drafts": "drafts",
  "title": "Settings"
}
""",
    "hugo-config.toml": """baseURL = "https://example.org/"
title = "Hugo site"
contentDir = "content"
staticDir = ["static", "assets"]
[params]
author = "me"
""",
    "jekyll-config.yml": """title: Jekyll site
staticDir: [assets, files]
contentDir: posts
collections:
  posts:
    output: true
""",
    "edit-fields.md": """---
title: "Quoted"
date: 2024-05-18T23:37:00+09:00
tags: [a, b]
list:
  - x
  - 'y'
block: |
  text
draft:
---
new value\\nsecond line, item
new-key
2024-05-18T23:37:00Z
""",
}


def main():
    root, output = sys.argv[1], sys.argv[2]
    shutil.rmtree(output, ignore_errors=True)
    os.makedirs(output)

    for source in SOURCES:
        for folder, _dirs, files in os.walk(os.path.join(root, source)):
            for name in sorted(files):
                path = os.path.join(folder, name)
                if not name.endswith(EXTENSIONS) or os.path.getsize(path) > MAX_SIZE:
                    continue
                flat = os.path.relpath(path, root).replace(os.sep, "_")
                shutil.copyfile(path, os.path.join(output, flat))

    for name, text in EXTRA.items():
        with open(os.path.join(output, "extra_" + name), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
