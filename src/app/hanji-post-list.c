/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hanji-post-list"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "hanji-post-list.h"

G_DEFINE_ENUM_TYPE (HanjiPostListShow, hanji_post_list_show,
                    G_DEFINE_ENUM_VALUE (HANJI_POST_LIST_SHOW_ALL, "all"),
                    G_DEFINE_ENUM_VALUE (HANJI_POST_LIST_SHOW_DRAFTS, "drafts"),
                    G_DEFINE_ENUM_VALUE (HANJI_POST_LIST_SHOW_PUBLISHED, "published"))

/* Search keys ------------------------------------------------------------ */

/* What a post is matched on, folded once per post (not per keystroke) and
 * kept on the post itself, so that it lives exactly as long as the post.
 * The site updates a post in place when its file changes, and then puts
 * it in the model again: post_list_forget_keys_cb() drops the key there,
 * before the filter model looks at the post. */
typedef struct
{
  /* Title, file name and tags, NFC-normalized and casefolded, one per
   * line so that a search word never matches across two of them. */
  char  *text;
  /* text with each Hangul syllable replaced by its initial consonant
   * (김치 → ㄱㅊ), for 초성 search; NULL when text has no Hangul. */
  char  *initials;
  /* The tags, folded, in the order of hanji_post_get_tags(). */
  char **tags;
} PostKey;

static GQuark post_key_quark;

/* The initial consonants of Hangul syllables, in the order of the
 * syllable block (U+AC00 + (initial × 21 + medial) × 28 + final), as the
 * compatibility jamo a Korean keyboard types (ㄱ is U+3131). */
static const gunichar initial_consonants[19] = {
  0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143,
  0x3145, 0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D,
  0x314E,
};

#define HANGUL_SYLLABLE_FIRST 0xAC00
#define HANGUL_SYLLABLE_LAST  0xD7A3
#define HANGUL_CHOSEONG_FIRST 0x1100
#define HANGUL_CHOSEONG_LAST  0x1112

static gboolean
is_compatibility_consonant (gunichar c)
{
  return c >= 0x3131 && c <= 0x314E;
}

static void
post_key_free (gpointer data)
{
  PostKey *key = data;

  g_free (key->text);
  g_free (key->initials);
  g_strfreev (key->tags);
  g_free (key);
}

/* folded with every Hangul syllable replaced by its initial consonant,
 * or NULL if it has none. */
static char *
initials_of (const char *folded)
{
  GString *out = NULL;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= HANGUL_SYLLABLE_FIRST && c <= HANGUL_SYLLABLE_LAST)
        {
          if (out == NULL)
            {
              out = g_string_sized_new (strlen (folded));
              g_string_append_len (out, folded, p - folded);
            }
          g_string_append_unichar (out, initial_consonants[(c - HANGUL_SYLLABLE_FIRST) / (21 * 28)]);
        }
      else if (out != NULL)
        g_string_append_unichar (out, c);
    }

  return out != NULL ? g_string_free (out, FALSE) : NULL;
}

/* The name a writer knows the post by: a Hugo page bundle's file is
 * always index.md, its folder carries the name. */
static char *
post_dup_file_name (HanjiPost *post)
{
  GFile *file = hanji_post_get_file (post);
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *name = g_filename_display_name (basename);

  if (g_str_has_prefix (basename, "index.") || g_str_has_prefix (basename, "_index."))
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *parent_basename = parent != NULL ? g_file_get_basename (parent) : NULL;

      if (parent_basename != NULL)
        {
          g_autofree char *parent_name = g_filename_display_name (parent_basename);

          return g_strconcat (parent_name, "/", name, NULL);
        }
    }

  return g_steal_pointer (&name);
}

static const PostKey *
post_get_key (HanjiPost *post)
{
  PostKey *key = g_object_get_qdata (G_OBJECT (post), post_key_quark);
  const char * const *tags;
  g_autoptr(GString) text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  g_autofree char *file_name = NULL;
  guint n_tags;

  if (key != NULL)
    return key;

  tags = hanji_post_get_tags (post);
  n_tags = g_strv_length ((char **) tags);

  key = g_new0 (PostKey, 1);
  key->tags = g_new0 (char *, n_tags + 1);

  title = hanji_fold_text (hanji_post_get_title (post));
  file_name = post_dup_file_name (post);
  name = hanji_fold_text (file_name);

  text = g_string_new (title);
  g_string_append_c (text, '\n');
  g_string_append (text, name);
  for (guint i = 0; i < n_tags; i++)
    {
      key->tags[i] = hanji_fold_text (tags[i]);
      g_string_append_c (text, '\n');
      g_string_append (text, key->tags[i]);
    }

  key->initials = initials_of (text->str);
  key->text = g_string_free (g_steal_pointer (&text), FALSE);

  g_object_set_qdata_full (G_OBJECT (post), post_key_quark, key, post_key_free);

  return key;
}

/* One word of the search. */
typedef struct
{
  char     *text;
  /* It has a lone consonant (ㄱ), so it may be a 초성 search. */
  gboolean  initials;
} Token;

static void
token_clear (gpointer data)
{
  Token *token = data;

  g_free (token->text);
}

static gboolean
post_key_matches (const PostKey *key,
                  const Token   *token)
{
  if (strstr (key->text, token->text) != NULL)
    return TRUE;

  return token->initials && key->initials != NULL && strstr (key->initials, token->text) != NULL;
}

/* Tags offered by the tag filter ----------------------------------------- */

#define HANJI_TYPE_POST_LIST_TAG (hanji_post_list_tag_get_type ())
G_DECLARE_FINAL_TYPE (HanjiPostListTag, hanji_post_list_tag, HANJI, POST_LIST_TAG, GObject)

struct _HanjiPostListTag
{
  GObject  parent_instance;

  char    *name; /* as written in the first post that has it; NULL: any tag */
  char    *key;  /* folded */
  guint    count;
  /* While counting: how many posts spell it as name does. */
  guint    name_count;
};

G_DEFINE_FINAL_TYPE (HanjiPostListTag, hanji_post_list_tag, G_TYPE_OBJECT)

enum {
  TAG_PROP_0,
  TAG_PROP_NAME,
  TAG_PROP_COUNT,
  N_TAG_PROPS
};

static GParamSpec *tag_properties [N_TAG_PROPS];

static void
hanji_post_list_tag_finalize (GObject *object)
{
  HanjiPostListTag *self = (HanjiPostListTag *) object;

  g_free (self->name);
  g_free (self->key);

  G_OBJECT_CLASS (hanji_post_list_tag_parent_class)->finalize (object);
}

static void
hanji_post_list_tag_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HanjiPostListTag *self = HANJI_POST_LIST_TAG (object);

  switch (prop_id)
    {
    case TAG_PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case TAG_PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_post_list_tag_class_init (HanjiPostListTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hanji_post_list_tag_finalize;
  object_class->get_property = hanji_post_list_tag_get_property;

  tag_properties [TAG_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  tag_properties [TAG_PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_TAG_PROPS, tag_properties);
}

static void
hanji_post_list_tag_init (HanjiPostListTag *self)
{
}

static HanjiPostListTag *
hanji_post_list_tag_new (const char *name,
                         const char *key,
                         guint       count)
{
  HanjiPostListTag *self = g_object_new (HANJI_TYPE_POST_LIST_TAG, NULL);

  self->name = g_strdup (name);
  self->key = g_strdup (key);
  self->count = count;

  return self;
}

/* The widget ------------------------------------------------------------- */

struct _HanjiPostList
{
  GtkWidget           parent_instance;

  HanjiSite          *site;
  GSignalGroup       *site_signals;
  GSignalGroup       *posts_signals;
  GSignalGroup       *key_signals;
  GtkFilterListModel *filter_model;
  /* The filtered posts as the list view gets them: see
   * hanji_post_list_pace_rows (). */
  GtkSliceListModel  *paced_model;
  guint               pace_tick;
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  GListStore         *tags;
  /* The open post: kept while the filters hide its row, so that the row
   * is selected again when it comes back. */
  GFile              *selected_file;

  char               *search_text;
  char               *search_folded;
  GArray             *tokens;
  HanjiPostListShow   show;
  char               *tag;
  char               *tag_key;

  guint               tags_dirty : 1;
  /* We are putting the text into the search field ourselves. */
  guint               setting_entry : 1;

  /* Template children */
  GtkSearchEntry     *search_entry;
  GtkMenuButton      *filter_button;
  GtkPopover         *filter_popover;
  GtkWidget          *tags_box;
  GtkListView        *tag_list;
  GtkWidget          *chips_box;
  GtkWidget          *show_chip;
  GtkLabel           *show_chip_label;
  GtkWidget          *tag_chip;
  GtkLabel           *tag_chip_label;
  GtkStack           *stack;
  GtkSpinner         *loading_spinner;
  GtkListView        *list_view;
  GtkRevealer        *progress_revealer;
  GtkLabel           *progress_label;
};

G_DEFINE_FINAL_TYPE (HanjiPostList, hanji_post_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SITE,
  PROP_SEARCH_TEXT,
  PROP_SHOW,
  PROP_TAG,
  PROP_SELECTED_FILE,
  N_PROPS
};

enum {
  POST_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static GListModel *
hanji_post_list_get_posts (HanjiPostList *self)
{
  return self->site != NULL ? hanji_site_get_posts (self->site) : NULL;
}

static gboolean
hanji_post_list_is_loading (HanjiPostList *self)
{
  return self->site != NULL && hanji_site_get_loading (self->site);
}

static void
hanji_post_list_update_page (HanjiPostList *self)
{
  GListModel *posts = hanji_post_list_get_posts (self);
  guint n_posts = posts != NULL ? g_list_model_get_n_items (posts) : 0;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  gboolean loading = hanji_post_list_is_loading (self);
  const char *page;

  if (n_posts == 0)
    page = loading ? "loading" : "empty";
  /* While the filter is still at work, rows may yet come. */
  else if (n_shown == 0 && gtk_filter_list_model_get_pending (self->filter_model) == 0)
    page = "no-results";
  else
    page = "posts";

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));

  /* Rows show up as the scan finds them; below them, how far it got.
   * The count moving is the sign of life: a spinner here would redraw
   * every frame, and where drawing is slow (software GL) that keeps the
   * main loop from ever reaching idle, where both the scan's batches and
   * the incremental filter run, so the rows would wait for the scan to
   * end. (The spinner page only shows until the first rows come.) */
  if (loading && n_posts > 0)
    {
      /* Files read so far, which may be more than the posts listed
       * (the model gets them in batches). */
      guint n = MAX (n_posts, hanji_site_get_n_scanned (self->site));
      g_autofree char *count = g_strdup_printf ("%'u", n);
      g_autofree char *text = NULL;

      /* Translators: %s is a number of posts, e.g. “1,234” */
      text = g_strdup_printf (_("Reading posts… %s"), count);
      gtk_label_set_text (self->progress_label, text);
      gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
    }
  else
    gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
}

/* The active filters as chips under the search field, each one click
 * from going away, so a list that looks short always says why. */
static void
hanji_post_list_update_chips (HanjiPostList *self)
{
  gboolean show_visible = self->show != HANJI_POST_LIST_SHOW_ALL;

  if (self->show == HANJI_POST_LIST_SHOW_DRAFTS)
    gtk_label_set_text (self->show_chip_label, _("Drafts"));
  else if (self->show == HANJI_POST_LIST_SHOW_PUBLISHED)
    gtk_label_set_text (self->show_chip_label, _("Published"));
  gtk_widget_set_visible (self->show_chip, show_visible);

  if (self->tag != NULL)
    {
      /* Translators: the tag filter's chip, %s is a tag */
      g_autofree char *text = g_strdup_printf (_("#%s"), self->tag);

      gtk_label_set_text (self->tag_chip_label, text);
    }
  gtk_widget_set_visible (self->tag_chip, self->tag != NULL);

  gtk_widget_set_visible (self->chips_box, show_visible || self->tag != NULL);

  if (show_visible || self->tag != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "hanji-filter-active");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "hanji-filter-active");
}

static gboolean
post_filter_func (gpointer item,
                  gpointer user_data)
{
  HanjiPostList *self = user_data;
  HanjiPost *post = item;
  const PostKey *key;

  switch (self->show)
    {
    case HANJI_POST_LIST_SHOW_DRAFTS:
      if (!hanji_post_get_draft (post))
        return FALSE;
      break;

    case HANJI_POST_LIST_SHOW_PUBLISHED:
      if (hanji_post_get_draft (post))
        return FALSE;
      break;

    case HANJI_POST_LIST_SHOW_ALL:
    default:
      break;
    }

  if (self->tag_key == NULL && self->tokens->len == 0)
    return TRUE;

  key = post_get_key (post);

  if (self->tag_key != NULL && !g_strv_contains ((const char * const *) key->tags, self->tag_key))
    return FALSE;

  for (guint i = 0; i < self->tokens->len; i++)
    if (!post_key_matches (key, &g_array_index (self->tokens, Token, i)))
      return FALSE;

  return TRUE;
}

/* change tells the filter model how the new criteria relate to the old
 * ones: when they are only stricter, it re-checks only the rows it
 * shows; when only looser, only the rows it hides. Either way it works
 * through them in batches at idle time, so that neither a keystroke nor
 * clearing the search stalls the window at 10,000 posts. (A filter that
 * matches everything would let the model skip the function, but then
 * all rows come back in one go, which GtkListView takes tens of
 * milliseconds to absorb.) */
static void
hanji_post_list_refilter (HanjiPostList    *self,
                          GtkFilterChange  change)
{
  gtk_filter_changed (GTK_FILTER (self->filter), change);

  hanji_post_list_update_chips (self);
  hanji_post_list_update_page (self);
}

static void
hanji_post_list_scroll_to (HanjiPostList *self,
                           guint          position)
{
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

/* Selection */

static void
selection_changed_cb (HanjiPostList      *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  HanjiPost *post = gtk_single_selection_get_selected_item (selection);
  GFile *file;

  /* The open post's row went away under a filter: it stays open. */
  if (post == NULL)
    return;

  /* Our own re-selection of the open post, or the post the window opened
   * itself: nothing to open. */
  file = hanji_post_get_file (post);
  if (self->selected_file != NULL && g_file_equal (file, self->selected_file))
    return;

  g_set_object (&self->selected_file, file);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED_FILE]);
  g_signal_emit (self, signals [POST_ACTIVATED], 0, post);
}

/* Rows came (a scan batch, a filter let them through): if the open post
 * is among them, select it again. Only the added range is looked at, so
 * a 10,000-post refilter costs one pass in total. */
static void
selection_items_changed_cb (HanjiPostList *self,
                            guint          position,
                            guint          removed,
                            guint          added,
                            GListModel    *model)
{
  if (self->selected_file == NULL || added == 0 ||
      gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    return;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (model, i);

      if (g_file_equal (hanji_post_get_file (post), self->selected_file))
        {
          gtk_single_selection_set_selected (self->selection, i);
          hanji_post_list_scroll_to (self, i);
          return;
        }
    }
}

/* Rows */

static gboolean
post_row_query_tooltip_cb (GtkWidget   *box,
                           int          x,
                           int          y,
                           gboolean     keyboard_mode,
                           GtkTooltip  *tooltip,
                           GtkListItem *item)
{
  HanjiPost *post = gtk_list_item_get_item (item);
  g_autofree char *file_name = NULL;

  if (post == NULL)
    return FALSE;

  file_name = post_dup_file_name (post);
  gtk_tooltip_set_text (tooltip, file_name);
  return TRUE;
}

static void
post_item_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *meta = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *date = gtk_label_new (NULL);
  GtkWidget *draft = gtk_label_new (_("Draft"));
  GtkWidget *tags = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "hanji-post-row");

  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "hanji-post-title");

  gtk_label_set_xalign (GTK_LABEL (date), 0.0f);
  gtk_widget_add_css_class (date, "caption");
  gtk_widget_add_css_class (date, "dim-label");
  gtk_widget_add_css_class (date, "numeric");

  gtk_widget_add_css_class (draft, "caption");
  gtk_widget_add_css_class (draft, "hanji-draft-badge");
  gtk_widget_set_valign (draft, GTK_ALIGN_CENTER);

  /* Tags take what room is left on the date's line. */
  gtk_label_set_xalign (GTK_LABEL (tags), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (tags), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (tags), TRUE);
  gtk_widget_set_hexpand (tags, TRUE);
  gtk_widget_add_css_class (tags, "caption");
  gtk_widget_add_css_class (tags, "dim-label");
  gtk_widget_add_css_class (tags, "hanji-post-tags");

  gtk_box_append (GTK_BOX (meta), date);
  gtk_box_append (GTK_BOX (meta), draft);
  gtk_box_append (GTK_BOX (meta), tags);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), meta);

  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "date", date);
  g_object_set_data (G_OBJECT (box), "draft", draft);
  g_object_set_data (G_OBJECT (box), "tags", tags);
  gtk_list_item_set_child (item, box);

  /* The file name as a tooltip, asked for when it shows:
   * gtk_widget_set_tooltip_text () at each bind asks the X server where
   * the pointer is, a round trip per row that stalled a 10,000-post
   * load by 130 ms. */
  gtk_widget_set_has_tooltip (box, TRUE);
  g_signal_connect_object (box, "query-tooltip", G_CALLBACK (post_row_query_tooltip_cb), item, 0);
}

static void
post_item_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  HanjiPost *post = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = g_object_get_data (G_OBJECT (box), "title");
  GtkWidget *date = g_object_get_data (G_OBJECT (box), "date");
  GtkWidget *draft = g_object_get_data (G_OBJECT (box), "draft");
  GtkWidget *tags = g_object_get_data (G_OBJECT (box), "tags");
  const char * const *tag_names = hanji_post_get_tags (post);
  GDateTime *dt = hanji_post_get_date (post);
  g_autofree char *date_text = NULL;
  g_autofree char *tags_text = NULL;

  if (dt != NULL)
    /* Translators: date of a post in the post list, see strftime(3) */
    date_text = g_date_time_format (dt, _("%b %-d, %Y"));

  tags_text = g_strjoinv (" · ", (char **) tag_names);

  /* A title from a file name may not be UTF-8. */
  if (g_utf8_validate (hanji_post_get_title (post), -1, NULL))
    gtk_label_set_text (GTK_LABEL (title), hanji_post_get_title (post));
  else
    {
      g_autofree char *valid = g_utf8_make_valid (hanji_post_get_title (post), -1);

      gtk_label_set_text (GTK_LABEL (title), valid);
    }
  gtk_label_set_text (GTK_LABEL (date), date_text ? date_text : _("No date"));
  gtk_widget_set_visible (draft, hanji_post_get_draft (post));
  gtk_label_set_text (GTK_LABEL (tags), tags_text);
  gtk_widget_set_visible (tags, tag_names[0] != NULL);
}

/* The tag filter's popover */

/* Most used first; ties in the reader's alphabetical order. */
static int
compare_tags_cb (gconstpointer a,
                 gconstpointer b)
{
  const HanjiPostListTag *tag_a = *(HanjiPostListTag * const *) a;
  const HanjiPostListTag *tag_b = *(HanjiPostListTag * const *) b;

  if (tag_a->count != tag_b->count)
    return tag_a->count > tag_b->count ? -1 : 1;

  return g_utf8_collate (tag_a->name, tag_b->name);
}

/* The tags of the site's index, with “Programming” in one post and
 * “programming” in ten as one tag, shown as most posts write it (the
 * filter ignores case too). Rebuilt only when the posts changed since,
 * and then in a pass over the tags, not the posts. */
static void
hanji_post_list_ensure_tags (HanjiPostList *self)
{
  GListModel *posts = hanji_post_list_get_posts (self);
  GListModel *index;
  g_autoptr(GHashTable) by_key = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(HanjiPostListTag) any = NULL;
  guint n_posts;
  guint n_tags;

  if (!self->tags_dirty)
    return;
  self->tags_dirty = FALSE;

  by_key = g_hash_table_new (g_str_hash, g_str_equal);
  tags = g_ptr_array_new_with_free_func (g_object_unref);
  n_posts = posts != NULL ? g_list_model_get_n_items (posts) : 0;
  index = self->site != NULL ? hanji_site_get_tags (self->site) : NULL;
  n_tags = index != NULL ? g_list_model_get_n_items (index) : 0;

  for (guint i = 0; i < n_tags; i++)
    {
      g_autoptr(HanjiTag) entry = g_list_model_get_item (index, i);
      const char *name = hanji_tag_get_name (entry);
      guint count = hanji_tag_get_count (entry);
      g_autofree char *key = hanji_fold_text (name);
      HanjiPostListTag *tag;

      if (key[0] == '\0' || count == 0)
        continue;

      tag = g_hash_table_lookup (by_key, key);
      if (tag == NULL)
        {
          tag = hanji_post_list_tag_new (name, key, 0);
          g_hash_table_insert (by_key, tag->key, tag);
          g_ptr_array_add (tags, tag);
        }
      else if (count > tag->name_count)
        {
          g_free (tag->name);
          tag->name = g_strdup (name);
        }

      /* A post that spells it both ways counts twice; rare enough. */
      tag->count += count;
      tag->name_count = MAX (tag->name_count, count);
    }

  g_ptr_array_sort (tags, compare_tags_cb);
  any = hanji_post_list_tag_new (NULL, NULL, n_posts);
  g_ptr_array_insert (tags, 0, g_object_ref (any));

  g_list_store_splice (self->tags, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tags)),
                       tags->pdata, tags->len);
}

static void
tag_item_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");

  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  gtk_box_append (GTK_BOX (box), check);

  g_object_set_data (G_OBJECT (box), "check", check);
  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "count", count);
  gtk_list_item_set_child (item, box);
}

static void
tag_item_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  HanjiPostList            *self)
{
  HanjiPostListTag *tag = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *check = g_object_get_data (G_OBJECT (box), "check");
  GtkWidget *name = g_object_get_data (G_OBJECT (box), "name");
  GtkWidget *count = g_object_get_data (G_OBJECT (box), "count");
  g_autofree char *count_text = g_strdup_printf ("%'u", tag->count);

  gtk_label_set_text (GTK_LABEL (name), tag->name != NULL ? tag->name : _("All Tags"));
  gtk_label_set_text (GTK_LABEL (count), count_text);
  /* Hidden but there, so the counts stay in one column. */
  gtk_widget_set_opacity (check, g_strcmp0 (tag->key, self->tag_key) == 0 ? 1.0 : 0.0);
}

static void
filter_popover_show_cb (HanjiPostList *self,
                        GtkPopover    *popover)
{
  hanji_post_list_ensure_tags (self);
  gtk_widget_set_visible (self->tags_box, g_list_model_get_n_items (G_LIST_MODEL (self->tags)) > 1);

  /* The check marks follow the current tag. */
  gtk_list_view_set_model (self->tag_list, NULL);
  {
    g_autoptr(GtkNoSelection) model = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tags)));

    gtk_list_view_set_model (self->tag_list, GTK_SELECTION_MODEL (model));
  }
}

static void
tag_activate_cb (HanjiPostList *self,
                 guint          position,
                 GtkListView   *list_view)
{
  g_autoptr(HanjiPostListTag) tag = g_list_model_get_item (G_LIST_MODEL (self->tags), position);

  if (tag == NULL)
    return;

  hanji_post_list_set_tag (self, tag->name);
  gtk_popover_popdown (self->filter_popover);
}

static void
tag_chip_clicked_cb (HanjiPostList *self,
                     GtkButton     *button)
{
  hanji_post_list_set_tag (self, NULL);
}

/* Search */

static void
search_changed_cb (HanjiPostList  *self,
                   GtkSearchEntry *entry)
{
  /* Replacing the text deletes the old one first, and an empty field
   * reports at once: that half-way state is not a search. */
  if (self->setting_entry)
    return;

  hanji_post_list_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
stop_search_cb (HanjiPostList  *self,
                GtkSearchEntry *entry)
{
  hanji_post_list_set_search_text (self, "");
}

/* Enter opens the first match. */
static void
search_activate_cb (HanjiPostList  *self,
                    GtkSearchEntry *entry)
{
  g_autoptr(HanjiPost) post = NULL;

  /* The entry's own delay may not have run yet. */
  hanji_post_list_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));

  post = g_list_model_get_item (G_LIST_MODEL (self->selection), 0);
  if (post == NULL)
    return;

  if (self->selected_file != NULL && g_file_equal (hanji_post_get_file (post), self->selected_file))
    g_signal_emit (self, signals [POST_ACTIVATED], 0, post);
  else
    gtk_single_selection_set_selected (self->selection, 0);
}

/* Down from the search field goes to the rows. */
static gboolean
search_key_pressed_cb (HanjiPostList         *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) == 0 &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    return gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);

  return FALSE;
}

/* Escape with the rows focused clears the search; it is left alone
 * (for the window) when there is none. */
static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  HanjiPostList *self = HANJI_POST_LIST (widget);

  if (self->search_text == NULL || self->search_text[0] == '\0')
    return FALSE;

  hanji_post_list_set_search_text (self, "");
  return TRUE;
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  hanji_post_list_focus_search (HANJI_POST_LIST (widget));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  HanjiPostList *self = HANJI_POST_LIST (widget);

  hanji_post_list_set_search_text (self, "");
  hanji_post_list_set_show (self, HANJI_POST_LIST_SHOW_ALL);
  hanji_post_list_set_tag (self, NULL);
}

/* The site */

/* Connected before the filter model, which must not match an edited
 * post against its old title and tags. */
static void
post_list_forget_keys_cb (HanjiPostList *self,
                          guint          position,
                          guint          removed,
                          guint          added,
                          GListModel    *posts)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) post = g_list_model_get_item (posts, i);

      g_object_set_qdata (post, post_key_quark, NULL);
    }
}

static void
posts_items_changed_cb (HanjiPostList *self,
                        guint          position,
                        guint          removed,
                        guint          added,
                        GListModel    *posts)
{
  self->tags_dirty = TRUE;
  hanji_post_list_update_page (self);
}

static void
site_progress_cb (HanjiPostList *self)
{
  hanji_post_list_update_page (self);
}

/* GTK 4.8's list view makes a row widget for up to 200 items at once,
 * about half a millisecond each: a list going from empty (or a few search
 * results) to thousands of posts would hold the main loop for 100 ms. So
 * the list view sees the posts through a slice that grows by this many a
 * frame until it is past the rows GTK makes, then lets everything
 * through. */
#define PACED_ROWS_PER_FRAME 40
#define PACED_ROWS_MAX       240

static gboolean
pace_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  HanjiPostList *self = HANJI_POST_LIST (user_data);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint size = gtk_slice_list_model_get_size (self->paced_model);

  size += PACED_ROWS_PER_FRAME;
  if (size >= PACED_ROWS_MAX)
    size = G_MAXUINT;
  gtk_slice_list_model_set_size (self->paced_model, size);

  if (size == G_MAXUINT || size >= n)
    {
      self->pace_tick = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
hanji_post_list_pace_rows (HanjiPostList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint size = gtk_slice_list_model_get_size (self->paced_model);

  /* Few rows again: the next growth is paced. Shrinking the slice to
   * what the model holds removes nothing. */
  if (n < PACED_ROWS_MAX)
    {
      size = MAX (n, PACED_ROWS_PER_FRAME);
      if (size < gtk_slice_list_model_get_size (self->paced_model))
        gtk_slice_list_model_set_size (self->paced_model, size);
    }

  if (n <= size || self->pace_tick != 0)
    return;

  /* Unseen, the list view makes no rows: nothing to pace. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    {
      gtk_slice_list_model_set_size (self->paced_model, G_MAXUINT);
      return;
    }

  self->pace_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), pace_tick_cb, self, NULL);
}

static void
filter_model_changed_cb (HanjiPostList *self)
{
  hanji_post_list_update_page (self);
}

/* GObject */

static void
hanji_post_list_dispose (GObject *object)
{
  HanjiPostList *self = (HanjiPostList *) object;
  GtkWidget *child;

  if (self->site_signals != NULL)
    g_signal_group_set_target (self->site_signals, NULL);
  if (self->posts_signals != NULL)
    g_signal_group_set_target (self->posts_signals, NULL);
  if (self->key_signals != NULL)
    g_signal_group_set_target (self->key_signals, NULL);

  /* Whoever still holds the models (a test, an accessible) must not
   * reach back into a disposed list. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->pace_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->pace_tick);
      self->pace_tick = 0;
    }
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  if (self->tag_list != NULL)
    gtk_list_view_set_model (self->tag_list, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), HANJI_TYPE_POST_LIST);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->site_signals);
  g_clear_object (&self->posts_signals);
  g_clear_object (&self->key_signals);
  g_clear_object (&self->selection);
  g_clear_object (&self->paced_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->tags);
  g_clear_object (&self->selected_file);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (hanji_post_list_parent_class)->dispose (object);
}

static void
hanji_post_list_finalize (GObject *object)
{
  HanjiPostList *self = (HanjiPostList *) object;

  g_clear_pointer (&self->tokens, g_array_unref);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->search_folded, g_free);
  g_clear_pointer (&self->tag, g_free);
  g_clear_pointer (&self->tag_key, g_free);

  G_OBJECT_CLASS (hanji_post_list_parent_class)->finalize (object);
}

static void
hanji_post_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HanjiPostList *self = HANJI_POST_LIST (object);

  switch (prop_id)
    {
    case PROP_SITE:
      g_value_set_object (value, self->site);
      break;

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, hanji_post_list_get_search_text (self));
      break;

    case PROP_SHOW:
      g_value_set_enum (value, self->show);
      break;

    case PROP_TAG:
      g_value_set_string (value, self->tag);
      break;

    case PROP_SELECTED_FILE:
      g_value_set_object (value, self->selected_file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_post_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HanjiPostList *self = HANJI_POST_LIST (object);

  switch (prop_id)
    {
    case PROP_SITE:
      hanji_post_list_set_site (self, g_value_get_object (value));
      break;

    case PROP_SEARCH_TEXT:
      hanji_post_list_set_search_text (self, g_value_get_string (value));
      break;

    case PROP_SHOW:
      hanji_post_list_set_show (self, g_value_get_enum (value));
      break;

    case PROP_TAG:
      hanji_post_list_set_tag (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hanji_post_list_class_init (HanjiPostListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hanji_post_list_dispose;
  object_class->finalize = hanji_post_list_finalize;
  object_class->get_property = hanji_post_list_get_property;
  object_class->set_property = hanji_post_list_set_property;

  post_key_quark = g_quark_from_static_string ("hanji-post-list-key");

  properties [PROP_SITE] =
    g_param_spec_object ("site", NULL, NULL,
                         HANJI_TYPE_SITE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SHOW] =
    g_param_spec_enum ("show", NULL, NULL,
                       HANJI_TYPE_POST_LIST_SHOW, HANJI_POST_LIST_SHOW_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_TAG] =
    g_param_spec_string ("tag", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SELECTED_FILE] =
    g_param_spec_object ("selected-file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The writer chose this post (click, keyboard, Enter in the search
   * field); not emitted for hanji_post_list_select_file() nor when the
   * list selects the open post again after a filter change. */
  signals [POST_ACTIVATED] =
    g_signal_new ("post-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, HANJI_TYPE_POST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/hanjiapp/Hanji/hanji-post-list.ui");
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, filter_button);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, tags_box);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, tag_list);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, chips_box);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, show_chip);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, show_chip_label);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, tag_chip);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, tag_chip_label);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, stack);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, list_view);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, HanjiPostList, progress_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, tag_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, tag_chip_clicked_cb);

  gtk_widget_class_install_property_action (widget_class, "post-list.show", "show");
  gtk_widget_class_install_action (widget_class, "post-list.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "post-list.clear-filters", NULL, clear_filters_action);

  /* Class bindings fire only while the focus is inside the list, so the
   * editor keeps Ctrl+F for its own search. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "post-list.focus-search", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);

  gtk_widget_class_set_css_name (widget_class, "hanjipostlist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hanji_post_list_init (HanjiPostList *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkListItemFactory) tag_factory = NULL;
  GtkEventController *keys;

  self->tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  g_array_set_clear_func (self->tokens, token_clear);
  self->tags = g_list_store_new (HANJI_TYPE_POST_LIST_TAG);
  self->tags_dirty = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (post_filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  /* Refiltering 10,000 posts is spread over idle time, so typing in the
   * search field never waits for it. */
  gtk_filter_list_model_set_incremental (self->filter_model, TRUE);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "notify::pending",
                           G_CALLBACK (filter_model_changed_cb), self, G_CONNECT_SWAPPED);

  self->paced_model = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                                0, PACED_ROWS_PER_FRAME);
  /* After the slice has taken the change in. */
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (hanji_post_list_pace_rows), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->paced_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (post_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (post_item_bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  /* After the list view's own handler, so that it knows the new rows when
   * the open post is selected and scrolled to. */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  tag_factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (tag_factory, "setup", G_CALLBACK (tag_item_setup_cb), NULL);
  g_signal_connect (tag_factory, "bind", G_CALLBACK (tag_item_bind_cb), self);
  gtk_list_view_set_factory (self->tag_list, tag_factory);

  self->site_signals = g_signal_group_new (HANJI_TYPE_SITE);
  g_signal_group_connect_object (self->site_signals, "notify::loading",
                                 G_CALLBACK (site_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->site_signals, "notify::n-scanned",
                                 G_CALLBACK (site_progress_cb), self, G_CONNECT_SWAPPED);

  self->key_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->key_signals, "items-changed",
                                 G_CALLBACK (post_list_forget_keys_cb), self, G_CONNECT_SWAPPED);

  self->posts_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->posts_signals, "items-changed",
                                 G_CALLBACK (posts_items_changed_cb), self, G_CONNECT_SWAPPED);

  /* Typing while a row has the focus searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));

  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  hanji_post_list_update_chips (self);
  hanji_post_list_update_page (self);
}

GtkWidget *
hanji_post_list_new (void)
{
  return g_object_new (HANJI_TYPE_POST_LIST, NULL);
}

HanjiSite *
hanji_post_list_get_site (HanjiPostList *self)
{
  g_return_val_if_fail (HANJI_IS_POST_LIST (self), NULL);

  return self->site;
}

void
hanji_post_list_set_site (HanjiPostList *self,
                          HanjiSite     *site)
{
  GListModel *posts;

  g_return_if_fail (HANJI_IS_POST_LIST (self));
  g_return_if_fail (site == NULL || HANJI_IS_SITE (site));

  if (self->site == site)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  g_set_object (&self->site, site);
  posts = hanji_post_list_get_posts (self);
  /* Signal handlers run in the order they were connected: stale search
   * keys go before the filter model sees the change, and the page is
   * chosen after it has. */
  g_signal_group_set_target (self->key_signals, posts);
  gtk_filter_list_model_set_model (self->filter_model, posts);
  g_signal_group_set_target (self->site_signals, site);
  g_signal_group_set_target (self->posts_signals, posts);

  /* Another blog: nothing of the last one's search carries over. */
  if (self->selected_file != NULL)
    {
      g_clear_object (&self->selected_file);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED_FILE]);
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  hanji_post_list_set_search_text (self, "");
  hanji_post_list_set_show (self, HANJI_POST_LIST_SHOW_ALL);
  hanji_post_list_set_tag (self, NULL);
  self->tags_dirty = TRUE;

  hanji_post_list_update_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SITE]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
hanji_post_list_get_search_text (HanjiPostList *self)
{
  g_return_val_if_fail (HANJI_IS_POST_LIST (self), NULL);

  return self->search_text != NULL ? self->search_text : "";
}

void
hanji_post_list_set_search_text (HanjiPostList *self,
                                 const char    *text)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  GtkFilterChange change;

  g_return_if_fail (HANJI_IS_POST_LIST (self));

  if (text == NULL)
    text = "";

  if (g_strcmp0 (text, hanji_post_list_get_search_text (self)) == 0)
    return;

  g_free (self->search_text);
  self->search_text = g_strdup (text);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    {
      self->setting_entry = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
      self->setting_entry = FALSE;
    }

  /* Every word must match (in any order): with each word a substring,
   * typing more text only ever narrows the list. */
  folded = hanji_fold_text (text);
  if (self->search_folded != NULL && g_str_has_prefix (folded, self->search_folded))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->search_folded != NULL && g_str_has_prefix (self->search_folded, folded))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_array_set_size (self->tokens, 0);
  words = g_strsplit_set (folded, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      Token token = { NULL, FALSE };
      GString *word;

      if (words[i][0] == '\0')
        continue;

      /* A lone leading consonant from a decomposed query (U+1100…)
       * stands for the one a keyboard types (U+3131…). */
      word = g_string_new (NULL);
      for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c >= HANGUL_CHOSEONG_FIRST && c <= HANGUL_CHOSEONG_LAST)
            c = initial_consonants[c - HANGUL_CHOSEONG_FIRST];
          if (is_compatibility_consonant (c))
            token.initials = TRUE;
          g_string_append_unichar (word, c);
        }
      token.text = g_string_free (word, FALSE);
      g_array_append_val (self->tokens, token);
    }

  g_free (self->search_folded);
  self->search_folded = g_steal_pointer (&folded);

  hanji_post_list_refilter (self, change);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SEARCH_TEXT]);
}

HanjiPostListShow
hanji_post_list_get_show (HanjiPostList *self)
{
  g_return_val_if_fail (HANJI_IS_POST_LIST (self), HANJI_POST_LIST_SHOW_ALL);

  return self->show;
}

void
hanji_post_list_set_show (HanjiPostList     *self,
                          HanjiPostListShow  show)
{
  GtkFilterChange change;

  g_return_if_fail (HANJI_IS_POST_LIST (self));
  g_return_if_fail (show <= HANJI_POST_LIST_SHOW_PUBLISHED);

  if (self->show == show)
    return;

  if (self->show == HANJI_POST_LIST_SHOW_ALL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (show == HANJI_POST_LIST_SHOW_ALL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  self->show = show;
  hanji_post_list_refilter (self, change);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SHOW]);
}

const char *
hanji_post_list_get_tag (HanjiPostList *self)
{
  g_return_val_if_fail (HANJI_IS_POST_LIST (self), NULL);

  return self->tag;
}

void
hanji_post_list_set_tag (HanjiPostList *self,
                         const char    *tag)
{
  GtkFilterChange change;

  g_return_if_fail (HANJI_IS_POST_LIST (self));

  if (tag != NULL && tag[0] == '\0')
    tag = NULL;

  if (g_strcmp0 (self->tag, tag) == 0)
    return;

  if (self->tag == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (tag == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->tag);
  g_free (self->tag_key);
  self->tag = g_strdup (tag);
  self->tag_key = tag != NULL ? hanji_fold_text (tag) : NULL;

  hanji_post_list_refilter (self, change);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TAG]);
}

GFile *
hanji_post_list_get_selected_file (HanjiPostList *self)
{
  g_return_val_if_fail (HANJI_IS_POST_LIST (self), NULL);

  return self->selected_file;
}

void
hanji_post_list_select_file (HanjiPostList *self,
                             GFile         *file)
{
  GListModel *model;
  guint n;

  g_return_if_fail (HANJI_IS_POST_LIST (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (file == NULL || self->selected_file == NULL || !g_file_equal (file, self->selected_file))
    {
      g_set_object (&self->selected_file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED_FILE]);
    }

  if (file == NULL)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      return;
    }

  model = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HanjiPost) post = g_list_model_get_item (model, i);

      if (g_file_equal (hanji_post_get_file (post), file))
        {
          gtk_single_selection_set_selected (self->selection, i);
          hanji_post_list_scroll_to (self, i);
          return;
        }
    }

  /* Not listed (yet): the row of another post must not stay selected;
   * selection_items_changed_cb() selects this one when it comes. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

void
hanji_post_list_focus_search (HanjiPostList *self)
{
  g_return_if_fail (HANJI_IS_POST_LIST (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

GtkListView *
hanji_post_list_get_list_view (HanjiPostList *self)
{
  g_return_val_if_fail (HANJI_IS_POST_LIST (self), NULL);

  return self->list_view;
}

const char *
_hanji_post_list_get_progress (HanjiPostList *self)
{
  g_return_val_if_fail (HANJI_IS_POST_LIST (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->progress_revealer))
    return NULL;

  return gtk_label_get_text (self->progress_label);
}

const char *
_hanji_post_list_get_page (HanjiPostList *self)
{
  g_return_val_if_fail (HANJI_IS_POST_LIST (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkSearchEntry *
_hanji_post_list_get_search_entry (HanjiPostList *self)
{
  g_return_val_if_fail (HANJI_IS_POST_LIST (self), NULL);

  return self->search_entry;
}

GListModel *
_hanji_post_list_get_tag_model (HanjiPostList *self)
{
  g_return_val_if_fail (HANJI_IS_POST_LIST (self), NULL);

  hanji_post_list_ensure_tags (self);
  return G_LIST_MODEL (self->tags);
}

gboolean
_hanji_post_list_get_busy (HanjiPostList *self)
{
  g_return_val_if_fail (HANJI_IS_POST_LIST (self), FALSE);

  return gtk_filter_list_model_get_pending (self->filter_model) > 0 || self->pace_tick != 0;
}
