/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define HANJI_TYPE_CODE_HIGHLIGHTER (hanji_code_highlighter_get_type ())

G_DECLARE_FINAL_TYPE (HanjiCodeHighlighter, hanji_code_highlighter, HANJI, CODE_HIGHLIGHTER, GObject)

/* Starts with the "Adwaita" scheme. */
HanjiCodeHighlighter *hanji_code_highlighter_new           (void);
/* The scheme whose colours are used (the editor's: Adwaita or
 * Adwaita-dark); also the "scheme" property, so it can be bound to the
 * editor buffer's "style-scheme". NULL: no colours at all. Changing it
 * empties the cache. */
void                  hanji_code_highlighter_set_scheme    (HanjiCodeHighlighter *self,
                                                            GtkSourceStyleScheme *scheme);
GtkSourceStyleScheme *hanji_code_highlighter_get_scheme    (HanjiCodeHighlighter *self);
/* The language for a fence's info string, or NULL. Only its first word
 * counts, case-insensitively, with an optional "language-" prefix (so a
 * <code> element's class works too). Looked up in an alias table first
 * ("py" → python3, "js" → js, "sh"/"bash"/"shell" → sh, …), then among the
 * language manager's ids, then by guessing from a file named "x.<word>".
 * Hidden (internal) languages are never returned. */
GtkSourceLanguage    *hanji_code_highlighter_find_language (HanjiCodeHighlighter *self,
                                                            const char           *info);
/* The inner HTML for <code>: code HTML-escaped, with highlighted runs
 * wrapped in <span style="…"> in the scheme's colours. Its text content
 * (tags removed, entities decoded) is code exactly. NULL when the
 * language is unknown or code is not valid UTF-8. Main thread only;
 * results are cached by language and code. */
char                 *hanji_code_highlighter_highlight     (HanjiCodeHighlighter *self,
                                                            const char           *info,
                                                            const char           *code);
/* CSS giving the preview's `pre` blocks the scheme's text background and
 * foreground; "" when the scheme sets neither. */
char                 *hanji_code_highlighter_dup_css       (HanjiCodeHighlighter *self);

G_END_DECLS
