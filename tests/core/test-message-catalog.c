/* test-message-catalog.c: ImcMessageCatalog reads .mo files in either
 * byte order, and refuses truncated or damaged ones without reading
 * outside them (run it under valgrind: --setup valgrind). */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "imc-core.h"

#define MO_MAGIC 0x950412deU

typedef struct {
  const char *key;
  gsize       key_length;     /* may include NULs: plural entries */
  const char *value;
  gsize       value_length;
} Entry;

#define ENTRY(k, v) { k, sizeof (k) - 1, v, sizeof (v) - 1 }

static const Entry entries[] = {
  ENTRY ("", "Project-Id-Version: test\nContent-Type: text/plain; charset=UTF-8\n"
             "Plural-Forms: nplurals=1; plural=0;\n"),
  ENTRY ("Open", "打开"),
  ENTRY ("menu\004Open", "打开菜单"),
  ENTRY ("%d app\0%d apps", "%d 个应用"),
  ENTRY ("Untranslated", ""),
  ENTRY ("The parameter “%s” is missing.", "缺少参数“%s”。"),
};

static void
put_u32 (GByteArray *out,
         guint32     value,
         gboolean    big_endian)
{
  guint32 raw = big_endian ? GUINT32_TO_BE (value) : GUINT32_TO_LE (value);

  g_byte_array_append (out, (const guint8 *) &raw, sizeof raw);
}

/* A .mo file as msgfmt lays it out: header, the two tables, the
 * originals, the translations; the file ends with a string's NUL. */
static GBytes *
write_mo (const Entry *list,
          guint        n,
          gboolean     big_endian)
{
  GByteArray *out = g_byte_array_new ();
  guint32 offset = 28 + 16 * n;

  put_u32 (out, MO_MAGIC, big_endian);
  put_u32 (out, 0, big_endian);
  put_u32 (out, n, big_endian);
  put_u32 (out, 28, big_endian);
  put_u32 (out, 28 + 8 * n, big_endian);
  put_u32 (out, 0, big_endian);          /* no hash table */
  put_u32 (out, offset, big_endian);
  for (guint i = 0; i < n; i++)
    {
      put_u32 (out, list[i].key_length, big_endian);
      put_u32 (out, offset, big_endian);
      offset += list[i].key_length + 1;
    }
  for (guint i = 0; i < n; i++)
    {
      put_u32 (out, list[i].value_length, big_endian);
      put_u32 (out, offset, big_endian);
      offset += list[i].value_length + 1;
    }
  for (guint i = 0; i < n; i++)
    g_byte_array_append (out, (const guint8 *) list[i].key, list[i].key_length + 1);
  for (guint i = 0; i < n; i++)
    g_byte_array_append (out, (const guint8 *) list[i].value, list[i].value_length + 1);
  g_assert_cmpuint (out->len, ==, offset);

  return g_byte_array_free_to_bytes (out);
}

static GBytes *
valid_mo (void)
{
  return write_mo (entries, G_N_ELEMENTS (entries), FALSE);
}

/* Where entry @index of the table at @table (12: originals, 16:
 * translations) keeps its length (+0) and offset (+4). */
static gsize
entry_at (int   table,
          guint index)
{
  return (table == 12 ? 28 : 28 + 8 * G_N_ELEMENTS (entries)) + 8 * index;
}

static void
assert_refused (GBytes     *bytes,
                const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcMessageCatalog) catalog = imc_message_catalog_new_from_bytes (bytes, &error);

  if (catalog != NULL)
    g_error ("a catalog with %s was accepted", what);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* A copy of the valid file with the 32-bit little-endian word at @offset
 * set to @value. */
static GBytes *
with_u32 (gsize   offset,
          guint32 value)
{
  g_autoptr(GBytes) valid = valid_mo ();
  gsize size;
  guint8 *data = g_bytes_unref_to_data (g_steal_pointer (&valid), &size);
  guint32 raw = GUINT32_TO_LE (value);

  g_assert_cmpuint (offset + 4, <=, size);
  memcpy (data + offset, &raw, sizeof raw);
  return g_bytes_new_take (data, size);
}

static guint32
u32_at (GBytes *bytes,
        gsize   offset)
{
  guint32 raw;

  memcpy (&raw, (const guint8 *) g_bytes_get_data (bytes, NULL) + offset, sizeof raw);
  return GUINT32_FROM_LE (raw);
}

static void
assert_lookups (ImcMessageCatalog *catalog)
{
  g_assert_cmpstr (imc_message_catalog_lookup (catalog, NULL, "Open"), ==, "打开");
  g_assert_cmpstr (imc_message_catalog_lookup (catalog, "menu", "Open"), ==, "打开菜单");
  g_assert_cmpstr (imc_message_catalog_lookup (catalog, NULL, "The parameter “%s” is missing."),
                   ==, "缺少参数“%s”。");
  /* Not there, or nothing to give: the caller keeps the English. */
  g_assert_null (imc_message_catalog_lookup (catalog, "other", "Open"));
  g_assert_null (imc_message_catalog_lookup (catalog, NULL, "Close"));
  g_assert_null (imc_message_catalog_lookup (catalog, NULL, "Untranslated"));
  g_assert_null (imc_message_catalog_lookup (catalog, NULL, ""));
  /* Plural entries are left out (see imc-message-catalog.h). */
  g_assert_null (imc_message_catalog_lookup (catalog, NULL, "%d app"));
  g_assert_cmpuint (imc_message_catalog_get_n_messages (catalog), ==, 3);
}

static void
test_lookup (void)
{
  for (guint big_endian = 0; big_endian < 2; big_endian++)
    {
      g_autoptr(GBytes) bytes = write_mo (entries, G_N_ELEMENTS (entries), big_endian);
      g_autoptr(GError) error = NULL;
      g_autoptr(ImcMessageCatalog) catalog = imc_message_catalog_new_from_bytes (bytes, &error);

      g_assert_no_error (error);
      assert_lookups (catalog);
    }
}

static void
test_empty (void)
{
  g_autoptr(GBytes) bytes = write_mo (NULL, 0, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcMessageCatalog) catalog = imc_message_catalog_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (imc_message_catalog_get_n_messages (catalog), ==, 0);
  g_assert_null (imc_message_catalog_lookup (catalog, NULL, "Open"));
}

static void
test_charset (void)
{
  struct {
    const char *header;
    gboolean    accepted;
  } cases[] = {
    { "Content-Type: text/plain; charset=UTF-8\n", TRUE },
    { "Content-Type: text/plain; charset=utf-8\nPlural-Forms: nplurals=1; plural=0;\n", TRUE },
    { "Content-Type: text/plain; charset=utf8", TRUE },
    { "Project-Id-Version: no content type\n", TRUE },
    { "Content-Type: text/plain; charset=ISO-8859-1\n", FALSE },
    { "Content-Type: text/plain; charset=UTF-8x\n", FALSE },
    { "Content-Type: text/plain; charset=GB18030\n", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Entry list[] = { { "", 0, cases[i].header, strlen (cases[i].header) }, ENTRY ("Open", "打开") };
      g_autoptr(GBytes) bytes = write_mo (list, G_N_ELEMENTS (list), FALSE);
      g_autoptr(GError) error = NULL;
      g_autoptr(ImcMessageCatalog) catalog = imc_message_catalog_new_from_bytes (bytes, &error);

      if (cases[i].accepted)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (imc_message_catalog_lookup (catalog, NULL, "Open"), ==, "打开");
        }
      else
        {
          g_assert_null (catalog);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
        }
    }
}

/* Every file cut short is refused: the last byte is a string's NUL. */
static void
test_truncated (void)
{
  g_autoptr(GBytes) valid = valid_mo ();

  for (gsize length = 0; length < g_bytes_get_size (valid); length++)
    {
      g_autoptr(GBytes) cut = g_bytes_new_from_bytes (valid, 0, length);
      g_autofree char *what = g_strdup_printf ("only its first %" G_GSIZE_FORMAT " bytes", length);

      assert_refused (cut, what);
    }
}

static void
test_damaged (void)
{
  g_autoptr(GBytes) valid = valid_mo ();
  gsize size = g_bytes_get_size (valid);
  guint32 open_value = u32_at (valid, entry_at (16, 1) + 4);
  struct {
    const char *what;
    gsize       offset;
    guint32     value;
  } cases[] = {
    { "another magic number", 0, 0x12345678 },
    { "major revision 2", 4, 2 << 16 },
    { "4294967295 strings", 8, G_MAXUINT32 },
    { "one string more than it has", 8, G_N_ELEMENTS (entries) + 1 },
    { "the originals table past the end", 12, size },
    { "the translations table at 4 GiB - 8", 16, G_MAXUINT32 - 7 },
    { "a string past the end", entry_at (12, 1) + 4, size },
    { "a string ending past the end", entry_at (12, 1), size },
    { "a length that wraps around 32 bits", entry_at (16, 1), G_MAXUINT32 },
    { "a string not ending in NUL", entry_at (16, 1), 1 },
    { "a translation with a NUL inside", entry_at (16, 1), strlen ("打开") + 1 + strlen ("打开菜单") },
    { "a translation starting inside another", entry_at (16, 1) + 4, open_value + 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = with_u32 (cases[i].offset, cases[i].value);

      assert_refused (bytes, cases[i].what);
    }
}

static void
test_not_utf8 (void)
{
  const Entry bad_value[] = { ENTRY ("Open", "\xe6\x89") };
  const Entry bad_key[] = { ENTRY ("Op\xffn", "打开") };
  g_autoptr(GBytes) a = write_mo (bad_value, 1, FALSE);
  g_autoptr(GBytes) b = write_mo (bad_key, 1, TRUE);

  assert_refused (a, "a translation cut inside a character");
  assert_refused (b, "a msgid that is not UTF-8");
}

/* Every byte set to a few values: each file is refused or read, never
 * read outside (valgrind, sanitizers), and lookups in what was read
 * still work. */
static void
test_every_byte (void)
{
  g_autoptr(GBytes) valid = valid_mo ();
  gsize size = g_bytes_get_size (valid);
  const guint8 values[] = { 0x00, 0x01, 0x7f, 0x80, 0xff };
  guint refused = 0;

  for (gsize i = 0; i < size; i++)
    for (guint j = 0; j < G_N_ELEMENTS (values); j++)
      {
        guint8 *data = g_memdup2 (g_bytes_get_data (valid, NULL), size);
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(ImcMessageCatalog) catalog = NULL;

        data[i] = values[j];
        bytes = g_bytes_new_take (data, size);
        catalog = imc_message_catalog_new_from_bytes (bytes, &error);
        if (catalog == NULL)
          {
            g_assert_nonnull (error);
            refused++;
            continue;
          }
        g_assert_no_error (error);
        for (guint k = 0; k < G_N_ELEMENTS (entries); k++)
          {
            const char *found = imc_message_catalog_lookup (catalog, NULL, entries[k].key);

            g_assert_true (found == NULL || g_utf8_validate (found, -1, NULL));
          }
      }
  /* Most bytes are the text of strings, but every header field and
   * table entry above is one that must be refused. */
  g_assert_cmpuint (refused, >, 100);
}

static char *
write_file (const char *dir,
            const char *relative,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_file (const char *dir,
             const char *path)
{
  g_autofree char *d = g_path_get_dirname (path);

  g_assert_cmpint (g_unlink (path), ==, 0);
  while (strcmp (d, dir) != 0)
    {
      char *up = g_path_get_dirname (d);

      g_assert_cmpint (g_rmdir (d), ==, 0);
      g_free (d);
      d = up;
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("imc-catalog-XXXXXX", &error);
  g_autoptr(GBytes) bytes = write_mo (entries, G_N_ELEMENTS (entries), TRUE);
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(ImcMessageCatalog) catalog = NULL;
  g_autoptr(ImcMessageCatalog) by_language = NULL;
  g_autoptr(ImcMessageCatalog) none = NULL;
  g_autoptr(ImcMessageCatalog) damaged = NULL;
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (bytes, 0, 40);

  g_assert_no_error (error);
  path = write_file (dir, "ko/LC_MESSAGES/test.mo", bytes);

  catalog = imc_message_catalog_new_from_file (path, &error);
  g_assert_no_error (error);
  assert_lookups (catalog);

  /* ko_KR finds ko, as gettext does. */
  by_language = imc_message_catalog_new_for_language (dir, "test", "ko_KR", &error);
  g_assert_no_error (error);
  assert_lookups (by_language);

  none = imc_message_catalog_new_for_language (dir, "test", "zh_CN", &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  missing = g_build_filename (dir, "missing.mo", NULL);
  g_assert_null (imc_message_catalog_new_from_file (missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  /* A damaged file says which one it is. */
  g_file_set_contents (path, g_bytes_get_data (cut, NULL), g_bytes_get_size (cut), &error);
  g_assert_no_error (error);
  damaged = imc_message_catalog_new_from_file (path, &error);
  g_assert_null (damaged);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_true (g_str_has_prefix (error->message, path));

  remove_file (dir, path);
}

/* The build's own catalogs, as the server loads them. */
static void
test_installed (void)
{
  const char *localedir = g_getenv ("IMC_LOCALEDIR");
  struct {
    const char *language;
    const char *pattern;    /* the script of the language */
  } languages[] = {
    { "zh_CN", "[\u4e00-\u9fff]" },
    { "ko_KR", "[\uac00-\ud7af]" },
  };

  g_assert_nonnull (localedir);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ImcMessageCatalog) catalog =
        imc_message_catalog_new_for_language (localedir, GETTEXT_PACKAGE, languages[i].language, &error);
      const char *translation;

      g_assert_no_error (error);
      g_assert_cmpuint (imc_message_catalog_get_n_messages (catalog), >, 100);
      translation = imc_message_catalog_lookup (catalog, NULL, "The app is not disabled.");
      g_assert_nonnull (translation);
      g_assert_true (g_regex_match_simple (languages[i].pattern, translation, 0, 0));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message-catalog/lookup", test_lookup);
  g_test_add_func ("/message-catalog/empty", test_empty);
  g_test_add_func ("/message-catalog/charset", test_charset);
  g_test_add_func ("/message-catalog/truncated", test_truncated);
  g_test_add_func ("/message-catalog/damaged", test_damaged);
  g_test_add_func ("/message-catalog/not-utf8", test_not_utf8);
  g_test_add_func ("/message-catalog/every-byte", test_every_byte);
  g_test_add_func ("/message-catalog/files", test_files);
  g_test_add_func ("/message-catalog/installed", test_installed);

  return g_test_run ();
}
