/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "hanji-test-util.h"

void
hanji_test_remove_tree (const char *path)
{
  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
      g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          hanji_test_remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    g_assert_cmpint (g_unlink (path), ==, 0);
}

static GLogWriterOutput
tolerate_allocation_writer (GLogLevelFlags   log_level,
                            const GLogField *fields,
                            gsize            n_fields,
                            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
    }

  /* GTK logs structured, so only a writer sees this before the default
   * one makes it fatal. */
  if ((log_level & G_LOG_LEVEL_WARNING) != 0 && g_strcmp0 (domain, "Gtk") == 0 &&
      message != NULL && strstr (message, "without a current allocation") != NULL)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
hanji_test_tolerate_gtk_allocation_warning (void)
{
  g_log_set_writer_func (tolerate_allocation_writer, NULL, NULL);
}

static gboolean
tolerate_web_process_crash (const char     *domain,
                            GLogLevelFlags  log_level,
                            const char     *message,
                            gpointer        user_data)
{
  /* WebKit's own crash, rare and not Hanji's; the preview reloads, which
   * the test then goes through. Anything else stays fatal. */
  if (g_strcmp0 (domain, "hanji-preview") == 0 && message != NULL &&
      strstr (message, "web process stopped") != NULL)
    return FALSE;

  return TRUE;
}

static void
preview_log_handler (const char     *domain,
                     GLogLevelFlags  log_level,
                     const char     *message,
                     gpointer        user_data)
{
  if (message != NULL && strstr (message, "web process stopped") != NULL)
    g_test_message ("tolerated: %s", message);
  else
    g_log_default_handler (domain, log_level, message, user_data);
}

void
hanji_test_tolerate_web_process_crash (void)
{
  static guint handler;

  /* The default handler would print the warning as a TAP "Bail out!",
   * fatal or not. */
  if (handler == 0)
    handler = g_log_set_handler ("hanji-preview", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL,
                                 preview_log_handler, NULL);

  g_test_log_set_fatal_handler (tolerate_web_process_crash, NULL);
}

void
hanji_test_write_file (const char *root,
                       const char *relative,
                       const char *contents)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}
