/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-find-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "hanji-find-bar.h"

/* A selection longer than this is not taken as the search text: it is
 * what the user wants to search in, not for. */
#define MAX_SELECTION_CHARS 200

struct _HanjiFindBar
{
  GtkWidget                parent_instance;

  GtkSourceView           *view;
  GtkSourceSearchSettings *settings;
  GtkSourceSearchContext  *context;
  GSignalGroup            *buffer_signals;
  GCancellable            *cancellable;
  char                    *status;

  guint                    replace_mode : 1;
  guint                    active : 1;

  GtkWidget               *box;
  GtkSearchEntry          *search_entry;
  GtkLabel                *status_label;
  GtkRevealer             *replace_revealer;
  GtkEntry                *replace_entry;
};

G_DEFINE_FINAL_TYPE (HanjiFindBar, hanji_find_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REPLACE_MODE,
  PROP_STATUS,
  N_PROPS
};

enum {
  DISMISS,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
hanji_find_bar_set_status (HanjiFindBar *self,
                           const char   *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);
  gtk_label_set_label (self->status_label, status);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATUS]);
}

/* "3 of 12" when the selection is a match, "12 matches" when it is not,
 * "No results" or nothing while GtkSourceView is still counting. */
static void
hanji_find_bar_update_status (HanjiFindBar *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *status = NULL;
  const GError *regex_error;
  int count;
  int position;

  if (self->context == NULL || gtk_source_search_settings_get_search_text (self->settings) == NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), NULL);
      hanji_find_bar_set_status (self, "");
      return;
    }

  regex_error = gtk_source_search_context_get_regex_error (self->context);
  if (regex_error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), regex_error->message);
      hanji_find_bar_set_status (self, _("Invalid pattern"));
      return;
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), NULL);

  count = gtk_source_search_context_get_occurrences_count (self->context);
  if (count < 0)
    {
      hanji_find_bar_set_status (self, "");
      return;
    }

  if (count == 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
      hanji_find_bar_set_status (self, _("No results"));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");

  buffer = GTK_TEXT_BUFFER (gtk_source_search_context_get_buffer (self->context));
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  position = gtk_source_search_context_get_occurrence_position (self->context, &start, &end);

  if (position > 0)
    /* Translators: the match the cursor is on, of how many */
    status = g_strdup_printf (_("%d of %d"), position, count);
  else
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", count), count);

  hanji_find_bar_set_status (self, status);
}

static void
hanji_find_bar_select (HanjiFindBar      *self,
                       const GtkTextIter *start,
                       const GtkTextIter *end)
{
  GtkTextBuffer *buffer = gtk_text_iter_get_buffer (start);

  gtk_text_buffer_select_range (buffer, start, end);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view),
                                gtk_text_buffer_get_insert (buffer),
                                0.25, FALSE, 0, 0);
  hanji_find_bar_update_status (self);
}

static void
forward_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HanjiFindBar) self = user_data;
  GtkTextIter start, end;

  if (gtk_source_search_context_forward_finish (GTK_SOURCE_SEARCH_CONTEXT (object),
                                                result, &start, &end, NULL, NULL) &&
      GTK_SOURCE_SEARCH_CONTEXT (object) == self->context)
    hanji_find_bar_select (self, &start, &end);
}

static void
backward_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HanjiFindBar) self = user_data;
  GtkTextIter start, end;

  if (gtk_source_search_context_backward_finish (GTK_SOURCE_SEARCH_CONTEXT (object),
                                                 result, &start, &end, NULL, NULL) &&
      GTK_SOURCE_SEARCH_CONTEXT (object) == self->context)
    hanji_find_bar_select (self, &start, &end);
}

/* From the selection: forward from its end (or its start, to keep the
 * match being refined while typing), backward from its start. The
 * search runs in GtkSourceView's idle chunks, so a long post never
 * blocks the window. */
static void
hanji_find_bar_search (HanjiFindBar *self,
                       gboolean      backward,
                       gboolean      from_start)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (self->context == NULL || gtk_source_search_settings_get_search_text (self->settings) == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  buffer = GTK_TEXT_BUFFER (gtk_source_search_context_get_buffer (self->context));
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);

  if (backward)
    gtk_source_search_context_backward_async (self->context, &start, self->cancellable,
                                              backward_cb, g_object_ref (self));
  else
    gtk_source_search_context_forward_async (self->context, from_start ? &start : &end,
                                             self->cancellable, forward_cb, g_object_ref (self));
}

void
hanji_find_bar_next (HanjiFindBar *self,
                     gboolean      backward)
{
  g_return_if_fail (HANJI_IS_FIND_BAR (self));

  hanji_find_bar_search (self, backward, FALSE);
}

static void
search_changed_cb (HanjiFindBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_source_search_settings_set_search_text (self->settings, text[0] != '\0' ? text : NULL);
  hanji_find_bar_update_status (self);
  hanji_find_bar_search (self, FALSE, TRUE);
}

static void
search_activate_cb (HanjiFindBar *self)
{
  hanji_find_bar_search (self, FALSE, FALSE);
}

static void
next_match_cb (HanjiFindBar *self)
{
  hanji_find_bar_search (self, FALSE, FALSE);
}

static void
previous_match_cb (HanjiFindBar *self)
{
  hanji_find_bar_search (self, TRUE, FALSE);
}

static void
stop_search_cb (HanjiFindBar *self)
{
  g_signal_emit (self, signals [DISMISS], 0);
}

static void
replace_one (HanjiFindBar *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autoptr(GError) error = NULL;
  const char *replacement;

  if (self->context == NULL)
    return;

  buffer = GTK_TEXT_BUFFER (gtk_source_search_context_get_buffer (self->context));
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);

  /* Only a selection that is a match is replaced; otherwise the first
   * press finds one, as in every editor's replace. */
  if (gtk_source_search_context_get_occurrence_position (self->context, &start, &end) > 0)
    {
      replacement = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
      if (!gtk_source_search_context_replace (self->context, &start, &end, replacement, -1, &error))
        {
          hanji_find_bar_set_status (self, error->message);
          return;
        }
      gtk_text_buffer_select_range (buffer, &end, &end);
    }

  hanji_find_bar_search (self, FALSE, FALSE);
}

static void
replace_activate_cb (HanjiFindBar *self)
{
  replace_one (self);
}

static void
replace_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  replace_one (HANJI_FIND_BAR (widget));
}

static void
replace_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  HanjiFindBar *self = HANJI_FIND_BAR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  guint n;

  if (self->context == NULL || gtk_source_search_settings_get_search_text (self->settings) == NULL)
    return;

  /* GtkSourceView makes it one user action: a single undo brings all
   * of them back. */
  n = gtk_source_search_context_replace_all (self->context,
                                             gtk_editable_get_text (GTK_EDITABLE (self->replace_entry)),
                                             -1, &error);
  if (error != NULL)
    {
      hanji_find_bar_set_status (self, error->message);
      return;
    }

  status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u replaced", "%u replaced", n), n);
  hanji_find_bar_set_status (self, status);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  hanji_find_bar_search (HANJI_FIND_BAR (widget), FALSE, FALSE);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  hanji_find_bar_search (HANJI_FIND_BAR (widget), TRUE, FALSE);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  g_signal_emit (widget, signals [DISMISS], 0);
}

static void
buffer_mark_set_cb (HanjiFindBar *self,
                    GtkTextIter  *location,
                    GtkTextMark  *mark,
                    GtkTextBuffer *buffer)
{
  if (mark == gtk_text_buffer_get_insert (buffer) ||
      mark == gtk_text_buffer_get_selection_bound (buffer))
    hanji_find_bar_update_status (self);
}

static void
context_notify_cb (HanjiFindBar *self)
{
  hanji_find_bar_update_status (self);
}

static void
hanji_find_bar_set_buffer (HanjiFindBar  *self,
                           GtkTextBuffer *buffer)
{
  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_clear_object (&self->context);
    }

  g_cancellable_cancel (self->cancellable);
  g_signal_group_set_target (self->buffer_signals, buffer);

  if (GTK_SOURCE_IS_BUFFER (buffer))
    {
      self->context = gtk_source_search_context_new (GTK_SOURCE_BUFFER (buffer), self->settings);
      gtk_source_search_context_set_highlight (self->context, self->active);
      g_signal_connect_swapped (self->context, "notify::occurrences-count",
                                G_CALLBACK (context_notify_cb), self);
      g_signal_connect_swapped (self->context, "notify::regex-error",
                                G_CALLBACK (context_notify_cb), self);
    }

  hanji_find_bar_update_status (self);
}

static void
view_buffer_changed_cb (HanjiFindBar *self)
{
  hanji_find_bar_set_buffer (self, gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)));
}

void
hanji_find_bar_set_view (HanjiFindBar  *self,
                         GtkSourceView *view)
{
  g_return_if_fail (HANJI_IS_FIND_BAR (self));
  g_return_if_fail (view == NULL || GTK_SOURCE_IS_VIEW (view));

  if (self->view == view)
    return;

  if (self->view != NULL)
    g_signal_handlers_disconnect_by_func (self->view, view_buffer_changed_cb, self);

  g_set_object (&self->view, view);

  if (view != NULL)
    {
      g_signal_connect_object (view, "notify::buffer",
                               G_CALLBACK (view_buffer_changed_cb), self, G_CONNECT_SWAPPED);
      view_buffer_changed_cb (self);
    }
  else
    hanji_find_bar_set_buffer (self, NULL);
}

GtkSourceView *
hanji_find_bar_get_view (HanjiFindBar *self)
{
  g_return_val_if_fail (HANJI_IS_FIND_BAR (self), NULL);

  return self->view;
}

void
hanji_find_bar_set_replace_mode (HanjiFindBar *self,
                                 gboolean      replace_mode)
{
  g_return_if_fail (HANJI_IS_FIND_BAR (self));

  replace_mode = !!replace_mode;
  if (self->replace_mode == replace_mode)
    return;

  self->replace_mode = replace_mode;
  gtk_revealer_set_reveal_child (self->replace_revealer, replace_mode);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REPLACE_MODE]);
}

gboolean
hanji_find_bar_get_replace_mode (HanjiFindBar *self)
{
  g_return_val_if_fail (HANJI_IS_FIND_BAR (self), FALSE);

  return self->replace_mode;
}

void
hanji_find_bar_begin (HanjiFindBar *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (HANJI_IS_FIND_BAR (self));

  self->active = TRUE;
  if (self->context != NULL)
    gtk_source_search_context_set_highlight (self->context, TRUE);

  if (self->view != NULL)
    {
      buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
      if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end) &&
          gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end) &&
          gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&start) <= MAX_SELECTION_CHARS)
        {
          g_autofree char *text = gtk_text_iter_get_slice (&start, &end);
          const char *shown = text;
          g_autofree char *escaped = NULL;

          if (gtk_source_search_settings_get_regex_enabled (self->settings))
            shown = escaped = g_regex_escape_string (text, -1);

          gtk_editable_set_text (GTK_EDITABLE (self->search_entry), shown);
          /* Applied now rather than after the entry's delay, so the
           * selection counts as the first match at once. */
          gtk_source_search_settings_set_search_text (self->settings, shown);
        }
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
  hanji_find_bar_update_status (self);
}

void
hanji_find_bar_end (HanjiFindBar *self)
{
  g_return_if_fail (HANJI_IS_FIND_BAR (self));

  self->active = FALSE;
  g_cancellable_cancel (self->cancellable);
  if (self->context != NULL)
    gtk_source_search_context_set_highlight (self->context, FALSE);
}

GtkSourceSearchSettings *
hanji_find_bar_get_settings (HanjiFindBar *self)
{
  g_return_val_if_fail (HANJI_IS_FIND_BAR (self), NULL);

  return self->settings;
}

GtkSourceSearchContext *
hanji_find_bar_get_context (HanjiFindBar *self)
{
  g_return_val_if_fail (HANJI_IS_FIND_BAR (self), NULL);

  return self->context;
}

GtkEditable *
hanji_find_bar_get_search_entry (HanjiFindBar *self)
{
  g_return_val_if_fail (HANJI_IS_FIND_BAR (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkEditable *
hanji_find_bar_get_replace_entry (HanjiFindBar *self)
{
  g_return_val_if_fail (HANJI_IS_FIND_BAR (self), NULL);

  return GTK_EDITABLE (self->replace_entry);
}

const char *
hanji_find_bar_get_status (HanjiFindBar *self)
{
  g_return_val_if_fail (HANJI_IS_FIND_BAR (self), NULL);

  return self->status ? self->status : "";
}

GtkWidget *
hanji_find_bar_new (void)
{
  return g_object_new (HANJI_TYPE_FIND_BAR, NULL);
}

static void
hanji_find_bar_dispose (GObject *object)
{
  HanjiFindBar *self = HANJI_FIND_BAR (object);

  g_cancellable_cancel (self->cancellable);
  hanji_find_bar_set_view (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANJI_TYPE_FIND_BAR);

  G_OBJECT_CLASS (hanji_find_bar_parent_class)->dispose (object);
}

static void
hanji_find_bar_finalize (GObject *object)
{
  HanjiFindBar *self = HANJI_FIND_BAR (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->buffer_signals);
  g_clear_object (&self->settings);
  g_free (self->status);

  G_OBJECT_CLASS (hanji_find_bar_parent_class)->finalize (object);
}

static void
hanji_find_bar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HanjiFindBar *self = HANJI_FIND_BAR (object);

  switch (prop_id)
    {
    case PROP_REPLACE_MODE:
      g_value_set_boolean (value, self->replace_mode);
      break;

    case PROP_STATUS:
      g_value_set_string (value, hanji_find_bar_get_status (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_find_bar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HanjiFindBar *self = HANJI_FIND_BAR (object);

  switch (prop_id)
    {
    case PROP_REPLACE_MODE:
      hanji_find_bar_set_replace_mode (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_find_bar_class_init (HanjiFindBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hanji_find_bar_dispose;
  object_class->finalize = hanji_find_bar_finalize;
  object_class->get_property = hanji_find_bar_get_property;
  object_class->set_property = hanji_find_bar_set_property;

  properties [PROP_REPLACE_MODE] =
    g_param_spec_boolean ("replace-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The bar is done: the window hides it and gives the editor focus. */
  signals [DISMISS] = g_signal_new ("dismiss", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hanjiapp/Hanji/hanji-find-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, HanjiFindBar, box);
  gtk_widget_class_bind_template_child (widget_class, HanjiFindBar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HanjiFindBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, HanjiFindBar, replace_revealer);
  gtk_widget_class_bind_template_child (widget_class, HanjiFindBar, replace_entry);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_match_cb);
  gtk_widget_class_bind_template_callback (widget_class, previous_match_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, replace_activate_cb);

  gtk_widget_class_install_action (widget_class, "find.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "find.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "find.replace", NULL, replace_action);
  gtk_widget_class_install_action (widget_class, "find.replace-all", NULL, replace_all_action);
  gtk_widget_class_install_action (widget_class, "find.close", NULL, close_action);
  gtk_widget_class_install_property_action (widget_class, "find.replace-mode", "replace-mode");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "find.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_SHIFT_MASK, "find.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_SHIFT_MASK, "find.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK | GDK_ALT_MASK, "find.replace-all", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hanjifindbar");
}

static void
hanji_find_bar_init (HanjiFindBar *self)
{
  g_autoptr(GSimpleActionGroup) options = g_simple_action_group_new ();
  const char *option_names[] = { "case-sensitive", "at-word-boundaries", "regex-enabled" };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->settings, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (option_names); i++)
    {
      g_autoptr(GPropertyAction) action = g_property_action_new (option_names[i], self->settings,
                                                                 option_names[i]);
      g_action_map_add_action (G_ACTION_MAP (options), G_ACTION (action));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "find-options", G_ACTION_GROUP (options));

  /* Changed options change the matches: count them again and keep the
   * selection on one. */
  g_signal_connect_swapped (self->settings, "notify", G_CALLBACK (context_notify_cb), self);

  self->buffer_signals = g_signal_group_new (GTK_TYPE_TEXT_BUFFER);
  g_signal_group_connect_object (self->buffer_signals, "mark-set",
                                 G_CALLBACK (buffer_mark_set_cb), self, G_CONNECT_SWAPPED);
}
