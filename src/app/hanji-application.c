/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-application"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hanji-application.h"
#include "hanji-window.h"

struct _HanjiApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (HanjiApplication, hanji_application, ADW_TYPE_APPLICATION)

const char *
hanji_get_datadir (void)
{
  const char *dir = g_getenv ("HANJI_DATADIR");

  return dir != NULL && dir[0] != '\0' ? dir : PKGDATADIR;
}

static HanjiWindow *
hanji_application_get_window (HanjiApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (HANJI_IS_WINDOW (window))
    return HANJI_WINDOW (window);

  return hanji_window_new (GTK_APPLICATION (self));
}

static void
hanji_application_activate (GApplication *app)
{
  HanjiWindow *window = hanji_application_get_window (HANJI_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
}

static void
hanji_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  HanjiApplication *self = HANJI_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      HanjiWindow *window = i == 0 ? hanji_application_get_window (self)
                                   : hanji_window_new (GTK_APPLICATION (self));
      GFileType type = g_file_query_file_type (files[i], G_FILE_QUERY_INFO_NONE, NULL);

      if (type == G_FILE_TYPE_DIRECTORY)
        hanji_window_open_folder (window, files[i]);
      else
        hanji_window_open_file (window, files[i]);

      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  HanjiApplication *self = user_data;
  static const char *developers[] = { "The Hanji developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-icon", APP_ID,
                        "application-name", _("Hanji"),
                        "developer-name", _("The Hanji developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Write, fill in and preview the posts of your static-site blog. Hanji edits your files in place and never reformats your front matter."),
                        "website", "https://github.com/hanjiapp/hanji",
                        "issue-url", "https://github.com/hanjiapp/hanji/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Hanji developers",
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* Close each window the normal way, so each can ask about unsaved posts. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
hanji_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (hanji_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
hanji_application_class_init (HanjiApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = hanji_application_activate;
  app_class->open = hanji_application_open;
  app_class->startup = hanji_application_startup;
}

static void
hanji_application_init (HanjiApplication *self)
{
}

HanjiApplication *
hanji_application_new (void)
{
  return g_object_new (HANJI_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

/* Sample blog */

static gboolean
copy_tree (GFile         *source,
           GFile         *dest,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  g_autoptr(GError) local_error = NULL;

  if (!g_file_make_directory_with_parents (dest, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  children = g_file_enumerate_children (source,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                        cancellable, error);
  if (children == NULL)
    return FALSE;

  while ((info = g_file_enumerator_next_file (children, cancellable, error)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      const char *name = g_file_info_get_name (info);
      g_autoptr(GFile) from = g_file_get_child (source, name);
      g_autoptr(GFile) to = g_file_get_child (dest, name);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!copy_tree (from, to, cancellable, error))
            return FALSE;
        }
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        {
          if (!g_file_copy (from, to, G_FILE_COPY_NONE, cancellable, NULL, NULL, error))
            return FALSE;
        }
    }

  return error == NULL || *error == NULL;
}

static void
copy_sample_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autoptr(GFile) source = g_file_new_build_filename (hanji_get_datadir (), "sample-blog", NULL);
  g_autoptr(GFile) dest = g_file_new_build_filename (g_get_user_data_dir (), "hanji", "sample-blog", NULL);
  g_autofree char *parent_path = g_build_filename (g_get_user_data_dir (), "hanji", NULL);
  g_autofree char *partial_path = g_build_filename (parent_path, ".sample-blog-XXXXXX", NULL);
  g_autoptr(GFile) partial = NULL;
  g_autoptr(GError) error = NULL;

  /* Copied once: the writer's edits to the sample are kept next time. */
  if (g_file_query_exists (dest, cancellable))
    {
      g_task_return_pointer (task, g_steal_pointer (&dest), g_object_unref);
      return;
    }

  /* Copy into a fresh folder beside it and rename, so an interrupted
   * copy is never mistaken for a complete one. */
  if (g_mkdir_with_parents (parent_path, 0700) != 0 || g_mkdtemp (partial_path) == NULL)
    {
      int errsv = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv),
                               "%s", g_strerror (errsv));
      return;
    }
  partial = g_file_new_for_path (partial_path);

  if (!copy_tree (source, partial, cancellable, &error) ||
      !g_file_move (partial, dest, G_FILE_COPY_NONE, cancellable, NULL, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&dest), g_object_unref);
}

void
hanji_application_copy_sample_blog_async (HanjiApplication    *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANJI_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hanji_application_copy_sample_blog_async);
  g_task_run_in_thread (task, copy_sample_thread);
}

GFile *
hanji_application_copy_sample_blog_finish (HanjiApplication  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (HANJI_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
