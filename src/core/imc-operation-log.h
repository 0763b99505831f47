/* imc-operation-log.h: one entry of DescribeAppOperationLogs: who
 * (SecretId), what (action), the app's status and plan before and after,
 * and when. */
#pragma once

#include <json-glib/json-glib.h>

#include "imc-types.h"

G_BEGIN_DECLS

#define IMC_TYPE_OPERATION_LOG (imc_operation_log_get_type ())

G_DECLARE_FINAL_TYPE (ImcOperationLog, imc_operation_log, IMC, OPERATION_LOG, GObject)

ImcOperationLog *imc_operation_log_new            (gint64            log_id,
                                                   gint64            sdk_app_id,
                                                   GDateTime        *time,
                                                   const char       *secret_id,
                                                   const char       *action,
                                                   ImcAppStatus      status_before,
                                                   const ImcPlan    *plan_before,
                                                   ImcAppStatus      status_after,
                                                   const ImcPlan    *plan_after,
                                                   guint             changed_items);
ImcOperationLog *imc_operation_log_new_from_json  (JsonObject       *object,
                                                   GError          **error);
JsonNode        *imc_operation_log_to_json        (ImcOperationLog  *self);

gint64           imc_operation_log_get_log_id      (ImcOperationLog *self);
gint64           imc_operation_log_get_sdk_app_id  (ImcOperationLog *self);
GDateTime       *imc_operation_log_get_time        (ImcOperationLog *self);
/* "" for changes made by the server itself (the purge job). */
const char      *imc_operation_log_get_secret_id   (ImcOperationLog *self);
/* The API action name: "UpgradeAppPlan", ... or "PurgeApp". */
const char      *imc_operation_log_get_action      (ImcOperationLog *self);
ImcAppStatus     imc_operation_log_get_status_before (ImcOperationLog *self);
const ImcPlan   *imc_operation_log_get_plan_before (ImcOperationLog *self);
ImcAppStatus     imc_operation_log_get_status_after (ImcOperationLog *self);
const ImcPlan   *imc_operation_log_get_plan_after  (ImcOperationLog *self);
/* IMC_PLAN_ITEM_FLAG bits of the items that count as changed. */
guint            imc_operation_log_get_changed_items (ImcOperationLog *self);

G_END_DECLS
