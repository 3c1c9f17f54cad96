/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hanji-markdown.h"
#include "hanji-site.h"

G_BEGIN_DECLS

typedef enum
{
  HANJI_LINT_WARNING,
  HANJI_LINT_ERROR,
} HanjiLintSeverity;

/* One problem of a post. Positions count in the whole text as given:
 * line from 1, column in characters from 1, offset and length in bytes. */
typedef struct
{
  HanjiLintSeverity  severity;
  /* Stable, for scripts: invalid-front-matter, empty-title,
   * missing-image, missing-link, unparsed-destination,
   * misspelled-path, duplicate-heading, missing-anchor, missing-alt. */
  const char        *code;
  char              *message;
  guint              line;
  guint              column;
  gsize              offset;
  gsize              length;
  /* A quick fix, when there is exactly one sensible one: replace
   * fix_length bytes at fix_offset with fix_text. */
  char              *fix_label;
  gsize              fix_offset;
  gsize              fix_length;
  char              *fix_text;
} HanjiLintProblem;

void       hanji_lint_problem_free (HanjiLintProblem *problem);

/* Checks a post's text (front matter and body). site may be NULL (a lone
 * file: `/x` resolves against the post's folder); post_file locates
 * relative links. Looks at the disk for linked files, so call it from a
 * worker thread in an app. Problems come sorted by position. */
GPtrArray *hanji_lint_post         (const char  *text,
                                    gsize        len,
                                    HanjiSite   *site,
                                    GFile       *post_file,
                                    HanjiFlavor  flavor);

/* The text with problem's fix applied (NULL when it has none). */
char      *hanji_lint_apply_fix    (const char             *text,
                                    gsize                   len,
                                    const HanjiLintProblem *problem);

G_END_DECLS
