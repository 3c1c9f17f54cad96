/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hanji-site.h"

G_BEGIN_DECLS

/* The small dialog that names a post's file: "New Post" (title, draft,
 * section, page bundle) or "Rename Post" (the slug of an existing post).
 * Both show, as they are typed, the path the file will get, and keep the
 * dialog open with the error shown when the file system says no.
 *
 * "done" is emitted with the post's Markdown file once it has been
 * created or renamed; the dialog then closes itself. */
#define HANJI_TYPE_NEW_POST_DIALOG (hanji_new_post_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HanjiNewPostDialog, hanji_new_post_dialog, HANJI, NEW_POST_DIALOG, AdwWindow)

HanjiNewPostDialog *hanji_new_post_dialog_new         (GtkWindow *parent,
                                                       HanjiSite *site);
/* @modified: the post has unsaved changes, which a rename would leave
 * behind under the old name: the dialog asks for a save first. */
HanjiNewPostDialog *hanji_new_post_dialog_new_rename  (GtkWindow *parent,
                                                       HanjiSite *site,
                                                       GFile     *file,
                                                       gboolean   modified);

/* For tests: the parts as the user sees them. */
GtkEditable        *_hanji_new_post_dialog_get_title_entry (HanjiNewPostDialog *self);
GtkSwitch          *_hanji_new_post_dialog_get_draft_switch (HanjiNewPostDialog *self);
/* The path caption's text, once the pending update has run. */
const char         *_hanji_new_post_dialog_get_path_text   (HanjiNewPostDialog *self);
/* The inline error, NULL when none is shown. */
const char         *_hanji_new_post_dialog_get_error_text  (HanjiNewPostDialog *self);
GtkButton          *_hanji_new_post_dialog_get_accept_button (HanjiNewPostDialog *self);
gboolean            _hanji_new_post_dialog_get_busy        (HanjiNewPostDialog *self);

G_END_DECLS
