/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-window"

/* The window's writing tools: find and replace, focus mode. */

#include "config.h"

#include <glib/gi18n.h>

#include "hanji-window-private.h"

/* The editor's side margins outside focus mode (the .ui's). */
#define EDITOR_MARGIN 24
/* Focus mode's text column, in average characters of the editor's
 * font: about 70 Latin letters, 35–40 Hangul syllables a line. */
#define FOCUS_COLUMN_CHARS 72

HanjiFindBar *
_hanji_window_get_find_bar (HanjiWindow *self)
{
  return self->find_bar;
}

gboolean
_hanji_window_get_find_visible (HanjiWindow *self)
{
  return gtk_revealer_get_reveal_child (self->find_revealer);
}

static void
hanji_window_show_find (HanjiWindow *self,
                        gboolean     replace)
{
  if (self->document == NULL)
    return;

  hanji_find_bar_set_replace_mode (self->find_bar, replace);
  gtk_revealer_set_reveal_child (self->find_revealer, TRUE);
  hanji_find_bar_begin (self->find_bar);
}

static void
find_bar_dismiss_cb (HanjiWindow *self)
{
  if (!gtk_revealer_get_reveal_child (self->find_revealer))
    return;

  hanji_find_bar_end (self->find_bar);
  gtk_revealer_set_reveal_child (self->find_revealer, FALSE);
  /* The match stays selected, so typing goes on from there. */
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  hanji_window_show_find (HANJI_WINDOW (widget), FALSE);
}

static void
find_replace_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  hanji_window_show_find (HANJI_WINDOW (widget), TRUE);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HanjiWindow *self = HANJI_WINDOW (widget);

  if (self->document == NULL || hanji_find_bar_get_context (self->find_bar) == NULL)
    return;

  /* Ctrl+G with the bar closed searches again for the last text. */
  if (!gtk_revealer_get_reveal_child (self->find_revealer))
    {
      gtk_revealer_set_reveal_child (self->find_revealer, TRUE);
      gtk_source_search_context_set_highlight (hanji_find_bar_get_context (self->find_bar), TRUE);
    }

  hanji_find_bar_next (self->find_bar, g_str_equal (action_name, "win.find-previous"));
}

/* Focus mode centres a comfortable column of text in whatever width
 * the editor has. */
static void
hanji_window_update_editor_margins (HanjiWindow *self)
{
  GtkAdjustment *hadjustment;
  int width;
  int margin = EDITOR_MARGIN;

  if (self->focus_mode)
    {
      PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->source_view));
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
      int column = pango_font_metrics_get_approximate_char_width (metrics) / PANGO_SCALE * FOCUS_COLUMN_CHARS;

      pango_font_metrics_unref (metrics);

      hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->source_view));
      width = (int) gtk_adjustment_get_page_size (hadjustment);
      if (width > column + 2 * EDITOR_MARGIN)
        margin = (width - column) / 2;
    }

  if (gtk_text_view_get_left_margin (GTK_TEXT_VIEW (self->source_view)) != margin)
    {
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->source_view), margin);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->source_view), margin);
    }
}

void
_hanji_window_set_focus_mode (HanjiWindow *self,
                              gboolean     focus_mode)
{
  focus_mode = !!focus_mode;

  if (self->focus_mode == focus_mode)
    return;

  if (focus_mode && self->document == NULL)
    return;

  self->focus_mode = focus_mode;

  if (focus_mode)
    {
      self->focus_hid_sidebar = self->sidebar_visible;
      if (self->sidebar_visible)
        g_object_set (self, "sidebar-visible", FALSE, NULL);
      self->focus_made_fullscreen = !gtk_window_is_fullscreen (GTK_WINDOW (self));
      if (self->focus_made_fullscreen)
        gtk_window_fullscreen (GTK_WINDOW (self));
      gtk_widget_add_css_class (GTK_WIDGET (self), "hanji-focus-mode");
    }
  else
    {
      if (self->focus_hid_sidebar)
        g_object_set (self, "sidebar-visible", TRUE, NULL);
      if (self->focus_made_fullscreen)
        gtk_window_unfullscreen (GTK_WINDOW (self));
      self->focus_hid_sidebar = FALSE;
      self->focus_made_fullscreen = FALSE;
      gtk_widget_remove_css_class (GTK_WIDGET (self), "hanji-focus-mode");
    }

  /* The form and preview follow their settings again on the way out. */
  gtk_widget_set_visible (GTK_WIDGET (self->form),
                          !focus_mode && g_settings_get_boolean (self->settings, "show-form"));
  gtk_widget_set_visible (GTK_WIDGET (self->preview),
                          !focus_mode && g_settings_get_boolean (self->settings, "show-preview"));
  gtk_widget_set_visible (self->editor_header, !focus_mode);
  hanji_window_update_editor_margins (self);

  if (focus_mode)
    {
      AdwToast *toast = adw_toast_new (_("Focus mode: press Esc to leave"));

      adw_toast_set_timeout (toast, 3);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
    }

  g_object_notify (G_OBJECT (self), "focus-mode");
}

static void
leave_focus_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _hanji_window_set_focus_mode (HANJI_WINDOW (widget), FALSE);
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  HanjiWindow *self = HANJI_WINDOW (widget);

  /* Escape closes what is nearest first: the find bar, then focus mode. */
  if (gtk_revealer_get_reveal_child (self->find_revealer))
    {
      find_bar_dismiss_cb (self);
      return TRUE;
    }

  if (self->focus_mode)
    {
      _hanji_window_set_focus_mode (self, FALSE);
      return TRUE;
    }

  return FALSE;
}

void
_hanji_window_tools_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (HANJI_TYPE_FIND_BAR);

  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, editor_scroller);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, editor_header);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, find_revealer);
  gtk_widget_class_bind_template_child (widget_class, HanjiWindow, find_bar);
  gtk_widget_class_bind_template_callback (widget_class, find_bar_dismiss_cb);

  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-replace", NULL, find_replace_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_next_action);
  gtk_widget_class_install_property_action (widget_class, "win.focus-mode", "focus-mode");
  gtk_widget_class_install_action (widget_class, "win.leave-focus-mode", NULL, leave_focus_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "win.find-replace", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.focus-mode", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

void
_hanji_window_tools_init (HanjiWindow *self)
{
  hanji_find_bar_set_view (self->find_bar, self->source_view);

  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->source_view)),
                           "notify::page-size", G_CALLBACK (hanji_window_update_editor_margins),
                           self, G_CONNECT_SWAPPED);
}

void
_hanji_window_tools_dispose (HanjiWindow *self)
{
  if (self->find_bar != NULL)
    hanji_find_bar_set_view (self->find_bar, NULL);
}
