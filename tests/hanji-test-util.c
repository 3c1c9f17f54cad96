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

static gboolean
tolerate_allocation_warning (const char     *log_domain,
                             GLogLevelFlags  log_level,
                             const char     *message,
                             gpointer        user_data)
{
  if (g_strcmp0 (log_domain, "Gtk") == 0 &&
      (log_level & G_LOG_LEVEL_WARNING) != 0 &&
      strstr (message, "without a current allocation") != NULL)
    return FALSE;

  return TRUE;
}

void
hanji_test_tolerate_gtk_allocation_warning (void)
{
  g_test_log_set_fatal_handler (tolerate_allocation_warning, NULL);
}
