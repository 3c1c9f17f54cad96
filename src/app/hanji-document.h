/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

#include "hanji-front-matter.h"
#include "hanji-session.h"
#include "hanji-text-file.h"

G_BEGIN_DECLS

#define HANJI_DOCUMENT_ERROR (hanji_document_error_quark ())

typedef enum
{
  HANJI_DOCUMENT_ERROR_NOT_TEXT,      /* binary data (NUL bytes) */
  HANJI_DOCUMENT_ERROR_INVALID_UTF8,
} HanjiDocumentError;

GQuark hanji_document_error_quark (void);

/* The file on disk against what was loaded or saved last. */
typedef enum
{
  HANJI_DISK_STATE_SAME,      /* as loaded or saved */
  HANJI_DISK_STATE_CHANGED,   /* another program wrote it */
  HANJI_DISK_STATE_DELETED,   /* deleted or moved away */
} HanjiDiskState;

GType hanji_disk_state_get_type (void) G_GNUC_CONST;
#define HANJI_TYPE_DISK_STATE (hanji_disk_state_get_type ())

#define HANJI_TYPE_DOCUMENT (hanji_document_get_type ())
G_DECLARE_FINAL_TYPE (HanjiDocument, hanji_document, HANJI, DOCUMENT, GtkSourceBuffer)

/* The editor's style scheme for a light or dark app style. */
GtkSourceStyleScheme *hanji_style_scheme_for_dark (gboolean dark);
GSettings            *hanji_appearance_settings   (void);

HanjiDocument    *hanji_document_new               (GFile               *file);
GFile            *hanji_document_get_file          (HanjiDocument       *self);
/* The front matter title, else the file name. */
const char       *hanji_document_get_title         (HanjiDocument       *self);
gboolean          hanji_document_get_loading       (HanjiDocument       *self);
gboolean          hanji_document_get_saving        (HanjiDocument       *self);
gboolean          hanji_document_get_loaded        (HanjiDocument       *self);
/* The whole text as it would be written to disk (BOM included). */
char             *hanji_document_dup_text          (HanjiDocument       *self);
/* The buffer's text (no BOM), copied from a mirror kept current by every
 * edit: cheap even for a large post. A NUL follows its last byte (not
 * counted in its size), so its data can be read as a string. */
GBytes           *hanji_document_dup_snapshot      (HanjiDocument       *self);
/* The front matter of the current text; re-parsed lazily after edits. */
HanjiFrontMatter *hanji_document_get_front_matter  (HanjiDocument       *self);
void              hanji_document_load_async        (HanjiDocument       *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          hanji_document_load_finish       (HanjiDocument       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* Loads the file again over the buffer (one undoable step), keeping the
 * cursor's line and column. The disk state goes back to SAME. */
void              hanji_document_reload_async      (HanjiDocument       *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          hanji_document_reload_finish     (HanjiDocument       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* How the file is written back: its BOM and line endings. */
const HanjiTextFormat *hanji_document_get_format   (HanjiDocument       *self);
/* Whether the file on disk is still what was loaded or saved; followed
 * with a file monitor (Hanji's own saves do not count). */
HanjiDiskState    hanji_document_get_disk_state    (HanjiDocument       *self);

/* Atomic replace (hanji_text_file_save in a thread), in the file's own
 * format. Fails with G_IO_ERROR_WRONG_ETAG when the file changed on disk
 * since it was loaded or saved, unless force is TRUE; a file deleted
 * meanwhile is created again. */
void              hanji_document_save_async        (HanjiDocument       *self,
                                                    gboolean             force,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          hanji_document_save_finish       (HanjiDocument       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Drafts: with a store, unsaved text is written to it as a draft
 * hanji_document_set_draft_delay() milliseconds after the last edit (the
 * file is not touched), and the draft is deleted once the text is saved
 * or back to what is on disk. */
void              hanji_document_set_draft_store   (HanjiDocument       *self,
                                                    HanjiDraftStore     *store);
void              hanji_document_set_draft_delay   (HanjiDocument       *self,
                                                    guint                msec);
/* With autosave, the post is also saved to its file when the draft is
 * due, unless the file changed on disk (that waits for the writer). */
void              hanji_document_set_autosave      (HanjiDocument       *self,
                                                    gboolean             autosave);
/* The id of the post's draft (hanji_draft_id_for_file). */
const char       *hanji_document_get_draft_id      (HanjiDocument       *self);
/* Whether a draft of the text is on disk. */
gboolean          hanji_document_get_has_draft     (HanjiDocument       *self);
/* Writes the draft now if one is due (at quit). Blocking. */
void              hanji_document_flush_draft       (HanjiDocument       *self);
/* Deletes the post's draft (the writer discarded the changes). */
void              hanji_document_discard_draft     (HanjiDocument       *self);
/* Puts @draft's text in the buffer as one undoable edit (Undo brings the
 * file's text back) and its cursor; the document is then modified. */
void              hanji_document_restore_draft     (HanjiDocument       *self,
                                                    const HanjiDraft    *draft);

G_END_DECLS
