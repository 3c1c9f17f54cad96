/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

#include "hanji-front-matter.h"

G_BEGIN_DECLS

#define HANJI_DOCUMENT_ERROR (hanji_document_error_quark ())

typedef enum
{
  HANJI_DOCUMENT_ERROR_NOT_TEXT,      /* binary data (NUL bytes) */
  HANJI_DOCUMENT_ERROR_INVALID_UTF8,
} HanjiDocumentError;

GQuark hanji_document_error_quark (void);

#define HANJI_TYPE_DOCUMENT (hanji_document_get_type ())
G_DECLARE_FINAL_TYPE (HanjiDocument, hanji_document, HANJI, DOCUMENT, GtkSourceBuffer)

/* The editor's style scheme for a light or dark app style. */
GtkSourceStyleScheme *hanji_style_scheme_for_dark (gboolean dark);

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
 * edit: cheap even for a large post. */
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
/* Atomic replace. Fails with G_IO_ERROR_WRONG_ETAG when the file changed
 * on disk since it was loaded or saved, unless force is TRUE. */
void              hanji_document_save_async        (HanjiDocument       *self,
                                                    gboolean             force,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          hanji_document_save_finish       (HanjiDocument       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
