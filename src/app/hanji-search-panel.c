/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-search-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hanji-search-panel.h"

struct _HanjiSearchPanel
{
  GtkWidget           parent_instance;

  HanjiSite          *site;
  GCancellable       *cancellable;
  GListStore         *matches;
  GtkSingleSelection *selection;
  char               *summary;
  guint               busy : 1;

  GtkWidget          *box;
  GtkSearchEntry     *entry;
  GtkLabel           *summary_label;
  GtkStack           *stack;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (HanjiSearchPanel, hanji_search_panel, GTK_TYPE_WIDGET)

enum {
  MATCH_ACTIVATED,
  DISMISS,
  N_SIGNALS
};

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static guint signals [N_SIGNALS];
static GParamSpec *properties [N_PROPS];

static void
hanji_search_panel_set_summary (HanjiSearchPanel *self,
                                const char       *summary)
{
  g_free (self->summary);
  self->summary = g_strdup (summary);
  gtk_label_set_label (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL && summary[0] != '\0');
}

static void
hanji_search_panel_set_busy (HanjiSearchPanel *self,
                             gboolean          busy)
{
  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

static guint
count_posts (GListModel *matches)
{
  g_autoptr(GFile) last = NULL;
  guint n_posts = 0;

  /* Matches come grouped by post. */
  for (guint i = 0; i < g_list_model_get_n_items (matches); i++)
    {
      g_autoptr(HanjiSearchMatch) match = g_list_model_get_item (matches, i);
      GFile *file = hanji_search_match_get_file (match);

      if (last == NULL || !g_file_equal (last, file))
        {
          n_posts++;
          g_set_object (&last, file);
        }
    }

  return n_posts;
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HanjiSearchPanel) self = user_data;
  g_autoptr(GListModel) matches = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gboolean truncated = FALSE;
  guint n_matches, n_posts;

  matches = hanji_site_search_finish (HANJI_SITE (object), result, &truncated, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  hanji_search_panel_set_busy (self, FALSE);

  if (matches == NULL)
    {
      hanji_search_panel_set_summary (self, error->message);
      return;
    }

  n_matches = g_list_model_get_n_items (matches);
  n_posts = count_posts (matches);
  g_list_store_remove_all (self->matches);
  for (guint i = 0; i < n_matches; i++)
    {
      g_autoptr(GObject) match = g_list_model_get_item (matches, i);

      g_list_store_append (self->matches, match);
    }

  if (n_matches == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      hanji_search_panel_set_summary (self, NULL);
      return;
    }

  if (truncated)
    /* Translators: the search stopped after this many */
    summary = g_strdup_printf (_("The first %u matches"), n_matches);
  else
    {
      g_autofree char *in_posts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u post", "in %u posts", n_posts), n_posts);

      /* Translators: "3 matches" "in 2 posts" */
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match %s", "%u matches %s", n_matches),
                                 n_matches, in_posts);
    }

  hanji_search_panel_set_summary (self, summary);
  gtk_stack_set_visible_child_name (self->stack, "results");
}

static void
hanji_search_panel_search (HanjiSearchPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->site == NULL || g_utf8_strlen (text, -1) == 0)
    {
      g_list_store_remove_all (self->matches);
      hanji_search_panel_set_summary (self, NULL);
      hanji_search_panel_set_busy (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "hint");
      return;
    }

  self->cancellable = g_cancellable_new ();
  hanji_search_panel_set_busy (self, TRUE);
  hanji_search_panel_set_summary (self, _("Searching…"));
  hanji_site_search_async (self->site, text, self->cancellable, search_cb, g_object_ref (self));
}

static void
search_changed_cb (HanjiSearchPanel *self)
{
  hanji_search_panel_search (self);
}

static void
entry_activate_cb (HanjiSearchPanel *self)
{
  /* Enter opens the first match, as in the post list. */
  if (!self->busy && g_list_model_get_n_items (G_LIST_MODEL (self->matches)) > 0)
    hanji_search_panel_activate (self, 0);
  else
    hanji_search_panel_search (self);
}

static void
stop_search_cb (HanjiSearchPanel *self)
{
  g_signal_emit (self, signals [DISMISS], 0);
}

static void
list_activate_cb (HanjiSearchPanel *self,
                  guint             position)
{
  hanji_search_panel_activate (self, position);
}

void
hanji_search_panel_activate (HanjiSearchPanel *self,
                             guint             position)
{
  g_autoptr(HanjiSearchMatch) match = NULL;

  g_return_if_fail (HANJI_IS_SEARCH_PANEL (self));

  match = g_list_model_get_item (G_LIST_MODEL (self->matches), position);
  if (match != NULL)
    g_signal_emit (self, signals [MATCH_ACTIVATED], 0, match);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *where = gtk_label_new (NULL);
  GtkWidget *context = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (where, "caption");
  gtk_widget_add_css_class (where, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (context), 0);
  gtk_label_set_wrap (GTK_LABEL (context), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (context), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (context), 2);
  gtk_label_set_ellipsize (GTK_LABEL (context), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), where);
  gtk_box_append (GTK_BOX (box), context);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  HanjiSearchMatch *match = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *where = gtk_widget_get_first_child (box);
  GtkWidget *context_label = gtk_widget_get_next_sibling (where);
  g_autofree char *where_text = NULL;
  g_autofree char *before = NULL;
  g_autofree char *found = NULL;
  g_autofree char *after = NULL;
  g_autofree char *markup = NULL;
  const char *context;
  guint start, length;

  /* Translators: the line of a match and its post's title; the line
   * first, so a long title is what gets cut */
  where_text = g_strdup_printf (_("Line %u · %s"),
                                hanji_search_match_get_line (match),
                                hanji_search_match_get_title (match));
  gtk_label_set_label (GTK_LABEL (where), where_text);

  context = hanji_search_match_get_context (match, &start, &length);
  before = g_markup_escape_text (context, start);
  found = g_markup_escape_text (context + start, length);
  after = g_markup_escape_text (context + start + length, -1);
  markup = g_strdup_printf ("%s<b>%s</b>%s", before, found, after);
  gtk_label_set_markup (GTK_LABEL (context_label), markup);
}

void
hanji_search_panel_set_site (HanjiSearchPanel *self,
                             HanjiSite        *site)
{
  g_return_if_fail (HANJI_IS_SEARCH_PANEL (self));
  g_return_if_fail (site == NULL || HANJI_IS_SITE (site));

  if (!g_set_object (&self->site, site))
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  hanji_search_panel_search (self);
}

void
hanji_search_panel_begin (HanjiSearchPanel *self,
                          const char       *text)
{
  g_return_if_fail (HANJI_IS_SEARCH_PANEL (self));

  if (text != NULL && text[0] != '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
      hanji_search_panel_search (self);
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

GtkEditable *
hanji_search_panel_get_entry (HanjiSearchPanel *self)
{
  g_return_val_if_fail (HANJI_IS_SEARCH_PANEL (self), NULL);

  return GTK_EDITABLE (self->entry);
}

GListModel *
hanji_search_panel_get_matches (HanjiSearchPanel *self)
{
  g_return_val_if_fail (HANJI_IS_SEARCH_PANEL (self), NULL);

  return G_LIST_MODEL (self->matches);
}

gboolean
hanji_search_panel_get_busy (HanjiSearchPanel *self)
{
  g_return_val_if_fail (HANJI_IS_SEARCH_PANEL (self), FALSE);

  return self->busy;
}

const char *
hanji_search_panel_get_summary (HanjiSearchPanel *self)
{
  g_return_val_if_fail (HANJI_IS_SEARCH_PANEL (self), NULL);

  return self->summary ? self->summary : "";
}

GtkWidget *
hanji_search_panel_new (void)
{
  return g_object_new (HANJI_TYPE_SEARCH_PANEL, NULL);
}

static void
hanji_search_panel_dispose (GObject *object)
{
  HanjiSearchPanel *self = HANJI_SEARCH_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANJI_TYPE_SEARCH_PANEL);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->site);
  g_clear_object (&self->selection);
  g_clear_object (&self->matches);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (hanji_search_panel_parent_class)->dispose (object);
}

static void
hanji_search_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HanjiSearchPanel *self = HANJI_SEARCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_search_panel_class_init (HanjiSearchPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hanji_search_panel_dispose;
  object_class->get_property = hanji_search_panel_get_property;

  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [MATCH_ACTIVATED] = g_signal_new ("match-activated", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, HANJI_TYPE_SEARCH_MATCH);
  /* Escape in the entry: back to the post list. */
  signals [DISMISS] = g_signal_new ("dismiss", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hanjiapp/Hanji/hanji-search-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, HanjiSearchPanel, box);
  gtk_widget_class_bind_template_child (widget_class, HanjiSearchPanel, entry);
  gtk_widget_class_bind_template_child (widget_class, HanjiSearchPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HanjiSearchPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, HanjiSearchPanel, list_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hanjisearchpanel");
}

static void
hanji_search_panel_init (HanjiSearchPanel *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->matches = g_list_store_new (HANJI_TYPE_SEARCH_MATCH);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->matches)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  hanji_search_panel_set_summary (self, NULL);
}
