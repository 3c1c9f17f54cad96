/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hanji-site.h"

G_BEGIN_DECLS

/* Which posts the list shows by their draft state. */
typedef enum
{
  HANJI_POST_LIST_SHOW_ALL,
  HANJI_POST_LIST_SHOW_DRAFTS,
  HANJI_POST_LIST_SHOW_PUBLISHED,
} HanjiPostListShow;

#define HANJI_TYPE_POST_LIST_SHOW (hanji_post_list_show_get_type ())
GType hanji_post_list_show_get_type (void) G_GNUC_CONST;

/* The sidebar: the site's posts, newest first, with a search field, a
 * draft/published filter and a tag filter. Choosing a row emits
 * "post-activated"; the list keeps the open post selected while the
 * filters change. */
#define HANJI_TYPE_POST_LIST (hanji_post_list_get_type ())
G_DECLARE_FINAL_TYPE (HanjiPostList, hanji_post_list, HANJI, POST_LIST, GtkWidget)

GtkWidget         *hanji_post_list_new               (void);
HanjiSite         *hanji_post_list_get_site          (HanjiPostList     *self);
/* Shows @site's posts as hanji_site_load_async() finds them, with a
 * progress indication while it runs, and forgets the previous site's
 * search, filters and selection. */
void               hanji_post_list_set_site          (HanjiPostList     *self,
                                                      HanjiSite         *site);
const char        *hanji_post_list_get_search_text   (HanjiPostList     *self);
void               hanji_post_list_set_search_text   (HanjiPostList     *self,
                                                      const char        *text);
HanjiPostListShow  hanji_post_list_get_show          (HanjiPostList     *self);
void               hanji_post_list_set_show          (HanjiPostList     *self,
                                                      HanjiPostListShow  show);
/* The tag posts must carry, or NULL for any; compared case-insensitively. */
const char        *hanji_post_list_get_tag           (HanjiPostList     *self);
void               hanji_post_list_set_tag           (HanjiPostList     *self,
                                                      const char        *tag);
/* The open post's file, whether or not the filters show it; NULL if none. */
GFile             *hanji_post_list_get_selected_file (HanjiPostList     *self);
/* Selects @file's row without emitting "post-activated" (the caller
 * opened it already); if the row is not there yet (scan under way,
 * filtered out), it is selected when it shows up. NULL unselects. */
void               hanji_post_list_select_file       (HanjiPostList     *self,
                                                      GFile             *file);
void               hanji_post_list_focus_search      (HanjiPostList     *self);
/* The inner list view; its model is a GtkSingleSelection over the
 * filtered posts. */
GtkListView       *hanji_post_list_get_list_view     (HanjiPostList     *self);

/* For tests. */
/* "loading", "empty", "no-results" or "posts". */
const char        *_hanji_post_list_get_page         (HanjiPostList     *self);
/* The progress line under the rows, or NULL while it is hidden. */
const char        *_hanji_post_list_get_progress     (HanjiPostList     *self);
GtkSearchEntry    *_hanji_post_list_get_search_entry (HanjiPostList     *self);
/* The tags the tag filter offers, most used first: a GListModel of
 * objects with "name" (string) and "count" (uint) properties, the first
 * one "any tag" with a NULL name. */
GListModel        *_hanji_post_list_get_tag_model    (HanjiPostList     *self);
/* Whether the filters are still at work (an incremental refilter, rows
 * still being let through to the list view). */
gboolean           _hanji_post_list_get_busy         (HanjiPostList     *self);

G_END_DECLS
