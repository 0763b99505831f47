/* imc-operation-log.c */
#include "config.h"

#include "imc-error.h"
#include "imc-gettext.h"
#include "imc-json.h"
#include "imc-operation-log.h"

struct _ImcOperationLog
{
  GObject      parent_instance;

  gint64       log_id;
  gint64       sdk_app_id;
  GDateTime   *time;
  char        *secret_id;
  char        *action;
  ImcAppStatus status_before;
  ImcPlan      plan_before;
  ImcAppStatus status_after;
  ImcPlan      plan_after;
  guint        changed_items;
};

G_DEFINE_FINAL_TYPE (ImcOperationLog, imc_operation_log, G_TYPE_OBJECT)

static void
imc_operation_log_finalize (GObject *object)
{
  ImcOperationLog *self = IMC_OPERATION_LOG (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->secret_id, g_free);
  g_clear_pointer (&self->action, g_free);

  G_OBJECT_CLASS (imc_operation_log_parent_class)->finalize (object);
}

static void
imc_operation_log_class_init (ImcOperationLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = imc_operation_log_finalize;
}

static void
imc_operation_log_init (ImcOperationLog *self)
{
}

ImcOperationLog *
imc_operation_log_new (gint64         log_id,
                       gint64         sdk_app_id,
                       GDateTime     *time,
                       const char    *secret_id,
                       const char    *action,
                       ImcAppStatus   status_before,
                       const ImcPlan *plan_before,
                       ImcAppStatus   status_after,
                       const ImcPlan *plan_after,
                       guint          changed_items)
{
  ImcOperationLog *self;

  g_return_val_if_fail (time != NULL, NULL);
  g_return_val_if_fail (action != NULL, NULL);
  g_return_val_if_fail (plan_before != NULL && plan_after != NULL, NULL);

  self = g_object_new (IMC_TYPE_OPERATION_LOG, NULL);
  self->log_id = log_id;
  self->sdk_app_id = sdk_app_id;
  self->time = g_date_time_ref (time);
  self->secret_id = g_strdup (secret_id != NULL ? secret_id : "");
  self->action = g_strdup (action);
  self->status_before = status_before;
  self->plan_before = *plan_before;
  self->status_after = status_after;
  self->plan_after = *plan_after;
  self->changed_items = changed_items & IMC_PLAN_ITEM_FLAGS_ALL;
  return self;
}

static gboolean
get_status (JsonObject    *object,
            const char    *member,
            ImcAppStatus  *out,
            GError       **error)
{
  const char *str = NULL;

  if (!imc_json_get_string (object, member, TRUE, &str, NULL, error))
    return FALSE;
  if (!imc_app_status_from_string (str, out))
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                   _("The parameter “%s” has a value that is not allowed."), member);
      return FALSE;
    }
  return TRUE;
}

ImcOperationLog *
imc_operation_log_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  gint64 log_id = 0, sdk_app_id = 0;
  g_autoptr(GDateTime) time = NULL;
  const char *secret_id = NULL, *action = NULL;
  ImcAppStatus status_before, status_after;
  ImcPlan plan_before, plan_after;
  JsonArray *changed = NULL;
  guint changed_items = 0;

  if (!imc_json_get_int (object, "LogId", TRUE, &log_id, NULL, error)
      || !imc_json_get_int (object, "SdkAppId", TRUE, &sdk_app_id, NULL, error)
      || !imc_json_get_time (object, "Time", TRUE, &time, NULL, error)
      || !imc_json_get_string (object, "SecretId", TRUE, &secret_id, NULL, error)
      || !imc_json_get_string (object, "Action", TRUE, &action, NULL, error)
      || !get_status (object, "StatusBefore", &status_before, error)
      || !imc_json_get_plan (object, "PlanBefore", TRUE, &plan_before, NULL, error)
      || !get_status (object, "StatusAfter", &status_after, error)
      || !imc_json_get_plan (object, "PlanAfter", TRUE, &plan_after, NULL, error)
      || !imc_json_get_array (object, "ChangedItems", TRUE, &changed, NULL, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (changed); i++)
    {
      JsonNode *node = json_array_get_element (changed, i);
      ImcPlanItem item;

      if (!JSON_NODE_HOLDS_VALUE (node)
          || json_node_get_value_type (node) != G_TYPE_STRING
          || !imc_plan_item_from_string (json_node_get_string (node), &item))
        {
          g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
                       _("The parameter “%s” has a value that is not allowed."), "ChangedItems");
          return NULL;
        }
      changed_items |= IMC_PLAN_ITEM_FLAG (item);
    }

  return imc_operation_log_new (log_id, sdk_app_id, time, secret_id, action,
                                status_before, &plan_before,
                                status_after, &plan_after, changed_items);
}

JsonNode *
imc_operation_log_to_json (ImcOperationLog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (IMC_IS_OPERATION_LOG (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "LogId");
  json_builder_add_int_value (builder, self->log_id);
  json_builder_set_member_name (builder, "SdkAppId");
  json_builder_add_int_value (builder, self->sdk_app_id);
  imc_json_builder_add_time (builder, "Time", self->time);
  json_builder_set_member_name (builder, "SecretId");
  json_builder_add_string_value (builder, self->secret_id);
  json_builder_set_member_name (builder, "Action");
  json_builder_add_string_value (builder, self->action);
  json_builder_set_member_name (builder, "StatusBefore");
  json_builder_add_string_value (builder, imc_app_status_to_string (self->status_before));
  imc_json_builder_add_plan (builder, "PlanBefore", &self->plan_before);
  json_builder_set_member_name (builder, "StatusAfter");
  json_builder_add_string_value (builder, imc_app_status_to_string (self->status_after));
  imc_json_builder_add_plan (builder, "PlanAfter", &self->plan_after);
  json_builder_set_member_name (builder, "ChangedItems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    if (self->changed_items & IMC_PLAN_ITEM_FLAG (i))
      json_builder_add_string_value (builder, imc_plan_item_to_string (i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gint64
imc_operation_log_get_log_id (ImcOperationLog *self)
{
  g_return_val_if_fail (IMC_IS_OPERATION_LOG (self), 0);
  return self->log_id;
}

gint64
imc_operation_log_get_sdk_app_id (ImcOperationLog *self)
{
  g_return_val_if_fail (IMC_IS_OPERATION_LOG (self), 0);
  return self->sdk_app_id;
}

GDateTime *
imc_operation_log_get_time (ImcOperationLog *self)
{
  g_return_val_if_fail (IMC_IS_OPERATION_LOG (self), NULL);
  return self->time;
}

const char *
imc_operation_log_get_secret_id (ImcOperationLog *self)
{
  g_return_val_if_fail (IMC_IS_OPERATION_LOG (self), NULL);
  return self->secret_id;
}

const char *
imc_operation_log_get_action (ImcOperationLog *self)
{
  g_return_val_if_fail (IMC_IS_OPERATION_LOG (self), NULL);
  return self->action;
}

ImcAppStatus
imc_operation_log_get_status_before (ImcOperationLog *self)
{
  g_return_val_if_fail (IMC_IS_OPERATION_LOG (self), IMC_APP_STATUS_ENABLED);
  return self->status_before;
}

const ImcPlan *
imc_operation_log_get_plan_before (ImcOperationLog *self)
{
  g_return_val_if_fail (IMC_IS_OPERATION_LOG (self), NULL);
  return &self->plan_before;
}

ImcAppStatus
imc_operation_log_get_status_after (ImcOperationLog *self)
{
  g_return_val_if_fail (IMC_IS_OPERATION_LOG (self), IMC_APP_STATUS_ENABLED);
  return self->status_after;
}

const ImcPlan *
imc_operation_log_get_plan_after (ImcOperationLog *self)
{
  g_return_val_if_fail (IMC_IS_OPERATION_LOG (self), NULL);
  return &self->plan_after;
}

guint
imc_operation_log_get_changed_items (ImcOperationLog *self)
{
  g_return_val_if_fail (IMC_IS_OPERATION_LOG (self), 0);
  return self->changed_items;
}
