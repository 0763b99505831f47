/* imc-json.c */
#include "config.h"

#include "imc-calendar.h"
#include "imc-error.h"
#include "imc-gettext.h"
#include "imc-json.h"
#include "imc-money.h"
#include "imc-plan-item.h"

/* Looks @member up; absent and null are the same "not given". */
static gboolean
lookup (JsonObject  *object,
        const char  *member,
        gboolean     required,
        JsonNode   **out_node,
        gboolean    *present,
        GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (present != NULL)
        *present = FALSE;
      *out_node = NULL;
      if (required)
        {
          g_set_error (error, IMC_ERROR, IMC_ERROR_MISSING_PARAMETER,
                       _("The parameter “%s” is missing."), member);
          return FALSE;
        }
      return TRUE;
    }

  if (present != NULL)
    *present = TRUE;
  *out_node = node;
  return TRUE;
}

static gboolean
wrong_type (const char  *member,
            const char  *expected,
            GError     **error)
{
  /* TRANSLATORS: the first %s is an API parameter name, the second a
   * type such as "string" or "integer" */
  g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER,
               _("The parameter “%s” must be a %s."), member, _(expected));
  return FALSE;
}

static gboolean
value_type_is (JsonNode *node,
               GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
holds_string (JsonNode *node)
{
  return value_type_is (node, G_TYPE_STRING);
}

/* json-glib parses integers too large for gint64 as doubles; those, and
 * any fraction, are not integers here. */
static gboolean
holds_int (JsonNode *node)
{
  return value_type_is (node, G_TYPE_INT64);
}

static gboolean
holds_bool (JsonNode *node)
{
  return value_type_is (node, G_TYPE_BOOLEAN);
}

static gboolean
holds_object (JsonNode *node)
{
  return JSON_NODE_HOLDS_OBJECT (node);
}

static gboolean
holds_array (JsonNode *node)
{
  return JSON_NODE_HOLDS_ARRAY (node);
}

/* lookup() plus a type check; @expected is an N_() type name. *out_node
 * is NULL when the member is not given. */
static gboolean
lookup_typed (JsonObject  *object,
              const char  *member,
              gboolean     required,
              gboolean   (*holds) (JsonNode *node),
              const char  *expected,
              JsonNode   **out_node,
              gboolean    *present,
              GError     **error)
{
  if (!lookup (object, member, required, out_node, present, error))
    return FALSE;
  if (*out_node != NULL && !holds (*out_node))
    return wrong_type (member, expected, error);
  return TRUE;
}

gboolean
imc_json_get_string (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     const char **out,
                     gboolean    *present,
                     GError     **error)
{
  JsonNode *node;

  if (!lookup_typed (object, member, required, holds_string, N_("string"), &node, present, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_string (node);
  return TRUE;
}

gboolean
imc_json_get_int (JsonObject  *object,
                  const char  *member,
                  gboolean     required,
                  gint64      *out,
                  gboolean    *present,
                  GError     **error)
{
  JsonNode *node;

  if (!lookup_typed (object, member, required, holds_int, N_("integer"), &node, present, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_int (node);
  return TRUE;
}

gboolean
imc_json_get_int32 (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    gint        *out,
                    gboolean    *present,
                    GError     **error)
{
  gint64 v = 0;
  gboolean given = FALSE;

  if (!imc_json_get_int (object, member, required, &v, &given, error))
    return FALSE;
  if (present != NULL)
    *present = given;
  if (!given)
    return TRUE;
  if (v < G_MININT32 || v > G_MAXINT32)
    return wrong_type (member, N_("32-bit integer"), error);

  *out = (gint) v;
  return TRUE;
}

gboolean
imc_json_get_bool (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   gboolean    *out,
                   gboolean    *present,
                   GError     **error)
{
  JsonNode *node;

  if (!lookup_typed (object, member, required, holds_bool, N_("boolean"), &node, present, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
imc_json_get_object (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     JsonObject **out,
                     gboolean    *present,
                     GError     **error)
{
  JsonNode *node;

  if (!lookup_typed (object, member, required, holds_object, N_("object"), &node, present, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_object (node);
  return TRUE;
}

gboolean
imc_json_get_array (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    JsonArray  **out,
                    gboolean    *present,
                    GError     **error)
{
  JsonNode *node;

  if (!lookup_typed (object, member, required, holds_array, N_("array"), &node, present, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_array (node);
  return TRUE;
}

typedef GDateTime *(*ParseTimeFunc) (const char *str);

static gboolean
get_parsed_time (JsonObject     *object,
                 const char     *member,
                 gboolean        required,
                 ParseTimeFunc   parse,
                 const char     *expected,
                 GDateTime     **out,
                 gboolean       *present,
                 GError        **error)
{
  const char *str = NULL;
  gboolean given = FALSE;
  GDateTime *dt;

  if (!imc_json_get_string (object, member, required, &str, &given, error))
    return FALSE;
  if (present != NULL)
    *present = given;
  if (!given)
    return TRUE;

  dt = parse (str);
  if (dt == NULL)
    return wrong_type (member, expected, error);

  *out = dt;
  return TRUE;
}

gboolean
imc_json_get_time (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   GDateTime  **out,
                   gboolean    *present,
                   GError     **error)
{
  return get_parsed_time (object, member, required, imc_calendar_parse_iso8601,
                          N_("ISO 8601 time with offset"), out, present, error);
}

gboolean
imc_json_get_date (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   GDateTime  **out,
                   gboolean    *present,
                   GError     **error)
{
  return get_parsed_time (object, member, required, imc_calendar_parse_date,
                          N_("YYYY-MM-DD date"), out, present, error);
}

gboolean
imc_json_get_money (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    gint64      *out,
                    gboolean    *present,
                    GError     **error)
{
  const char *str = NULL;
  gboolean given = FALSE;

  if (!imc_json_get_string (object, member, required, &str, &given, error))
    return FALSE;
  if (present != NULL)
    *present = given;
  if (!given)
    return TRUE;
  if (!imc_money_from_decimal (str, out))
    return wrong_type (member, N_("decimal amount"), error);

  return TRUE;
}

void
imc_json_builder_add_time (JsonBuilder *builder,
                           const char  *member,
                           GDateTime   *time)
{
  json_builder_set_member_name (builder, member);
  if (time == NULL)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *str = imc_calendar_format_iso8601 (time);
      json_builder_add_string_value (builder, str);
    }
}

void
imc_json_builder_add_date (JsonBuilder *builder,
                           const char  *member,
                           GDateTime   *date)
{
  json_builder_set_member_name (builder, member);
  if (date == NULL)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *str = imc_calendar_format_date (date);
      json_builder_add_string_value (builder, str);
    }
}

void
imc_json_builder_add_money (JsonBuilder *builder,
                            const char  *member,
                            gint64       minor)
{
  g_autofree char *str = imc_money_to_decimal (minor);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, str);
}

gboolean
imc_json_get_plan_item (JsonObject   *object,
                        ImcPlanItem   item,
                        gboolean      required,
                        gint         *out,
                        gboolean     *present,
                        GError      **error)
{
  const ImcPlanItemInfo *info = imc_plan_item_get_info (item);
  gboolean on = FALSE;
  gboolean given = FALSE;

  g_return_val_if_fail (info->kind != IMC_PLAN_ITEM_KIND_EDITION, FALSE);

  if (info->kind == IMC_PLAN_ITEM_KIND_TIERS)
    return imc_json_get_int32 (object, info->api_name, required, out, present, error);
  if (!imc_json_get_bool (object, info->api_name, required, &on, &given, error))
    return FALSE;
  if (present != NULL)
    *present = given;
  /* Leaves *out alone when absent, as the other getters do. */
  if (given)
    *out = on;
  return TRUE;
}

void
imc_json_builder_add_plan_item (JsonBuilder *builder,
                                ImcPlanItem  item,
                                gint         value)
{
  const ImcPlanItemInfo *info = imc_plan_item_get_info (item);

  json_builder_set_member_name (builder, info->api_name);
  if (info->kind == IMC_PLAN_ITEM_KIND_SWITCH)
    json_builder_add_boolean_value (builder, value != 0);
  else
    json_builder_add_int_value (builder, value);
}

gboolean
imc_json_get_plan (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   ImcPlan     *out,
                   gboolean    *present,
                   GError     **error)
{
  JsonObject *plan = NULL;
  gboolean given = FALSE;
  const char *edition = NULL;
  ImcPlan result = { 0, };

  if (!imc_json_get_object (object, member, required, &plan, &given, error))
    return FALSE;
  if (present != NULL)
    *present = given;
  if (!given)
    return TRUE;

  if (!imc_json_get_string (plan, "Edition", TRUE, &edition, NULL, error))
    return FALSE;
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      gint value = 0;

      if (!imc_json_get_plan_item (plan, item, TRUE, &value, NULL, error))
        return FALSE;
      imc_plan_set_item (&result, item, value);
    }
  if (!imc_edition_from_string (edition, &result.edition))
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                   _("The parameter “%s” has a value that is not allowed."), "Edition");
      return FALSE;
    }
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      if (imc_plan_item_get_info (item)->kind == IMC_PLAN_ITEM_KIND_TIERS &&
          imc_plan_get_item (&result, item) <= 0)
        {
          g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                       _("The parameter “%s” has a value that is not allowed."), member);
          return FALSE;
        }
    }

  *out = result;
  return TRUE;
}

void
imc_json_builder_add_plan (JsonBuilder   *builder,
                           const char    *member,
                           const ImcPlan *plan)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Edition");
  json_builder_add_string_value (builder, imc_edition_to_string (plan->edition));
  json_builder_set_member_name (builder, "BillingMode");
  json_builder_add_string_value (builder,
                                 imc_billing_mode_to_string (imc_plan_get_billing_mode (plan)));
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    imc_json_builder_add_plan_item (builder, item, imc_plan_get_item (plan, item));
  json_builder_end_object (builder);
}

/* Looks at the raw text before json-glib does (see imc_json_parse_object). */
static gboolean
raw_json_ok (const char *data,
             gsize       length)
{
  guint depth = 0;
  guint digits = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (g_ascii_isdigit (c))
        {
          if (++digits > 18)
            return FALSE;
          continue;
        }
      digits = 0;

      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > IMC_JSON_MAX_DEPTH)
            return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

JsonObject *
imc_json_parse_object (const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  /* g_utf8_validate_len() also refuses NUL bytes. */
  if (data == NULL || length == 0 || !g_utf8_validate_len (data, length, NULL) ||
      !raw_json_ok (data, length) ||
      !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    goto bad;

  /* An empty document parses to no root at all. */
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto bad;

  return json_node_dup_object (root);

bad:
  g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER,
               _("The request body must be a JSON object."));
  return NULL;
}

char *
imc_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}
