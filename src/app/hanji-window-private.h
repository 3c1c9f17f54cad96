/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hanji-document.h"
#include "hanji-front-matter-form.h"
#include "hanji-post-list.h"
#include "hanji-preview.h"
#include "hanji-site.h"
#include "hanji-window.h"

G_BEGIN_DECLS

/* For tests: the window's parts, as the user sees them. */
HanjiSite            *_hanji_window_get_site         (HanjiWindow *self);
/* The sidebar's list view (its model: a GtkSingleSelection over the
 * filtered posts) and the whole sidebar widget. */
GtkListView          *_hanji_window_get_post_list    (HanjiWindow *self);
HanjiPostList        *_hanji_window_get_post_list_widget (HanjiWindow *self);
HanjiDocument        *_hanji_window_get_document     (HanjiWindow *self);
GtkSourceView        *_hanji_window_get_source_view  (HanjiWindow *self);
HanjiFrontMatterForm *_hanji_window_get_form         (HanjiWindow *self);
HanjiPreview         *_hanji_window_get_preview      (HanjiWindow *self);
/* The post whose document is shown, opened from the post list. */
void                  _hanji_window_open_post        (HanjiWindow *self,
                                                      GFile       *file);
/* "empty", "error" or "editor": what the content area shows. */
const char           *_hanji_window_get_content_page (HanjiWindow *self);
/* The main menu. */
GMenuModel           *_hanji_window_get_menu         (HanjiWindow *self);
/* Unsaved documents, for the close confirmation. */
GPtrArray            *_hanji_window_list_modified    (HanjiWindow *self);

G_END_DECLS
