/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hanji-document.h"
#include "hanji-front-matter-form.h"
#include "hanji-preview.h"
#include "hanji-site.h"
#include "hanji-window.h"

G_BEGIN_DECLS

/* Large posts re-render after a short pause in typing (the render runs in
 * a worker thread; the pause bounds how much work is thrown away); posts
 * under HANJI_RENDER_AT_ONCE_CHARS render at once. */
#define HANJI_RENDER_DELAY_MSEC 90
#define HANJI_RENDER_AT_ONCE_CHARS (100 * 1024)

/* For tests: the window's parts, as the user sees them. */
HanjiSite            *_hanji_window_get_site         (HanjiWindow *self);
GtkListView          *_hanji_window_get_post_list    (HanjiWindow *self);
HanjiDocument        *_hanji_window_get_document     (HanjiWindow *self);
GtkSourceView        *_hanji_window_get_source_view  (HanjiWindow *self);
HanjiFrontMatterForm *_hanji_window_get_form         (HanjiWindow *self);
HanjiPreview         *_hanji_window_get_preview      (HanjiWindow *self);
/* The post whose document is shown, opened from the post list. */
void                  _hanji_window_open_post        (HanjiWindow *self,
                                                      GFile       *file);
/* "empty", "error" or "editor": what the content area shows. */
const char           *_hanji_window_get_content_page (HanjiWindow *self);
/* Unsaved documents, for the close confirmation. */
GPtrArray            *_hanji_window_list_modified    (HanjiWindow *self);

G_END_DECLS
