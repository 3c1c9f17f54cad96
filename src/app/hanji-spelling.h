/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

/* Whether this build checks spelling (libspelling was found). */
gboolean hanji_spelling_available (void);

/* The editor's context menu: spelling suggestions (when available) and
 * the Format submenu. Spelling follows the view's buffer and the
 * "spell-check" setting; a post's `lang:` or `language:` front matter
 * field chooses its dictionary, else the site's language, else the
 * user's. Code,
 * addresses and front matter keys are never checked: hanji-markdown.lang
 * marks them no-spell-check, which libspelling honours. */
void     hanji_spelling_attach    (GtkSourceView *view,
                                   GSettings     *settings,
                                   GMenuModel    *format_menu);

/* The site's language (hanji_site_get_language ()), for posts that do
 * not name theirs; NULL for none. */
void     hanji_spelling_set_site_language (GtkSourceView *view,
                                           const char    *language);

/* The dictionary for a post's text ("ko_KR" for `lang: ko-KR`), else for
 * site_language, or NULL for the default. */
char    *hanji_spelling_language_for_text (const char *text,
                                           gssize      len,
                                           const char *site_language);

G_END_DECLS
