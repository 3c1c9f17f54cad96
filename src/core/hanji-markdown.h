/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

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

/* A rendered post cut at its top-level blocks, so a preview can be
 * updated block by block. Immutable once made and safe to share between
 * threads (the reference count is atomic). */
typedef struct _HanjiRendering HanjiRendering;

#define HANJI_TYPE_RENDERING (hanji_rendering_get_type ())
GType           hanji_rendering_get_type        (void) G_GNUC_CONST;

/* Renders a whole post (front matter is skipped; lines are numbered in
 * the whole file, as hanji_markdown_render_post() does). When previous is
 * given and was made with the same options, the HTML of every block whose
 * source and context are unchanged is taken over from it instead of being
 * rendered again; only the edited run of blocks is rendered. The result
 * is exactly what a render without previous would give. Options compare
 * by value, the resolver by its function and data pointers: taken over
 * blocks keep the URLs it gave before, so pass no previous when its
 * answers may have changed (another site folder, say). */
HanjiRendering *hanji_rendering_new             (const char               *text,
                                                 gssize                    len,
                                                 const HanjiRenderOptions *options,
                                                 HanjiRendering           *previous);
/* One block holding html as it is (plain fragments, tests). */
HanjiRendering *hanji_rendering_new_for_html    (const char               *html);
HanjiRendering *hanji_rendering_ref             (HanjiRendering           *self);
void            hanji_rendering_unref           (HanjiRendering           *self);

guint           hanji_rendering_get_n_blocks    (HanjiRendering           *self);
/* The block's HTML as it was rendered, possibly for an earlier text in
 * which the block started on another line. */
const char     *hanji_rendering_get_block_html  (HanjiRendering           *self,
                                                 guint                     i);
/* Lines to add to every line number in the block's data-sourcepos
 * attributes to get its lines in this text (0 when freshly rendered).
 * A line 0 marks a node without a position and stays 0. */
int             hanji_rendering_get_block_shift (HanjiRendering           *self,
                                                 guint                     i);
/* The block's first source line in this text (from 1, whole file). */
guint           hanji_rendering_get_block_line  (HanjiRendering           *self,
                                                 guint                     i);
/* TRUE when block i of a and block j of b come from the same source in
 * the same context with the same options: their HTML is then the same
 * apart from line numbers, which differ by
 * get_block_line (b, j) - get_block_line (a, i). */
gboolean        hanji_rendering_block_equal     (HanjiRendering           *a,
                                                 guint                     i,
                                                 HanjiRendering           *b,
                                                 guint                     j);
/* How many blocks this rendering rendered itself, not taken over. */
guint           hanji_rendering_get_n_rendered  (HanjiRendering           *self);
/* The whole fragment with every shift applied: byte for byte what
 * hanji_markdown_render_post() gives for the same text and options. */
char           *hanji_rendering_dup_html        (HanjiRendering           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HanjiRendering, hanji_rendering_unref)

/* A heading of a post, for an outline. */
typedef struct
{
  guint  level;  /* 1–6 */
  guint  line;   /* from 1, in the whole file (front matter counted) */
  char  *text;   /* as read: markup gone, code and entities as text */
  char  *id;     /* the anchor the site's generator gives it (Hugo's for
                  * plain CommonMark); NULL when it gives none */
} HanjiHeading;

void       hanji_heading_free           (HanjiHeading *heading);
/* The headings of a whole post (front matter skipped), ATX and setext,
 * in order; a GPtrArray of HanjiHeading, never NULL. */
GPtrArray *hanji_markdown_list_headings (const char   *text,
                                         gssize        len,
                                         HanjiFlavor   flavor);

/* A link or image of a post, as the flavor parses it. */
typedef struct
{
  char     *url;       /* the destination, backslash escapes and entities
                        * resolved, not percent-decoded */
  guint     line;      /* from 1, in the whole file */
  guint     column;    /* bytes from 1, where `[` or `![` starts */
  gboolean  is_image;
  gboolean  autolink;  /* <https://…> or a bare address */
  gboolean  no_text;   /* nothing between the brackets: `![](…)` has no
                        * alt text */
} HanjiLink;

void       hanji_link_free           (HanjiLink   *link);
GPtrArray *hanji_markdown_list_links (const char  *text,
                                      gssize       len,
                                      HanjiFlavor  flavor);

G_END_DECLS
