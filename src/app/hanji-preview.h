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

/* Export: the page as it shows now (code coloured, light style) as a
 * standalone HTML file titled title, with no script and no
 * data-sourcepos; local images embedded as data: URIs or, when
 * copy_images, copied into a "<name>_files" folder beside it (never
 * over a file there). Written atomically. Returns how many local
 * images could not be found in *n_missing. */
void           hanji_preview_export_async  (HanjiPreview        *self,
                                            GFile               *destination,
                                            const char          *title,
                                            gboolean             copy_images,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean       hanji_preview_export_finish (HanjiPreview        *self,
                                            GAsyncResult        *result,
                                            guint               *n_missing,
                                            GError             **error);

G_END_DECLS
