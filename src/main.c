/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "hanji-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HanjiApplication) app = NULL;
  const char *localedir = g_getenv ("HANJI_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* Set by `meson devenv`, so an uninstalled Hanji is translated too. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Hanji"));

  app = hanji_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
