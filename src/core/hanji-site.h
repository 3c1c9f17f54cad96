/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hanji-markdown.h"

G_BEGIN_DECLS

typedef enum
{
  HANJI_SITE_PLAIN,
  HANJI_SITE_JEKYLL,
  HANJI_SITE_HUGO,
  HANJI_SITE_ASTRO,     /* src/content/ plus astro.config.* or package.json */
  HANJI_SITE_ELEVENTY,  /* .eleventy.js or eleventy.config.* */
} HanjiSiteKind;

/* One post: what the list needs, read from the front-matter head only. */
#define HANJI_TYPE_POST (hanji_post_get_type ())
G_DECLARE_FINAL_TYPE (HanjiPost, hanji_post, HANJI, POST, GObject)

GFile      *hanji_post_get_file      (HanjiPost *self);
/* front matter title, else the file name without extension */
const char *hanji_post_get_title     (HanjiPost *self);
/* front matter date, else the Jekyll file-name date, else NULL */
GDateTime  *hanji_post_get_date      (HanjiPost *self);
gboolean    hanji_post_get_draft     (HanjiPost *self);
/* newest first: date descending, then path ascending */
int         hanji_post_compare       (HanjiPost *a,
                                      HanjiPost *b);
HanjiPost  *hanji_post_new_for_file  (GFile        *file,
                                      GCancellable *cancellable,
                                      GError      **error);
/* Added: front matter `tags` (a list, or Jekyll's space-separated string);
 * never NULL, empty when there are none. */
const char * const *
            hanji_post_get_tags      (HanjiPost *self);
/* Added: the post's top-level front matter keys in source order (TOML:
 * sorted); never NULL. For the form's Add Field menu. */
const char * const *
            hanji_post_get_keys      (HanjiPost *self);
/* Added (issue 5): front matter `categories` (a list, or Jekyll's
 * space-separated string; Jekyll's single `category` too); never NULL. */
const char * const *
            hanji_post_get_categories (HanjiPost *self);
/* Added (issue 5): the file's modification time when it was read, or
 * NULL when unknown. */
GDateTime  *hanji_post_get_modified  (HanjiPost *self);
/* Added (issue 5): why the front matter (or the file) could not be read,
 * with "line L, column C" where known; NULL when it was fine. The title
 * then comes from the file name. */
const char *hanji_post_get_error     (HanjiPost *self);

/* Added (issue 5): one entry of a site's tag or category index. Counts
 * are posts, not occurrences; "count" is notified when it changes. */
#define HANJI_TYPE_TAG (hanji_tag_get_type ())
G_DECLARE_FINAL_TYPE (HanjiTag, hanji_tag, HANJI, TAG, GObject)

const char *hanji_tag_get_name       (HanjiTag  *self);
guint       hanji_tag_get_count      (HanjiTag  *self);

#define HANJI_TYPE_SITE (hanji_site_get_type ())
G_DECLARE_FINAL_TYPE (HanjiSite, hanji_site, HANJI, SITE, GObject)

/* Detects the kind from the folder's files (blocking but cheap: a few
 * g_file_query_exists). */
HanjiSite    *hanji_site_new             (GFile       *root);
GFile        *hanji_site_get_root        (HanjiSite   *self);
HanjiSiteKind hanji_site_get_kind        (HanjiSite   *self);
HanjiFlavor   hanji_site_get_flavor      (HanjiSite   *self);
const char   *hanji_site_get_title       (HanjiSite   *self); /* _config.yml title, else folder name */
/* GListModel of HanjiPost, sorted newest first; filled by load_async. */
GListModel   *hanji_site_get_posts       (HanjiSite   *self);
/* Scans the content folders off the main thread. */
void          hanji_site_load_async      (HanjiSite          *self,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
gboolean      hanji_site_load_finish     (HanjiSite          *self,
                                          GAsyncResult       *result,
                                          GError            **error);
/* TRUE if file is inside the site root (after resolving ".."). */
gboolean      hanji_site_contains        (HanjiSite   *self,
                                          GFile       *file);

/* Added: the kind @dir would be detected as (blocking, a few queries);
 * a valid .hanji.json "kind" wins. */
HanjiSiteKind hanji_site_detect_kind     (GFile       *dir);
/* Added: the nearest folder holding @file (or @file itself when it is a
 * folder) that is a site of any kind but plain, or has a .hanji.json;
 * NULL if none. Blocking. */
GFile        *hanji_site_find_root       (GFile       *file);

/* Added (issue 5): the site's layout, after any per-site override. */
/* Where posts live: Hugo content/, Jekyll _posts/, plain: the root. */
GFile        *hanji_site_get_content_dir (HanjiSite   *self);
/* Jekyll _drafts/; NULL for kinds without a drafts folder. */
GFile        *hanji_site_get_drafts_dir  (HanjiSite   *self);
/* Where site-absolute `/x` URLs are looked up, in order: Hugo static/,
 * Jekyll the root. NULL-terminated, never NULL. */
GFile       **hanji_site_get_static_dirs (HanjiSite   *self);
/* The site's language (Jekyll lang, Hugo languageCode, or .hanji.json
 * "language"), NULL when none is set. */
const char   *hanji_site_get_language    (HanjiSite   *self);
/* .hanji.json "assets": where its images go (a hanji_assets_folder ()
 * pattern), NULL when the site does not say. */
const char   *hanji_site_get_asset_pattern (HanjiSite *self);

/* Added (issue 5): every folder scanned for posts, the content folder
 * first (the drafts folder is not among them). NULL-terminated. */
GFile       **hanji_site_get_content_dirs (HanjiSite  *self);
/* Why the site's .hanji.json was ignored (see README, "Per-site
 * settings"), or NULL when there is none or it was used. */
const char   *hanji_site_get_settings_error (HanjiSite *self);

/* Added (issue 5): progress of load_async. "loading" is TRUE from
 * load_async until its callback; "n-scanned" counts the post files read
 * so far by the current (or last) load. Posts reach the model in sorted
 * batches while it runs. */
gboolean      hanji_site_get_loading     (HanjiSite   *self);
guint         hanji_site_get_n_scanned   (HanjiSite   *self);

/* Added (issue 5): the post of the model for @file, or NULL. */
HanjiPost    *hanji_site_lookup_post     (HanjiSite   *self,
                                          GFile       *file);
/* Added (issue 5): re-reads @file (a post, a folder, or a path that no
 * longer exists) off the main thread and updates the model, without
 * waiting for the file monitor; for files Hanji itself just created,
 * renamed or removed. Does nothing before the first load. */
void          hanji_site_refresh_file    (HanjiSite   *self,
                                          GFile       *file);

/* Added (issue 5): the site's tags and categories as GListModels of
 * HanjiTag, sorted by name (case-insensitively), kept current with the
 * posts. */
GListModel   *hanji_site_get_tags        (HanjiSite   *self);
GListModel   *hanji_site_get_categories  (HanjiSite   *self);

/* The form in which searches and tags are matched: valid UTF-8,
 * casefolded, then composed (a file name from macOS arrives decomposed,
 * a keyboard types it precomposed). Never NULL. */
char         *hanji_fold_text            (const char  *text);

G_END_DECLS
