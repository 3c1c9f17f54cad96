/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-markdown"

#include "config.h"

#include <string.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "hanji-front-matter.h"
#include "hanji-markdown.h"

/* The GFM extensions Hugo (goldmark) and Jekyll (kramdown GFM) both
 * understand. tagfilter only matters once raw HTML is let through. */
static const char * const extension_names[] = {
  "table",
  "strikethrough",
  "autolink",
  "tagfilter",
  "tasklist",
};

static const struct {
  HanjiFlavor  flavor;
  const char  *name;
} flavor_names[] = {
  { HANJI_FLAVOR_COMMONMARK, "commonmark" },
  { HANJI_FLAVOR_HUGO, "hugo" },
  { HANJI_FLAVOR_JEKYLL, "jekyll" },
};

const char *
hanji_flavor_to_string (HanjiFlavor flavor)
{
  for (guint i = 0; i < G_N_ELEMENTS (flavor_names); i++)
    if (flavor_names[i].flavor == flavor)
      return flavor_names[i].name;

  g_return_val_if_reached ("commonmark");
}

gboolean
hanji_flavor_from_string (const char  *name,
                          HanjiFlavor *flavor)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (flavor_names); i++)
    if (g_ascii_strcasecmp (flavor_names[i].name, name) == 0)
      {
        if (flavor != NULL)
          *flavor = flavor_names[i].flavor;
        return TRUE;
      }

  return FALSE;
}

void
hanji_render_options_init (HanjiRenderOptions *options,
                           HanjiFlavor         flavor)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->flavor = flavor;
}

static void
ensure_extensions (void)
{
  static gsize registered = 0;

  /* The registry is a process-wide list that is not safe to fill from
   * two threads at once, and the preview may render off the main thread. */
  if (g_once_init_enter (&registered))
    {
      cmark_gfm_core_extensions_ensure_registered ();
      g_once_init_leave (&registered, 1);
    }
}

static void
resolve_urls (cmark_node               *document,
              const HanjiRenderOptions *options)
{
  cmark_iter *iter = cmark_iter_new (document);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (node);
      const char *url;
      g_autofree char *replacement = NULL;

      if (event != CMARK_EVENT_ENTER ||
          (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
        continue;

      url = cmark_node_get_url (node);
      replacement = options->resolver (url != NULL ? url : "",
                                       type == CMARK_NODE_IMAGE,
                                       options->resolver_data);
      if (replacement != NULL)
        cmark_node_set_url (node, replacement);
    }

  cmark_iter_free (iter);
}

char *
hanji_markdown_render (const char               *markdown,
                       gssize                    len,
                       const HanjiRenderOptions *options)
{
  HanjiRenderOptions defaults;
  cmark_mem *mem = cmark_get_default_mem_allocator ();
  cmark_parser *parser;
  cmark_node *document;
  char *html;
  char *result;
  gsize ulen;
  int parse_options;
  int render_options;

  g_return_val_if_fail (markdown != NULL || len == 0, g_strdup (""));

  if (markdown == NULL)
    markdown = "";
  ulen = len < 0 ? strlen (markdown) : (gsize) len;

  if (options == NULL)
    {
      hanji_render_options_init (&defaults, HANJI_FLAVOR_COMMONMARK);
      options = &defaults;
    }

  ensure_extensions ();

  /* No CMARK_OPT_UNSAFE in any flavor: raw HTML and javascript: URLs are
   * dropped, so nothing a post contains can run script in the preview.
   * Invalid UTF-8 becomes U+FFFD rather than reaching WebKit. */
  parse_options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;
  render_options = parse_options;
  if (options->sourcepos)
    render_options |= CMARK_OPT_SOURCEPOS;

  parser = cmark_parser_new (parse_options);

  for (guint i = 0; i < G_N_ELEMENTS (extension_names); i++)
    {
      cmark_syntax_extension *ext = cmark_find_syntax_extension (extension_names[i]);

      g_assert (ext != NULL);
      cmark_parser_attach_syntax_extension (parser, ext);
    }

  /* cmark offers no way to shift source positions, but blank lines at the
   * start of a document produce no node and change nothing else, so
   * feeding line_offset of them first numbers the body's lines as they
   * are numbered in the whole file. */
  if (options->line_offset > 0)
    {
      char newlines[64];
      guint remaining = options->line_offset;

      memset (newlines, '\n', sizeof newlines);

      while (remaining > 0)
        {
          guint n = MIN (remaining, sizeof newlines);

          cmark_parser_feed (parser, newlines, n);
          remaining -= n;
        }
    }

  cmark_parser_feed (parser, markdown, ulen);
  document = cmark_parser_finish (parser);

  if (options->resolver != NULL)
    resolve_urls (document, options);

  html = cmark_render_html_with_mem (document, render_options,
                                     cmark_parser_get_syntax_extensions (parser),
                                     mem);
  result = g_strdup (html);

  mem->free (html);
  cmark_node_free (document);
  cmark_parser_free (parser);

  return result;
}

char *
hanji_markdown_render_post (const char               *text,
                            gssize                    len,
                            const HanjiRenderOptions *options)
{
  HanjiFrontMatterSplit split;
  HanjiRenderOptions body_options;
  gsize ulen;

  g_return_val_if_fail (text != NULL || len == 0, g_strdup (""));

  if (text == NULL)
    text = "";
  ulen = len < 0 ? strlen (text) : (gsize) len;

  if (options != NULL)
    body_options = *options;
  else
    hanji_render_options_init (&body_options, HANJI_FLAVOR_COMMONMARK);

  hanji_front_matter_split (text, ulen, &split);
  body_options.line_offset = split.body_line;

  return hanji_markdown_render (text + split.body_start,
                                ulen - split.body_start,
                                &body_options);
}
