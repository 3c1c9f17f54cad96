/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hanji-session.h"

G_BEGIN_DECLS

#define HANJI_TYPE_APPLICATION (hanji_application_get_type ())
G_DECLARE_FINAL_TYPE (HanjiApplication, hanji_application, HANJI, APPLICATION, AdwApplication)

HanjiApplication *hanji_application_new                     (void);
/* Where Hanji's data lives: $HANJI_DATADIR (uninstalled runs and tests)
 * or the installed package data folder. */
const char       *hanji_get_datadir                         (void);
/* Copies the bundled sample blog to the user's data folder once (the
 * installed copy is read-only) and returns that copy. */
void              hanji_application_copy_sample_blog_async  (HanjiApplication    *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GFile            *hanji_application_copy_sample_blog_finish (HanjiApplication    *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Drafts of unsaved text, in $XDG_DATA_HOME/<app-id>/drafts/. */
HanjiDraftStore  *hanji_application_get_draft_store         (HanjiApplication    *self);
/* $XDG_DATA_HOME/<app-id>/session.json */
GFile            *hanji_application_get_session_file        (HanjiApplication    *self);
/* Something the session records changed (posts open, drafts): the
 * session file is written again shortly. */
void              hanji_application_schedule_session_save   (HanjiApplication    *self);
/* Whether this start followed a crash; the session then restored. */
gboolean          hanji_application_get_recovered           (HanjiApplication    *self);

G_END_DECLS
