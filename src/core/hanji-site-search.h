/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hanji-site.h"

G_BEGIN_DECLS

#define HANJI_TYPE_SEARCH_MATCH (hanji_search_match_get_type ())

G_DECLARE_FINAL_TYPE (HanjiSearchMatch, hanji_search_match, HANJI, SEARCH_MATCH, GObject)

/* One place where a search found its text in a post. */
GFile      *hanji_search_match_get_file    (HanjiSearchMatch *self);
const char *hanji_search_match_get_title   (HanjiSearchMatch *self);
/* Where, in the text as the editor shows it (line ends as \n): line
 * from 1, column and length in characters, column from 1. */
guint       hanji_search_match_get_line    (HanjiSearchMatch *self);
guint       hanji_search_match_get_column  (HanjiSearchMatch *self);
guint       hanji_search_match_get_length  (HanjiSearchMatch *self);
/* The line around the match, cut to a readable length, and where the
 * match lies in it (bytes). */
const char *hanji_search_match_get_context (HanjiSearchMatch *self,
                                            guint            *match_start,
                                            guint            *match_length);

/* At most this many matches; the result then says it stopped. */
#define HANJI_SITE_SEARCH_MAX_MATCHES 2000

/* Searches every post of the site for query as plain text, ignoring
 * case and Unicode normalization (NFC and NFD Hangul match), in a
 * worker thread. The posts are the site's list at the time of the
 * call; files that are not UTF-8 text are skipped. */
void        hanji_site_search_async        (HanjiSite           *site,
                                            const char          *query,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* A list of HanjiSearchMatch in post order (the site's: newest first),
 * then by position. *truncated is set when the search stopped at
 * HANJI_SITE_SEARCH_MAX_MATCHES. */
GListModel *hanji_site_search_finish       (HanjiSite           *site,
                                            GAsyncResult        *result,
                                            gboolean            *truncated,
                                            GError             **error);

/* The matches of query in one text, valid UTF-8 (for the worker and for
 * tests): appends HanjiSearchMatch objects for file to matches, at most
 * max. */
void        hanji_search_text              (const char          *text,
                                            GFile               *file,
                                            const char          *title,
                                            GRegex              *regex,
                                            GPtrArray           *matches,
                                            guint                max);
/* The regex that hanji_search_text () takes for query; NULL when the
 * query is empty. */
GRegex     *hanji_search_regex_new         (const char          *query);

G_END_DECLS
