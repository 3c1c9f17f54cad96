/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-cli"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <yaml.h>

#include "hanji-core.h"
#include "hanji-core-private.h"
#include "hanji-new-post.h"

/* Exit statuses: 1 when the work failed, 2 when the command line was
 * wrong, so scripts can tell a bad post from a bad invocation. */
#define EXIT_OK    0
#define EXIT_ERROR 1
#define EXIT_USAGE 2

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int    argc,
                    char **argv);
} Verb;

static int verb_render (int    argc,
                        char **argv);
static int verb_meta   (int    argc,
                        char **argv);
static int verb_list   (int    argc,
                        char **argv);
static int verb_new    (int    argc,
                        char **argv);
static int verb_check  (int    argc,
                        char **argv);

/* New verbs (list, new, check, meta) slot in here. */
static const Verb verbs[] = {
  { "render", N_("Print the HTML of a post’s body"), verb_render },
  { "meta", N_("Show or change a post’s front matter"), verb_meta },
  { "list", N_("List a site’s posts"), verb_list },
  { "new", N_("Create a post and print its path"), verb_new },
  { "check", N_("Check posts for broken images, links and front matter"), verb_check },
};

G_GNUC_PRINTF (1, 2)
static void
print_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "hanji-cli: %s\n", message);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n  hanji-cli %s\n\n%s\n",
           _("Usage:"), _("COMMAND [OPTION…]"), _("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    fprintf (stream, "  %-10s %s\n", verbs[i].name, _(verbs[i].summary));

  fprintf (stream, "\n%s\n  %-10s %s\n  %-10s %s\n\n%s\n",
           _("Options:"),
           "--help", _("Show this help"),
           "--version", _("Show the version"),
           _("Run “hanji-cli COMMAND --help” for the options of a command."));
}

/* Parses a verb's options with usage lines that name the verb. */
static gboolean
parse_verb_options (GOptionContext   *context,
                    const char       *verb,
                    int              *argc,
                    char           ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("hanji-cli %s", verb);
  gboolean ok;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  g_set_prgname (prgname);
  ok = g_option_context_parse (context, argc, argv, &error);
  g_set_prgname ("hanji-cli");

  if (!ok)
    {
      print_error ("%s", error->message);
      fprintf (stderr, _("Run “hanji-cli %s --help” for usage.\n"), verb);
    }

  return ok;
}

static int
verb_render (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *flavor_name = NULL;
  g_autofree char *site_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *html = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) site_root = NULL;
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(GError) error = NULL;
  HanjiRenderOptions options;
  HanjiFlavor flavor = HANJI_FLAVOR_COMMONMARK;
  gboolean sourcepos = FALSE;
  const char *invalid = NULL;
  gsize len = 0;
  const GOptionEntry entries[] = {
    { "flavor", 0, 0, G_OPTION_ARG_STRING, &flavor_name,
      N_("Markdown flavor: hugo, jekyll or commonmark (default: the site’s)"), N_("FLAVOR") },
    { "site", 0, 0, G_OPTION_ARG_FILENAME, &site_path,
      N_("Blog folder (default: the nearest Hugo or Jekyll site around FILE)"), N_("DIR") },
    { "sourcepos", 0, 0, G_OPTION_ARG_NONE, &sourcepos,
      N_("Add data-sourcepos attributes with line numbers in FILE"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE") },
    { NULL }
  };

  /* The FILE placeholder comes from the G_OPTION_REMAINING entry. */
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Print the HTML of a post’s body (without its front matter) "
                                  "as the site’s generator would render it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!parse_verb_options (context, "render", &argc, &argv))
    return EXIT_USAGE;

  if (files == NULL || g_strv_length (files) != 1)
    {
      print_error ("%s", _("render needs exactly one FILE"));
      fprintf (stderr, _("Run “hanji-cli %s --help” for usage.\n"), "render");
      return EXIT_USAGE;
    }

  if (flavor_name != NULL && !hanji_flavor_from_string (flavor_name, &flavor))
    {
      print_error (_("unknown flavor “%s” (use hugo, jekyll or commonmark)"), flavor_name);
      return EXIT_ERROR;
    }

  file = g_file_new_for_commandline_arg (files[0]);

  if (!g_file_load_contents (file, NULL, &contents, &len, NULL, &error))
    {
      print_error ("%s", error->message);
      return EXIT_ERROR;
    }

  if (!g_utf8_validate (contents, len, &invalid))
    {
      /* No format macro inside the message: xgettext would cut it short. */
      print_error (_("%s: not valid UTF-8 text (at byte %lu)"),
                   files[0], (gulong) (invalid - contents));
      return EXIT_ERROR;
    }

  if (site_path != NULL)
    {
      site_root = g_file_new_for_commandline_arg (site_path);

      if (g_file_query_file_type (site_root, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
        {
          print_error (_("%s: not a folder"), site_path);
          return EXIT_ERROR;
        }
    }
  else
    {
      site_root = hanji_site_find_root (file);
    }

  if (site_root != NULL)
    site = hanji_site_new (site_root);

  if (flavor_name == NULL && site != NULL)
    flavor = hanji_site_get_flavor (site);

  hanji_render_options_init (&options, flavor);
  options.sourcepos = sourcepos;

  html = hanji_markdown_render_post (contents, len, &options);

  fputs (html, stdout);
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      print_error ("%s", _("could not write the output"));
      return EXIT_ERROR;
    }

  return EXIT_OK;
}

/* meta ------------------------------------------------------------------ */

/* A loaded post: its text and the etag it was read with, so that the
 * write fails rather than overwrite a change made meanwhile. */
typedef struct
{
  GFile *file;
  char  *contents;
  gsize  len;
  char  *etag;
} Post;

static void
post_clear (Post *post)
{
  g_clear_object (&post->file);
  g_clear_pointer (&post->contents, g_free);
  g_clear_pointer (&post->etag, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Post, post_clear)

static gboolean
post_load (Post       *post,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  const char *invalid = NULL;

  post->file = g_file_new_for_commandline_arg (path);

  if (!g_file_load_contents (post->file, NULL, &post->contents, &post->len,
                             &post->etag, &error))
    {
      fprintf (stderr, "%s: %s\n", path, error->message);
      return FALSE;
    }

  if (!g_utf8_validate (post->contents, post->len, &invalid) ||
      strlen (post->contents) != post->len)
    {
      fprintf (stderr, _("%s: not valid UTF-8 text (at byte %lu)"),
               path, (gulong) (invalid - post->contents));
      fputc ('\n', stderr);
      return FALSE;
    }

  return TRUE;
}

/* `FILE:LINE:COL: message`, the shape editors and CI logs link to. */
static void
print_front_matter_error (const char       *path,
                          HanjiFrontMatter *fm,
                          const GError     *error)
{
  guint line, column;

  if (hanji_front_matter_get_error_position (fm, &line, &column))
    {
      g_autofree char *prefix = g_strdup_printf (_("line %u, column %u: %s"), line, column, "");
      const char *message = error->message;

      /* The message names the position for the form; here the prefix
       * does. */
      if (g_str_has_prefix (message, prefix))
        message += strlen (prefix);
      fprintf (stderr, "%s:%u:%u: %s\n", path, line, column, message);
    }
  else
    fprintf (stderr, "%s: %s\n", path, error->message);
}

static HanjiFrontMatter *
parse_front_matter (const char *path,
                    Post       *post)
{
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (post->contents, post->len);
  const GError *error = hanji_front_matter_get_error (fm);

  if (error != NULL)
    {
      print_front_matter_error (path, fm, error);
      return NULL;
    }

  return g_steal_pointer (&fm);
}

/* The JSON of a plain scalar: our resolver's type, with the text as it is
 * written for dates and for numbers JSON cannot hold. */
static JsonNode *
json_from_scalar (const char *text,
                  gboolean    plain)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (!plain)
    {
      json_node_set_string (node, text);
      return node;
    }

  switch (_hanji_resolve_plain (text))
    {
    case HANJI_VALUE_NULL:
      json_node_init_null (node);
      break;

    case HANJI_VALUE_BOOL:
      json_node_set_boolean (node, g_ascii_tolower (text[0]) == 't');
      break;

    case HANJI_VALUE_INT:
      {
        guint64 value;
        const char *digits = text;
        gboolean negative = FALSE;
        guint base = 10;

        if (*digits == '-' || *digits == '+')
          negative = *digits++ == '-';
        if (g_str_has_prefix (digits, "0x"))
          base = 16, digits += 2;
        else if (g_str_has_prefix (digits, "0o"))
          base = 8, digits += 2;

        if (g_ascii_string_to_unsigned (digits, base, 0, G_MAXINT64, &value, NULL))
          json_node_set_int (node, negative ? -(gint64) value : (gint64) value);
        else
          json_node_set_string (node, text);
      }
      break;

    case HANJI_VALUE_FLOAT:
      {
        double value = g_ascii_strtod (text, NULL);

        if (isfinite (value) && strpbrk (text, "nN") == NULL)
          json_node_set_double (node, value);
        else
          json_node_set_string (node, text);
      }
      break;

    case HANJI_VALUE_STRING:
    case HANJI_VALUE_DATE:
    case HANJI_VALUE_DATETIME:
    case HANJI_VALUE_LIST:
    case HANJI_VALUE_OTHER:
    default:
      json_node_set_string (node, text);
      break;
    }

  return node;
}

/* Reads one node from the events; NULL on a parse error. */
static JsonNode *
json_from_events (yaml_parser_t *parser,
                  yaml_event_t  *first)
{
  JsonNode *node = NULL;

  switch (first->type)
    {
    case YAML_SCALAR_EVENT:
      return json_from_scalar ((const char *) first->data.scalar.value,
                               first->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);

    case YAML_ALIAS_EVENT:
      {
        g_autofree char *text = g_strdup_printf ("*%s", first->data.alias.anchor);

        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, text);
        return node;
      }

    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      {
        gboolean is_sequence = first->type == YAML_SEQUENCE_START_EVENT;
        g_autoptr(JsonArray) array = is_sequence ? json_array_new () : NULL;
        g_autoptr(JsonObject) object = is_sequence ? NULL : json_object_new ();

        for (;;)
          {
            yaml_event_t event;
            JsonNode *child;
            g_autoptr(JsonNode) key = NULL;

            if (!yaml_parser_parse (parser, &event))
              return NULL;

            if (event.type == YAML_SEQUENCE_END_EVENT || event.type == YAML_MAPPING_END_EVENT)
              {
                yaml_event_delete (&event);
                break;
              }

            if (!is_sequence)
              {
                key = json_from_events (parser, &event);
                yaml_event_delete (&event);
                if (key == NULL || !yaml_parser_parse (parser, &event))
                  return NULL;
              }

            child = json_from_events (parser, &event);
            yaml_event_delete (&event);
            if (child == NULL)
              return NULL;

            if (is_sequence)
              json_array_add_element (array, child);
            else if (JSON_NODE_HOLDS_VALUE (key) &&
                     json_node_get_value_type (key) == G_TYPE_STRING)
              json_object_set_member (object, json_node_get_string (key), child);
            else
              {
                g_autoptr(JsonGenerator) generator = json_generator_new ();
                g_autofree char *name = NULL;

                /* `1: x` or `true: x`: JSON keys are strings */
                json_generator_set_root (generator, key);
                name = json_generator_to_data (generator, NULL);
                json_object_set_member (object, name, child);
              }
          }

        node = json_node_new (is_sequence ? JSON_NODE_ARRAY : JSON_NODE_OBJECT);
        if (is_sequence)
          json_node_set_array (node, array);
        else
          json_node_set_object (node, object);
        return node;
      }

    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
    default:
      return NULL;
    }
}

/* A nested value is read again from its own source text, indented as it
 * stands in the file so that its block structure still holds. */
static JsonNode *
json_from_source (const char *text,
                  gsize       offset,
                  gsize       length)
{
  g_autoptr(GString) source = g_string_new (NULL);
  JsonNode *node = NULL;
  yaml_parser_t parser;
  yaml_event_t event;
  gsize start = offset;

  while (start > 0 && text[start - 1] != '\n')
    start--;
  for (gsize i = start; i < offset; i++)
    g_string_append_c (source, ' ');
  g_string_append_len (source, text + offset, length);

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const guchar *) source->str, source->len);

  /* stream start, document start, then the value */
  for (guint i = 0; i < 3; i++)
    {
      if (!yaml_parser_parse (&parser, &event))
        break;
      if (i == 2)
        node = json_from_events (&parser, &event);
      yaml_event_delete (&event);
    }

  yaml_parser_delete (&parser);

  if (node == NULL)
    {
      /* Should not happen for text that parsed as part of the block;
       * the source text is better than nothing. */
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, source->str);
    }

  return node;
}

static JsonNode *
json_from_field (HanjiField *field,
                 const char *text)
{
  JsonNode *node;
  gsize offset, length;

  hanji_field_get_value_span (field, &offset, &length);

  switch (hanji_field_get_value_type (field))
    {
    case HANJI_VALUE_NULL:
      return json_node_init_null (json_node_alloc ());

    case HANJI_VALUE_BOOL:
      return json_node_init_boolean (json_node_alloc (), hanji_field_get_boolean (field));

    case HANJI_VALUE_INT:
    case HANJI_VALUE_FLOAT:
      return json_from_scalar (hanji_field_get_text (field), TRUE);

    case HANJI_VALUE_LIST:
    case HANJI_VALUE_OTHER:
      if (length > 0 && text[offset] != '*')
        return json_from_source (text, offset, length);
      G_GNUC_FALLTHROUGH;

    case HANJI_VALUE_STRING:
    case HANJI_VALUE_DATE:
    case HANJI_VALUE_DATETIME:
    default:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, hanji_field_get_text (field));
      return node;
    }
}

static gboolean
print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *data = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, NULL);

  puts (data);
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      print_error ("%s", _("could not write the output"));
      return FALSE;
    }

  return TRUE;
}

static int
usage_error (const char *verb,
             const char *message)
{
  print_error ("%s", message);
  fprintf (stderr, _("Run “hanji-cli %s --help” for usage.\n"), verb);
  return EXIT_USAGE;
}

static int
meta_get (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_auto(Post) post = { 0 };
  g_autoptr(HanjiFrontMatter) fm = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint n_args;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, N_("FILE [KEY]") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Print the front matter of a post, or the value of one "
                                  "key, as JSON."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!parse_verb_options (context, "meta get", &argc, &argv))
    return EXIT_USAGE;

  n_args = args != NULL ? g_strv_length (args) : 0;
  if (n_args < 1 || n_args > 2)
    return usage_error ("meta get", _("meta get needs a FILE and at most one KEY"));

  if (!post_load (&post, args[0]) ||
      (fm = parse_front_matter (args[0], &post)) == NULL)
    return EXIT_ERROR;

  if (n_args == 2)
    {
      HanjiField *field = hanji_front_matter_lookup (fm, args[1]);

      if (field == NULL)
        {
          fprintf (stderr, "%s: ", args[0]);
          fprintf (stderr, _("no field “%s”"), args[1]);
          fputc ('\n', stderr);
          return EXIT_ERROR;
        }

      root = json_from_field (field, post.contents);
    }
  else
    {
      g_autoptr(JsonObject) object = json_object_new ();

      for (guint i = 0; i < hanji_front_matter_get_n_fields (fm); i++)
        {
          HanjiField *field = hanji_front_matter_get_field (fm, i);

          json_object_set_member (object, hanji_field_get_key (field),
                                  json_from_field (field, post.contents));
        }

      root = json_node_init_object (json_node_alloc (), object);
    }

  return print_json (root) ? EXIT_OK : EXIT_ERROR;
}

typedef enum
{
  EDIT_PLAIN,
  EDIT_STRING,
  EDIT_LIST,
  EDIT_UNSET,
} EditKind;

typedef struct
{
  EditKind  kind;
  char     *key;
  char     *value;
} MetaEdit;

static void
meta_edit_free (MetaEdit *edit)
{
  g_free (edit->key);
  g_free (edit->value);
  g_free (edit);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MetaEdit, meta_edit_free)

static gboolean
add_assignment (GPtrArray  *edits,
                EditKind    kind,
                const char *arg)
{
  const char *eq = strchr (arg, '=');
  MetaEdit *edit;

  if (eq == NULL || eq == arg)
    return FALSE;

  edit = g_new0 (MetaEdit, 1);
  edit->kind = kind;
  edit->key = g_strndup (arg, eq - arg);
  edit->value = g_strdup (eq + 1);
  g_ptr_array_add (edits, edit);

  return TRUE;
}

static HanjiTextEdit *
meta_edit_make (HanjiFrontMatter  *fm,
                const MetaEdit    *edit,
                GError           **error)
{
  switch (edit->kind)
    {
    case EDIT_STRING:
      return hanji_front_matter_set_string (fm, edit->key, edit->value, error);

    case EDIT_LIST:
      {
        g_auto(GStrv) items = NULL;

        /* `--list tags=` clears the list */
        if (edit->value[0] == '\0')
          items = g_new0 (char *, 1);
        else
          items = g_strsplit (edit->value, ",", -1);
        for (guint i = 0; items[i] != NULL; i++)
          g_strstrip (items[i]);
        return hanji_front_matter_set_list (fm, edit->key, (const char * const *) items, error);
      }

    case EDIT_UNSET:
      return hanji_front_matter_remove (fm, edit->key, error);

    case EDIT_PLAIN:
    default:
      return hanji_front_matter_set_plain (fm, edit->key, edit->value, error);
    }
}

/* Applies every edit in turn, each to the text the previous one left,
 * and writes the file once, only when all of them worked. */
static int
apply_edits (const char *path,
             GPtrArray  *edits)
{
  g_auto(Post) post = { 0 };
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!post_load (&post, path))
    return EXIT_ERROR;

  text = g_strndup (post.contents, post.len);

  for (guint i = 0; i < edits->len; i++)
    {
      const MetaEdit *edit = g_ptr_array_index (edits, i);
      g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (text, -1);
      g_autoptr(HanjiTextEdit) text_edit = NULL;
      const GError *parse_error = hanji_front_matter_get_error (fm);

      if (parse_error != NULL)
        {
          print_front_matter_error (path, fm, parse_error);
          return EXIT_ERROR;
        }

      text_edit = meta_edit_make (fm, edit, &error);
      if (text_edit == NULL)
        {
          fprintf (stderr, "%s: %s\n", path, error->message);
          return EXIT_ERROR;
        }

      {
        char *next = hanji_text_edit_apply (text_edit, text, -1);

        g_free (text);
        text = next;
      }
    }

  if (strcmp (text, post.contents) == 0)
    return EXIT_OK;

  if (!g_file_replace_contents (post.file, text, strlen (text), post.etag, FALSE,
                                G_FILE_CREATE_NONE, NULL, NULL, &error))
    {
      fprintf (stderr, "%s: %s\n", path, error->message);
      return EXIT_ERROR;
    }

  return EXIT_OK;
}

static int
meta_set (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func ((GDestroyNotify) meta_edit_free);
  g_auto(GStrv) args = NULL;
  g_auto(GStrv) strings = NULL;
  g_auto(GStrv) lists = NULL;
  guint n_args;
  const GOptionEntry entries[] = {
    { "string", 0, 0, G_OPTION_ARG_STRING_ARRAY, &strings,
      N_("Set KEY to VALUE as text, even if it looks like a number, date or true/false"),
      N_("KEY=VALUE") },
    { "list", 0, 0, G_OPTION_ARG_STRING_ARRAY, &lists,
      N_("Set KEY to a list of the comma-separated items"), N_("KEY=A,B,C") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL,
      N_("FILE [KEY=VALUE…]") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Change front matter fields of a post, touching only their "
                                  "text. A VALUE is read as YAML would read it (true, 42, "
                                  "2024-05-18); use --string for text. Plain KEY=VALUE edits "
                                  "apply first, then --string, then --list."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!parse_verb_options (context, "meta set", &argc, &argv))
    return EXIT_USAGE;

  n_args = args != NULL ? g_strv_length (args) : 0;
  if (n_args < 1)
    return usage_error ("meta set", _("meta set needs a FILE"));

  for (guint i = 1; i < n_args; i++)
    if (!add_assignment (edits, EDIT_PLAIN, args[i]))
      return usage_error ("meta set", _("edits are written KEY=VALUE"));
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    if (!add_assignment (edits, EDIT_STRING, strings[i]))
      return usage_error ("meta set", _("edits are written KEY=VALUE"));
  for (guint i = 0; lists != NULL && lists[i] != NULL; i++)
    if (!add_assignment (edits, EDIT_LIST, lists[i]))
      return usage_error ("meta set", _("edits are written KEY=VALUE"));

  if (edits->len == 0)
    return usage_error ("meta set", _("meta set needs at least one KEY=VALUE"));

  return apply_edits (args[0], edits);
}

static int
meta_unset (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func ((GDestroyNotify) meta_edit_free);
  g_auto(GStrv) args = NULL;
  guint n_args;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, N_("FILE KEY…") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Remove front matter fields of a post with their lines; "
                                  "comments above them stay."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!parse_verb_options (context, "meta unset", &argc, &argv))
    return EXIT_USAGE;

  n_args = args != NULL ? g_strv_length (args) : 0;
  if (n_args < 2)
    return usage_error ("meta unset", _("meta unset needs a FILE and at least one KEY"));

  for (guint i = 1; i < n_args; i++)
    {
      MetaEdit *edit = g_new0 (MetaEdit, 1);

      edit->kind = EDIT_UNSET;
      edit->key = g_strdup (args[i]);
      g_ptr_array_add (edits, edit);
    }

  return apply_edits (args[0], edits);
}

static void
print_meta_usage (FILE *stream)
{
  fprintf (stream, "%s\n  hanji-cli meta %s\n\n%s\n",
           _("Usage:"), _("COMMAND [OPTION…] FILE …"), _("Commands:"));
  fprintf (stream, "  %-10s %s\n", "get", _("Print the front matter, or one value, as JSON"));
  fprintf (stream, "  %-10s %s\n", "set", _("Set fields: KEY=VALUE, --string KEY=VALUE, --list KEY=A,B"));
  fprintf (stream, "  %-10s %s\n", "unset", _("Remove fields"));
  fprintf (stream, "\n%s\n", _("Run “hanji-cli meta COMMAND --help” for the options of a command."));
}

static int
verb_meta (int    argc,
           char **argv)
{
  const char *name;

  if (argc < 2)
    {
      print_meta_usage (stderr);
      return EXIT_USAGE;
    }

  name = argv[1];

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_meta_usage (stdout);
      return EXIT_OK;
    }

  if (g_str_equal (name, "get"))
    return meta_get (argc - 1, argv + 1);
  if (g_str_equal (name, "set"))
    return meta_set (argc - 1, argv + 1);
  if (g_str_equal (name, "unset"))
    return meta_unset (argc - 1, argv + 1);

  print_error (_("unknown command “%s”"), name);
  print_meta_usage (stderr);
  return EXIT_USAGE;
}

/* list and new ---------------------------------------------------------- */

/* The site a verb works on: --site, else the site around the current
 * folder, else the current folder as a plain one. */
static HanjiSite *
open_site (const char *site_path)
{
  g_autoptr(GFile) root = NULL;
  HanjiSite *site;
  const char *settings_error;

  if (site_path != NULL)
    {
      root = g_file_new_for_commandline_arg (site_path);

      if (g_file_query_file_type (root, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
        {
          print_error (_("%s: not a folder"), site_path);
          return NULL;
        }
    }
  else
    {
      g_autofree char *cwd = g_get_current_dir ();
      g_autoptr(GFile) here = g_file_new_for_path (cwd);

      root = hanji_site_find_root (here);
      if (root == NULL)
        root = g_object_ref (here);
    }

  site = hanji_site_new (root);

  /* An ignored .hanji.json is worth a word: the layout is not the one
   * the writer asked for. */
  settings_error = hanji_site_get_settings_error (site);
  if (settings_error != NULL)
    print_error ("%s", settings_error);

  return site;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} LoadWait;

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LoadWait *wait = user_data;

  wait->ok = hanji_site_load_finish (HANJI_SITE (object), result, &wait->error);
  wait->done = TRUE;
}

/* The same scan the app runs, with a main loop of our own until it ends. */
static gboolean
load_site (HanjiSite *site)
{
  LoadWait wait = { 0 };

  hanji_site_load_async (site, NULL, load_done_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);

  if (!wait.ok)
    {
      print_error ("%s", wait.error->message);
      g_clear_error (&wait.error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
post_has_tag (HanjiPost  *post,
              const char *folded)
{
  const char * const *tags = hanji_post_get_tags (post);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autofree char *tag = hanji_fold_text (tags[i]);

      if (g_str_equal (tag, folded))
        return TRUE;
    }

  return FALSE;
}

/* Columns a terminal gives the text: wide for CJK, nothing for marks. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* @text cut with “…” or padded with spaces to @width columns. */
static char *
fit_width (const char *text,
           guint       width)
{
  GString *out = g_string_new (NULL);
  guint used = 0;

  if (display_width (text) <= width)
    {
      g_string_append (out, text);
      used = display_width (text);
    }
  else
    {
      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          guint w = g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;

          if (used + w + 1 > width)
            break;
          g_string_append_unichar (out, c);
          used += w;
        }
      g_string_append (out, "…");
      used++;
    }

  for (; used < width; used++)
    g_string_append_c (out, ' ');

  return g_string_free (out, FALSE);
}

/* A path for people and for JSON, which must be UTF-8 whatever the file
 * system's names are. */
static char *
display_path (GFile *file,
              GFile *root)
{
  g_autofree char *relative = root != NULL ? g_file_get_relative_path (root, file) : NULL;
  g_autofree char *path = g_file_get_path (file);

  if (relative != NULL)
    return g_filename_display_name (relative);
  if (path != NULL)
    return g_filename_display_name (path);
  return g_file_get_parse_name (file);
}

/* Titles wider than this are cut in the table. */
#define LIST_TITLE_WIDTH 48

static gboolean
print_post_table (GPtrArray *posts,
                  GFile     *root)
{
  /* TRANSLATORS: the mark of a draft in `hanji-cli list` */
  const char *draft_mark = C_("list mark", "draft");
  guint title_width = 0;
  gboolean any_draft = FALSE;

  for (guint i = 0; i < posts->len; i++)
    {
      HanjiPost *post = g_ptr_array_index (posts, i);

      title_width = MAX (title_width, display_width (hanji_post_get_title (post)));
      any_draft |= hanji_post_get_draft (post);
    }
  title_width = MIN (title_width, LIST_TITLE_WIDTH);

  for (guint i = 0; i < posts->len; i++)
    {
      HanjiPost *post = g_ptr_array_index (posts, i);
      GDateTime *date = hanji_post_get_date (post);
      g_autofree char *day = date != NULL ? g_date_time_format (date, "%Y-%m-%d") : g_strdup ("-");
      g_autofree char *day_column = fit_width (day, 10);
      g_autofree char *title = fit_width (hanji_post_get_title (post), title_width);
      g_autofree char *path = display_path (hanji_post_get_file (post), root);

      fputs (day_column, stdout);
      fputs ("  ", stdout);
      /* Without drafts the column would only be blank. */
      if (any_draft)
        {
          g_autofree char *mark = fit_width (hanji_post_get_draft (post) ? draft_mark : "",
                                             display_width (draft_mark));

          fputs (mark, stdout);
          fputs ("  ", stdout);
        }
      fputs (title, stdout);
      fputs ("  ", stdout);
      fputs (path, stdout);
      fputc ('\n', stdout);
    }

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      print_error ("%s", _("could not write the output"));
      return FALSE;
    }

  return TRUE;
}

static JsonNode *
json_from_post (HanjiPost *post)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) tags = json_array_new ();
  const char * const *post_tags = hanji_post_get_tags (post);
  GDateTime *date = hanji_post_get_date (post);
  g_autofree char *path = display_path (hanji_post_get_file (post), NULL);

  json_object_set_string_member (object, "path", path);
  json_object_set_string_member (object, "title", hanji_post_get_title (post));
  if (date != NULL)
    {
      /* RFC 3339 (`+09:00`, not g_date_time_format_iso8601's `+09`), which
       * every JSON consumer's date parser reads. */
      g_autofree char *iso = g_date_time_format (date, g_date_time_get_microsecond (date) != 0
                                                         ? "%Y-%m-%dT%H:%M:%S.%f%:z"
                                                         : "%Y-%m-%dT%H:%M:%S%:z");

      json_object_set_string_member (object, "date", iso);
    }
  else
    json_object_set_null_member (object, "date");
  json_object_set_boolean_member (object, "draft", hanji_post_get_draft (post));
  for (guint i = 0; post_tags[i] != NULL; i++)
    json_array_add_string_element (tags, post_tags[i]);
  json_object_set_array_member (object, "tags", g_steal_pointer (&tags));

  return json_node_init_object (json_node_alloc (), object);
}

static int
verb_list (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *site_path = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *folded_tag = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean json = FALSE;
  gboolean drafts = FALSE;
  gboolean published = FALSE;
  GListModel *model;
  guint n_items;
  const GOptionEntry entries[] = {
    { "site", 0, 0, G_OPTION_ARG_FILENAME, &site_path,
      N_("Blog folder (default: the site around the current folder, else the current folder)"),
      N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON array with an object per post: path, title, date, draft, tags"), NULL },
    { "drafts", 0, 0, G_OPTION_ARG_NONE, &drafts, N_("Only drafts"), NULL },
    { "published", 0, 0, G_OPTION_ARG_NONE, &published, N_("Only posts that are not drafts"), NULL },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag, N_("Only posts with this tag"), N_("TAG") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("List the posts of a site, newest first: date, a draft mark, "
                                  "title and file (relative to the site)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!parse_verb_options (context, "list", &argc, &argv))
    return EXIT_USAGE;

  if (args != NULL && args[0] != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), args[0]);

      return usage_error ("list", message);
    }

  if (drafts && published)
    return usage_error ("list", _("--drafts and --published cannot be used together"));

  site = open_site (site_path);
  if (site == NULL || !load_site (site))
    return EXIT_ERROR;

  if (tag != NULL)
    folded_tag = hanji_fold_text (tag);

  model = hanji_site_get_posts (site);
  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (model, i);
      gboolean draft = hanji_post_get_draft (post);

      if ((drafts && !draft) || (published && draft) ||
          (folded_tag != NULL && !post_has_tag (post, folded_tag)))
        continue;

      g_ptr_array_add (posts, g_steal_pointer (&post));
    }

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = NULL;

      for (guint i = 0; i < posts->len; i++)
        json_array_add_element (array, json_from_post (g_ptr_array_index (posts, i)));

      root = json_node_init_array (json_node_alloc (), array);
      return print_json (root) ? EXIT_OK : EXIT_ERROR;
    }

  return print_post_table (posts, hanji_site_get_root (site)) ? EXIT_OK : EXIT_ERROR;
}

static int
verb_new (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *site_path = NULL;
  g_autofree char *section = NULL;
  g_autofree char *title = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(HanjiSite) site = NULL;
  g_autoptr(HanjiNewPost) new_post = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gboolean draft = FALSE;
  gboolean bundle = FALSE;
  const GOptionEntry entries[] = {
    { "site", 0, 0, G_OPTION_ARG_FILENAME, &site_path,
      N_("Blog folder (default: the site around the current folder, else the current folder)"),
      N_("DIR") },
    { "draft", 0, 0, G_OPTION_ARG_NONE, &draft,
      N_("Make it a draft (Jekyll: in _drafts/; Hugo: draft: true)"), NULL },
    { "section", 0, 0, G_OPTION_ARG_STRING, &section,
      N_("Hugo: the section folder under content/ (default: posts)"), N_("SECTION") },
    { "bundle", 0, 0, G_OPTION_ARG_NONE, &bundle,
      N_("Hugo: make a page bundle, SECTION/SLUG/index.md"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &words, NULL, N_("TITLE") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Create a post named after TITLE as the site’s generator "
                                  "expects (Jekyll: _posts/YYYY-MM-DD-slug.md; Hugo: "
                                  "content/SECTION/slug.md), with the front matter of the "
                                  "site’s template, and print its path. An existing file is "
                                  "never overwritten."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!parse_verb_options (context, "new", &argc, &argv))
    return EXIT_USAGE;

  /* A title of several words needs no quotes. */
  if (words != NULL)
    title = g_strstrip (g_strjoinv (" ", words));
  if (title == NULL || title[0] == '\0')
    return usage_error ("new", _("new needs a TITLE"));

  site = open_site (site_path);
  if (site == NULL)
    return EXIT_ERROR;

  new_post = hanji_new_post_new (site, title);
  hanji_new_post_set_draft (new_post, draft);
  hanji_new_post_set_bundle (new_post, bundle);
  if (section != NULL)
    hanji_new_post_set_section (new_post, section);

  file = hanji_new_post_create (new_post, NULL, &error);
  if (file == NULL)
    {
      print_error ("%s", error->message);
      return EXIT_ERROR;
    }

  puts (g_file_peek_path (file));
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      print_error ("%s", _("could not write the output"));
      return EXIT_ERROR;
    }

  return EXIT_OK;
}

/* check ----------------------------------------------------------------- */

typedef struct
{
  guint errors;
  guint warnings;
  guint unreadable;
} CheckTotals;

/* Lints one file and prints its problems as FILE:LINE:COL lines. */
static void
check_file (const char  *shown,
            const char  *path,
            HanjiSite   *site,
            const char  *flavor_name,
            CheckTotals *totals)
{
  g_auto(Post) post = { 0 };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(HanjiSite) own_site = NULL;
  HanjiFlavor flavor = HANJI_FLAVOR_COMMONMARK;

  if (!post_load (&post, path))
    {
      totals->unreadable++;
      return;
    }

  if (site == NULL)
    {
      g_autoptr(GFile) root = hanji_site_find_root (post.file);

      if (root != NULL)
        site = own_site = hanji_site_new (root);
    }

  if (flavor_name != NULL)
    hanji_flavor_from_string (flavor_name, &flavor);
  else if (site != NULL)
    flavor = hanji_site_get_flavor (site);

  problems = hanji_lint_post (post.contents, post.len, site, post.file, flavor);
  for (guint i = 0; i < problems->len; i++)
    {
      HanjiLintProblem *problem = problems->pdata[i];

      /* The severity stays in English: CI tools match on it. */
      printf ("%s:%u:%u: %s: %s\n", shown, problem->line, problem->column,
              problem->severity == HANJI_LINT_ERROR ? "error" : "warning",
              problem->message);
      if (problem->severity == HANJI_LINT_ERROR)
        totals->errors++;
      else
        totals->warnings++;
    }
}

static int
verb_check (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *site_path = NULL;
  g_autofree char *flavor_name = NULL;
  g_autoptr(HanjiSite) site = NULL;
  g_auto(GStrv) files = NULL;
  CheckTotals totals = { 0 };
  HanjiFlavor flavor;
  const GOptionEntry entries[] = {
    { "site", 0, 0, G_OPTION_ARG_FILENAME, &site_path,
      N_("Blog folder (default: the site around each FILE, or around the current folder)"), N_("DIR") },
    { "flavor", 0, 0, G_OPTION_ARG_STRING, &flavor_name,
      N_("Markdown flavor: hugo, jekyll or commonmark (default: the site’s)"), N_("FLAVOR") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("[FILE…]") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Check posts for missing images and files, addresses the site’s "
                                  "generator will not read as links, invalid front matter, empty "
                                  "titles, repeated headings, #anchors no heading has and images "
                                  "without alt text. Prints FILE:LINE:COL: severity: "
                                  "message lines; exits with 1 when there is an error, 2 when a "
                                  "file cannot be read. Without FILE, checks every post of the site."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!parse_verb_options (context, "check", &argc, &argv))
    return EXIT_USAGE;

  if (flavor_name != NULL && !hanji_flavor_from_string (flavor_name, &flavor))
    {
      print_error (_("unknown flavor “%s” (use hugo, jekyll or commonmark)"), flavor_name);
      return EXIT_USAGE;
    }

  if (site_path != NULL || files == NULL)
    {
      site = open_site (site_path);
      if (site == NULL)
        return EXIT_USAGE;
    }

  if (files != NULL)
    {
      for (guint i = 0; files[i] != NULL; i++)
        check_file (files[i], files[i], site, flavor_name, &totals);
    }
  else
    {
      g_autofree char *cwd = g_get_current_dir ();
      g_autoptr(GFile) here = g_file_new_for_path (cwd);
      GListModel *posts;

      if (!load_site (site))
        return EXIT_USAGE;

      posts = hanji_site_get_posts (site);
      for (guint i = 0; i < g_list_model_get_n_items (posts); i++)
        {
          g_autoptr(HanjiPost) post = g_list_model_get_item (posts, i);
          GFile *file = hanji_post_get_file (post);
          g_autofree char *shown = display_path (file, here);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            check_file (shown, path, site, flavor_name, &totals);
        }
    }

  if (totals.errors + totals.warnings > 0)
    {
      g_autofree char *errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", totals.errors),
                                                 totals.errors);
      g_autofree char *warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings",
                                                                totals.warnings),
                                                   totals.warnings);

      /* Translators: "2 errors, 1 warning" */
      fprintf (stderr, _("%s, %s\n"), errors, warnings);
    }

  if (totals.unreadable > 0)
    return EXIT_USAGE;

  return totals.errors > 0 ? EXIT_ERROR : EXIT_OK;
}

int
main (int    argc,
      char **argv)
{
  const char *name;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("hanji-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  name = argv[1];

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") ||
      g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return EXIT_OK;
    }

  if (g_str_equal (name, "--version"))
    {
      printf ("hanji-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (name, verbs[i].name))
      return verbs[i].run (argc - 1, argv + 1);

  if (name[0] == '-')
    print_error (_("unknown option “%s”"), name);
  else
    print_error (_("unknown command “%s”"), name);
  fprintf (stderr, "%s\n", _("Run “hanji-cli --help” for the list of commands."));

  return EXIT_USAGE;
}
