/* imc-app.c */
#include "config.h"

#include "imc-app.h"
#include "imc-calendar.h"
#include "imc-error.h"
#include "imc-gettext.h"
#include "imc-json.h"
#include "imc-plan-item.h"

struct _ImcApp
{
  GObject     parent_instance;

  gint64      sdk_app_id;
  char       *name;
  ImcAppStatus status;
  GDateTime  *created_time;
  GDateTime  *disabled_time;
  GDateTime  *purge_time;
  ImcPlan     plan;
  gint        max_av_groups;
  gint        message_retention_days;
  GDateTime  *next_modifiable[IMC_N_PLAN_ITEMS];
};

G_DEFINE_FINAL_TYPE (ImcApp, imc_app, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SDK_APP_ID,
  PROP_NAME,
  PROP_STATUS,
  PROP_CREATED_TIME,
  PROP_DISABLED_TIME,
  PROP_PURGE_TIME,
  PROP_PLAN,
  PROP_MAX_AV_GROUPS,
  PROP_MESSAGE_RETENTION_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
imc_app_finalize (GObject *object)
{
  ImcApp *self = IMC_APP (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->created_time, g_date_time_unref);
  g_clear_pointer (&self->disabled_time, g_date_time_unref);
  g_clear_pointer (&self->purge_time, g_date_time_unref);
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    g_clear_pointer (&self->next_modifiable[i], g_date_time_unref);

  G_OBJECT_CLASS (imc_app_parent_class)->finalize (object);
}

static void
imc_app_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  ImcApp *self = IMC_APP (object);

  switch (prop_id)
    {
    case PROP_SDK_APP_ID:
      g_value_set_int64 (value, self->sdk_app_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_CREATED_TIME:
      g_value_set_boxed (value, self->created_time);
      break;
    case PROP_DISABLED_TIME:
      g_value_set_boxed (value, self->disabled_time);
      break;
    case PROP_PURGE_TIME:
      g_value_set_boxed (value, self->purge_time);
      break;
    case PROP_PLAN:
      g_value_set_boxed (value, &self->plan);
      break;
    case PROP_MAX_AV_GROUPS:
      g_value_set_int (value, self->max_av_groups);
      break;
    case PROP_MESSAGE_RETENTION_DAYS:
      g_value_set_int (value, self->message_retention_days);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_app_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  ImcApp *self = IMC_APP (object);

  switch (prop_id)
    {
    case PROP_SDK_APP_ID:
      imc_app_set_sdk_app_id (self, g_value_get_int64 (value));
      break;
    case PROP_NAME:
      imc_app_set_name (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      imc_app_set_status (self, g_value_get_enum (value));
      break;
    case PROP_CREATED_TIME:
      imc_app_set_created_time (self, g_value_get_boxed (value));
      break;
    case PROP_DISABLED_TIME:
      imc_app_set_disabled_time (self, g_value_get_boxed (value));
      break;
    case PROP_PURGE_TIME:
      imc_app_set_purge_time (self, g_value_get_boxed (value));
      break;
    case PROP_PLAN:
      if (g_value_get_boxed (value) != NULL)
        imc_app_set_plan (self, g_value_get_boxed (value));
      break;
    case PROP_MAX_AV_GROUPS:
      imc_app_set_max_av_groups (self, g_value_get_int (value));
      break;
    case PROP_MESSAGE_RETENTION_DAYS:
      imc_app_set_message_retention_days (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_app_class_init (ImcAppClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = imc_app_finalize;
  object_class->get_property = imc_app_get_property;
  object_class->set_property = imc_app_set_property;

  properties[PROP_SDK_APP_ID] =
    g_param_spec_int64 ("sdk-app-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, IMC_TYPE_APP_STATUS,
                       IMC_APP_STATUS_ENABLED, flags);
  properties[PROP_CREATED_TIME] =
    g_param_spec_boxed ("created-time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_DISABLED_TIME] =
    g_param_spec_boxed ("disabled-time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_PURGE_TIME] =
    g_param_spec_boxed ("purge-time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_PLAN] =
    g_param_spec_boxed ("plan", NULL, NULL, IMC_TYPE_PLAN, flags);
  properties[PROP_MAX_AV_GROUPS] =
    g_param_spec_int ("max-av-groups", NULL, NULL, -1, G_MAXINT, 50, flags);
  properties[PROP_MESSAGE_RETENTION_DAYS] =
    g_param_spec_int ("message-retention-days", NULL, NULL, 0, G_MAXINT, 7, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
imc_app_init (ImcApp *self)
{
  self->status = IMC_APP_STATUS_ENABLED;
  for (ImcPlanItem item = 0; item < IMC_N_PLAN_ITEMS; item++)
    imc_plan_set_item (&self->plan, item, imc_plan_item_get_info (item)->defaults[IMC_EDITION_FREE]);
  self->max_av_groups = 50;
  self->message_retention_days = 7;
}

ImcApp *
imc_app_new (void)
{
  return g_object_new (IMC_TYPE_APP, NULL);
}

static gboolean
bad_value (GError     **error,
           const char  *member)
{
  g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER_VALUE,
               _("The parameter “%s” has a value that is not allowed."), member);
  return FALSE;
}

static gboolean
decode_plan (ImcApp      *self,
             JsonObject  *plan,
             GError     **error)
{
  const char *edition = NULL, *mode = NULL;
  ImcBillingMode billing_mode;
  ImcPlan result = self->plan;
  gint max_av, retention;

  if (!imc_json_get_string (plan, "Edition", TRUE, &edition, NULL, error)
      || !imc_json_get_string (plan, "BillingMode", TRUE, &mode, NULL, error)
      || !imc_json_get_int32 (plan, "MaxAvGroups", TRUE, &max_av, NULL, error)
      || !imc_json_get_int32 (plan, "MessageRetentionDays", TRUE, &retention, NULL, error))
    return FALSE;
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      gint value = 0;

      if (!imc_json_get_plan_item (plan, item, TRUE, &value, NULL, error))
        return FALSE;
      if (imc_plan_item_get_info (item)->kind == IMC_PLAN_ITEM_KIND_TIERS && value <= 0)
        return bad_value (error, imc_plan_item_to_string (item));
      imc_plan_set_item (&result, item, value);
    }

  if (!imc_edition_from_string (edition, &result.edition))
    return bad_value (error, "Edition");
  if (!imc_billing_mode_from_string (mode, &billing_mode)
      || billing_mode != imc_plan_get_billing_mode (&result))
    return bad_value (error, "BillingMode");
  if (max_av < -1 || max_av == 0 || (result.unlimited_av_groups != (max_av == -1)))
    return bad_value (error, "MaxAvGroups");
  if (retention < 0)
    return bad_value (error, "MessageRetentionDays");

  self->plan = result;
  self->max_av_groups = max_av;
  self->message_retention_days = retention;
  return TRUE;
}

ImcApp *
imc_app_new_from_json (JsonObject  *object,
                       GError     **error)
{
  g_autoptr(ImcApp) self = imc_app_new ();
  const char *name = NULL, *status = NULL;
  JsonObject *plan = NULL, *next = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!imc_json_get_int (object, "SdkAppId", TRUE, &self->sdk_app_id, NULL, error)
      || !imc_json_get_string (object, "AppName", TRUE, &name, NULL, error)
      || !imc_json_get_string (object, "Status", TRUE, &status, NULL, error)
      || !imc_json_get_time (object, "CreatedTime", TRUE, &self->created_time, NULL, error)
      || !imc_json_get_time (object, "DisabledTime", FALSE, &self->disabled_time, NULL, error)
      || !imc_json_get_time (object, "PurgeTime", FALSE, &self->purge_time, NULL, error)
      || !imc_json_get_object (object, "Plan", TRUE, &plan, NULL, error)
      || !imc_json_get_object (object, "NextModifiable", FALSE, &next, NULL, error))
    return NULL;

  if (self->sdk_app_id <= 0)
    {
      bad_value (error, "SdkAppId");
      return NULL;
    }
  if (!imc_app_status_from_string (status, &self->status))
    {
      bad_value (error, "Status");
      return NULL;
    }
  self->name = g_strdup (name);

  if (!decode_plan (self, plan, error))
    return NULL;

  if (next != NULL)
    {
      for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
        if (!imc_json_get_date (next, imc_plan_item_to_string (i), FALSE,
                                &self->next_modifiable[i], NULL, error))
          return NULL;
    }

  return g_steal_pointer (&self);
}

void
imc_app_record_write_json (const ImcAppRecord *record,
                           ImcJsonWriter      *w)
{
  imc_json_writer_begin_object (w);
  imc_json_writer_member_literal (w, "SdkAppId");
  imc_json_writer_int (w, record->sdk_app_id);
  imc_json_writer_member_literal (w, "AppName");
  imc_json_writer_string (w, record->name != NULL ? record->name : "");
  imc_json_writer_member_literal (w, "Status");
  imc_json_writer_string (w, imc_app_status_to_string (record->status));
  imc_json_writer_member_literal (w, "CreatedTime");
  imc_json_writer_unix_time (w, record->created_time);
  imc_json_writer_member_literal (w, "DisabledTime");
  imc_json_writer_unix_time (w, record->disabled_time);
  imc_json_writer_member_literal (w, "PurgeTime");
  imc_json_writer_unix_time (w, record->purge_time);

  imc_json_writer_member_literal (w, "Plan");
  imc_json_writer_begin_object (w);
  imc_json_writer_member_literal (w, "Edition");
  imc_json_writer_string (w, imc_edition_to_string (record->plan.edition));
  imc_json_writer_member_literal (w, "BillingMode");
  imc_json_writer_string (w, imc_billing_mode_to_string (imc_plan_get_billing_mode (&record->plan)));
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      const ImcPlanItemInfo *info = imc_plan_item_get_info (item);
      gint value = imc_plan_get_item (&record->plan, item);

      imc_json_writer_member (w, info->api_name);
      if (info->kind == IMC_PLAN_ITEM_KIND_SWITCH)
        imc_json_writer_boolean (w, value);
      else
        imc_json_writer_int (w, value);
      /* The cap follows its switch on the wire, as it always has. */
      if (item == IMC_PLAN_ITEM_UNLIMITED_AV_GROUPS)
        {
          imc_json_writer_member_literal (w, "MaxAvGroups");
          imc_json_writer_int (w, record->max_av_groups);
        }
    }
  imc_json_writer_member_literal (w, "MessageRetentionDays");
  imc_json_writer_int (w, record->message_retention_days);
  imc_json_writer_end_object (w);

  imc_json_writer_member_literal (w, "NextModifiable");
  imc_json_writer_begin_object (w);
  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    {
      imc_json_writer_member (w, imc_plan_item_to_string (i));
      imc_json_writer_unix_date (w, record->next_modifiable[i]);
    }
  imc_json_writer_end_object (w);

  imc_json_writer_end_object (w);
}

void
imc_app_write_json (ImcApp        *self,
                    ImcJsonWriter *writer)
{
  ImcAppRecord record;

  g_return_if_fail (IMC_IS_APP (self));

  record = (ImcAppRecord) {
    .sdk_app_id = self->sdk_app_id,
    .name = self->name,
    .status = self->status,
    .created_time = imc_json_writer_unix_of (self->created_time),
    .disabled_time = imc_json_writer_unix_of (self->disabled_time),
    .purge_time = imc_json_writer_unix_of (self->purge_time),
    .plan = self->plan,
    .max_av_groups = self->max_av_groups,
    .message_retention_days = self->message_retention_days,
  };

  for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
    record.next_modifiable[i] = imc_json_writer_unix_of (self->next_modifiable[i]);
  imc_app_record_write_json (&record, writer);
}

JsonNode *
imc_app_to_json (ImcApp *self)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = NULL;
  ImcJsonWriter *writer;

  g_return_val_if_fail (IMC_IS_APP (self), NULL);

  writer = imc_json_writer_new ();
  imc_app_write_json (self, writer);
  text = imc_json_writer_free_to_string (writer);
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    g_return_val_if_reached (NULL);
  return json_node_ref (json_parser_get_root (parser));
}

static gboolean
date_time_equal0 (GDateTime *a,
                  GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

/* Replaces *@slot and says whether anything changed. */
static gboolean
replace_date_time (GDateTime **slot,
                   GDateTime  *value)
{
  if (date_time_equal0 (*slot, value))
    return FALSE;
  g_clear_pointer (slot, g_date_time_unref);
  if (value != NULL)
    *slot = g_date_time_ref (value);
  return TRUE;
}

void
imc_app_update_from (ImcApp *self,
                     ImcApp *other)
{
  g_return_if_fail (IMC_IS_APP (self));
  g_return_if_fail (IMC_IS_APP (other));

  g_object_freeze_notify (G_OBJECT (self));
  imc_app_set_sdk_app_id (self, other->sdk_app_id);
  imc_app_set_name (self, other->name);
  imc_app_set_status (self, other->status);
  imc_app_set_created_time (self, other->created_time);
  imc_app_set_disabled_time (self, other->disabled_time);
  imc_app_set_purge_time (self, other->purge_time);
  imc_app_set_max_av_groups (self, other->max_av_groups);
  imc_app_set_message_retention_days (self, other->message_retention_days);

  /* The locks are part of what the plan section shows, so a change of
   * them alone is announced as a change of the plan. */
  {
    gboolean locks_changed = FALSE;

    for (guint i = 0; i < IMC_N_PLAN_ITEMS; i++)
      locks_changed |= replace_date_time (&self->next_modifiable[i], other->next_modifiable[i]);
    if (locks_changed && imc_plan_equal (&self->plan, &other->plan))
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
  }
  imc_app_set_plan (self, &other->plan);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
imc_app_get_sdk_app_id (ImcApp *self)
{
  g_return_val_if_fail (IMC_IS_APP (self), 0);
  return self->sdk_app_id;
}

void
imc_app_set_sdk_app_id (ImcApp *self,
                        gint64  sdk_app_id)
{
  g_return_if_fail (IMC_IS_APP (self));
  if (self->sdk_app_id == sdk_app_id)
    return;
  self->sdk_app_id = sdk_app_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SDK_APP_ID]);
}

const char *
imc_app_get_name (ImcApp *self)
{
  g_return_val_if_fail (IMC_IS_APP (self), NULL);
  return self->name;
}

void
imc_app_set_name (ImcApp     *self,
                  const char *name)
{
  g_return_if_fail (IMC_IS_APP (self));
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

ImcAppStatus
imc_app_get_status (ImcApp *self)
{
  g_return_val_if_fail (IMC_IS_APP (self), IMC_APP_STATUS_ENABLED);
  return self->status;
}

void
imc_app_set_status (ImcApp       *self,
                    ImcAppStatus  status)
{
  g_return_if_fail (IMC_IS_APP (self));
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

GDateTime *
imc_app_get_created_time (ImcApp *self)
{
  g_return_val_if_fail (IMC_IS_APP (self), NULL);
  return self->created_time;
}

void
imc_app_set_created_time (ImcApp    *self,
                          GDateTime *time)
{
  g_return_if_fail (IMC_IS_APP (self));
  if (replace_date_time (&self->created_time, time))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_TIME]);
}

GDateTime *
imc_app_get_disabled_time (ImcApp *self)
{
  g_return_val_if_fail (IMC_IS_APP (self), NULL);
  return self->disabled_time;
}

void
imc_app_set_disabled_time (ImcApp    *self,
                           GDateTime *time)
{
  g_return_if_fail (IMC_IS_APP (self));
  if (replace_date_time (&self->disabled_time, time))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISABLED_TIME]);
}

GDateTime *
imc_app_get_purge_time (ImcApp *self)
{
  g_return_val_if_fail (IMC_IS_APP (self), NULL);
  return self->purge_time;
}

void
imc_app_set_purge_time (ImcApp    *self,
                        GDateTime *time)
{
  g_return_if_fail (IMC_IS_APP (self));
  if (replace_date_time (&self->purge_time, time))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PURGE_TIME]);
}

const ImcPlan *
imc_app_get_plan (ImcApp *self)
{
  g_return_val_if_fail (IMC_IS_APP (self), NULL);
  return &self->plan;
}

void
imc_app_set_plan (ImcApp        *self,
                  const ImcPlan *plan)
{
  g_return_if_fail (IMC_IS_APP (self));
  g_return_if_fail (plan != NULL);
  if (imc_plan_equal (&self->plan, plan))
    return;
  self->plan = *plan;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
}

ImcEdition
imc_app_get_edition (ImcApp *self)
{
  g_return_val_if_fail (IMC_IS_APP (self), IMC_EDITION_FREE);
  return self->plan.edition;
}

ImcBillingMode
imc_app_get_billing_mode (ImcApp *self)
{
  g_return_val_if_fail (IMC_IS_APP (self), IMC_BILLING_MODE_FREE);
  return imc_plan_get_billing_mode (&self->plan);
}

gint
imc_app_get_max_av_groups (ImcApp *self)
{
  g_return_val_if_fail (IMC_IS_APP (self), 0);
  return self->max_av_groups;
}

void
imc_app_set_max_av_groups (ImcApp *self,
                           gint    max_av_groups)
{
  g_return_if_fail (IMC_IS_APP (self));
  if (self->max_av_groups == max_av_groups)
    return;
  self->max_av_groups = max_av_groups;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_AV_GROUPS]);
}

gint
imc_app_get_message_retention_days (ImcApp *self)
{
  g_return_val_if_fail (IMC_IS_APP (self), 0);
  return self->message_retention_days;
}

void
imc_app_set_message_retention_days (ImcApp *self,
                                    gint    days)
{
  g_return_if_fail (IMC_IS_APP (self));
  if (self->message_retention_days == days)
    return;
  self->message_retention_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_RETENTION_DAYS]);
}

GDateTime *
imc_app_get_next_modifiable (ImcApp      *self,
                             ImcPlanItem  item)
{
  g_return_val_if_fail (IMC_IS_APP (self), NULL);
  g_return_val_if_fail (item < IMC_N_PLAN_ITEMS, NULL);
  return self->next_modifiable[item];
}

void
imc_app_set_next_modifiable (ImcApp      *self,
                             ImcPlanItem  item,
                             GDateTime   *date)
{
  g_return_if_fail (IMC_IS_APP (self));
  g_return_if_fail (item < IMC_N_PLAN_ITEMS);
  if (replace_date_time (&self->next_modifiable[item], date))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
}
