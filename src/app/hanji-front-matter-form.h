/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hanji-document.h"
#include "hanji-site.h"

G_BEGIN_DECLS

#define HANJI_TYPE_FRONT_MATTER_FORM (hanji_front_matter_form_get_type ())
G_DECLARE_FINAL_TYPE (HanjiFrontMatterForm, hanji_front_matter_form, HANJI, FRONT_MATTER_FORM, GtkWidget)

GtkWidget     *hanji_front_matter_form_new          (void);
HanjiDocument *hanji_front_matter_form_get_document (HanjiFrontMatterForm *self);
void           hanji_front_matter_form_set_document (HanjiFrontMatterForm *self,
                                                     HanjiDocument        *document);
/* The open blog: tag completion and the Add Field menu draw on its posts. */
void           hanji_front_matter_form_set_site     (HanjiFrontMatterForm *self,
                                                     HanjiSite            *site);
/* Number of field rows shown (for tests and accessibility summaries). */
guint          hanji_front_matter_form_get_n_rows   (HanjiFrontMatterForm *self);
/* Brings the form in step with the document now instead of after the
 * typing pause. */
void           hanji_front_matter_form_sync         (HanjiFrontMatterForm *self);

G_END_DECLS
