/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

#include "hanji-markdown.h"

G_BEGIN_DECLS

#define HANJI_TYPE_PREVIEW (hanji_preview_get_type ())

G_DECLARE_FINAL_TYPE (HanjiPreview, hanji_preview, HANJI, PREVIEW, GtkWidget)

GtkWidget     *hanji_preview_new          (void);
/* Where local URLs resolve: relative ones against post_file's folder,
 * site-absolute `/x` against site_root. Either may be NULL (lone file: the
 * root is the post's folder). */
void           hanji_preview_set_location (HanjiPreview *self,
                                           GFile        *site_root,
                                           GFile        *post_file);
/* Where site-absolute `/x` URLs are looked up, in order (Hugo: static/;
 * Jekyll: the root). NULL-terminated; NULL serves all of the root. */
void           hanji_preview_set_static_dirs (HanjiPreview  *self,
                                              GFile        **dirs);
/* Show this rendering of the post, sending the page only the blocks that
 * changed since the last one. */
void           hanji_preview_set_rendering (HanjiPreview   *self,
                                            HanjiRendering *rendering);
/* Replace the rendered body with this HTML fragment, as one block. */
void           hanji_preview_set_html     (HanjiPreview *self,
                                           const char   *html);
WebKitWebView *hanji_preview_get_web_view (HanjiPreview *self);
/* TRUE once the page shell has loaded and the last fragment given to
 * hanji_preview_set_html() is in the DOM. */
gboolean       hanji_preview_get_ready    (HanjiPreview *self);
/* Scroll sync: put source line `line` (from 1, whole file) at the top. */
void           hanji_preview_scroll_to_line (HanjiPreview *self,
                                             guint         line);
gboolean       hanji_preview_get_load_remote_images (HanjiPreview *self);
void           hanji_preview_set_load_remote_images (HanjiPreview *self,
                                                     gboolean      load_remote_images);

G_END_DECLS
