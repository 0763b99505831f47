/* imc-json.h: strict accessors for JSON objects.
 *
 * Used by the server to validate requests and by the client to decode
 * answers. A missing required member is IMC_ERROR_MISSING_PARAMETER, a
 * member of the wrong type (or an integer outside 32/64-bit range) is
 * IMC_ERROR_INVALID_PARAMETER; both name the member.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "imc-types.h"

G_BEGIN_DECLS

/* Each returns TRUE and sets *out when the member is present and of the
 * right type; when it is absent (or null) returns !required and leaves
 * *out alone, setting *present (if given) to FALSE. */
gboolean    imc_json_get_string   (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   const char **out,
                                   gboolean    *present,
                                   GError     **error);
gboolean    imc_json_get_int      (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   gint64      *out,
                                   gboolean    *present,
                                   GError     **error);
gboolean    imc_json_get_int32    (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   gint        *out,
                                   gboolean    *present,
                                   GError     **error);
gboolean    imc_json_get_bool     (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   gboolean    *out,
                                   gboolean    *present,
                                   GError     **error);
gboolean    imc_json_get_object   (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   JsonObject **out,
                                   gboolean    *present,
                                   GError     **error);
gboolean    imc_json_get_array    (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   JsonArray  **out,
                                   gboolean    *present,
                                   GError     **error);
/* An ISO 8601 time with offset (imc_calendar_parse_iso8601). */
gboolean    imc_json_get_time     (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   GDateTime  **out,
                                   gboolean    *present,
                                   GError     **error);
/* A "YYYY-MM-DD" billing date, as 00:00 of that day. */
gboolean    imc_json_get_date     (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   GDateTime  **out,
                                   gboolean    *present,
                                   GError     **error);
/* A decimal money string ("999.00") in minor units. */
gboolean    imc_json_get_money    (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   gint64      *out,
                                   gboolean    *present,
                                   GError     **error);

/* Builders for the same shapes: NULL times become JSON null. */
void        imc_json_builder_add_time  (JsonBuilder *builder,
                                        const char  *member,
                                        GDateTime   *time);
void        imc_json_builder_add_date  (JsonBuilder *builder,
                                        const char  *member,
                                        GDateTime   *date);
void        imc_json_builder_add_money (JsonBuilder *builder,
                                        const char  *member,
                                        gint64       minor);

/* One value-added item under its API name: a boolean for a switch (0 or
 * 1 in @out), an int32 for a count. */
gboolean    imc_json_get_plan_item (JsonObject  *object,
                                    ImcPlanItem  item,
                                    gboolean     required,
                                    gint        *out,
                                    gboolean    *present,
                                    GError     **error);
void        imc_json_builder_add_plan_item (JsonBuilder *builder,
                                            ImcPlanItem  item,
                                            gint         value);

/* A plan as {"Edition", "BillingMode", "UnlimitedAvGroups",
 * "MaxGroupsPerUser", "MaxMembersPerGroup"}: the shape of operation logs,
 * price quotes and bills. Decoding checks types and that the values are
 * sane, not that they are in a catalog. */
gboolean    imc_json_get_plan     (JsonObject  *object,
                                   const char  *member,
                                   gboolean     required,
                                   ImcPlan     *out,
                                   gboolean    *present,
                                   GError     **error);
void        imc_json_builder_add_plan  (JsonBuilder   *builder,
                                        const char    *member,
                                        const ImcPlan *plan);

/* Parses an API body that must be a JSON object, more strictly than
 * json-glib alone: valid UTF-8 without NUL bytes, nesting at most
 * IMC_JSON_MAX_DEPTH deep (json-glib recurses, so deep nesting would
 * exhaust the stack) and no number literal of more than 18 digits
 * (json-glib 1.6 wraps integers beyond 64 bits around instead of failing).
 * IMC_ERROR_INVALID_PARAMETER otherwise. */
#define IMC_JSON_MAX_DEPTH 32
JsonObject *imc_json_parse_object (const char  *data,
                                   gsize        length,
                                   GError     **error);

/* Serialises @node compactly. */
char       *imc_json_to_string    (JsonNode    *node);

G_END_DECLS
