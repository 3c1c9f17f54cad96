/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hanji-front-matter.h"

G_BEGIN_DECLS

/* Surgical edits of a post's front matter. Each call looks at a front
 * matter parsed from TEXT and returns one replacement of bytes in TEXT:
 * only the edited field's bytes change. Comments, key order, quoting,
 * block scalars, empty values and date shapes of every other field, the
 * delimiters, BOM and line endings (LF or CRLF, as the block uses) stay
 * byte for byte. Offsets are BYTE offsets into the text that was parsed.
 *
 * Every call fails (NULL + error) when the front matter did not parse:
 * with its parse error, or READ_ONLY for TOML/JSON front matter. A text
 * without front matter accepts set and add_empty (the block is created
 * at the top, after any BOM) and nothing else. */

typedef struct
{
  gsize  offset;   /* first byte replaced */
  gsize  length;   /* bytes replaced (0: a pure insertion) */
  char  *text;     /* the replacement (never NULL; "" for a deletion) */
} HanjiTextEdit;

void           hanji_text_edit_free           (HanjiTextEdit       *edit);
/* A newly allocated copy of text with the edit applied. */
char          *hanji_text_edit_apply          (const HanjiTextEdit *edit,
                                               const char          *text,
                                               gssize               len);

/* A string value. An existing scalar keeps its style (plain, 'single',
 * "double", | literal, > folded, with its indentation and chomping) where
 * that style can still carry the value; otherwise libyaml's emitter picks
 * the quoting. A value that would read back as another type (`true`,
 * `42`, `2024-05-18`, `null`, ``) is quoted. A missing key is added
 * (appended as the block's last field). */
HanjiTextEdit *hanji_front_matter_set_string   (HanjiFrontMatter   *self,
                                                const char         *key,
                                                const char         *value,
                                                GError            **error);

/* `true` / `false`, written plain. Replaces an empty `draft:` value. */
HanjiTextEdit *hanji_front_matter_set_boolean  (HanjiFrontMatter   *self,
                                                const char         *key,
                                                gboolean            value,
                                                GError            **error);

/* A date or datetime in the field's own shape: date only stays date only;
 * `T` or space separator, minutes only or seconds, fraction digits, and
 * the zone (`Z`, `+09:00`, `+0900`, none) stay as they were written, and
 * so does quoting (`date: "2024-05-18"`). value is converted to the
 * written zone's offset (no zone: its local wall time). A new field is
 * written `YYYY-MM-DDTHH:MM:SS+HH:MM` unless has_time is FALSE
 * (`YYYY-MM-DD`). */
HanjiTextEdit *hanji_front_matter_set_datetime (HanjiFrontMatter   *self,
                                                const char         *key,
                                                GDateTime          *value,
                                                gboolean            has_time,
                                                GError            **error);

/* A list of strings, in the list's own style: block (`- x` lines with
 * their indentation) or flow (`[a, b]`). Items that stay keep their exact
 * source text (quoting included) and their position-independent comments;
 * new items are quoted only when they must be. A missing key or a field
 * that is not a list becomes a block list. An empty list is written `[]`. */
HanjiTextEdit *hanji_front_matter_set_list     (HanjiFrontMatter   *self,
                                                const char         *key,
                                                const char * const *items,
                                                GError            **error);

/* text as a YAML plain scalar would read it (`true`, `42`, `3.5`,
 * `2024-05-18`, `~`): written plain when it reads back as that type and
 * as a string (quoted as needed) otherwise. For `hanji-cli meta set`. */
HanjiTextEdit *hanji_front_matter_set_plain    (HanjiFrontMatter   *self,
                                                const char         *key,
                                                const char         *text,
                                                GError            **error);

/* Adds `key:` with an empty value as the last field (for the form's Add
 * Field menu; the row is then filled in), creating the block when there
 * is none. Fails if the key exists. */
HanjiTextEdit *hanji_front_matter_add_empty    (HanjiFrontMatter   *self,
                                                const char         *key,
                                                GError            **error);

/* Removes the field's whole text: its key line, its value lines and the
 * comment on the key's line; comment lines above it are kept. */
HanjiTextEdit *hanji_front_matter_remove       (HanjiFrontMatter   *self,
                                                const char         *key,
                                                GError            **error);

/* Where the parse error is, 1-based line and column in the whole text
 * (columns in characters). FALSE when there is no positioned error. */
gboolean       hanji_front_matter_get_error_position (HanjiFrontMatter *self,
                                                      guint            *line,
                                                      guint            *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HanjiTextEdit, hanji_text_edit_free)

G_END_DECLS
