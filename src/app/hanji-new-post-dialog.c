/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-new-post-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hanji-new-post.h"
#include "hanji-new-post-dialog.h"

struct _HanjiNewPostDialog
{
  AdwWindow       parent_instance;

  HanjiSite      *site;
  GCancellable   *cancellable;
  guint           update_source;

  /* New post: the planner, kept current with the form. */
  HanjiNewPost   *planner;
  /* The section of each row of the section menu ("" is the content
   * folder itself). */
  GStrv           sections;

  /* Rename: the post's file and its slug now. */
  GFile          *file;
  char           *old_slug;

  char           *path_text;
  guint           busy : 1;
  guint           path_ok : 1;
  /* Rename only: unsaved changes, which must reach the disk first. */
  guint           modified : 1;

  /* Template children */
  GtkButton      *accept_button;
  GtkLabel       *error_label;
  AdwEntryRow    *title_row;
  AdwComboRow    *section_row;
  AdwActionRow   *draft_row;
  GtkSwitch      *draft_switch;
  AdwActionRow   *bundle_row;
  GtkSwitch      *bundle_switch;
  GtkLabel       *path_label;
};

G_DEFINE_FINAL_TYPE (HanjiNewPostDialog, hanji_new_post_dialog, ADW_TYPE_WINDOW)

enum {
  DONE,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static char *
dup_relative_path (HanjiSite *site,
                   GFile     *file)
{
  char *relative = g_file_get_relative_path (hanji_site_get_root (site), file);

  if (relative == NULL)
    relative = g_file_get_parse_name (file);

  return relative;
}

static void
hanji_new_post_dialog_set_error (HanjiNewPostDialog *self,
                                 const char         *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
hanji_new_post_dialog_has_title (HanjiNewPostDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->title_row));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

static void
hanji_new_post_dialog_update_accept (HanjiNewPostDialog *self)
{
  gboolean can_accept = !self->busy &&
                        !self->modified &&
                        self->path_ok &&
                        hanji_new_post_dialog_has_title (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->accept_button), can_accept);
}

/* The new name of the post being renamed, worked out from its name
 * alone: the core keeps what is around the slug (a Jekyll date prefix,
 * the extension) and renames a bundle's folder rather than its index. */
static GFile *
hanji_new_post_dialog_dup_renamed (HanjiNewPostDialog *self,
                                   const char         *slug)
{
  g_autofree char *basename = g_file_get_basename (self->file);
  g_autoptr(GFile) parent = g_file_get_parent (self->file);
  g_autofree char *parent_name = parent ? g_file_get_basename (parent) : NULL;
  const char *ext = strrchr (basename, '.');
  gsize stem_len = ext ? (gsize)(ext - basename) : strlen (basename);
  gsize slug_len = strlen (self->old_slug);

  if (ext == NULL)
    ext = "";

  if (parent != NULL &&
      g_str_has_prefix (basename, "index.") &&
      g_strcmp0 (parent_name, self->old_slug) == 0)
    {
      g_autoptr(GFile) grandparent = g_file_get_parent (parent);
      g_autoptr(GFile) folder = g_file_get_child (grandparent, slug);

      return g_file_get_child (folder, basename);
    }

  if (parent != NULL &&
      stem_len >= slug_len &&
      strncmp (basename + stem_len - slug_len, self->old_slug, slug_len) == 0)
    {
      g_autofree char *name = g_strdup_printf ("%.*s%s%s",
                                               (int)(stem_len - slug_len), basename,
                                               slug, ext);

      return g_file_get_child (parent, name);
    }

  if (parent != NULL)
    {
      g_autofree char *name = g_strconcat (slug, ext, NULL);

      return g_file_get_child (parent, name);
    }

  return NULL;
}

/* The caption: the path the file will get. For a new post, the core
 * checks which names are taken (a few stat calls), so this runs once
 * per burst of typing, from an idle. */
static void
hanji_new_post_dialog_update_path (HanjiNewPostDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->update_source, g_source_remove);
  g_clear_pointer (&self->path_text, g_free);
  self->path_ok = FALSE;

  if (!hanji_new_post_dialog_has_title (self))
    {
      self->path_text = g_strdup ("");
    }
  else if (self->planner != NULL)
    {
      file = hanji_new_post_dup_file (self->planner, NULL, &error);
      if (file != NULL)
        self->path_text = dup_relative_path (self->site, file);
      else
        self->path_text = g_strdup (error->message);
      self->path_ok = file != NULL;
    }
  else
    {
      g_autofree char *slug = hanji_slugify (gtk_editable_get_text (GTK_EDITABLE (self->title_row)));

      file = hanji_new_post_dialog_dup_renamed (self, slug);
      if (file != NULL)
        self->path_text = dup_relative_path (self->site, file);
      else
        self->path_text = g_strdup ("");
      self->path_ok = file != NULL && !g_file_equal (file, self->file);
    }

  gtk_label_set_text (self->path_label, self->path_text);
  hanji_new_post_dialog_update_accept (self);
}

static gboolean
update_path_idle_cb (gpointer user_data)
{
  HanjiNewPostDialog *self = user_data;

  self->update_source = 0;
  hanji_new_post_dialog_update_path (self);

  return G_SOURCE_REMOVE;
}

static void
hanji_new_post_dialog_queue_update (HanjiNewPostDialog *self)
{
  /* Create waits for the caption to catch up with the form. */
  self->path_ok = FALSE;
  hanji_new_post_dialog_update_accept (self);

  if (self->update_source == 0)
    self->update_source = g_idle_add (update_path_idle_cb, self);
}

static void
hanji_new_post_dialog_sync_planner (HanjiNewPostDialog *self)
{
  guint selected;

  if (self->planner == NULL)
    return;

  hanji_new_post_set_title (self->planner, gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  hanji_new_post_set_draft (self->planner, gtk_switch_get_active (self->draft_switch));

  if (self->sections != NULL)
    {
      selected = adw_combo_row_get_selected (self->section_row);
      if (selected < g_strv_length (self->sections))
        hanji_new_post_set_section (self->planner, self->sections[selected]);
      hanji_new_post_set_bundle (self->planner, gtk_switch_get_active (self->bundle_switch));
    }
}

static void
title_changed_cb (HanjiNewPostDialog *self)
{
  hanji_new_post_dialog_sync_planner (self);
  hanji_new_post_dialog_queue_update (self);
}

static void
option_changed_cb (HanjiNewPostDialog *self)
{
  hanji_new_post_dialog_sync_planner (self);
  hanji_new_post_dialog_queue_update (self);
}

static void
hanji_new_post_dialog_finish (HanjiNewPostDialog *self,
                              GFile              *file,
                              const GError       *error)
{
  self->busy = FALSE;

  if (file == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        message = g_strdup_printf (_("A post named “%s” already exists"), self->path_text);
      else if (self->planner != NULL)
        message = g_strdup_printf (_("Could not create the post: %s"), error->message);
      else
        message = g_strdup_printf (_("Could not rename the post: %s"), error->message);

      hanji_new_post_dialog_set_error (self, message);
      /* The names taken may have changed meanwhile. */
      hanji_new_post_dialog_update_path (self);
      return;
    }

  g_signal_emit (self, signals [DONE], 0, file);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HanjiNewPostDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = hanji_new_post_create_finish (HANJI_NEW_POST (object), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  hanji_new_post_dialog_finish (self, file, error);
}

static void
rename_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HanjiNewPostDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = hanji_post_rename_file_finish (HANJI_SITE (object), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  hanji_new_post_dialog_finish (self, file, error);
}

static void
accept_clicked_cb (HanjiNewPostDialog *self)
{
  /* Enter in the title field reaches here too, also while the caption
   * is still catching up. */
  if (self->update_source != 0)
    hanji_new_post_dialog_update_path (self);
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->accept_button)))
    return;

  self->busy = TRUE;
  hanji_new_post_dialog_update_accept (self);
  hanji_new_post_dialog_set_error (self, NULL);

  if (self->planner != NULL)
    {
      hanji_new_post_dialog_sync_planner (self);
      hanji_new_post_create_async (self->planner, self->cancellable,
                                   create_cb, g_object_ref (self));
    }
  else
    {
      hanji_post_rename_file_async (self->site, self->file,
                                    gtk_editable_get_text (GTK_EDITABLE (self->title_row)),
                                    self->cancellable, rename_cb, g_object_ref (self));
    }
}

/* While the file is being written, closing would leave a post created
 * that nobody opens: the dialog stays until it is done (it is quick). */
static gboolean
hanji_new_post_dialog_close_request (GtkWindow *window)
{
  HanjiNewPostDialog *self = HANJI_NEW_POST_DIALOG (window);

  if (self->busy)
    return TRUE;

  return GTK_WINDOW_CLASS (hanji_new_post_dialog_parent_class)->close_request (window);
}

static void
hanji_new_post_dialog_dispose (GObject *object)
{
  HanjiNewPostDialog *self = (HanjiNewPostDialog *)object;

  g_clear_handle_id (&self->update_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), HANJI_TYPE_NEW_POST_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->planner);
  g_clear_object (&self->file);
  g_clear_object (&self->site);
  g_clear_pointer (&self->sections, g_strfreev);
  g_clear_pointer (&self->old_slug, g_free);
  g_clear_pointer (&self->path_text, g_free);

  G_OBJECT_CLASS (hanji_new_post_dialog_parent_class)->dispose (object);
}

static void
hanji_new_post_dialog_class_init (HanjiNewPostDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hanji_new_post_dialog_dispose;
  window_class->close_request = hanji_new_post_dialog_close_request;

  signals [DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hanjiapp/Hanji/hanji-new-post-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HanjiNewPostDialog, accept_button);
  gtk_widget_class_bind_template_child (widget_class, HanjiNewPostDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, HanjiNewPostDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, HanjiNewPostDialog, section_row);
  gtk_widget_class_bind_template_child (widget_class, HanjiNewPostDialog, draft_row);
  gtk_widget_class_bind_template_child (widget_class, HanjiNewPostDialog, draft_switch);
  gtk_widget_class_bind_template_child (widget_class, HanjiNewPostDialog, bundle_row);
  gtk_widget_class_bind_template_child (widget_class, HanjiNewPostDialog, bundle_switch);
  gtk_widget_class_bind_template_child (widget_class, HanjiNewPostDialog, path_label);
  gtk_widget_class_bind_template_callback (widget_class, accept_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, option_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hanji_new_post_dialog_init (HanjiNewPostDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->accept_button));
}

/* The section menu: the content folder's sub-folders, with the one the
 * post would go to by default (which may not exist yet) selected. One
 * folder listing, when the dialog opens. */
static void
hanji_new_post_dialog_fill_sections (HanjiNewPostDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) found = NULL;
  g_autofree char *usual = hanji_new_post_dup_section (self->planner);
  guint selected = 0;
  guint n = 0;

  found = hanji_new_post_list_sections (self->planner, NULL, NULL);

  if (usual != NULL && (found == NULL || !g_strv_contains ((const char * const *)found, usual)))
    {
      g_strv_builder_add (builder, usual);
      gtk_string_list_append (names, usual[0] != '\0' ? usual : _("Content Folder"));
      n++;
    }

  for (guint i = 0; found != NULL && found[i] != NULL; i++)
    {
      if (g_strcmp0 (found[i], usual) == 0)
        selected = n;
      g_strv_builder_add (builder, found[i]);
      gtk_string_list_append (names, found[i][0] != '\0' ? found[i] : _("Content Folder"));
      n++;
    }

  self->sections = g_strv_builder_end (builder);

  /* self->sections first: setting the model already notifies. */
  adw_combo_row_set_model (self->section_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->section_row, selected);
}

HanjiNewPostDialog *
hanji_new_post_dialog_new (GtkWindow *parent,
                           HanjiSite *site)
{
  HanjiNewPostDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HANJI_IS_SITE (site), NULL);

  self = g_object_new (HANJI_TYPE_NEW_POST_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->site = g_object_ref (site);
  self->planner = hanji_new_post_new (site, "");

  /* Jekyll has neither: the date and _posts/ or _drafts/ say it all. */
  if (hanji_site_get_kind (site) != HANJI_SITE_JEKYLL)
    {
      hanji_new_post_dialog_fill_sections (self);
      gtk_widget_set_visible (GTK_WIDGET (self->section_row), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->bundle_row), TRUE);
    }

  hanji_new_post_dialog_sync_planner (self);
  hanji_new_post_dialog_update_path (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));

  return self;
}

HanjiNewPostDialog *
hanji_new_post_dialog_new_rename (GtkWindow *parent,
                                  HanjiSite *site,
                                  GFile     *file,
                                  gboolean   modified)
{
  HanjiNewPostDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HANJI_IS_SITE (site), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (HANJI_TYPE_NEW_POST_DIALOG,
                       "transient-for", parent,
                       "title", _("Rename Post"),
                       NULL);
  self->site = g_object_ref (site);
  self->file = g_object_ref (file);
  self->old_slug = hanji_post_file_dup_slug (site, file);
  self->modified = !!modified;

  gtk_button_set_label (self->accept_button, _("_Rename"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->title_row), _("File Name"));
  gtk_widget_set_visible (GTK_WIDGET (self->draft_row), FALSE);

  /* The document cannot follow its file to a new name: its unsaved text
   * would be written back under the old one. */
  if (self->modified)
    hanji_new_post_dialog_set_error (self, _("Save the post before renaming it."));

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), self->old_slug);
  hanji_new_post_dialog_update_path (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));

  return self;
}

GtkEditable *
_hanji_new_post_dialog_get_title_entry (HanjiNewPostDialog *self)
{
  return GTK_EDITABLE (self->title_row);
}

GtkSwitch *
_hanji_new_post_dialog_get_draft_switch (HanjiNewPostDialog *self)
{
  return self->draft_switch;
}

const char *
_hanji_new_post_dialog_get_path_text (HanjiNewPostDialog *self)
{
  if (self->update_source != 0)
    hanji_new_post_dialog_update_path (self);

  return self->path_text;
}

const char *
_hanji_new_post_dialog_get_error_text (HanjiNewPostDialog *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_text (self->error_label);
}

GtkButton *
_hanji_new_post_dialog_get_accept_button (HanjiNewPostDialog *self)
{
  return self->accept_button;
}

gboolean
_hanji_new_post_dialog_get_busy (HanjiNewPostDialog *self)
{
  return self->busy;
}
