/* imc-json-writer.h: JSON text written straight into a string.
 *
 * The server's answers, DescribeApps above all, are built with this
 * rather than with JsonBuilder and JsonGenerator: a page of apps as
 * JsonNodes cost more than everything else a request does. The output is
 * compact JSON, valid UTF-8 (invalid input bytes become U+FFFD), strings
 * escaped as JsonGenerator escapes them.
 *
 * Calls must nest correctly (a member name inside an object before each
 * value, every begin ended); the writer checks that with g_return_if_fail.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _ImcJsonWriter ImcJsonWriter;

ImcJsonWriter *imc_json_writer_new            (void);
void           imc_json_writer_free           (ImcJsonWriter *self);
/* Frees the writer and returns the text; every begin must be ended. */
char          *imc_json_writer_free_to_string (ImcJsonWriter *self);

void           imc_json_writer_begin_object   (ImcJsonWriter *self);
void           imc_json_writer_end_object     (ImcJsonWriter *self);
void           imc_json_writer_begin_array    (ImcJsonWriter *self);
void           imc_json_writer_end_array      (ImcJsonWriter *self);
void           imc_json_writer_member         (ImcJsonWriter *self,
                                               const char    *name);
/* A member name that is a string literal with nothing to escape, written
 * as one piece ("\"name\":" is put together by the compiler). */
#define imc_json_writer_member_literal(self, name) \
  imc_json_writer_member_raw ((self), "\"" name "\":", sizeof ("\"" name "\":") - 1)
void           imc_json_writer_member_raw     (ImcJsonWriter *self,
                                               const char    *quoted_name,
                                               gsize          length);

/* Values: as an array element, or after imc_json_writer_member(). */
void           imc_json_writer_string         (ImcJsonWriter *self,
                                               const char    *value);
void           imc_json_writer_int            (ImcJsonWriter *self,
                                               gint64         value);
void           imc_json_writer_boolean        (ImcJsonWriter *self,
                                               gboolean       value);
void           imc_json_writer_null           (ImcJsonWriter *self);
/* Any json-glib node, members in their order. */
void           imc_json_writer_node           (ImcJsonWriter *self,
                                               JsonNode      *node);
/* @object's members into the object being written. */
void           imc_json_writer_members        (ImcJsonWriter *self,
                                               JsonObject    *object);
/* The Unix time that the *_unix_* functions write as null. */
#define IMC_JSON_WRITER_NO_TIME G_MININT64

/* @time's Unix time, or IMC_JSON_WRITER_NO_TIME for NULL. */
static inline gint64
imc_json_writer_unix_of (GDateTime *time)
{
  return time != NULL ? g_date_time_to_unix (time) : IMC_JSON_WRITER_NO_TIME;
}

/* A billing time ("2026-11-23T10:00:00+08:00") or date ("2026-12-01") of
 * a Unix time; IMC_JSON_WRITER_NO_TIME is null. */
void           imc_json_writer_unix_time      (ImcJsonWriter *self,
                                               gint64         unix_time);
void           imc_json_writer_unix_date      (ImcJsonWriter *self,
                                               gint64         unix_time);
/* The members of an object already written as JSON text ("{...}", as
 * this writer or JsonGenerator wrote it) into the object being written. */
void           imc_json_writer_members_text   (ImcJsonWriter *self,
                                               const char    *object_text);
/* The same with the text between the braces ("\"a\":1,\"b\":2", or empty). */
void           imc_json_writer_members_raw    (ImcJsonWriter *self,
                                               const char    *members,
                                               gsize          length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImcJsonWriter, imc_json_writer_free)

G_END_DECLS
