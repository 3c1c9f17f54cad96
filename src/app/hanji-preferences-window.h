/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HANJI_TYPE_PREFERENCES_WINDOW (hanji_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (HanjiPreferencesWindow, hanji_preferences_window, HANJI, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Every preference is a GSettings key, written as it is changed. */
GtkWidget *hanji_preferences_window_new (GtkWindow *parent);

/* For tests: the colour scheme ids in the order of the scheme row ("" for the default). */
const char * const *_hanji_preferences_window_get_scheme_ids (HanjiPreferencesWindow *self);

G_END_DECLS
