/* imc-message-catalog.c
 *
 * The .mo format (GNU gettext manual, "The Format of GNU MO Files"): a
 * 28-byte header (magic, revision, number of strings N, offsets of the
 * original and the translation tables), then two tables of N (length,
 * offset) pairs, each string NUL-terminated after its length. Either byte
 * order. The hash table and revision 1's system-dependent strings are
 * optional accelerators and extensions this reader does not need.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imc-gettext.h"
#include "imc-message-catalog.h"

#define MO_MAGIC       0x950412deU
#define MO_HEADER_SIZE 28

typedef struct {
  const char *key;     /* msgid, or msgctxt "\004" msgid */
  const char *value;
} Message;

struct _ImcMessageCatalog
{
  GObject  parent_instance;

  GBytes  *bytes;      /* the file: every Message points into it */
  GArray  *messages;   /* Message, sorted by key */
};

G_DEFINE_FINAL_TYPE (ImcMessageCatalog, imc_message_catalog, G_TYPE_OBJECT)

static void
imc_message_catalog_finalize (GObject *object)
{
  ImcMessageCatalog *self = IMC_MESSAGE_CATALOG (object);

  g_clear_pointer (&self->messages, g_array_unref);
  g_clear_pointer (&self->bytes, g_bytes_unref);

  G_OBJECT_CLASS (imc_message_catalog_parent_class)->finalize (object);
}

static void
imc_message_catalog_class_init (ImcMessageCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = imc_message_catalog_finalize;
}

static void
imc_message_catalog_init (ImcMessageCatalog *self)
{
  self->messages = g_array_new (FALSE, FALSE, sizeof (Message));
}

/* Parsing ------------------------------------------------------------- */

typedef struct {
  const guint8 *data;
  gsize         size;
  gboolean      big_endian;
} MoFile;

/* The caller has checked that @offset + 4 is inside the file. */
static guint32
read_u32 (const MoFile *mo,
          gsize         offset)
{
  guint32 value;

  memcpy (&value, mo->data + offset, sizeof value);
  return mo->big_endian ? GUINT32_FROM_BE (value) : GUINT32_FROM_LE (value);
}

/* Entry @index of the table at @table, which the caller has checked to
 * lie inside the file. FALSE when the string does not. */
static gboolean
read_string (const MoFile  *mo,
             guint32        table,
             guint32        index,
             const char   **out,
             gsize         *out_length)
{
  gsize entry = (gsize) table + (gsize) index * 8;
  guint32 length = read_u32 (mo, entry);
  guint32 offset = read_u32 (mo, entry + 4);

  /* 64-bit sums: a length near 4 GiB must not wrap around. */
  if ((guint64) offset + length >= mo->size || mo->data[(gsize) offset + length] != '\0')
    return FALSE;
  *out = (const char *) mo->data + offset;
  *out_length = length;
  return TRUE;
}

static gboolean
table_inside (const MoFile *mo,
              guint32       table,
              guint32       n)
{
  return (guint64) table + (guint64) n * 8 <= mo->size;
}

/* The charset of the header's Content-Type: translations are handed out
 * as they are, so anything but UTF-8 is refused. */
static gboolean
header_is_utf8 (const char *header)
{
  const char *line = header;

  while (line != NULL && *line != '\0')
    {
      const char *end = strchr (line, '\n');
      gsize length = end != NULL ? (gsize) (end - line) : strlen (line);

      if (g_ascii_strncasecmp (line, "Content-Type:", strlen ("Content-Type:")) == 0)
        {
          g_autofree char *value = g_strndup (line, length);
          const char *charset = strstr (value, "charset=");
          gsize n;

          if (charset == NULL)
            return TRUE;
          charset += strlen ("charset=");
          n = strcspn (charset, " \t;");
          return (n == 5 && g_ascii_strncasecmp (charset, "UTF-8", 5) == 0) ||
                 (n == 4 && g_ascii_strncasecmp (charset, "UTF8", 4) == 0);
        }
      line = end != NULL ? end + 1 : NULL;
    }
  return TRUE;
}

static int
compare_messages (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (((const Message *) a)->key, ((const Message *) b)->key);
}

static gboolean
not_a_catalog (GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The file is not a compiled message catalog (.mo)."));
  return FALSE;
}

static gboolean
damaged (GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The message catalog is truncated or damaged."));
  return FALSE;
}

static gboolean
not_utf8 (GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The message catalog is not in UTF-8."));
  return FALSE;
}

static gboolean
parse (ImcMessageCatalog  *self,
       GError            **error)
{
  MoFile mo = { 0, };
  guint32 magic, n, originals, translations;

  mo.data = g_bytes_get_data (self->bytes, &mo.size);
  if (mo.size < MO_HEADER_SIZE)
    return not_a_catalog (error);

  memcpy (&magic, mo.data, sizeof magic);
  if (GUINT32_FROM_LE (magic) == MO_MAGIC)
    mo.big_endian = FALSE;
  else if (GUINT32_FROM_BE (magic) == MO_MAGIC)
    mo.big_endian = TRUE;
  else
    return not_a_catalog (error);

  /* Major revisions 0 and 1 share the tables read here. */
  if (read_u32 (&mo, 4) >> 16 > 1)
    return not_a_catalog (error);

  n = read_u32 (&mo, 8);
  originals = read_u32 (&mo, 12);
  translations = read_u32 (&mo, 16);
  if (!table_inside (&mo, originals, n) || !table_inside (&mo, translations, n))
    return damaged (error);

  for (guint32 i = 0; i < n; i++)
    {
      Message message;
      gsize key_length, value_length;

      if (!read_string (&mo, originals, i, &message.key, &key_length) ||
          !read_string (&mo, translations, i, &message.value, &value_length))
        return damaged (error);

      /* "msgid\0msgid_plural": a message with plural forms. */
      if (strlen (message.key) != key_length)
        continue;
      /* Without plural forms there is exactly one translation. */
      if (strlen (message.value) != value_length)
        return damaged (error);
      if (!g_utf8_validate (message.key, key_length, NULL) ||
          !g_utf8_validate (message.value, value_length, NULL))
        return not_utf8 (error);

      if (key_length == 0)
        {
          /* The header. */
          if (!header_is_utf8 (message.value))
            return not_utf8 (error);
          continue;
        }
      if (value_length > 0)
        g_array_append_val (self->messages, message);
    }

  g_array_sort (self->messages, compare_messages);
  return TRUE;
}

/* API ----------------------------------------------------------------- */

ImcMessageCatalog *
imc_message_catalog_new_from_bytes (GBytes  *bytes,
                                    GError **error)
{
  g_autoptr(ImcMessageCatalog) self = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (IMC_TYPE_MESSAGE_CATALOG, NULL);
  self->bytes = g_bytes_ref (bytes);
  if (!parse (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

ImcMessageCatalog *
imc_message_catalog_new_from_file (const char  *path,
                                   GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  ImcMessageCatalog *self;
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Read, not mapped: a catalog replaced on disk while the server runs
   * must not change (or fault) under its readers. */
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  bytes = g_bytes_new_take (contents, length);

  self = imc_message_catalog_new_from_bytes (bytes, error);
  if (self == NULL)
    g_prefix_error (error, "%s: ", path);
  return self;
}

ImcMessageCatalog *
imc_message_catalog_new_for_language (const char  *localedir,
                                      const char  *domain,
                                      const char  *language,
                                      GError     **error)
{
  g_auto(GStrv) variants = NULL;
  g_autofree char *file = NULL;

  g_return_val_if_fail (localedir != NULL, NULL);
  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (language != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_strconcat (domain, ".mo", NULL);
  variants = g_get_locale_variants (language);
  for (guint i = 0; variants[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (localedir, variants[i], "LC_MESSAGES", file, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return imc_message_catalog_new_from_file (path, error);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               /* TRANSLATORS: the first %s is a language code such as ko_KR,
                * the second a directory */
               _("No message catalog for the language “%s” in %s."), language, localedir);
  return NULL;
}

const char *
imc_message_catalog_lookup (ImcMessageCatalog *self,
                            const char        *msgctxt,
                            const char        *msgid)
{
  g_autofree char *with_context = NULL;
  Message key = { 0, };
  const Message *found;

  g_return_val_if_fail (IMC_IS_MESSAGE_CATALOG (self), NULL);
  g_return_val_if_fail (msgid != NULL, NULL);

  if (self->messages->len == 0)
    return NULL;
  if (msgctxt != NULL)
    key.key = with_context = g_strconcat (msgctxt, "\004", msgid, NULL);
  else
    key.key = msgid;

  found = bsearch (&key, self->messages->data, self->messages->len, sizeof (Message),
                   compare_messages);
  return found != NULL ? found->value : NULL;
}

guint
imc_message_catalog_get_n_messages (ImcMessageCatalog *self)
{
  g_return_val_if_fail (IMC_IS_MESSAGE_CATALOG (self), 0);

  return self->messages->len;
}
