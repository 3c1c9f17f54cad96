/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-front-matter-edit"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "hanji-front-matter-edit.h"
#include "hanji-test-util.h"

/* Every edit must stay within the edited field's own lines (or be an
 * insertion right before the closing delimiter for a new field); the
 * expected texts below then prove which bytes changed. */
static void
assert_edit_in_field (const char          *before,
                      HanjiFrontMatter    *fm,
                      const char          *key,
                      const HanjiTextEdit *edit)
{
  const HanjiFrontMatterSplit *split = hanji_front_matter_get_split (fm);
  HanjiField *field = hanji_front_matter_lookup (fm, key);
  gsize key_offset, value_offset, value_length;
  gsize first, last;
  const char *nl;

  if (field == NULL)
    {
      if (split->kind == HANJI_FRONT_MATTER_NONE)
        g_assert_cmpuint (edit->offset, ==, split->block_start);
      else
        g_assert_cmpuint (edit->offset, ==, split->content_end);
      g_assert_cmpuint (edit->length, ==, 0);
      return;
    }

  hanji_field_get_key_span (field, &key_offset, NULL);
  hanji_field_get_value_span (field, &value_offset, &value_length);

  first = key_offset;
  while (first > 0 && before[first - 1] != '\n')
    first--;
  nl = strchr (before + value_offset + value_length, '\n');
  last = nl != NULL ? (gsize) (nl - before) + 1 : strlen (before);

  g_assert_cmpuint (edit->offset, >=, first);
  g_assert_cmpuint (edit->offset + edit->length, <=, last);
}

/* Applies the edit, compares with @expected and checks that the result
 * parses with the same keys (less @key when removed). */
static HanjiFrontMatter *
check_edit (const char       *before,
            HanjiFrontMatter *fm,
            const char       *key,
            HanjiTextEdit    *edit,
            GError           *error,
            const char       *expected)
{
  g_autofree char *after = NULL;
  HanjiFrontMatter *result;

  g_assert_no_error (error);
  g_assert_nonnull (edit);
  assert_edit_in_field (before, fm, key, edit);

  after = hanji_text_edit_apply (edit, before, -1);
  g_assert_cmpstr (after, ==, expected);

  result = hanji_front_matter_parse (after, -1);
  g_assert_null (hanji_front_matter_get_error (result));
  hanji_text_edit_free (edit);

  return result;
}

static void
assert_set_string (const char *before,
                   const char *key,
                   const char *value,
                   const char *expected)
{
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (before, -1);
  g_autoptr(HanjiFrontMatter) after = NULL;
  GError *error = NULL;
  HanjiTextEdit *edit = hanji_front_matter_set_string (fm, key, value, &error);
  HanjiField *field;

  after = check_edit (before, fm, key, edit, error, expected);
  field = hanji_front_matter_lookup (after, key);
  g_assert_nonnull (field);
  g_assert_cmpint (hanji_field_get_value_type (field), ==, HANJI_VALUE_STRING);
  g_assert_cmpstr (hanji_field_get_text (field), ==, value);
}

/* set_string ------------------------------------------------------------ */

static void
test_set_string_styles (void)
{
  assert_set_string ("---\ntitle: Hello\ndraft: true\n---\nBody\n", "title", "World",
                     "---\ntitle: World\ndraft: true\n---\nBody\n");
  assert_set_string ("---\ntitle: 'Hello'   # shown\n---\n", "title", "It's",
                     "---\ntitle: 'It''s'   # shown\n---\n");
  assert_set_string ("---\ntitle: \"Hello\"\n---\n", "title", "Say \"hi\"",
                     "---\ntitle: \"Say \\\"hi\\\"\"\n---\n");
  assert_set_string ("---\n# top\ntitle: x # c\ntags: [a]\n---\n", "title", "회고 글",
                     "---\n# top\ntitle: 회고 글 # c\ntags: [a]\n---\n");
}

static void
test_set_string_block_scalars (void)
{
  assert_set_string ("---\ndescription: |\n  one\n  two\ntitle: x\n---\n",
                     "description", "three\nfour\n",
                     "---\ndescription: |\n  three\n  four\ntitle: x\n---\n");
  /* The chomping follows the value's final line break. */
  assert_set_string ("---\ndescription: |\n  one\ntitle: x\n---\n",
                     "description", "no break",
                     "---\ndescription: |-\n  no break\ntitle: x\n---\n");
  assert_set_string ("---\ndescription: |-   # note\n    one\n\n    two\ntitle: x\n---\n",
                     "description", "a\n\nb",
                     "---\ndescription: |-   # note\n    a\n\n    b\ntitle: x\n---\n");
  assert_set_string ("---\ndescription: >-\n  one\n  two\ntitle: x\n---\n",
                     "description", "joined line\nsecond",
                     "---\ndescription: >-\n  joined line\n\n  second\ntitle: x\n---\n");
  assert_set_string ("---\ndescription: >\ntitle: x\n---\n",
                     "description", "Now filled",
                     "---\ndescription: >-\n  Now filled\ntitle: x\n---\n");
  assert_set_string ("---\ndescription: |2\n    indented\ntitle: x\n---\n",
                     "description", "  more\n",
                     "---\ndescription: |2\n    more\ntitle: x\n---\n");
}

static void
test_set_string_quoting (void)
{
  const struct { const char *value; const char *written; } cases[] = {
    { "a: b", "'a: b'" },
    { "#x", "'#x'" },
    { "- x", "'- x'" },
    { "true", "\"true\"" },
    { "FALSE", "\"FALSE\"" },
    { "42", "\"42\"" },
    { "3.5", "\"3.5\"" },
    { ".inf", "\".inf\"" },
    { "null", "\"null\"" },
    { "~", "\"~\"" },
    { "", "\"\"" },
    { "2024-05-18", "\"2024-05-18\"" },
    { " leading", "' leading'" },
    { "it's \"quoted\"", "it's \"quoted\"" },
    { "'quoted'", "'''quoted'''" },
    { "back\\slash", "back\\slash" },
    { "이모지 🎉", "이모지 🎉" },
    { "yes", "yes" },
    { "tab\there", "\"tab\\there\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expected = g_strdup_printf ("---\ntitle: %s\nx: 1\n---\n",
                                                   cases[i].written);

      assert_set_string ("---\ntitle: old\nx: 1\n---\n", "title", cases[i].value, expected);
    }

  /* a new line in a plain field becomes a literal block */
  assert_set_string ("---\ntitle: old\nx: 1\n---\n", "title", "two\nlines",
                     "---\ntitle: |-\n  two\n  lines\nx: 1\n---\n");
  /* and stays escaped in a double-quoted one */
  assert_set_string ("---\ntitle: \"old\"\nx: 1\n---\n", "title", "two\nlines",
                     "---\ntitle: \"two\\nlines\"\nx: 1\n---\n");
}

static void
test_set_string_empty_and_new (void)
{
  assert_set_string ("---\ntitle:\ndraft: true\n---\n", "title", "Filled",
                     "---\ntitle: Filled\ndraft: true\n---\n");
  assert_set_string ("---\ntitle:   # later\n---\n", "title", "Filled",
                     "---\ntitle: Filled   # later\n---\n");
  assert_set_string ("---\ntitle: x\n# trailing comment\n---\nBody\n", "author", "Kim",
                     "---\ntitle: x\n# trailing comment\nauthor: Kim\n---\nBody\n");
  assert_set_string ("---\n---\nBody\n", "title", "New",
                     "---\ntitle: New\n---\nBody\n");
  assert_set_string ("---\ntags:\n  - a\n---\n", "tags", "now text",
                     "---\ntags: now text\n---\n");
  assert_set_string ("---\ntitle: x\n...\nBody\n", "new key", "v",
                     "---\ntitle: x\nnew key: v\n...\nBody\n");
  assert_set_string ("---\ntitle: x\n---\n", "a: b", "v",
                     "---\ntitle: x\n'a: b': v\n---\n");
}

static void
test_set_string_no_front_matter (void)
{
  assert_set_string ("# Hello\n\nBody\n", "title", "Hello",
                     "---\ntitle: Hello\n---\n# Hello\n\nBody\n");
  assert_set_string ("\xEF\xBB\xBFHi\r\nthere\r\n", "title", "Hi",
                     "\xEF\xBB\xBF---\r\ntitle: Hi\r\n---\r\nHi\r\nthere\r\n");
  assert_set_string ("", "title", "Hi", "---\ntitle: Hi\n---\n");
}

static void
test_crlf_and_bom (void)
{
  assert_set_string ("\xEF\xBB\xBF---\r\ntitle: a\r\ndraft: false\r\n---\r\nBody\r\n",
                     "title", "b",
                     "\xEF\xBB\xBF---\r\ntitle: b\r\ndraft: false\r\n---\r\nBody\r\n");
  assert_set_string ("---\r\ntitle: a\r\n---\r\n", "summary", "s",
                     "---\r\ntitle: a\r\nsummary: s\r\n---\r\n");
  assert_set_string ("---\r\ntitle: a\r\n---\r\n", "title", "x\ny",
                     "---\r\ntitle: |-\r\n  x\r\n  y\r\n---\r\n");
  assert_set_string ("---\r\nd: |\r\n  a\r\n---\r\n", "d", "x\ny\n",
                     "---\r\nd: |\r\n  x\r\n  y\r\n---\r\n");
}

/* set_boolean, set_plain, add_empty, remove ------------------------------- */

static void
test_set_boolean (void)
{
  const char *before = "---\ntitle: x\ndraft:\nz: 1\n---\n";
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (before, -1);
  g_autoptr(HanjiFrontMatter) after = NULL;
  GError *error = NULL;
  HanjiTextEdit *edit;

  edit = hanji_front_matter_set_boolean (fm, "draft", TRUE, &error);
  after = check_edit (before, fm, "draft", edit, error, "---\ntitle: x\ndraft: true\nz: 1\n---\n");
  g_assert_true (hanji_field_get_boolean (hanji_front_matter_lookup (after, "draft")));
  g_clear_pointer (&after, hanji_front_matter_unref);

  edit = hanji_front_matter_set_boolean (fm, "published", FALSE, &error);
  after = check_edit (before, fm, "published", edit, error,
                      "---\ntitle: x\ndraft:\nz: 1\npublished: false\n---\n");
  g_clear_pointer (&after, hanji_front_matter_unref);

  {
    const char *b2 = "---\ndraft: 'yes' # c\n---\n";
    g_autoptr(HanjiFrontMatter) fm2 = hanji_front_matter_parse (b2, -1);

    edit = hanji_front_matter_set_boolean (fm2, "draft", FALSE, &error);
    after = check_edit (b2, fm2, "draft", edit, error, "---\ndraft: false # c\n---\n");
  }
}

static void
test_set_plain (void)
{
  const struct { const char *text; const char *written; HanjiValueType type; } cases[] = {
    { "true", "true", HANJI_VALUE_BOOL },
    { "42", "42", HANJI_VALUE_INT },
    { "3.5", "3.5", HANJI_VALUE_FLOAT },
    { "2024-05-18", "2024-05-18", HANJI_VALUE_DATE },
    { "~", "~", HANJI_VALUE_NULL },
    { "hello world", "'hello world'", HANJI_VALUE_STRING },
    { "a: b", "'a: b'", HANJI_VALUE_STRING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *before = "---\nweight: 'old' # c\n---\n";
      g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (before, -1);
      g_autoptr(HanjiFrontMatter) after = NULL;
      g_autofree char *expected = g_strdup_printf ("---\nweight: %s # c\n---\n",
                                                   cases[i].written);
      GError *error = NULL;
      HanjiTextEdit *edit = hanji_front_matter_set_plain (fm, "weight", cases[i].text, &error);

      after = check_edit (before, fm, "weight", edit, error, expected);
      g_assert_cmpint (hanji_field_get_value_type (hanji_front_matter_lookup (after, "weight")),
                       ==, cases[i].type);
    }

  {
    const char *before = "---\nweight: 5\nx: 1\n---\n";
    g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (before, -1);
    g_autoptr(HanjiFrontMatter) after = NULL;
    GError *error = NULL;
    HanjiTextEdit *edit = hanji_front_matter_set_plain (fm, "weight", "", &error);

    after = check_edit (before, fm, "weight", edit, error, "---\nweight:\nx: 1\n---\n");
  }
}

#define NONE_TEXT "Body\n"

static void
test_add_empty (void)
{
  const char *before = "---\ntitle: x\n---\nBody\n";
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (before, -1);
  g_autoptr(HanjiFrontMatter) after = NULL;
  g_autoptr(HanjiFrontMatter) none = hanji_front_matter_parse (NONE_TEXT, -1);
  g_autoptr(GError) failure = NULL;
  GError *error = NULL;
  HanjiTextEdit *edit;

  edit = hanji_front_matter_add_empty (fm, "summary", &error);
  after = check_edit (before, fm, "summary", edit, error,
                      "---\ntitle: x\nsummary:\n---\nBody\n");
  g_assert_cmpint (hanji_field_get_value_type (hanji_front_matter_lookup (after, "summary")),
                   ==, HANJI_VALUE_NULL);

  g_assert_null (hanji_front_matter_add_empty (fm, "title", &failure));
  g_assert_error (failure, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&failure);

  /* Without front matter, the block is started. */
  {
    g_autoptr(HanjiTextEdit) started = hanji_front_matter_add_empty (none, "title", &failure);
    g_autofree char *text = NULL;

    g_assert_no_error (failure);
    g_assert_nonnull (started);
    text = hanji_text_edit_apply (started, NONE_TEXT, -1);
    g_assert_cmpstr (text, ==, "---\ntitle:\n---\n" NONE_TEXT);
  }
}

static void
assert_remove (const char *before,
               const char *key,
               const char *expected)
{
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (before, -1);
  g_autoptr(HanjiFrontMatter) after = NULL;
  GError *error = NULL;
  HanjiTextEdit *edit = hanji_front_matter_remove (fm, key, &error);

  after = check_edit (before, fm, key, edit, error, expected);
  g_assert_null (hanji_front_matter_lookup (after, key));
  g_assert_cmpuint (hanji_front_matter_get_n_fields (after), ==,
                    hanji_front_matter_get_n_fields (fm) - 1);
}

static void
test_remove (void)
{
  const char *before = "---\n# About the post\ntitle: x # the title\ntags:\n  - a\n  - b\n"
                       "description: |\n  text\n\n  more\ndraft: true\n---\nBody\n";
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (before, -1);
  g_autoptr(GError) error = NULL;

  assert_remove (before, "title",
                 "---\n# About the post\ntags:\n  - a\n  - b\n"
                 "description: |\n  text\n\n  more\ndraft: true\n---\nBody\n");
  assert_remove (before, "tags",
                 "---\n# About the post\ntitle: x # the title\n"
                 "description: |\n  text\n\n  more\ndraft: true\n---\nBody\n");
  assert_remove (before, "description",
                 "---\n# About the post\ntitle: x # the title\ntags:\n  - a\n  - b\n"
                 "draft: true\n---\nBody\n");
  assert_remove (before, "draft",
                 "---\n# About the post\ntitle: x # the title\ntags:\n  - a\n  - b\n"
                 "description: |\n  text\n\n  more\n---\nBody\n");
  assert_remove ("---\r\na: 1\r\nb: 2\r\n---\r\n", "a", "---\r\nb: 2\r\n---\r\n");

  g_assert_null (hanji_front_matter_remove (fm, "missing", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Lists ----------------------------------------------------------------- */

static void
assert_set_list (const char         *before,
                 const char         *key,
                 const char * const *items,
                 const char         *expected)
{
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (before, -1);
  g_autoptr(HanjiFrontMatter) after = NULL;
  GError *error = NULL;
  HanjiTextEdit *edit = hanji_front_matter_set_list (fm, key, items, &error);
  HanjiField *field;
  const char * const *got;

  after = check_edit (before, fm, key, edit, error, expected);
  field = hanji_front_matter_lookup (after, key);
  g_assert_cmpint (hanji_field_get_value_type (field), ==, HANJI_VALUE_LIST);
  got = hanji_field_get_items (field);
  g_assert_cmpuint (g_strv_length ((char **) got), ==, g_strv_length ((char **) items));
  for (guint i = 0; items[i] != NULL; i++)
    g_assert_cmpstr (got[i], ==, items[i]);
}

static void
test_set_list_block (void)
{
  const char *before = "---\ntags:\n  - \"one\" # first\n  - two\n  - 'three'\ndraft: true\n---\n";

  assert_set_list (before, "tags", (const char *[]) { "one", "two", "three", "four", NULL },
                   "---\ntags:\n  - \"one\" # first\n  - two\n  - 'three'\n  - four\n"
                   "draft: true\n---\n");
  assert_set_list (before, "tags", (const char *[]) { "three", "one", NULL },
                   "---\ntags:\n  - 'three'\n  - \"one\" # first\ndraft: true\n---\n");
  assert_set_list (before, "tags", (const char *[]) { "two", "true", "a: b", NULL },
                   "---\ntags:\n  - two\n  - \"true\"\n  - 'a: b'\ndraft: true\n---\n");
  assert_set_list (before, "tags", (const char *[]) { NULL },
                   "---\ntags: []\ndraft: true\n---\n");
  assert_set_list ("---\ntags: # mine\n- a\n---\n", "tags", (const char *[]) { "a", "한글", NULL },
                   "---\ntags: # mine\n- a\n- 한글\n---\n");
  assert_set_list ("---\r\ntags:\r\n  - a\r\n---\r\n", "tags", (const char *[]) { "b", "a", NULL },
                   "---\r\ntags:\r\n  - b\r\n  - a\r\n---\r\n");
}

static void
test_set_list_flow (void)
{
  assert_set_list ("---\ntags: [a, \"b\", 'c'] # t\n---\n", "tags",
                   (const char *[]) { "c", "a", "new, item", NULL },
                   "---\ntags: ['c', a, 'new, item'] # t\n---\n");
  assert_set_list ("---\ntags: [ a,b ]\n---\n", "tags",
                   (const char *[]) { "a", "b", "c", NULL },
                   "---\ntags: [ a,b,c ]\n---\n");
  assert_set_list ("---\ntags: [a]\n---\n", "tags", (const char *[]) { NULL },
                   "---\ntags: []\n---\n");
  assert_set_list ("---\ntags: []\n---\n", "tags", (const char *[]) { "x", "2024-05-18", NULL },
                   "---\ntags: [x, \"2024-05-18\"]\n---\n");
}

static void
test_set_list_new (void)
{
  assert_set_list ("---\ntitle: x\n---\n", "tags", (const char *[]) { "a", "b", NULL },
                   "---\ntitle: x\ntags:\n  - a\n  - b\n---\n");
  assert_set_list ("---\ncategories:\n- x\n---\n", "tags", (const char *[]) { "a", NULL },
                   "---\ncategories:\n- x\ntags:\n- a\n---\n");
  assert_set_list ("---\ntitle: x\n---\n", "tags", (const char *[]) { NULL },
                   "---\ntitle: x\ntags: []\n---\n");
  assert_set_list ("---\ntags:\ntitle: x\n---\n", "tags", (const char *[]) { "a", NULL },
                   "---\ntags:\n  - a\ntitle: x\n---\n");
  assert_set_list ("---\ntags: a b # c\ntitle: x\n---\n", "tags", (const char *[]) { "a", "b", NULL },
                   "---\ntags: # c\n  - a\n  - b\ntitle: x\n---\n");
  assert_set_list ("Body\n", "tags", (const char *[]) { "a", NULL },
                   "---\ntags:\n  - a\n---\nBody\n");
}

/* Dates ----------------------------------------------------------------- */

static void
assert_set_datetime (const char *before,
                     GDateTime  *value,
                     gboolean    has_time,
                     const char *expected)
{
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (before, -1);
  g_autoptr(HanjiFrontMatter) after = NULL;
  GError *error = NULL;
  HanjiTextEdit *edit = hanji_front_matter_set_datetime (fm, "date", value, has_time, &error);

  after = check_edit (before, fm, "date", edit, error, expected);
}

static void
test_set_datetime_shapes (void)
{
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  /* 2025-01-02 03:04:05.678901 in Seoul is 2025-01-01 18:04:05 UTC */
  g_autoptr(GDateTime) when = g_date_time_new (kst, 2025, 1, 2, 3, 4, 5.678901);
  g_autoptr(GDateTime) when_local = g_date_time_new (local, 2025, 1, 2, 3, 4, 5.678901);
  const struct { const char *before; const char *after; } zoned[] = {
    { "2024-05-18T23:37:00+09:00", "2025-01-02T03:04:05+09:00" },
    { "2024-05-18T23:37:00+0900", "2025-01-02T03:04:05+0900" },
    { "2024-05-18T23:37:00+09", "2025-01-02T03:04:05+09" },
    { "2024-05-18T23:37:00Z", "2025-01-01T18:04:05Z" },
    { "2024-05-18t23:37:00z", "2025-01-01t18:04:05z" },
    { "2024-05-18 23:37:00 +00:00", "2025-01-01 18:04:05 +00:00" },
    { "2024-05-18T23:37+09:00", "2025-01-02T03:04+09:00" },
    { "2024-05-18T23:37:00.5+09:00", "2025-01-02T03:04:05.6+09:00" },
    { "2024-05-18T23:37:00.123+09:00", "2025-01-02T03:04:05.678+09:00" },
    { "2024-05-18T23:37:00-05:00", "2025-01-01T13:04:05-05:00" },
    { "\"2024-05-18T23:37:00+09:00\"", "\"2025-01-02T03:04:05+09:00\"" },
    { "'2024-05-18 23:37+09:00'", "'2025-01-02 03:04+09:00'" },
  };
  const struct { const char *before; const char *after; } unzoned[] = {
    { "2024-05-18", "2025-01-02" },
    { "\"2024-05-18\"", "\"2025-01-02\"" },
    { "2024-05-18T23:37:00", "2025-01-02T03:04:05" },
    { "2024-05-18 23:37", "2025-01-02 03:04" },
    { "2024-05-18 9:37", "2025-01-02 3:04" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (zoned); i++)
    {
      g_autofree char *before = g_strdup_printf ("---\ndate: %s # d\nx: 1\n---\n", zoned[i].before);
      g_autofree char *expected = g_strdup_printf ("---\ndate: %s # d\nx: 1\n---\n", zoned[i].after);

      assert_set_datetime (before, when, TRUE, expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (unzoned); i++)
    {
      g_autofree char *before = g_strdup_printf ("---\ndate: %s\n---\n", unzoned[i].before);
      g_autofree char *expected = g_strdup_printf ("---\ndate: %s\n---\n", unzoned[i].after);

      assert_set_datetime (before, when_local, TRUE, expected);
    }

  assert_set_datetime ("---\ntitle: x\n---\n", when, TRUE,
                       "---\ntitle: x\ndate: 2025-01-02T03:04:05+09:00\n---\n");
  assert_set_datetime ("---\ntitle: x\n---\n", when_local, FALSE,
                       "---\ntitle: x\ndate: 2025-01-02\n---\n");
  assert_set_datetime ("---\ndate:\n---\n", when, TRUE,
                       "---\ndate: 2025-01-02T03:04:05+09:00\n---\n");
}

/* Anchors and no-ops ---------------------------------------------------- */

static void
test_anchors_kept (void)
{
  assert_set_string ("---\nbase: &b shared\nother: *b\n---\n", "base", "new",
                     "---\nbase: &b new\nother: *b\n---\n");
  assert_set_list ("---\ntags: &t [one, two]\nmore: *t\n---\n", "tags",
                   (const char *[]) { "two", "three", NULL },
                   "---\ntags: &t [two, three]\nmore: *t\n---\n");
  assert_set_list ("---\nauthor: &who\n  name: Kim\neditor: *who\n---\n", "author",
                   (const char *[]) { "a", NULL },
                   "---\nauthor: &who\n  - a\neditor: *who\n---\n");
}

/* Setting a field to the value it already reads as changes nothing. */
static void
test_unchanged (void)
{
  const char *before = "---\ntags:\n- a\n# between\n- b\nnotes: |+\n  kept\n\ns: 'x\ty'\n---\n";
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (before, -1);
  HanjiField *notes = hanji_front_matter_lookup (fm, "notes");
  HanjiTextEdit *edits[3];
  GError *error = NULL;

  edits[0] = hanji_front_matter_set_list (fm, "tags", (const char *[]) { "a", "b", NULL }, &error);
  g_assert_no_error (error);
  edits[1] = hanji_front_matter_set_string (fm, "notes", hanji_field_get_text (notes), &error);
  g_assert_no_error (error);
  edits[2] = hanji_front_matter_set_string (fm, "s", "x\ty", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *after = hanji_text_edit_apply (edits[i], before, -1);

      g_assert_cmpstr (after, ==, before);
      hanji_text_edit_free (edits[i]);
    }
}

/* Errors ---------------------------------------------------------------- */

static void
test_error_position (void)
{
  g_autoptr(HanjiFrontMatter) bad = hanji_front_matter_parse ("---\ntitle: x\n  bad: [\n---\n", -1);
  g_autoptr(HanjiFrontMatter) dup = hanji_front_matter_parse ("---\na: 1\n한: 2\n한: 3\n---\n", -1);
  g_autoptr(HanjiFrontMatter) open = hanji_front_matter_parse ("\n---\n", -1);
  g_autoptr(HanjiFrontMatter) unterminated = hanji_front_matter_parse ("---\na: 1\n", -1);
  g_autoptr(HanjiFrontMatter) toml = hanji_front_matter_parse ("+++\na = 1\n+++\n", -1);
  g_autoptr(HanjiFrontMatter) good = hanji_front_matter_parse ("---\na: 1\n---\n", -1);
  g_autoptr(GError) error = NULL;
  guint line = 0, column = 0;

  g_assert_true (hanji_front_matter_get_error_position (bad, &line, &column));
  g_assert_cmpuint (line, >=, 3);
  g_assert_cmpuint (column, >=, 1);

  g_assert_true (hanji_front_matter_get_error_position (dup, &line, &column));
  g_assert_cmpuint (line, ==, 4);
  g_assert_cmpuint (column, ==, 1);

  g_assert_true (hanji_front_matter_get_error_position (unterminated, &line, &column));
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 1);

  g_assert_false (hanji_front_matter_get_error_position (open, &line, &column));
  g_assert_false (hanji_front_matter_get_error_position (toml, &line, &column));
  g_assert_false (hanji_front_matter_get_error_position (good, &line, &column));

  g_assert_null (hanji_front_matter_set_string (bad, "title", "y", &error));
  g_assert_error (error, HANJI_FRONT_MATTER_ERROR, HANJI_FRONT_MATTER_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_null (hanji_front_matter_set_boolean (toml, "draft", TRUE, &error));
  g_assert_error (error, HANJI_FRONT_MATTER_ERROR, HANJI_FRONT_MATTER_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_null (hanji_front_matter_remove (unterminated, "a", &error));
  g_assert_error (error, HANJI_FRONT_MATTER_ERROR, HANJI_FRONT_MATTER_ERROR_UNTERMINATED);
}

static void
test_text_edit_apply (void)
{
  HanjiTextEdit edit = { 2, 3, (char *) "XY" };
  g_autofree char *a = hanji_text_edit_apply (&edit, "abcdefg", -1);
  g_autofree char *b = hanji_text_edit_apply (&edit, "abcdefg", 6);

  g_assert_cmpstr (a, ==, "abXYfg");
  g_assert_cmpstr (b, ==, "abXYf");
}

int
main (int    argc,
      char **argv)
{
  /* Fixed local zone for dates without a zone. */
  g_setenv ("TZ", "Asia/Seoul", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/front-matter-edit/apply", test_text_edit_apply);
  g_test_add_func ("/front-matter-edit/set-string/styles", test_set_string_styles);
  g_test_add_func ("/front-matter-edit/set-string/block-scalars", test_set_string_block_scalars);
  g_test_add_func ("/front-matter-edit/set-string/quoting", test_set_string_quoting);
  g_test_add_func ("/front-matter-edit/set-string/empty-and-new", test_set_string_empty_and_new);
  g_test_add_func ("/front-matter-edit/set-string/no-front-matter", test_set_string_no_front_matter);
  g_test_add_func ("/front-matter-edit/crlf-and-bom", test_crlf_and_bom);
  g_test_add_func ("/front-matter-edit/set-boolean", test_set_boolean);
  g_test_add_func ("/front-matter-edit/set-plain", test_set_plain);
  g_test_add_func ("/front-matter-edit/add-empty", test_add_empty);
  g_test_add_func ("/front-matter-edit/remove", test_remove);
  g_test_add_func ("/front-matter-edit/set-list/block", test_set_list_block);
  g_test_add_func ("/front-matter-edit/set-list/flow", test_set_list_flow);
  g_test_add_func ("/front-matter-edit/set-list/new", test_set_list_new);
  g_test_add_func ("/front-matter-edit/set-datetime/shapes", test_set_datetime_shapes);
  g_test_add_func ("/front-matter-edit/anchors-kept", test_anchors_kept);
  g_test_add_func ("/front-matter-edit/unchanged", test_unchanged);
  g_test_add_func ("/front-matter-edit/error-position", test_error_position);

  return g_test_run ();
}
