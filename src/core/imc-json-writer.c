/* imc-json-writer.c */
#include "config.h"

#include <math.h>
#include <string.h>

#include "imc-calendar.h"
#include "imc-json-writer.h"

#define MAX_DEPTH 64

struct _ImcJsonWriter
{
  GString *text;
  guint    depth;
  /* Bit n: the container at depth n already has an element; bit n of
   * in_object: it is an object. */
  guint64  has_items;
  guint64  in_object;
  gboolean after_member;
};

/* g_string_append_len() is no inline function in GLib 2.74: a page of
 * apps is some thousand short appends. */
static inline void
put (GString    *text,
     const char *data,
     gsize       length)
{
  if (G_UNLIKELY (text->len + length >= text->allocated_len))
    {
      gsize len = text->len;

      g_string_set_size (text, len + length);
      text->len = len;
    }
  memcpy (text->str + text->len, data, length);
  text->len += length;
  text->str[text->len] = '\0';
}

static inline void
put_c (GString *text,
       char     c)
{
  put (text, &c, 1);
}

ImcJsonWriter *
imc_json_writer_new (void)
{
  ImcJsonWriter *self = g_new0 (ImcJsonWriter, 1);

  self->text = g_string_sized_new (256);
  return self;
}

void
imc_json_writer_free (ImcJsonWriter *self)
{
  if (self == NULL)
    return;
  g_string_free (self->text, TRUE);
  g_free (self);
}

char *
imc_json_writer_free_to_string (ImcJsonWriter *self)
{
  char *text;

  g_return_val_if_fail (self != NULL, NULL);
  g_warn_if_fail (self->depth == 0 && !self->after_member);
  text = g_string_free (self->text, FALSE);
  g_free (self);
  return text;
}

static gboolean
in_object (ImcJsonWriter *self)
{
  return self->depth > 0 && (self->in_object & (G_GUINT64_CONSTANT (1) << self->depth)) != 0;
}

/* The comma before an element of the current container. */
static void
separate (ImcJsonWriter *self)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << self->depth;

  if (self->depth == 0)
    return;
  if (self->has_items & bit)
    put_c (self->text, ',');
  self->has_items |= bit;
}

/* Before any value: a member name was written, or this is an element. */
static gboolean
begin_value (ImcJsonWriter *self)
{
  if (self->after_member)
    {
      self->after_member = FALSE;
      return TRUE;
    }
  g_return_val_if_fail (!in_object (self), FALSE);
  separate (self);
  return TRUE;
}

static void
begin (ImcJsonWriter *self,
       char           open,
       gboolean       object)
{
  guint64 bit;

  if (!begin_value (self))
    return;
  g_return_if_fail (self->depth + 1 < MAX_DEPTH);
  self->depth++;
  bit = G_GUINT64_CONSTANT (1) << self->depth;
  self->has_items &= ~bit;
  if (object)
    self->in_object |= bit;
  else
    self->in_object &= ~bit;
  put_c (self->text, open);
}

static void
end (ImcJsonWriter *self,
     char           close,
     gboolean       object)
{
  g_return_if_fail (self->depth > 0 && !self->after_member);
  g_return_if_fail (in_object (self) == object);
  self->depth--;
  put_c (self->text, close);
}

void
imc_json_writer_begin_object (ImcJsonWriter *self)
{
  begin (self, '{', TRUE);
}

void
imc_json_writer_end_object (ImcJsonWriter *self)
{
  end (self, '}', TRUE);
}

void
imc_json_writer_begin_array (ImcJsonWriter *self)
{
  begin (self, '[', FALSE);
}

void
imc_json_writer_end_array (ImcJsonWriter *self)
{
  end (self, ']', FALSE);
}

/* JSON string escaping as JsonGenerator does it: quote, backslash, the
 * control characters and DEL; other UTF-8 as it is. (json-glib 1.6 leaves
 * U+001F raw, which JSON does not allow; it is escaped here.) */
static void
append_escaped (GString    *text,
                const char *value,
                gssize      length)
{
  const char *run = value;
  const char *p = value;
  const char *stop = value + length;

  put_c (text, '"');
  for (; p < stop; p++)
    {
      guchar c = (guchar) *p;
      const char *escape = NULL;
      char buffer[8];

      if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\')
        continue;
      switch (c)
        {
        case '"':  escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
          g_snprintf (buffer, sizeof buffer, "\\u%04x", c);
          escape = buffer;
          break;
        }
      put (text, run, p - run);
      put (text, escape, strlen (escape));
      run = p + 1;
    }
  put (text, run, stop - run);
  put_c (text, '"');
}

static void
append_string (GString    *text,
               const char *value)
{
  const char *p = value;

  /* Most strings are short ASCII with nothing to escape: one copy. */
  while ((guchar) *p >= 0x20 && (guchar) *p < 0x7f && *p != '"' && *p != '\\')
    p++;
  if (*p == '\0')
    {
      put_c (text, '"');
      put (text, value, p - value);
      put_c (text, '"');
    }
  else if (g_utf8_validate (p, -1, NULL))
    append_escaped (text, value, strlen (value));
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      append_escaped (text, valid, strlen (valid));
    }
}

void
imc_json_writer_member (ImcJsonWriter *self,
                        const char    *name)
{
  g_return_if_fail (name != NULL);
  g_return_if_fail (in_object (self) && !self->after_member);
  separate (self);
  append_string (self->text, name);
  put_c (self->text, ':');
  self->after_member = TRUE;
}

void
imc_json_writer_member_raw (ImcJsonWriter *self,
                            const char    *quoted_name,
                            gsize          length)
{
  g_return_if_fail (in_object (self) && !self->after_member);
  separate (self);
  put (self->text, quoted_name, length);
  self->after_member = TRUE;
}

void
imc_json_writer_string (ImcJsonWriter *self,
                        const char    *value)
{
  if (value == NULL)
    {
      imc_json_writer_null (self);
      return;
    }
  if (begin_value (self))
    append_string (self->text, value);
}

void
imc_json_writer_int (ImcJsonWriter *self,
                     gint64         value)
{
  char buffer[24];
  char *p = buffer + sizeof buffer;
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  if (!begin_value (self))
    return;
  do
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    *--p = '-';
  put (self->text, p, buffer + sizeof buffer - p);
}

void
imc_json_writer_boolean (ImcJsonWriter *self,
                         gboolean       value)
{
  if (begin_value (self))
    {
      if (value)
        put (self->text, "true", 4);
      else
        put (self->text, "false", 5);
    }
}

void
imc_json_writer_null (ImcJsonWriter *self)
{
  if (begin_value (self))
    put (self->text, "null", 4);
}

static void
write_double (ImcJsonWriter *self,
              gdouble        value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON has no NaN or infinity. */
  if (!isfinite (value))
    {
      imc_json_writer_null (self);
      return;
    }
  if (begin_value (self))
    {
      const char *digits = g_ascii_dtostr (buffer, sizeof buffer, value);

      put (self->text, digits, strlen (digits));
    }
}

void
imc_json_writer_members (ImcJsonWriter *self,
                         JsonObject    *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_if_fail (object != NULL);
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      imc_json_writer_member (self, name);
      imc_json_writer_node (self, node);
    }
}

void
imc_json_writer_node (ImcJsonWriter *self,
                      JsonNode      *node)
{
  if (node == NULL)
    {
      imc_json_writer_null (self);
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      imc_json_writer_begin_object (self);
      imc_json_writer_members (self, json_node_get_object (node));
      imc_json_writer_end_object (self);
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        imc_json_writer_begin_array (self);
        for (guint i = 0; i < n; i++)
          imc_json_writer_node (self, json_array_get_element (array, i));
        imc_json_writer_end_array (self);
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          imc_json_writer_int (self, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          write_double (self, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          imc_json_writer_boolean (self, json_node_get_boolean (node));
          break;
        case G_TYPE_STRING:
          imc_json_writer_string (self, json_node_get_string (node));
          break;
        default:
          g_return_if_reached ();
        }
      break;

    case JSON_NODE_NULL:
      imc_json_writer_null (self);
      break;

    default:
      g_return_if_reached ();
    }
}

/* A billing time or date as a string; digits, '-', ':', 'T' and '+' need
 * no escaping. */
static void
write_billing (ImcJsonWriter *self,
               gint64         unix_time,
               gboolean       with_time)
{
  char buffer[IMC_CALENDAR_ISO8601_SIZE];
  gsize length;

  if (unix_time == IMC_JSON_WRITER_NO_TIME)
    {
      imc_json_writer_null (self);
      return;
    }
  if (!begin_value (self))
    return;
  if (with_time)
    {
      imc_calendar_write_iso8601 (unix_time, buffer);
      length = IMC_CALENDAR_ISO8601_SIZE - 1;
    }
  else
    {
      imc_calendar_write_date (unix_time, buffer);
      length = IMC_CALENDAR_DATE_SIZE - 1;
    }
  put_c (self->text, '"');
  put (self->text, buffer, length);
  put_c (self->text, '"');
}

void
imc_json_writer_unix_time (ImcJsonWriter *self,
                           gint64         unix_time)
{
  write_billing (self, unix_time, TRUE);
}

void
imc_json_writer_unix_date (ImcJsonWriter *self,
                           gint64         unix_time)
{
  write_billing (self, unix_time, FALSE);
}

void
imc_json_writer_members_text (ImcJsonWriter *self,
                              const char    *object_text)
{
  const char *open, *close;

  g_return_if_fail (object_text != NULL);
  g_return_if_fail (in_object (self) && !self->after_member);

  open = strchr (object_text, '{');
  close = strrchr (object_text, '}');
  g_return_if_fail (open != NULL && close != NULL && open < close);
  open++;
  while (open < close && g_ascii_isspace (*open))
    open++;
  imc_json_writer_members_raw (self, open, close - open);
}

void
imc_json_writer_members_raw (ImcJsonWriter *self,
                             const char    *members,
                             gsize          length)
{
  g_return_if_fail (in_object (self) && !self->after_member);

  if (length == 0)
    return;
  separate (self);
  put (self->text, members, length);
}
