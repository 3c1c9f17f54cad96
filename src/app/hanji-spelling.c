/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-spelling"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#ifdef HAVE_LIBSPELLING
# include <libspelling.h>
#endif

#include "hanji-document.h"
#include "hanji-front-matter.h"
#include "hanji-spelling.h"

gboolean
hanji_spelling_available (void)
{
#ifdef HAVE_LIBSPELLING
  return TRUE;
#else
  return FALSE;
#endif
}

/* Enchant names dictionaries with an underscore: ko_KR. */
static char *
dictionary_name (const char *language)
{
  if (language == NULL || language[0] == '\0' || strlen (language) >= 32)
    return NULL;

  return g_strdelimit (g_strdup (language), "-", '_');
}

char *
hanji_spelling_language_for_text (const char *text,
                                  gssize      len,
                                  const char *site_language)
{
  static const char *keys[] = { "lang", "language", "languageCode" };
  g_autoptr(HanjiFrontMatter) front_matter = NULL;

  if (text == NULL)
    return dictionary_name (site_language);

  front_matter = hanji_front_matter_parse (text, len);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      HanjiField *field = hanji_front_matter_lookup (front_matter, keys[i]);
      const char *value = field != NULL && hanji_field_get_value_type (field) == HANJI_VALUE_STRING ?
                          hanji_field_get_text (field) : NULL;
      char *language = dictionary_name (value);

      if (language != NULL)
        return language;
    }

  return dictionary_name (site_language);
}

#ifdef HAVE_LIBSPELLING

static void
update_language (SpellingTextBufferAdapter *adapter)
{
  GtkSourceBuffer *buffer = spelling_text_buffer_adapter_get_buffer (adapter);
  g_autoptr(GBytes) snapshot = NULL;
  g_autofree char *language = NULL;
  gsize len;
  const char *text;

  if (!HANJI_IS_DOCUMENT (buffer))
    return;

  snapshot = hanji_document_dup_snapshot (HANJI_DOCUMENT (buffer));
  text = g_bytes_get_data (snapshot, &len);
  language = hanji_spelling_language_for_text (text, len,
                                               g_object_get_data (G_OBJECT (adapter), "hanji-site-language"));
  if (language != NULL &&
      g_strcmp0 (language, spelling_text_buffer_adapter_get_language (adapter)) != 0)
    spelling_text_buffer_adapter_set_language (adapter, language);
}

/* One adapter per document, kept on it, so switching posts keeps each
 * one's language and checked state. */
static SpellingTextBufferAdapter *
adapter_for_buffer (GtkTextBuffer *buffer,
                    GSettings     *settings)
{
  SpellingTextBufferAdapter *adapter = g_object_get_data (G_OBJECT (buffer), "hanji-spelling");

  if (adapter != NULL)
    return adapter;

  adapter = spelling_text_buffer_adapter_new (GTK_SOURCE_BUFFER (buffer),
                                              spelling_checker_get_default ());
  g_object_set_data_full (G_OBJECT (buffer), "hanji-spelling", adapter, g_object_unref);
  g_settings_bind (settings, "spell-check", adapter, "enabled", G_SETTINGS_BIND_GET);
  if (HANJI_IS_DOCUMENT (buffer))
    g_signal_connect_object (buffer, "notify::loaded", G_CALLBACK (update_language),
                             adapter, G_CONNECT_SWAPPED);
  update_language (adapter);

  return adapter;
}

static void
buffer_changed_cb (GtkSourceView *view,
                   GParamSpec    *pspec,
                   GSettings     *settings)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GMenuModel *format_menu = g_object_get_data (G_OBJECT (view), "hanji-format-menu");
  SpellingTextBufferAdapter *adapter;
  g_autoptr(GMenu) menu = g_menu_new ();

  if (!GTK_SOURCE_IS_BUFFER (buffer))
    return;

  adapter = adapter_for_buffer (buffer, settings);
  g_object_set_data_full (G_OBJECT (adapter), "hanji-site-language",
                          g_strdup (g_object_get_data (G_OBJECT (view), "hanji-site-language")), g_free);
  update_language (adapter);
  gtk_widget_insert_action_group (GTK_WIDGET (view), "spelling", G_ACTION_GROUP (adapter));

  g_menu_append_section (menu, NULL, spelling_text_buffer_adapter_get_menu_model (adapter));
  g_menu_append_section (menu, NULL, format_menu);
  gtk_text_view_set_extra_menu (GTK_TEXT_VIEW (view), G_MENU_MODEL (menu));
}

#endif

void
hanji_spelling_set_site_language (GtkSourceView *view,
                                  const char    *language)
{
  g_return_if_fail (GTK_SOURCE_IS_VIEW (view));

  g_object_set_data_full (G_OBJECT (view), "hanji-site-language", g_strdup (language), g_free);
#ifdef HAVE_LIBSPELLING
  if (g_object_get_data (G_OBJECT (view), "hanji-format-menu") != NULL)
    buffer_changed_cb (view, NULL, g_object_get_data (G_OBJECT (view), "hanji-settings"));
#endif
}

void
hanji_spelling_attach (GtkSourceView *view,
                       GSettings     *settings,
                       GMenuModel    *format_menu)
{
  g_autoptr(GMenu) format_section = g_menu_new ();

  g_return_if_fail (GTK_SOURCE_IS_VIEW (view));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_menu_append_submenu (format_section, _("_Format"), format_menu);

#ifdef HAVE_LIBSPELLING
  spelling_init ();
  g_object_set_data_full (G_OBJECT (view), "hanji-settings",
                          g_object_ref (settings), g_object_unref);
  g_object_set_data_full (G_OBJECT (view), "hanji-format-menu",
                          g_object_ref (format_section), g_object_unref);
  g_signal_connect_object (view, "notify::buffer", G_CALLBACK (buffer_changed_cb), settings, 0);
  buffer_changed_cb (view, NULL, settings);
#else
  gtk_text_view_set_extra_menu (GTK_TEXT_VIEW (view), G_MENU_MODEL (format_section));
#endif
}
