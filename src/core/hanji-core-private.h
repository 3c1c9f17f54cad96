/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hanji-front-matter.h"

G_BEGIN_DECLS

/* The parsed structures are shared with hanji-front-matter-edit.c, which
 * needs the source layout of each field, not just its value. */

typedef struct
{
  gsize offset;
  gsize length;
} HanjiSpan;

/* How a value is written in the source. */
typedef enum
{
  HANJI_STYLE_PLAIN,
  HANJI_STYLE_SINGLE_QUOTED,
  HANJI_STYLE_DOUBLE_QUOTED,
  HANJI_STYLE_LITERAL,
  HANJI_STYLE_FOLDED,
  HANJI_STYLE_BLOCK_COLLECTION,  /* `- x` lines, or nested `k: v` lines */
  HANJI_STYLE_FLOW_COLLECTION,   /* `[a, b]`, `{a: 1}` */
  HANJI_STYLE_ALIAS,
} HanjiValueStyle;

struct _HanjiField
{
  char            *key;
  char            *text;
  char           **items;
  HanjiValueType   type;
  gboolean         boolean;
  guint            line;
  gsize            key_offset;
  gsize            key_length;
  gsize            value_offset;
  gsize            value_length;
  HanjiValueStyle  style;
  /* LIST only: the source text of each item (quotes included) */
  GArray          *item_spans;
};

struct _HanjiFrontMatter
{
  gatomicrefcount        ref_count;
  HanjiFrontMatterSplit  split;
  GError                *error;
  /* 1-based position of error, 0 when it has none */
  guint                  error_line;
  guint                  error_column;
  GPtrArray             *fields;
  /* key → first field with that key; borrowed from fields */
  GHashTable            *by_key;
  /* a copy of the parsed text, so that edits can be checked by parsing
   * their result */
  char                  *text;
  gsize                  text_len;
};

/* How our resolver types a plain scalar (YAML 1.2 core schema plus
 * timestamps). */
HanjiValueType    _hanji_resolve_plain               (const char *text);

/* Parses a whole YAML file (a site's _config.yml) rather than a post: there
 * are no delimiters to split on, a leading `---` is just a document start. */
HanjiFrontMatter *_hanji_front_matter_parse_document (const char *text,
                                                      gssize      len);

/* `2024-05-18`, `2024-05-18T23:37[:00][.5][Z|+09:00]`: a GDateTime, or NULL
 * when the text has neither shape. No zone means local time. */
GDateTime        *_hanji_parse_timestamp             (const char *text);

/* TRUE when the text has the date (`*has_time` FALSE) or datetime shape. */
gboolean          _hanji_is_timestamp                (const char *text,
                                                      gboolean   *has_time);

G_END_DECLS
