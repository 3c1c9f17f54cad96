/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-application"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "hanji-application.h"
#include "hanji-preferences-window.h"
#include "hanji-window-private.h"

/* The session is written this long after the last change it records. */
#define SESSION_SAVE_DELAY_MSEC 1000

struct _HanjiApplication
{
  AdwApplication    parent_instance;

  HanjiDraftStore  *draft_store;
  GFile            *session_file;
  /* What the last run left, read at startup. */
  HanjiSession     *previous_session;
  guint             session_source;
  guint             session_writing : 1;
  guint             session_again : 1;
  guint             restored : 1;
  guint             recovered : 1;
  guint             shutting_down : 1;
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

static void hanji_application_restore_once (HanjiApplication *self,
                                            HanjiWindow      *window);

static void
hanji_application_activate (GApplication *app)
{
  HanjiWindow *window = hanji_application_get_window (HANJI_APPLICATION (app));

  hanji_application_restore_once (HANJI_APPLICATION (app), window);
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

      if (i == 0)
        hanji_application_restore_once (self, window);

      if (type == G_FILE_TYPE_DIRECTORY)
        hanji_window_open_folder (window, files[i]);
      else
        hanji_window_open_file (window, files[i]);

      gtk_window_present (GTK_WINDOW (window));
    }
}

/* Session --------------------------------------------------------------- */

static HanjiSession *
hanji_application_build_session (HanjiApplication *self,
                                 gboolean          clean)
{
  HanjiSession *session = hanji_session_new ();

  session->clean = clean;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (HANJI_IS_WINDOW (l->data))
      g_ptr_array_add (session->windows, _hanji_window_dup_session (l->data));

  return session;
}

static void
session_save_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  HanjiApplication *self = source_object;
  GError *error = NULL;

  if (hanji_session_save (task_data, self->session_file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void hanji_application_write_session (HanjiApplication *self);

static void
session_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HanjiApplication *self = HANJI_APPLICATION (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("Could not write the session: %s", error->message);

  self->session_writing = FALSE;
  if (self->session_again && !self->shutting_down)
    {
      self->session_again = FALSE;
      hanji_application_write_session (self);
    }
}

/* While the app runs its session says "not clean": if it is found so at
 * the next start, the app did not quit normally. */
static void
hanji_application_write_session (HanjiApplication *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->session_writing)
    {
      self->session_again = TRUE;
      return;
    }

  self->session_writing = TRUE;
  task = g_task_new (self, NULL, session_saved_cb, NULL);
  g_task_set_task_data (task, hanji_application_build_session (self, FALSE),
                        (GDestroyNotify) hanji_session_free);
  g_task_run_in_thread (task, session_save_thread);
}

static gboolean
session_due_cb (gpointer user_data)
{
  HanjiApplication *self = user_data;

  self->session_source = 0;
  hanji_application_write_session (self);
  return G_SOURCE_REMOVE;
}

void
hanji_application_schedule_session_save (HanjiApplication *self)
{
  g_return_if_fail (HANJI_IS_APPLICATION (self));

  if (self->shutting_down || self->session_source != 0)
    return;

  self->session_source = g_timeout_add (SESSION_SAVE_DELAY_MSEC, session_due_cb, self);
}

gboolean
hanji_application_get_recovered (HanjiApplication *self)
{
  g_return_val_if_fail (HANJI_IS_APPLICATION (self), FALSE);

  return self->recovered;
}

HanjiDraftStore *
hanji_application_get_draft_store (HanjiApplication *self)
{
  g_return_val_if_fail (HANJI_IS_APPLICATION (self), NULL);

  if (self->draft_store == NULL)
    {
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), APP_ID, "drafts", NULL);
      g_autoptr(GFile) folder = g_file_new_for_path (path);

      self->draft_store = hanji_draft_store_new (folder);
    }

  return self->draft_store;
}

GFile *
hanji_application_get_session_file (HanjiApplication *self)
{
  g_return_val_if_fail (HANJI_IS_APPLICATION (self), NULL);

  if (self->session_file == NULL)
    {
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), APP_ID, "session.json", NULL);

      self->session_file = g_file_new_for_path (path);
    }

  return self->session_file;
}

static void
list_drafts_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *drafts = hanji_draft_store_list (task_data, cancellable, &error);

  if (drafts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, drafts, (GDestroyNotify) g_ptr_array_unref);
}

/* After a crash: the windows of the last run with their posts, and the
 * drafts put back in them. Drafts the session does not mention (it is
 * written a second after the drafts) go to the first window. */
static void
drafts_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HanjiApplication *self = HANJI_APPLICATION (object);
  g_autoptr(HanjiWindow) first = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  HanjiSession *session = self->previous_session;
  guint n_restored = 0;

  if (drafts == NULL)
    {
      g_debug ("Could not list drafts: %s", error->message);
      drafts = g_ptr_array_new ();
    }

  for (guint i = 0; i < drafts->len; i++)
    {
      HanjiDraft *draft = g_ptr_array_index (drafts, i);

      /* A post that was never saved has no file to go back to here. */
      if (draft->uri != NULL)
        g_hash_table_insert (by_id, draft->id, draft);
    }

  for (guint i = 0; session != NULL && i < session->windows->len; i++)
    {
      HanjiSessionWindow *saved = g_ptr_array_index (session->windows, i);
      HanjiWindow *window = i == 0 ? first : hanji_window_new (GTK_APPLICATION (self));

      n_restored += _hanji_window_restore_session (window, saved, by_id);
      gtk_window_present (GTK_WINDOW (window));
    }

  /* What is left in by_id was not in the session. */
  if (g_hash_table_size (by_id) > 0)
    {
      g_autoptr(HanjiSessionWindow) rest = hanji_session_window_new ();
      GHashTableIter iter;
      HanjiDraft *draft;

      g_hash_table_iter_init (&iter, by_id);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &draft))
        {
          HanjiSessionPost *post = hanji_session_post_new ();

          post->uri = g_strdup (draft->uri);
          post->draft_id = g_strdup (draft->id);
          post->line = draft->line;
          post->column = draft->column;
          g_ptr_array_add (rest->posts, post);
          if (rest->active_uri == NULL)
            rest->active_uri = g_strdup (draft->uri);
        }
      n_restored += _hanji_window_restore_session (first, rest, by_id);
    }

  if (n_restored > 0)
    _hanji_window_announce_recovery (first, n_restored);

  hanji_application_schedule_session_save (self);
}

/* Once per run, before the first window shows anything: if the last run
 * did not end cleanly, bring its posts and drafts back. */
static void
hanji_application_restore_once (HanjiApplication *self,
                                HanjiWindow      *window)
{
  if (self->restored)
    return;
  self->restored = TRUE;

  if (self->previous_session == NULL || self->previous_session->clean)
    {
      hanji_application_write_session (self);
      return;
    }

  self->recovered = TRUE;
  {
    g_autoptr(GTask) task = g_task_new (self, NULL, drafts_listed_cb, g_object_ref (window));

    g_task_set_task_data (task, g_object_ref (hanji_application_get_draft_store (self)), g_object_unref);
    g_task_run_in_thread (task, list_drafts_thread);
  }
}

/* SIGTERM (logout, shutdown), SIGINT, SIGHUP: keep every unsaved word
 * as a draft, record an unclean session so the next start restores
 * them, and quit without asking. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  HanjiApplication *self = user_data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (HANJI_IS_WINDOW (l->data))
      _hanji_window_flush_drafts (l->data);

  {
    g_autoptr(HanjiSession) session = hanji_application_build_session (self, FALSE);
    g_autoptr(GError) error = NULL;

    if (!hanji_session_save (session, hanji_application_get_session_file (self), NULL, &error))
      g_debug ("Could not write the session: %s", error->message);
  }

  self->shutting_down = TRUE;
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
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

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWidget *window = hanji_preferences_window_new (gtk_application_get_active_window (app));

  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
hanji_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (hanji_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);

  gtk_window_set_default_icon_name (APP_ID);

  /* What the last run left: read before any window shows (a small file). */
  {
    HanjiApplication *self = HANJI_APPLICATION (app);
    g_autoptr(GError) error = NULL;

    self->previous_session = hanji_session_load (hanji_application_get_session_file (self), NULL, &error);
    if (self->previous_session == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
      g_message ("Ignoring the last session: %s", error->message);

    g_unix_signal_add (SIGTERM, quit_signal_cb, self);
    g_unix_signal_add (SIGINT, quit_signal_cb, self);
    g_unix_signal_add (SIGHUP, quit_signal_cb, self);
  }
}

/* A normal quit: every window was closed after asking about unsaved
 * posts, so the session is clean. */
static void
hanji_application_shutdown (GApplication *app)
{
  HanjiApplication *self = HANJI_APPLICATION (app);

  g_clear_handle_id (&self->session_source, g_source_remove);

  if (!self->shutting_down && self->restored)
    {
      g_autoptr(HanjiSession) session = hanji_session_new ();
      g_autoptr(GError) error = NULL;

      session->clean = TRUE;
      if (!hanji_session_save (session, hanji_application_get_session_file (self), NULL, &error))
        g_debug ("Could not write the session: %s", error->message);
    }
  self->shutting_down = TRUE;

  G_APPLICATION_CLASS (hanji_application_parent_class)->shutdown (app);
}

static void
hanji_application_finalize (GObject *object)
{
  HanjiApplication *self = HANJI_APPLICATION (object);

  g_clear_handle_id (&self->session_source, g_source_remove);
  g_clear_object (&self->draft_store);
  g_clear_object (&self->session_file);
  g_clear_pointer (&self->previous_session, hanji_session_free);

  G_OBJECT_CLASS (hanji_application_parent_class)->finalize (object);
}

static void
hanji_application_class_init (HanjiApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hanji_application_finalize;
  app_class->shutdown = hanji_application_shutdown;
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
      /* Freed at the end of each pass. */
      G_GNUC_UNUSED g_autoptr(GFileInfo) owned = info;
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
