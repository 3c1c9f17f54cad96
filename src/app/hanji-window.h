/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HANJI_TYPE_WINDOW (hanji_window_get_type ())
G_DECLARE_FINAL_TYPE (HanjiWindow, hanji_window, HANJI, WINDOW, AdwApplicationWindow)

HanjiWindow *hanji_window_new         (GtkApplication *application);
/* A blog folder: lists its posts in the sidebar. */
void         hanji_window_open_folder (HanjiWindow    *self,
                                       GFile          *folder);
/* A single post: opens the blog it belongs to (or its folder) and the post. */
void         hanji_window_open_file   (HanjiWindow    *self,
                                       GFile          *file);

G_END_DECLS
