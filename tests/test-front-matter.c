/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-front-matter"

#include "config.h"

#include <string.h>

#include "hanji-front-matter.h"

static char *
span_text (const char *text,
           gsize       offset,
           gsize       length)
{
  return g_strndup (text + offset, length);
}

static void
assert_key_span (const char *text,
                 HanjiField *field,
                 const char *expected)
{
  g_autofree char *got = NULL;
  gsize offset, length;

  hanji_field_get_key_span (field, &offset, &length);
  got = span_text (text, offset, length);
  g_assert_cmpstr (got, ==, expected);
}

static void
assert_value_span (const char *text,
                   HanjiField *field,
                   const char *expected)
{
  g_autofree char *got = NULL;
  gsize offset, length;

  hanji_field_get_value_span (field, &offset, &length);
  got = span_text (text, offset, length);
  g_assert_cmpstr (got, ==, expected);
}

static gsize
offset_of (const char *text,
           const char *needle)
{
  const char *p = strstr (text, needle);

  g_assert_nonnull (p);
  return p - text;
}

/* Split ----------------------------------------------------------------- */

static void
test_split_none (void)
{
  const char *text = "# Hello\n\n---\n\nnot front matter\n";
  HanjiFrontMatterSplit split;

  hanji_front_matter_split (text, -1, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_NONE);
  g_assert_false (split.terminated);
  g_assert_false (split.has_bom);
  g_assert_cmpuint (split.body_start, ==, 0);
  g_assert_cmpuint (split.body_line, ==, 0);

  hanji_front_matter_split ("", 0, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_NONE);
  g_assert_cmpuint (split.body_start, ==, 0);

  /* Four dashes is a thematic break, not a delimiter. */
  hanji_front_matter_split ("----\ntitle: a\n----\n", -1, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_NONE);
}

static void
test_split_yaml (void)
{
  const char *text = "---\ntitle: a\n---\nbody\n";
  HanjiFrontMatterSplit split;

  hanji_front_matter_split (text, -1, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_YAML);
  g_assert_true (split.terminated);
  g_assert_cmpuint (split.block_start, ==, 0);
  g_assert_cmpuint (split.content_start, ==, 4);
  g_assert_cmpuint (split.content_end, ==, 13);
  g_assert_cmpuint (split.body_start, ==, offset_of (text, "body"));
  g_assert_cmpuint (split.body_line, ==, 3);

  /* Trailing blanks after a delimiter are tolerated. */
  hanji_front_matter_split ("--- \ntitle: a\n---\t\nbody", -1, &split);
  g_assert_true (split.terminated);
  g_assert_cmpuint (split.body_line, ==, 3);

  /* Closed at the very end, without a newline. */
  text = "---\ntitle: a\n---";
  hanji_front_matter_split (text, -1, &split);
  g_assert_true (split.terminated);
  g_assert_cmpuint (split.body_start, ==, strlen (text));
}

static void
test_split_dots_closer (void)
{
  const char *text = "---\ntitle: a\n...\nbody\n";
  HanjiFrontMatterSplit split;

  hanji_front_matter_split (text, -1, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_YAML);
  g_assert_true (split.terminated);
  g_assert_cmpuint (split.content_end, ==, offset_of (text, "..."));
  g_assert_cmpuint (split.body_start, ==, offset_of (text, "body"));
}

static void
test_split_crlf (void)
{
  const char *text = "---\r\ntitle: a\r\n---\r\n\r\nbody\r\n";
  HanjiFrontMatterSplit split;

  hanji_front_matter_split (text, -1, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_YAML);
  g_assert_true (split.terminated);
  g_assert_cmpuint (split.content_start, ==, 5);
  g_assert_cmpuint (split.content_end, ==, offset_of (text, "---\r\n\r\n"));
  g_assert_cmpuint (split.body_start, ==, offset_of (text, "\r\nbody"));
  g_assert_cmpuint (split.body_line, ==, 3);
}

static void
test_split_bom (void)
{
  const char *text = "\xEF\xBB\xBF---\ntitle: a\n---\nbody\n";
  HanjiFrontMatterSplit split;

  hanji_front_matter_split (text, -1, &split);
  g_assert_true (split.has_bom);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_YAML);
  g_assert_true (split.terminated);
  g_assert_cmpuint (split.block_start, ==, 3);
  g_assert_cmpuint (split.content_start, ==, 7);
  g_assert_cmpuint (split.body_start, ==, offset_of (text, "body"));

  hanji_front_matter_split ("\xEF\xBB\xBF# Just text\n", -1, &split);
  g_assert_true (split.has_bom);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_NONE);
  g_assert_cmpuint (split.body_start, ==, 3);
}

static void
test_split_unterminated (void)
{
  HanjiFrontMatterSplit split;

  hanji_front_matter_split ("---\ntitle: a\n\nMy words\n", -1, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_YAML);
  g_assert_false (split.terminated);
  g_assert_cmpuint (split.body_start, ==, 0);
  g_assert_cmpuint (split.body_line, ==, 0);

  /* With a BOM the body still starts right after it. */
  hanji_front_matter_split ("\xEF\xBB\xBF---\ntitle: a\n", -1, &split);
  g_assert_false (split.terminated);
  g_assert_cmpuint (split.body_start, ==, 3);

  hanji_front_matter_split ("+++\ntitle = 'a'\n", -1, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_TOML);
  g_assert_false (split.terminated);
  g_assert_cmpuint (split.body_start, ==, 0);
}

static void
test_split_toml (void)
{
  const char *text = "+++\ntitle = \"a\"\ndate = 2024-05-18\n+++\n\nbody\n";
  HanjiFrontMatterSplit split;

  hanji_front_matter_split (text, -1, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_TOML);
  g_assert_true (split.terminated);
  g_assert_cmpuint (split.content_start, ==, 4);
  g_assert_cmpuint (split.content_end, ==, offset_of (text, "+++\n\n"));
  g_assert_cmpuint (split.body_start, ==, offset_of (text, "\nbody"));
  g_assert_cmpuint (split.body_line, ==, 4);
}

static void
test_split_json (void)
{
  /* The brace inside the string must not close the object. */
  const char *text = "{\n  \"title\": \"a } b\",\n  \"tags\": [\"x\"]\n}\nbody\n";
  HanjiFrontMatterSplit split;

  hanji_front_matter_split (text, -1, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_JSON);
  g_assert_true (split.terminated);
  g_assert_cmpuint (split.content_start, ==, 0);
  g_assert_cmpuint (split.content_end, ==, offset_of (text, "\nbody"));
  g_assert_cmpuint (split.body_start, ==, offset_of (text, "body"));
  g_assert_cmpuint (split.body_line, ==, 4);

  /* A Hugo shortcode or Liquid tag is body text, not JSON. */
  hanji_front_matter_split ("{{< figure src=\"a.png\" >}}\n", -1, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_NONE);
  hanji_front_matter_split ("{% raw %}\n", -1, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_NONE);

  hanji_front_matter_split ("{\n  \"title\": \"a\"\n", -1, &split);
  g_assert_cmpint (split.kind, ==, HANJI_FRONT_MATTER_JSON);
  g_assert_false (split.terminated);
  g_assert_cmpuint (split.body_start, ==, 0);
}

/* Parse ----------------------------------------------------------------- */

static const char typed_post[] =
  "---\n"
  "title: Hello, world\n"                    /* 2 */
  "date: 2024-05-18\n"                       /* 3 */
  "lastmod: 2024-05-18T23:37:00\n"           /* 4 */
  "publishDate: 2024-05-18 08:00:00 +09:00\n"/* 5 */
  "draft:\n"                                 /* 6 */
  "weight: 10\n"                             /* 7 */
  "ratio: 1.5\n"                             /* 8 */
  "toc: False\n"                             /* 9 */
  "math: true\n"                             /* 10 */
  "answer: yes\n"                            /* 11 */
  "quoted: \"2024-05-18\"\n"                 /* 12 */
  "nothing: ~\n"                             /* 13 */
  "tags: [go, \"c\", rust]\n"                /* 14 */
  "categories:\n"                            /* 15 */
  "  - notes\n"
  "  - 'life'\n"
  "description: >\n"                         /* 18 */
  "params:\n"                                /* 19 */
  "  cover: a.png\n"
  "---\n"
  "Body\n";

static void
test_parse_types (void)
{
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (typed_post, -1);
  static const struct {
    const char     *key;
    HanjiValueType  type;
    const char     *text;
    guint           line;
  } expected[] = {
    { "title", HANJI_VALUE_STRING, "Hello, world", 2 },
    { "date", HANJI_VALUE_DATE, "2024-05-18", 3 },
    { "lastmod", HANJI_VALUE_DATETIME, "2024-05-18T23:37:00", 4 },
    { "publishDate", HANJI_VALUE_DATETIME, "2024-05-18 08:00:00 +09:00", 5 },
    { "draft", HANJI_VALUE_NULL, "", 6 },
    { "weight", HANJI_VALUE_INT, "10", 7 },
    { "ratio", HANJI_VALUE_FLOAT, "1.5", 8 },
    { "toc", HANJI_VALUE_BOOL, "False", 9 },
    { "math", HANJI_VALUE_BOOL, "true", 10 },
    { "answer", HANJI_VALUE_STRING, "yes", 11 },
    { "quoted", HANJI_VALUE_STRING, "2024-05-18", 12 },
    { "nothing", HANJI_VALUE_NULL, "", 13 },
    { "tags", HANJI_VALUE_LIST, "go, c, rust", 14 },
    { "categories", HANJI_VALUE_LIST, "notes, life", 15 },
    { "description", HANJI_VALUE_STRING, "", 18 },
    { "params", HANJI_VALUE_OTHER, "cover: a.png", 19 },
  };
  const char * const *items;

  g_assert_null (hanji_front_matter_get_error (fm));
  g_assert_cmpuint (hanji_front_matter_get_n_fields (fm), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      HanjiField *field = hanji_front_matter_get_field (fm, i);

      g_test_message ("field %s", expected[i].key);
      g_assert_cmpstr (hanji_field_get_key (field), ==, expected[i].key);
      g_assert_cmpint (hanji_field_get_value_type (field), ==, expected[i].type);
      g_assert_cmpstr (hanji_field_get_text (field), ==, expected[i].text);
      g_assert_cmpuint (hanji_field_get_line (field), ==, expected[i].line);
      assert_key_span (typed_post, field, expected[i].key);
      g_assert_true (hanji_front_matter_lookup (fm, expected[i].key) == field);
    }

  g_assert_false (hanji_field_get_boolean (hanji_front_matter_lookup (fm, "toc")));
  g_assert_true (hanji_field_get_boolean (hanji_front_matter_lookup (fm, "math")));
  g_assert_false (hanji_field_get_boolean (hanji_front_matter_lookup (fm, "answer")));

  items = hanji_field_get_items (hanji_front_matter_lookup (fm, "tags"));
  g_assert_nonnull (items);
  g_assert_cmpstr (items[0], ==, "go");
  g_assert_cmpstr (items[1], ==, "c");
  g_assert_cmpstr (items[2], ==, "rust");
  g_assert_null (items[3]);
  g_assert_null (hanji_field_get_items (hanji_front_matter_lookup (fm, "title")));

  /* Value spans are the source text, quotes and all. */
  assert_value_span (typed_post, hanji_front_matter_lookup (fm, "title"), "Hello, world");
  assert_value_span (typed_post, hanji_front_matter_lookup (fm, "quoted"), "\"2024-05-18\"");
  assert_value_span (typed_post, hanji_front_matter_lookup (fm, "tags"), "[go, \"c\", rust]");
  assert_value_span (typed_post, hanji_front_matter_lookup (fm, "categories"),
                     "- notes\n  - 'life'");
  assert_value_span (typed_post, hanji_front_matter_lookup (fm, "description"), ">");
  assert_value_span (typed_post, hanji_front_matter_lookup (fm, "params"), "cover: a.png");

  g_assert_cmpstr (hanji_front_matter_get_string (fm, "title"), ==, "Hello, world");
  g_assert_cmpstr (hanji_front_matter_get_string (fm, "weight"), ==, "10");
  g_assert_null (hanji_front_matter_get_string (fm, "draft"));
  g_assert_null (hanji_front_matter_get_string (fm, "tags"));
  g_assert_null (hanji_front_matter_get_string (fm, "missing"));
  g_assert_null (hanji_front_matter_lookup (fm, "Title"));
}

static void
test_parse_empty_value_span (void)
{
  const char *text = "---\ndraft:\nnext: 1\n---\n";
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (text, -1);
  HanjiField *draft = hanji_front_matter_lookup (fm, "draft");
  gsize offset, length;

  g_assert_nonnull (draft);
  g_assert_cmpint (hanji_field_get_value_type (draft), ==, HANJI_VALUE_NULL);
  g_assert_false (hanji_field_get_boolean (draft));
  hanji_field_get_value_span (draft, &offset, &length);
  /* An empty span right after the colon. */
  g_assert_cmpuint (offset, ==, offset_of (text, "draft:") + strlen ("draft:"));
  g_assert_cmpuint (length, ==, 0);
}

static void
test_parse_datetime (void)
{
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (typed_post, -1);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) zoned = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) expected_local = g_date_time_new_local (2024, 5, 18, 23, 37, 0);

  local = hanji_field_dup_datetime (hanji_front_matter_lookup (fm, "lastmod"));
  g_assert_nonnull (local);
  g_assert_cmpint (g_date_time_get_year (local), ==, 2024);
  g_assert_cmpint (g_date_time_get_month (local), ==, 5);
  g_assert_cmpint (g_date_time_get_day_of_month (local), ==, 18);
  g_assert_cmpint (g_date_time_get_hour (local), ==, 23);
  g_assert_cmpint (g_date_time_get_minute (local), ==, 37);
  /* No zone written: that wall-clock time in the local zone. */
  g_assert_true (g_date_time_equal (local, expected_local));
  g_assert_cmpint (g_date_time_get_utc_offset (local), ==,
                   g_date_time_get_utc_offset (expected_local));
  /* main() pins TZ to Seoul so "local" differs from UTC here. */
  g_assert_cmpint (g_date_time_get_utc_offset (local) / G_USEC_PER_SEC, ==, 9 * 3600);

  zoned = hanji_field_dup_datetime (hanji_front_matter_lookup (fm, "publishDate"));
  g_assert_nonnull (zoned);
  g_assert_cmpint (g_date_time_get_utc_offset (zoned) / G_USEC_PER_SEC, ==, 9 * 3600);
  g_assert_cmpint (g_date_time_to_unix (zoned), ==, 1715986800);

  date = hanji_field_dup_datetime (hanji_front_matter_lookup (fm, "quoted"));
  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_get_hour (date), ==, 0);
  g_assert_cmpint (g_date_time_get_day_of_month (date), ==, 18);

  g_assert_null (hanji_field_dup_datetime (hanji_front_matter_lookup (fm, "title")));
  g_assert_null (hanji_field_dup_datetime (hanji_front_matter_lookup (fm, "weight")));
}

static void
test_parse_timestamp_shapes (void)
{
  static const struct {
    const char     *value;
    HanjiValueType  type;
  } cases[] = {
    { "2024-05-18T23:37", HANJI_VALUE_DATETIME },
    { "2024-05-18T23:37:00Z", HANJI_VALUE_DATETIME },
    { "2024-05-18T23:37:00.250+09:00", HANJI_VALUE_DATETIME },
    { "2024-05-18 23:37:00 +0900", HANJI_VALUE_DATETIME },
    { "2024-02-30", HANJI_VALUE_STRING },
    { "2024-05-18T25:00", HANJI_VALUE_STRING },
    { "2024-5-18", HANJI_VALUE_STRING },
    { "0x1F", HANJI_VALUE_INT },
    { "-12", HANJI_VALUE_INT },
    { "1e3", HANJI_VALUE_FLOAT },
    { ".inf", HANJI_VALUE_FLOAT },
    { "NULL", HANJI_VALUE_NULL },
    { "on", HANJI_VALUE_STRING },
    { "1.2.3", HANJI_VALUE_STRING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("---\nv: %s\n---\n", cases[i].value);
      g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (text, -1);
      HanjiField *field = hanji_front_matter_lookup (fm, "v");

      g_test_message ("value %s", cases[i].value);
      g_assert_nonnull (field);
      g_assert_cmpint (hanji_field_get_value_type (field), ==, cases[i].type);
    }
}

static void
test_parse_korean (void)
{
  const char *text =
    "---\n"
    "title: \"회고 글\"\n"
    "tags:\n"
    "  - 한국어\n"
    "  - 글쓰기\n"
    "제목: 서울의 봄 # 주석\n"
    "마지막: 끝\n"
    "---\n"
    "본문\n";
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (text, -1);
  HanjiField *field;
  gsize offset, length;

  g_assert_null (hanji_front_matter_get_error (fm));
  g_assert_cmpuint (hanji_front_matter_get_n_fields (fm), ==, 4);

  field = hanji_front_matter_get_field (fm, 0);
  g_assert_cmpstr (hanji_field_get_text (field), ==, "회고 글");
  assert_value_span (text, field, "\"회고 글\"");

  /* libyaml would put `tags` at character 18 (14 inside the block);
   * in bytes it is 24: the Hangul before it takes 3 bytes a syllable. */
  field = hanji_front_matter_get_field (fm, 1);
  hanji_field_get_key_span (field, &offset, &length);
  g_assert_cmpuint (offset, ==, 24);
  g_assert_cmpuint (length, ==, 4);
  assert_key_span (text, field, "tags");
  assert_value_span (text, field, "- 한국어\n  - 글쓰기");
  g_assert_cmpstr (hanji_field_get_items (field)[1], ==, "글쓰기");

  field = hanji_front_matter_get_field (fm, 2);
  assert_key_span (text, field, "제목");
  assert_value_span (text, field, "서울의 봄");
  g_assert_cmpstr (hanji_field_get_text (field), ==, "서울의 봄");
  g_assert_cmpuint (hanji_field_get_line (field), ==, 6);

  field = hanji_front_matter_lookup (fm, "마지막");
  g_assert_nonnull (field);
  assert_key_span (text, field, "마지막");
  assert_value_span (text, field, "끝");
  g_assert_cmpuint (hanji_field_get_line (field), ==, 7);
}

static void
test_parse_crlf_bom (void)
{
  const char *text = "\xEF\xBB\xBF---\r\ntitle: 안녕\r\ndraft: true\r\n---\r\nbody\r\n";
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (text, -1);
  HanjiField *field;

  g_assert_null (hanji_front_matter_get_error (fm));
  g_assert_cmpuint (hanji_front_matter_get_n_fields (fm), ==, 2);

  field = hanji_front_matter_get_field (fm, 0);
  g_assert_cmpstr (hanji_field_get_text (field), ==, "안녕");
  assert_key_span (text, field, "title");
  assert_value_span (text, field, "안녕");

  field = hanji_front_matter_get_field (fm, 1);
  assert_key_span (text, field, "draft");
  g_assert_true (hanji_field_get_boolean (field));
  g_assert_cmpuint (hanji_field_get_line (field), ==, 3);
}

static void
test_parse_empty_block (void)
{
  g_autoptr(HanjiFrontMatter) empty = hanji_front_matter_parse ("---\n---\nbody\n", -1);
  g_autoptr(HanjiFrontMatter) comments = hanji_front_matter_parse ("---\n# just a note\n\n---\n", -1);
  g_autoptr(HanjiFrontMatter) none = hanji_front_matter_parse ("# Title\n", -1);

  g_assert_null (hanji_front_matter_get_error (empty));
  g_assert_cmpuint (hanji_front_matter_get_n_fields (empty), ==, 0);
  g_assert_null (hanji_front_matter_get_error (comments));
  g_assert_cmpuint (hanji_front_matter_get_n_fields (comments), ==, 0);
  g_assert_null (hanji_front_matter_get_error (none));
  g_assert_cmpint (hanji_front_matter_get_split (none)->kind, ==, HANJI_FRONT_MATTER_NONE);
}

static void
assert_error (const char *text,
              int         code,
              const char *position)
{
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (text, -1);
  const GError *error = hanji_front_matter_get_error (fm);

  g_assert_error ((GError *) error, HANJI_FRONT_MATTER_ERROR, code);
  g_test_message ("message: %s", error->message);
  if (position != NULL)
    g_assert_nonnull (strstr (error->message, position));
  g_assert_cmpuint (hanji_front_matter_get_n_fields (fm), ==, 0);
}

static void
test_parse_errors (void)
{
  /* `bar: baz` can not be a value: the second colon is on line 3, col 9 */
  assert_error ("---\ntitle: a\nfoo: bar: baz\n---\n",
                HANJI_FRONT_MATTER_ERROR_SYNTAX, "line 3, column 9");
  /* columns count characters, not bytes */
  assert_error ("---\n제목: 값: x\n---\n",
                HANJI_FRONT_MATTER_ERROR_SYNTAX, "line 2, column 6");
  /* and lines count in the whole file, after a BOM */
  assert_error ("\xEF\xBB\xBF---\nok: 1\n\nfoo: bar: baz\n---\n",
                HANJI_FRONT_MATTER_ERROR_SYNTAX, "line 4, column 9");
  assert_error ("---\ntitle: \"unclosed\n---\n",
                HANJI_FRONT_MATTER_ERROR_SYNTAX, "line ");
}

static void
test_parse_duplicate_key (void)
{
  assert_error ("---\ntitle: a\ndate: 2024-01-01\ntitle: b\n---\n",
                HANJI_FRONT_MATTER_ERROR_DUPLICATE_KEY, "line 4, column 1");
}

static void
test_parse_not_mapping (void)
{
  assert_error ("---\n- a\n- b\n---\n",
                HANJI_FRONT_MATTER_ERROR_NOT_MAPPING, "line 2, column 1");
  assert_error ("---\njust a sentence\n---\n",
                HANJI_FRONT_MATTER_ERROR_NOT_MAPPING, "line 2, column 1");
}

static void
test_parse_read_only (void)
{
  g_autoptr(HanjiFrontMatter) toml = hanji_front_matter_parse ("+++\ntitle = \"a\"\n+++\n", -1);
  g_autoptr(HanjiFrontMatter) json = hanji_front_matter_parse ("{\n\"title\": \"a\"\n}\n", -1);

  g_assert_error ((GError *) hanji_front_matter_get_error (toml),
                  HANJI_FRONT_MATTER_ERROR, HANJI_FRONT_MATTER_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (hanji_front_matter_get_error (toml)->message, "TOML"));
  g_assert_error ((GError *) hanji_front_matter_get_error (json),
                  HANJI_FRONT_MATTER_ERROR, HANJI_FRONT_MATTER_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (hanji_front_matter_get_error (json)->message, "JSON"));
}

static void
test_parse_unterminated (void)
{
  assert_error ("---\ntitle: a\n\nMy words\n",
                HANJI_FRONT_MATTER_ERROR_UNTERMINATED, "line 1, column 1");
}

static void
test_parse_invalid_utf8 (void)
{
  assert_error ("---\ntitle: \xff\xfe\n---\n",
                HANJI_FRONT_MATTER_ERROR_SYNTAX, "line 2, column 8");
  /* A truncated sequence at the very end of the block. */
  assert_error ("---\ntitle: \xed\x95\n---\n",
                HANJI_FRONT_MATTER_ERROR_SYNTAX, "line 2");
}

static void
test_parse_aliases (void)
{
  const char *text =
    "---\n"
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: *d\n"
    "---\n";
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (text, -1);
  HanjiField *field;

  g_assert_null (hanji_front_matter_get_error (fm));
  g_assert_cmpuint (hanji_front_matter_get_n_fields (fm), ==, 5);

  field = hanji_front_matter_lookup (fm, "a");
  g_assert_cmpint (hanji_field_get_value_type (field), ==, HANJI_VALUE_LIST);
  assert_value_span (text, field, "&a [x, x, x, x, x, x, x, x, x]");

  /* Aliases are recorded as written, never expanded. */
  field = hanji_front_matter_lookup (fm, "d");
  g_assert_cmpint (hanji_field_get_value_type (field), ==, HANJI_VALUE_OTHER);
  g_assert_cmpstr (hanji_field_get_text (field), ==, "&d [*c, *c, *c, *c, *c, *c, *c, *c, *c]");

  field = hanji_front_matter_lookup (fm, "e");
  g_assert_cmpint (hanji_field_get_value_type (field), ==, HANJI_VALUE_OTHER);
  g_assert_cmpstr (hanji_field_get_text (field), ==, "*d");
}

static void
test_parse_block_scalars (void)
{
  const char *text =
    "---\n"
    "summary: |\n"
    "  line one\n"
    "  line two\n"
    "\n"
    "folded: >-\n"
    "  a\n"
    "  b\n"
    "after: 1\n"
    "---\n";
  g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (text, -1);
  HanjiField *field;

  g_assert_null (hanji_front_matter_get_error (fm));

  field = hanji_front_matter_lookup (fm, "summary");
  g_assert_cmpstr (hanji_field_get_text (field), ==, "line one\nline two\n");
  assert_value_span (text, field, "|\n  line one\n  line two");

  field = hanji_front_matter_lookup (fm, "folded");
  g_assert_cmpstr (hanji_field_get_text (field), ==, "a b");

  field = hanji_front_matter_lookup (fm, "after");
  g_assert_cmpuint (hanji_field_get_line (field), ==, 9);
  assert_value_span (text, field, "1");
}

static void
test_parse_refcount (void)
{
  HanjiFrontMatter *fm = hanji_front_matter_parse ("---\na: 1\n---\n", -1);
  HanjiFrontMatter *ref = hanji_front_matter_ref (fm);

  g_assert_true (ref == fm);
  hanji_front_matter_unref (fm);
  g_assert_cmpuint (hanji_front_matter_get_n_fields (ref), ==, 1);
  hanji_front_matter_unref (ref);
}

/* Hostile front matter: a billion-laughs alias bomb is read without
 * expanding anything; collections nested deeper than any post's are an
 * error at once (libyaml alone takes seconds on them), not a hang. */
static void
test_parse_hostile (void)
{
  g_autoptr(GString) bomb = g_string_new ("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
  g_autoptr(GString) flow = g_string_new ("---\ntitle: Deep\nx: ");
  g_autoptr(GString) block = g_string_new ("---\ntitle: Deep\n");
  g_autoptr(GString) fine = g_string_new ("---\ntitle: Fine\nx: ");
  const char *names = "abcdefghi";

  for (guint i = 1; i < 9; i++)
    {
      g_string_append_printf (bomb, "%c: &%c [", names[i], names[i]);
      for (guint j = 0; j < 9; j++)
        g_string_append_printf (bomb, "%s*%c", j ? "," : "", names[i - 1]);
      g_string_append (bomb, "]\n");
    }
  g_string_append (bomb, "title: Bomb\n---\nbody\n");
  {
    g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (bomb->str, bomb->len);

    g_assert_null (hanji_front_matter_get_error (fm));
    g_assert_cmpstr (hanji_front_matter_get_string (fm, "title"), ==, "Bomb");
  }

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (flow, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (flow, ']');
  g_string_append (flow, "\n---\nbody\n");
  for (guint i = 0; i < 200; i++)
    {
      for (guint j = 0; j < i; j++)
        g_string_append (block, " ");
      g_string_append_printf (block, "k%u:\n", i);
    }
  g_string_append (block, "---\nbody\n");

  {
    g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (flow->str, flow->len);
    const GError *error = hanji_front_matter_get_error (fm);

    g_assert_error ((GError *) error, HANJI_FRONT_MATTER_ERROR, HANJI_FRONT_MATTER_ERROR_SYNTAX);
    g_assert_nonnull (strstr (error->message, "nested"));
  }
  {
    g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (block->str, block->len);

    g_assert_nonnull (hanji_front_matter_get_error (fm));
  }

  /* Real nesting, a few levels, with brackets in quotes and comments. */
  g_string_append (fine, "[[1, \"[[[[\"], {a: [2]}]  # [[[[[\n---\n");
  {
    g_autoptr(HanjiFrontMatter) fm = hanji_front_matter_parse (fine->str, fine->len);

    g_assert_null (hanji_front_matter_get_error (fm));
  }
}

int
main (int    argc,
      char **argv)
{
  /* A zone without DST and far from UTC, so that a datetime wrongly read
   * as UTC (or the other way round) fails the tests. */
  g_setenv ("TZ", "Asia/Seoul", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/front-matter/split/none", test_split_none);
  g_test_add_func ("/front-matter/split/yaml", test_split_yaml);
  g_test_add_func ("/front-matter/split/dots-closer", test_split_dots_closer);
  g_test_add_func ("/front-matter/split/crlf", test_split_crlf);
  g_test_add_func ("/front-matter/split/bom", test_split_bom);
  g_test_add_func ("/front-matter/split/unterminated", test_split_unterminated);
  g_test_add_func ("/front-matter/split/toml", test_split_toml);
  g_test_add_func ("/front-matter/split/json", test_split_json);
  g_test_add_func ("/front-matter/parse/types", test_parse_types);
  g_test_add_func ("/front-matter/parse/empty-value-span", test_parse_empty_value_span);
  g_test_add_func ("/front-matter/parse/datetime", test_parse_datetime);
  g_test_add_func ("/front-matter/parse/timestamp-shapes", test_parse_timestamp_shapes);
  g_test_add_func ("/front-matter/parse/korean", test_parse_korean);
  g_test_add_func ("/front-matter/parse/crlf-bom", test_parse_crlf_bom);
  g_test_add_func ("/front-matter/parse/empty-block", test_parse_empty_block);
  g_test_add_func ("/front-matter/parse/errors", test_parse_errors);
  g_test_add_func ("/front-matter/parse/duplicate-key", test_parse_duplicate_key);
  g_test_add_func ("/front-matter/parse/not-mapping", test_parse_not_mapping);
  g_test_add_func ("/front-matter/parse/read-only", test_parse_read_only);
  g_test_add_func ("/front-matter/parse/unterminated", test_parse_unterminated);
  g_test_add_func ("/front-matter/parse/invalid-utf8", test_parse_invalid_utf8);
  g_test_add_func ("/front-matter/parse/aliases", test_parse_aliases);
  g_test_add_func ("/front-matter/parse/block-scalars", test_parse_block_scalars);
  g_test_add_func ("/front-matter/parse/refcount", test_parse_refcount);
  g_test_add_func ("/front-matter/parse/hostile", test_parse_hostile);

  return g_test_run ();
}
