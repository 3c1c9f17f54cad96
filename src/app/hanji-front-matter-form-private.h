/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hanji-front-matter-form.h"

G_BEGIN_DECLS

/* For tests: the row of a field, as the user sees it, and the pieces a
 * user would touch in it. */
GtkWidget          *_hanji_front_matter_form_get_row        (HanjiFrontMatterForm *self,
                                                            const char           *key);
/* The entry of a text row (an AdwEntryRow) or the add-item entry of a
 * list row. */
GtkEditable        *_hanji_front_matter_form_get_editable   (HanjiFrontMatterForm *self,
                                                            const char           *key);
GtkEntryCompletion *_hanji_front_matter_form_get_completion (HanjiFrontMatterForm *self,
                                                            const char           *key);
/* Whether the invalid-YAML banner is shown, and clicking it. */
gboolean            _hanji_front_matter_form_get_read_only  (HanjiFrontMatterForm *self);
void                _hanji_front_matter_form_click_banner   (HanjiFrontMatterForm *self);
/* As choosing the key in the Add Field menu. */
void                _hanji_front_matter_form_add_field      (HanjiFrontMatterForm *self,
                                                            const char           *key);

G_END_DECLS
