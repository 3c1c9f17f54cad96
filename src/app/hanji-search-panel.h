/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hanji-site-search.h"

G_BEGIN_DECLS

#define HANJI_TYPE_SEARCH_PANEL (hanji_search_panel_get_type ())

G_DECLARE_FINAL_TYPE (HanjiSearchPanel, hanji_search_panel, HANJI, SEARCH_PANEL, GtkWidget)

/* Search across every post of a site, in the sidebar: an entry, the
 * matches line by line; activating one emits match-activated. */
GtkWidget   *hanji_search_panel_new         (void);
void         hanji_search_panel_set_site    (HanjiSearchPanel *self,
                                             HanjiSite        *site);
/* Focuses the entry with its text selected; text, when given, replaces it. */
void         hanji_search_panel_begin       (HanjiSearchPanel *self,
                                             const char       *text);
GtkEditable *hanji_search_panel_get_entry   (HanjiSearchPanel *self);
/* The matches shown (HanjiSearchMatch), and whether a search runs. */
GListModel  *hanji_search_panel_get_matches (HanjiSearchPanel *self);
gboolean     hanji_search_panel_get_busy    (HanjiSearchPanel *self);
/* What the panel says above the list: "3 matches in 2 posts". */
const char  *hanji_search_panel_get_summary (HanjiSearchPanel *self);
void         hanji_search_panel_activate    (HanjiSearchPanel *self,
                                             guint             position);

G_END_DECLS
