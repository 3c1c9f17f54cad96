/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define HANJI_TYPE_FIND_BAR (hanji_find_bar_get_type ())

G_DECLARE_FINAL_TYPE (HanjiFindBar, hanji_find_bar, HANJI, FIND_BAR, GtkWidget)

GtkWidget     *hanji_find_bar_new             (void);
/* The view whose buffer is searched; it follows the view's buffer. */
void           hanji_find_bar_set_view        (HanjiFindBar  *self,
                                               GtkSourceView *view);
GtkSourceView *hanji_find_bar_get_view        (HanjiFindBar  *self);
/* Shows the replace row too. */
void           hanji_find_bar_set_replace_mode (HanjiFindBar *self,
                                                gboolean      replace_mode);
gboolean       hanji_find_bar_get_replace_mode (HanjiFindBar *self);
/* Takes a one-line selection as the search text and focuses the entry. */
void           hanji_find_bar_begin           (HanjiFindBar  *self);
/* Stops highlighting matches (the bar is hidden). */
void           hanji_find_bar_end             (HanjiFindBar  *self);
void           hanji_find_bar_next            (HanjiFindBar  *self,
                                               gboolean       backward);

/* For tests and the window. */
GtkSourceSearchSettings *hanji_find_bar_get_settings (HanjiFindBar *self);
GtkSourceSearchContext  *hanji_find_bar_get_context  (HanjiFindBar *self);
GtkEditable             *hanji_find_bar_get_search_entry  (HanjiFindBar *self);
GtkEditable             *hanji_find_bar_get_replace_entry (HanjiFindBar *self);
/* "3 of 12", "No results", or "" while counting. */
const char              *hanji_find_bar_get_status   (HanjiFindBar *self);

G_END_DECLS
