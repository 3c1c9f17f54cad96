/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hanji-site.h"

G_BEGIN_DECLS

/* Where a post's images go: pattern (relative to the site folder, or to
 * the post's folder when it starts with "./"; {slug}, {year}, {month},
 * {day} stand for the post's) or, when pattern is empty, the
 * generator's usual place: Jekyll assets/img/{slug}, Hugo
 * static/images/{slug} or the page bundle's own folder, otherwise an
 * images folder beside the post. post_text gives the slug and date
 * from its front matter (slug:, date:) when it has them. */
GFile *hanji_assets_folder        (HanjiSite   *site,
                                   GFile       *post_file,
                                   const char  *post_text,
                                   const char  *pattern);

/* `![alt](destination)` for image, with the destination the site's
 * generator resolves: site-absolute for Hugo's static/ and Jekyll's
 * root, relative inside the post's folder (page bundles), in angle
 * brackets when it has spaces or parentheses (CommonMark, goldmark
 * and kramdown all read that). alt: the file name without extension
 * when NULL. */
char  *hanji_assets_markdown_for  (HanjiSite   *site,
                                   GFile       *post_file,
                                   GFile       *image,
                                   const char  *alt);

/* `![](url)` when text is one http(s) address of an image (by its
 * extension, a query allowed), else NULL. */
char  *hanji_assets_markdown_for_url (const char *text);

/* Copies an image into the post's asset folder (made if missing) under
 * its own name, or name-2, name-3… rather than overwrite anything, and
 * gives the Markdown that shows it. source: a file (refused unless it is
 * an image; one already inside the site is linked, not copied); or
 * png: pasted pixels, named image-YYYYMMDD-HHMMSS.png. In a worker
 * thread. */
void   hanji_assets_import_async  (HanjiSite           *site,
                                   GFile               *post_file,
                                   const char          *post_text,
                                   const char          *pattern,
                                   GFile               *source,
                                   GBytes              *png,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
/* The image's file in the site; *markdown the text to insert. */
GFile *hanji_assets_import_finish (GAsyncResult        *result,
                                   char               **markdown,
                                   GError             **error);

/* Writes source's contents (or bytes) into folder as name, or name-2,
 * name-3… when taken: never over an existing file. Blocking. */
GFile *hanji_assets_write_unique  (GFile               *folder,
                                   const char          *name,
                                   GFile               *source,
                                   GBytes              *bytes,
                                   GCancellable        *cancellable,
                                   GError             **error);

G_END_DECLS
