/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-form"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hanji-front-matter-form.h"

/* Re-parse after a short pause in typing, not on every key press. */
#define SYNC_DELAY_MSEC 150
/* Tags shown as chips in a row before the rest is summarised. */
#define MAX_CHIPS 4

struct _HanjiFrontMatterForm
{
  GtkWidget      parent_instance;

  HanjiDocument *document;
  GSignalGroup  *document_signals;
  char          *last_block;
  guint          sync_source;
  guint          n_rows;

  GtkWidget     *scroller;
  GtkWidget     *heading;
  GtkWidget     *message_box;
  GtkWidget     *message_icon;
  GtkWidget     *message_title;
  GtkWidget     *message_body;
  GtkWidget     *list;
};

G_DEFINE_FINAL_TYPE (HanjiFrontMatterForm, hanji_front_matter_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

enum {
  SELECT_SOURCE,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
hanji_front_matter_form_clear_rows (HanjiFrontMatterForm *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  self->n_rows = 0;
}

static void
hanji_front_matter_form_show_message (HanjiFrontMatterForm *self,
                                      const char           *icon_name,
                                      const char           *title,
                                      const char           *body)
{
  gtk_image_set_from_icon_name (GTK_IMAGE (self->message_icon), icon_name);
  gtk_label_set_text (GTK_LABEL (self->message_title), title);
  gtk_label_set_text (GTK_LABEL (self->message_body), body ? body : "");
  gtk_widget_set_visible (self->message_body, body != NULL && body[0] != '\0');
  gtk_widget_set_visible (self->message_box, TRUE);
}

static void
show_in_editor_cb (GtkButton            *button,
                   HanjiFrontMatterForm *self)
{
  gsize offset = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "offset"));
  gsize length = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "length"));

  g_signal_emit (self, signals [SELECT_SOURCE], 0, (guint)offset, (guint)length);
}

static GtkWidget *
create_chip (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
  gtk_widget_add_css_class (label, "hanji-chip");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static GtkWidget *
create_row (HanjiFrontMatterForm *self,
            HanjiField           *field)
{
  g_autofree char *title = g_markup_escape_text (hanji_field_get_key (field), -1);
  const char *text = hanji_field_get_text (field);
  GtkWidget *row = adw_action_row_new ();
  const char *icon_name = "text-x-generic-symbolic";

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_add_css_class (row, "property");
  gtk_widget_add_css_class (row, "hanji-field");

  switch (hanji_field_get_value_type (field))
    {
    case HANJI_VALUE_NULL:
      /* Translators: shown for a front matter field that has no value, like "draft:" */
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Empty"));
      gtk_widget_add_css_class (row, "hanji-empty");
      break;

    case HANJI_VALUE_BOOL:
      {
        GtkWidget *sw = gtk_switch_new ();

        gtk_switch_set_active (GTK_SWITCH (sw), hanji_field_get_boolean (field));
        gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
        gtk_widget_set_sensitive (sw, FALSE);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
        icon_name = "emblem-ok-symbolic";
      }
      break;

    case HANJI_VALUE_DATE:
    case HANJI_VALUE_DATETIME:
      {
        g_autofree char *escaped = g_markup_escape_text (text, -1);

        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
        icon_name = "x-office-calendar-symbolic";
      }
      break;

    case HANJI_VALUE_LIST:
      {
        const char * const *items = hanji_field_get_items (field);
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
        guint n = items ? g_strv_length ((char **)items) : 0;

        for (guint i = 0; i < n && i < MAX_CHIPS; i++)
          gtk_box_append (GTK_BOX (box), create_chip (items[i]));

        if (n > MAX_CHIPS)
          {
            g_autofree char *more = g_strdup_printf (_("+%u"), n - MAX_CHIPS);
            GtkWidget *label = gtk_label_new (more);

            gtk_widget_add_css_class (label, "dim-label");
            gtk_box_append (GTK_BOX (box), label);
          }
        else if (n == 0)
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("No items"));

        gtk_widget_set_tooltip_text (box, text);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
        icon_name = "view-list-bullet-symbolic";
      }
      break;

    case HANJI_VALUE_OTHER:
      {
        GtkWidget *button = gtk_button_new_from_icon_name ("edit-select-all-symbolic");
        gsize offset = 0, length = 0;

        hanji_field_get_value_span (field, &offset, &length);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Nested value, edit it in the text"));
        gtk_widget_set_tooltip_text (button, _("Show in Editor"));
        gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (button, "flat");
        g_object_set_data (G_OBJECT (button), "offset", GSIZE_TO_POINTER (offset));
        g_object_set_data (G_OBJECT (button), "length", GSIZE_TO_POINTER (length));
        g_signal_connect_object (button, "clicked", G_CALLBACK (show_in_editor_cb), self, 0);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        icon_name = "view-more-horizontal-symbolic";
      }
      break;

    case HANJI_VALUE_STRING:
      /* `description: >` with nothing after it reads like `draft:` */
      if (text[0] == '\0')
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Empty"));
          gtk_widget_add_css_class (row, "hanji-empty");
          break;
        }
      G_GNUC_FALLTHROUGH;

    case HANJI_VALUE_INT:
    case HANJI_VALUE_FLOAT:
    default:
      {
        g_autofree char *escaped = g_markup_escape_text (text, -1);

        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      }
      break;
    }

  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);

  return row;
}

static void
hanji_front_matter_form_rebuild (HanjiFrontMatterForm *self)
{
  HanjiFrontMatter *fm;
  const HanjiFrontMatterSplit *split;
  const GError *error;
  g_autofree char *block = NULL;

  g_clear_handle_id (&self->sync_source, g_source_remove);

  if (self->document == NULL)
    {
      g_clear_pointer (&self->last_block, g_free);
      hanji_front_matter_form_clear_rows (self);
      gtk_widget_set_visible (self->message_box, FALSE);
      return;
    }

  fm = hanji_document_get_front_matter (self->document);
  split = hanji_front_matter_get_split (fm);
  error = hanji_front_matter_get_error (fm);

  /* Typing in the body does not touch the form at all. */
  {
    g_autofree char *text = NULL;
    GtkTextIter begin, end;

    gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->document), &begin);
    gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (self->document), &end, split->body_line);
    text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->document), &begin, &end, TRUE);
    block = g_strdup_printf ("%d:%d:%s", split->kind, split->terminated, text);
  }

  if (self->last_block != NULL && g_str_equal (block, self->last_block))
    return;

  g_free (self->last_block);
  self->last_block = g_steal_pointer (&block);

  hanji_front_matter_form_clear_rows (self);
  gtk_widget_set_visible (self->message_box, FALSE);

  if (split->kind == HANJI_FRONT_MATTER_NONE)
    {
      hanji_front_matter_form_show_message (self,
                                            "document-properties-symbolic",
                                            _("No Front Matter"),
                                            _("This post has no front matter block. Add one at the top of the text, between two “---” lines."));
    }
  else if (error != NULL && g_error_matches (error, HANJI_FRONT_MATTER_ERROR, HANJI_FRONT_MATTER_ERROR_READ_ONLY))
    {
      hanji_front_matter_form_show_message (self,
                                            "changes-prevent-symbolic",
                                            _("Front Matter Shown in the Editor"),
                                            error->message);
    }
  else if (error != NULL)
    {
      hanji_front_matter_form_show_message (self,
                                            "dialog-warning-symbolic",
                                            _("Invalid Front Matter"),
                                            error->message);
    }

  for (guint i = 0; i < hanji_front_matter_get_n_fields (fm); i++)
    {
      gtk_list_box_append (GTK_LIST_BOX (self->list),
                           create_row (self, hanji_front_matter_get_field (fm, i)));
      self->n_rows++;
    }

  gtk_widget_set_visible (self->list, self->n_rows > 0);
}

static gboolean
hanji_front_matter_form_sync_timeout (gpointer data)
{
  HanjiFrontMatterForm *self = data;

  self->sync_source = 0;
  hanji_front_matter_form_rebuild (self);

  return G_SOURCE_REMOVE;
}

static void
document_changed_cb (HanjiFrontMatterForm *self,
                     HanjiDocument        *document)
{
  g_clear_handle_id (&self->sync_source, g_source_remove);
  self->sync_source = g_timeout_add (SYNC_DELAY_MSEC, hanji_front_matter_form_sync_timeout, self);
}

static void
hanji_front_matter_form_dispose (GObject *object)
{
  HanjiFrontMatterForm *self = (HanjiFrontMatterForm *)object;

  g_clear_handle_id (&self->sync_source, g_source_remove);
  if (self->document_signals != NULL)
    g_signal_group_set_target (self->document_signals, NULL);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->document);
  g_clear_pointer (&self->last_block, g_free);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);

  G_OBJECT_CLASS (hanji_front_matter_form_parent_class)->dispose (object);
}

static void
hanji_front_matter_form_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  HanjiFrontMatterForm *self = HANJI_FRONT_MATTER_FORM (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_front_matter_form_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  HanjiFrontMatterForm *self = HANJI_FRONT_MATTER_FORM (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      hanji_front_matter_form_set_document (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_front_matter_form_class_init (HanjiFrontMatterFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hanji_front_matter_form_dispose;
  object_class->get_property = hanji_front_matter_form_get_property;
  object_class->set_property = hanji_front_matter_form_set_property;

  properties [PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         HANJI_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Asks the window to select this byte range of the document's text. */
  signals [SELECT_SOURCE] =
    g_signal_new ("select-source",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hanjifrontmatterform");
}

static void
hanji_front_matter_form_init (HanjiFrontMatterForm *self)
{
  GtkWidget *box;
  GtkWidget *clamp;

  self->document_signals = g_signal_group_new (HANJI_TYPE_DOCUMENT);
  g_signal_group_connect_object (self->document_signals, "changed",
                                 G_CALLBACK (document_changed_cb), self,
                                 G_CONNECT_SWAPPED);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), clamp);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  self->heading = gtk_label_new (_("Front Matter"));
  gtk_label_set_xalign (GTK_LABEL (self->heading), 0.0f);
  gtk_widget_add_css_class (self->heading, "heading");
  gtk_box_append (GTK_BOX (box), self->heading);

  self->message_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->message_box, "card");
  gtk_widget_add_css_class (self->message_box, "hanji-form-message");
  gtk_widget_set_visible (self->message_box, FALSE);
  self->message_icon = gtk_image_new ();
  gtk_widget_set_valign (self->message_icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->message_box), self->message_icon);
  {
    GtkWidget *vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

    self->message_title = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->message_title), 0.0f);
    gtk_widget_add_css_class (self->message_title, "heading");
    self->message_body = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->message_body), 0.0f);
    gtk_label_set_wrap (GTK_LABEL (self->message_body), TRUE);
    gtk_label_set_wrap_mode (GTK_LABEL (self->message_body), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_selectable (GTK_LABEL (self->message_body), TRUE);
    gtk_box_append (GTK_BOX (vbox), self->message_title);
    gtk_box_append (GTK_BOX (vbox), self->message_body);
    gtk_box_append (GTK_BOX (self->message_box), vbox);
  }
  gtk_box_append (GTK_BOX (box), self->message_box);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_visible (self->list, FALSE);
  gtk_box_append (GTK_BOX (box), self->list);
}

GtkWidget *
hanji_front_matter_form_new (void)
{
  return g_object_new (HANJI_TYPE_FRONT_MATTER_FORM, NULL);
}

HanjiDocument *
hanji_front_matter_form_get_document (HanjiFrontMatterForm *self)
{
  g_return_val_if_fail (HANJI_IS_FRONT_MATTER_FORM (self), NULL);

  return self->document;
}

void
hanji_front_matter_form_set_document (HanjiFrontMatterForm *self,
                                      HanjiDocument        *document)
{
  g_return_if_fail (HANJI_IS_FRONT_MATTER_FORM (self));
  g_return_if_fail (!document || HANJI_IS_DOCUMENT (document));

  if (!g_set_object (&self->document, document))
    return;

  g_signal_group_set_target (self->document_signals, document);
  g_clear_pointer (&self->last_block, g_free);
  hanji_front_matter_form_rebuild (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DOCUMENT]);
}

guint
hanji_front_matter_form_get_n_rows (HanjiFrontMatterForm *self)
{
  g_return_val_if_fail (HANJI_IS_FRONT_MATTER_FORM (self), 0);

  return self->n_rows;
}

void
hanji_front_matter_form_sync (HanjiFrontMatterForm *self)
{
  g_return_if_fail (HANJI_IS_FRONT_MATTER_FORM (self));

  hanji_front_matter_form_rebuild (self);
}
