/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hanji-site.h"

G_BEGIN_DECLS

/* A file-name slug for @title: letters and digits of every script are
 * kept (Hangul included, after NFC normalisation), cased letters are
 * lower-cased, every run of anything else (spaces, punctuation, symbols,
 * emoji) becomes one `-`, and `-` is trimmed from both ends. Long titles
 * are cut at a character boundary so that a dated, numbered file name
 * still fits a file system's 255 bytes. Never empty: "post" when nothing
 * is left. A slug passes through unchanged. */
char *hanji_slugify (const char *title);

/* Creating a post ------------------------------------------------------- */

/* Where a new post goes and what it starts with, per the site's rules:
 *
 *   Jekyll  _posts/YYYY-MM-DD-slug.md, or _drafts/slug.md for a draft;
 *   Hugo    content/<section>/slug.md, or content/<section>/slug/index.md
 *           for a page bundle;
 *   plain   <root>/[<section>/]slug.md (or slug/index.md).
 *
 * The front matter comes from the Hugo archetype for the section (then
 * archetypes/default.md), with the usual template actions filled in, or
 * from a built-in template (title, date in the shape the site's posts
 * use, draft for Hugo, tags), merged for Jekyll with the `defaults` of
 * _config.yml that apply to posts or drafts.
 *
 * The object takes what it needs from the site when it is made (the
 * layout, and a few of the site's posts to copy their date shape from),
 * so planning and creating never touch the HanjiSite again and may run in
 * a thread. */
#define HANJI_TYPE_NEW_POST (hanji_new_post_get_type ())
G_DECLARE_FINAL_TYPE (HanjiNewPost, hanji_new_post, HANJI, NEW_POST, GObject)

HanjiNewPost *hanji_new_post_new             (HanjiSite     *site,
                                              const char    *title);
const char   *hanji_new_post_get_title       (HanjiNewPost  *self);
void          hanji_new_post_set_title       (HanjiNewPost  *self,
                                              const char    *title);
/* The slug the file is named after; by default hanji_slugify (title).
 * Setting NULL goes back to the default. */
char         *hanji_new_post_dup_slug        (HanjiNewPost  *self);
void          hanji_new_post_set_slug        (HanjiNewPost  *self,
                                              const char    *slug);
/* Not for Jekyll: a folder path under the content folder, "posts" or
 * "blog/2024"; "" for the content folder itself. NULL (the default)
 * picks the site's usual one (hanji_new_post_dup_section). */
void          hanji_new_post_set_section     (HanjiNewPost  *self,
                                              const char    *section);
/* The section the post goes to: the one set, else "" for a plain folder
 * and Jekyll; for the others the first of posts/, post/, blog/ that
 * exists, else Hugo "posts", Astro its first collection (or "blog"),
 * Eleventy "". Blocking, a few queries. */
char         *hanji_new_post_dup_section     (HanjiNewPost  *self);
/* Jekyll: into _drafts/. Hugo: `draft: true` (FALSE writes false, also
 * over an archetype's literal value). Others: a `draft: true` field. */
void          hanji_new_post_set_draft       (HanjiNewPost  *self,
                                              gboolean       draft);
/* Not for Jekyll: slug/index.md in a folder of its own (a Hugo page
 * bundle). */
void          hanji_new_post_set_bundle      (HanjiNewPost  *self,
                                              gboolean       bundle);
/* The post's date (default: now, in the local time zone). Its zone is
 * the one written, unless the site's posts are written in UTC (`Z`) or
 * without a zone. */
void          hanji_new_post_set_date        (HanjiNewPost  *self,
                                              GDateTime     *date);

/* The sub-folders of the content folder a post can go to (not page
 * bundles, not the skipped build folders), sorted; for a section menu.
 * Empty for Jekyll. Blocking, one folder listing. */
char        **hanji_new_post_list_sections   (HanjiNewPost  *self,
                                              GCancellable  *cancellable,
                                              GError       **error);

/* The Markdown file create would write now: the first of slug, slug-2,
 * slug-3… whose file (and for Hugo, whose bundle folder or other
 * extension) does not exist yet. Blocking but cheap (a few queries), so
 * a dialog can show it as the title is typed. G_IO_ERROR_NOT_SUPPORTED
 * for a section or a bundle on a Jekyll site, G_IO_ERROR_INVALID_ARGUMENT
 * for a section that leaves the content folder. */
GFile        *hanji_new_post_dup_file        (HanjiNewPost  *self,
                                              GCancellable  *cancellable,
                                              GError       **error);
/* The text the post would be created with, for the file dup_file names.
 * Blocking: reads the template and the head of a few posts. */
char         *hanji_new_post_dup_contents    (HanjiNewPost  *self,
                                              GCancellable  *cancellable,
                                              GError       **error);
/* Creates the post (and the folders it needs) with g_file_create: an
 * existing file is never overwritten; a name taken meanwhile moves on to
 * the next free one. On an error nothing created is left behind. Returns
 * the Markdown file. Blocking. */
GFile        *hanji_new_post_create          (HanjiNewPost  *self,
                                              GCancellable  *cancellable,
                                              GError       **error);
/* The same in a thread, on a copy of the settings. */
void          hanji_new_post_create_async    (HanjiNewPost        *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GFile        *hanji_new_post_create_finish   (HanjiNewPost        *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* Renaming a post ------------------------------------------------------- */

/* The slug of an existing post file: its name without the extension, and
 * without the YYYY-MM-DD- prefix on a Jekyll site; for a page bundle's
 * index.md (Hugo and plain), its folder's name. */
char         *hanji_post_file_dup_slug       (HanjiSite     *site,
                                              GFile         *file);
/* Renames @file after @slug (passed through hanji_slugify): the extension
 * stays, a Jekyll post keeps its date prefix, and for a page bundle the
 * folder is renamed. Never overwrites: G_IO_ERROR_EXISTS when the name (or,
 * like for creation, the bundle folder or other extension of it) is
 * taken. G_IO_ERROR_NOT_SUPPORTED for a Hugo _index.md (a section page).
 * Returns the post's Markdown file under its new name (@file itself, with
 * a new reference, when the name does not change). Blocking. */
GFile        *hanji_post_rename_file         (HanjiSite     *site,
                                              GFile         *file,
                                              const char    *slug,
                                              GCancellable  *cancellable,
                                              GError       **error);
void          hanji_post_rename_file_async   (HanjiSite           *site,
                                              GFile               *file,
                                              const char          *slug,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GFile        *hanji_post_rename_file_finish  (HanjiSite           *site,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
