/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hanji-document.h"
#include "hanji-front-matter-form.h"
#include "hanji-post-list.h"
#include "hanji-preview.h"
#include "hanji-session.h"
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

/* Session: what this window has open, and bringing it back after a
 * crash with the drafts in @drafts (id → HanjiDraft; those used are
 * removed). Returns how many drafts were put back. */
HanjiSessionWindow   *_hanji_window_dup_session      (HanjiWindow        *self);
guint                 _hanji_window_restore_session  (HanjiWindow        *self,
                                                      HanjiSessionWindow *saved,
                                                      GHashTable         *drafts);
void                  _hanji_window_announce_recovery (HanjiWindow       *self,
                                                       guint              n_posts);
/* Writes every due draft now (the app is about to be killed). */
void                  _hanji_window_flush_drafts     (HanjiWindow        *self);
/* The banner over the editor, or NULL while it is hidden. */
const char           *_hanji_window_get_banner       (HanjiWindow        *self);
void                  _hanji_window_banner_respond   (HanjiWindow        *self,
                                                      gboolean            primary);

G_END_DECLS
