/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <gio/gio.h>

#include "hanji-core.h"

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

/* New verbs (list, new, check, meta) slot in here. */
static const Verb verbs[] = {
  { "render", N_("Print the HTML of a post’s body"), verb_render },
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
