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

/* Added: the kind @dir would be detected as (blocking, a few queries). */
HanjiSiteKind hanji_site_detect_kind     (GFile       *dir);
/* Added: the nearest folder holding @file (or @file itself when it is a
 * folder) that is a Jekyll or Hugo site, or NULL. Blocking. */
GFile        *hanji_site_find_root       (GFile       *file);

G_END_DECLS
