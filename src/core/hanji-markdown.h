/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  HANJI_FLAVOR_COMMONMARK,
  HANJI_FLAVOR_HUGO,
  HANJI_FLAVOR_JEKYLL,
} HanjiFlavor;

const char *hanji_flavor_to_string   (HanjiFlavor  flavor);
gboolean    hanji_flavor_from_string (const char  *name,
                                      HanjiFlavor *flavor);

/* Every link and image destination passes through this hook; return a new
 * string to replace it, or NULL to keep it. */
typedef char *(*HanjiUrlResolver) (const char *url,
                                   gboolean    is_image,
                                   gpointer    user_data);

typedef struct
{
  HanjiFlavor       flavor;
  /* Added to every data-sourcepos line so lines count in the whole file
   * (pass the front matter's body_line). */
  guint             line_offset;
  gboolean          sourcepos;
  HanjiUrlResolver  resolver;
  gpointer          resolver_data;
} HanjiRenderOptions;

void  hanji_render_options_init (HanjiRenderOptions *options,
                                 HanjiFlavor         flavor);

/* Markdown body (no front matter) to an HTML fragment. GFM tables,
 * strikethrough, autolinks, task lists, footnotes. Raw HTML is omitted
 * (tag-filtered) as the generators do by default. Never NULL. */
char *hanji_markdown_render (const char               *markdown,
                             gssize                    len,
                             const HanjiRenderOptions *options);

/* Whole post text (front matter + body): strips the front matter and sets
 * line_offset itself. */
char *hanji_markdown_render_post (const char               *text,
                                  gssize                    len,
                                  const HanjiRenderOptions *options);

G_END_DECLS
