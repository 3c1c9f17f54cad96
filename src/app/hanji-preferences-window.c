/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "hanji-preferences-window.h"

struct _HanjiPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  /* Style scheme ids, in the order of scheme_row's model. */
  GStrv                 scheme_ids;

  AdwActionRow         *font_row;
  GtkFontButton        *font_button;
  GtkButton            *font_reset;
  AdwComboRow          *scheme_row;
  GtkSwitch            *line_numbers_switch;
  GtkSwitch            *current_line_switch;
  AdwActionRow         *spelling_row;
  GtkSwitch            *spelling_switch;
  AdwEntryRow          *asset_row;
  AdwComboRow          *preview_style_row;
  GtkSwitch            *remote_switch;
  GtkSpinButton        *delay_spin;
  GtkSwitch            *autosave_switch;
};

G_DEFINE_FINAL_TYPE (HanjiPreferencesWindow, hanji_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *preview_styles[] = { "follow", "light", "dark" };

static void
update_font (HanjiPreferencesWindow *self)
{
  g_autofree char *font = g_settings_get_string (self->settings, "editor-font");

  gtk_widget_set_visible (GTK_WIDGET (self->font_reset), font[0] != '\0');
  if (font[0] != '\0')
    gtk_font_chooser_set_font (GTK_FONT_CHOOSER (self->font_button), font);
  else
    gtk_font_chooser_set_font (GTK_FONT_CHOOSER (self->font_button), "Sans 12");
  adw_action_row_set_subtitle (self->font_row, font[0] != '\0' ? "" : _("Default"));
}

static void
font_set_cb (HanjiPreferencesWindow *self)
{
  g_autofree char *font = gtk_font_chooser_get_font (GTK_FONT_CHOOSER (self->font_button));

  g_settings_set_string (self->settings, "editor-font", font ? font : "");
}

static void
font_reset_cb (HanjiPreferencesWindow *self)
{
  g_settings_reset (self->settings, "editor-font");
}

static void
asset_apply_cb (HanjiPreferencesWindow *self)
{
  g_autofree char *pattern = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->asset_row))));

  g_settings_set_string (self->settings, "asset-folder-pattern", pattern);
}

/* Combo rows hold positions; the settings hold names. */
static gboolean
position_from_name (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *names = user_data;
  const char *name = g_variant_get_string (variant, NULL);

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
name_from_position (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *names = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((GStrv) names))
    position = 0;

  return g_variant_new_string (names[position]);
}

/* One entry per scheme, its -dark variant folded into it when both
 * exist (the variant follows the app's style). */
static void
fill_schemes (HanjiPreferencesWindow *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  const char * const *ids = gtk_source_style_scheme_manager_get_scheme_ids (manager);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_strv_builder_add (kept, "");
  gtk_string_list_append (names, _("Adwaita (Default)"));

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      GtkSourceStyleScheme *scheme;

      if (g_str_equal (ids[i], "Adwaita") || g_str_equal (ids[i], "Adwaita-dark"))
        continue;

      if (g_str_has_suffix (ids[i], "-dark"))
        {
          g_autofree char *base = g_strndup (ids[i], strlen (ids[i]) - strlen ("-dark"));
          g_autofree char *light = g_strconcat (base, "-light", NULL);

          if (gtk_source_style_scheme_manager_get_scheme (manager, base) != NULL ||
              gtk_source_style_scheme_manager_get_scheme (manager, light) != NULL)
            continue;
        }

      scheme = gtk_source_style_scheme_manager_get_scheme (manager, ids[i]);
      g_strv_builder_add (kept, ids[i]);
      gtk_string_list_append (names, gtk_source_style_scheme_get_name (scheme));
    }

  self->scheme_ids = g_strv_builder_end (kept);
  adw_combo_row_set_model (self->scheme_row, G_LIST_MODEL (names));
}

const char * const *
_hanji_preferences_window_get_scheme_ids (HanjiPreferencesWindow *self)
{
  return (const char * const *) self->scheme_ids;
}

GtkWidget *
hanji_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (HANJI_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

static void
hanji_preferences_window_dispose (GObject *object)
{
  HanjiPreferencesWindow *self = HANJI_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HANJI_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->scheme_ids, g_strfreev);

  G_OBJECT_CLASS (hanji_preferences_window_parent_class)->dispose (object);
}

static void
hanji_preferences_window_class_init (HanjiPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hanji_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hanjiapp/Hanji/hanji-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, font_row);
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, font_button);
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, font_reset);
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, scheme_row);
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, line_numbers_switch);
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, current_line_switch);
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, spelling_row);
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, spelling_switch);
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, asset_row);
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, preview_style_row);
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, remote_switch);
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, delay_spin);
  gtk_widget_class_bind_template_child (widget_class, HanjiPreferencesWindow, autosave_switch);
  gtk_widget_class_bind_template_callback (widget_class, font_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, font_reset_cb);
  gtk_widget_class_bind_template_callback (widget_class, asset_apply_cb);
}

static void
hanji_preferences_window_init (HanjiPreferencesWindow *self)
{
  g_autofree char *pattern = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  fill_schemes (self);

  update_font (self);
  g_signal_connect_object (self->settings, "changed::editor-font",
                           G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);

  g_settings_bind_with_mapping (self->settings, "style-scheme", self->scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, position_from_name, name_from_position,
                                self->scheme_ids, NULL);
  g_settings_bind_with_mapping (self->settings, "preview-style", self->preview_style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, position_from_name, name_from_position,
                                (gpointer) preview_styles, NULL);
  g_settings_bind (self->settings, "show-line-numbers", self->line_numbers_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "highlight-current-line", self->current_line_switch, "active", G_SETTINGS_BIND_DEFAULT);
#ifdef HAVE_LIBSPELLING
  g_settings_bind (self->settings, "spell-check", self->spelling_switch, "active", G_SETTINGS_BIND_DEFAULT);
#endif
  g_settings_bind (self->settings, "load-remote-images", self->remote_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "draft-delay", gtk_spin_button_get_adjustment (self->delay_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "autosave", self->autosave_switch, "active", G_SETTINGS_BIND_DEFAULT);

#ifndef HAVE_LIBSPELLING
  /* Said rather than hidden, and shown off (nothing is checked); the
   * setting itself is kept for a build that has it. */
  gtk_switch_set_active (self->spelling_switch, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->spelling_switch), FALSE);
  adw_action_row_set_subtitle (self->spelling_row, _("Not available in this build of Hanji"));
#endif

  pattern = g_settings_get_string (self->settings, "asset-folder-pattern");
  gtk_editable_set_text (GTK_EDITABLE (self->asset_row), pattern);
}
