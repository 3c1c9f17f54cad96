/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hanji-preview.h"

G_BEGIN_DECLS

/* Where the preview's hanji-site:// URIs lead, copied for a worker
 * thread (hanji-preview-export.c). */
typedef struct _HanjiPreviewFiles HanjiPreviewFiles;

HanjiPreviewFiles *_hanji_preview_files_new     (HanjiPreview      *self);
void               _hanji_preview_files_free    (HanjiPreviewFiles *files);
char              *_hanji_preview_files_resolve (HanjiPreviewFiles *files,
                                                 const char        *uri);

/* The world Hanji's own script runs in, apart from the page's. */
#define HANJI_PREVIEW_SCRIPT_WORLD "hanji"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HanjiPreviewFiles, _hanji_preview_files_free)

G_END_DECLS
