/* imc-app.h: one IM app as the API describes it (the App object). */
#pragma once

#include <json-glib/json-glib.h>

#include "imc-json-writer.h"
#include "imc-types.h"

G_BEGIN_DECLS

/* The App object's fields as plain values, times in Unix seconds
 * (IMC_JSON_WRITER_NO_TIME for null): the one place that writes an App,
 * used by ImcApp and by the server for every app of a page. */
typedef struct {
  gint64        sdk_app_id;
  const char   *name;
  ImcAppStatus  status;
  gint64        created_time;
  gint64        disabled_time;
  gint64        purge_time;
  ImcPlan       plan;
  gint          max_av_groups;
  gint          message_retention_days;
  gint64        next_modifiable[IMC_N_PLAN_ITEMS];
} ImcAppRecord;

void           imc_app_record_write_json        (const ImcAppRecord *record,
                                                 ImcJsonWriter      *writer);

#define IMC_TYPE_APP (imc_app_get_type ())

G_DECLARE_FINAL_TYPE (ImcApp, imc_app, IMC, APP, GObject)

ImcApp        *imc_app_new                      (void);
/* Decodes an App object strictly (types and enum values checked). */
ImcApp        *imc_app_new_from_json            (JsonObject    *object,
                                                 GError       **error);
JsonNode      *imc_app_to_json                  (ImcApp        *self);
void           imc_app_write_json               (ImcApp        *self,
                                                 ImcJsonWriter *writer);
/* Copies every field of @other into @self, notifying what changed, so a
 * list can keep its objects across refreshes. */
void           imc_app_update_from              (ImcApp        *self,
                                                 ImcApp        *other);

gint64         imc_app_get_sdk_app_id           (ImcApp        *self);
void           imc_app_set_sdk_app_id           (ImcApp        *self,
                                                 gint64         sdk_app_id);
const char    *imc_app_get_name                 (ImcApp        *self);
void           imc_app_set_name                 (ImcApp        *self,
                                                 const char    *name);
ImcAppStatus   imc_app_get_status               (ImcApp        *self);
void           imc_app_set_status               (ImcApp        *self,
                                                 ImcAppStatus   status);
GDateTime     *imc_app_get_created_time         (ImcApp        *self);
void           imc_app_set_created_time         (ImcApp        *self,
                                                 GDateTime     *time);
/* NULL unless disabled. */
GDateTime     *imc_app_get_disabled_time        (ImcApp        *self);
void           imc_app_set_disabled_time        (ImcApp        *self,
                                                 GDateTime     *time);
GDateTime     *imc_app_get_purge_time           (ImcApp        *self);
void           imc_app_set_purge_time           (ImcApp        *self,
                                                 GDateTime     *time);
const ImcPlan *imc_app_get_plan                 (ImcApp        *self);
void           imc_app_set_plan                 (ImcApp        *self,
                                                 const ImcPlan *plan);
ImcEdition     imc_app_get_edition              (ImcApp        *self);
ImcBillingMode imc_app_get_billing_mode         (ImcApp        *self);
/* -1 means unlimited. */
gint           imc_app_get_max_av_groups        (ImcApp        *self);
void           imc_app_set_max_av_groups        (ImcApp        *self,
                                                 gint           max_av_groups);
gint           imc_app_get_message_retention_days (ImcApp      *self);
void           imc_app_set_message_retention_days (ImcApp      *self,
                                                 gint           days);
/* First day @item may change again, or NULL when it may change now. */
GDateTime     *imc_app_get_next_modifiable      (ImcApp        *self,
                                                 ImcPlanItem    item);
void           imc_app_set_next_modifiable      (ImcApp        *self,
                                                 ImcPlanItem    item,
                                                 GDateTime     *date);

G_END_DECLS
