/* imc-store.h: the server's SQLite database.
 *
 * WAL mode, synchronous=FULL, foreign keys on, a schema version table with
 * migrations. Write actions run inside imc_store_begin() (BEGIN IMMEDIATE)
 * … imc_store_commit(), so a rule check and the write it allows are one
 * transaction even with several server processes on one file.
 *
 * Errors are IMC_ERROR_INTERNAL with details for the server log only,
 * except where a function says otherwise.
 */
#pragma once

#include <gio/gio.h>

#include "imc-core.h"
#include "imc-secret-box.h"

G_BEGIN_DECLS

#define IMC_STORE_SCHEMA_VERSION 3

/* One app row and what the rules need of it. */
typedef struct {
  gint64        sdk_app_id;
  gint64        account_id;
  char         *name;
  gint64        created_time;     /* Unix seconds */
  GDateTime    *disabled_time;   /* NULL unless disabled */
  ImcPlanState  state;
} ImcStoredApp;

void          imc_stored_app_free           (ImcStoredApp *app);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImcStoredApp, imc_stored_app_free)

/* One app of a bill: its plan events, oldest first. */
typedef struct {
  gint64  sdk_app_id;
  char   *name;
  GArray *events;   /* ImcPlanEvent, times owned */
} ImcBillApp;

void          imc_bill_app_free             (ImcBillApp *app);

#define IMC_TYPE_STORE (imc_store_get_type ())

G_DECLARE_FINAL_TYPE (ImcStore, imc_store, IMC, STORE, GObject)

/* Opens (creating with mode 0600) and migrates @path; the master key is
 * @path + ".key". */
ImcStore     *imc_store_open                (const char    *path,
                                             GError       **error);
void          imc_store_close               (ImcStore      *self);

gboolean      imc_store_begin               (ImcStore      *self,
                                             GError       **error);
gboolean      imc_store_commit              (ImcStore      *self,
                                             GError       **error);
void          imc_store_rollback            (ImcStore      *self);
/* Two numbers that change whenever a change is made to the database, by
 * this store or by another connection (another process on the same
 * file): what was read before is then possibly stale. */
typedef struct {
  gint64 data_version;
  gint64 own_changes;
} ImcStoreGeneration;
gboolean      imc_store_get_generation      (ImcStore            *self,
                                             ImcStoreGeneration  *out,
                                             GError             **error);
gboolean      imc_store_generation_equal    (const ImcStoreGeneration *a,
                                             const ImcStoreGeneration *b);

gboolean      imc_store_has_accounts        (ImcStore      *self,
                                             gboolean      *out_any,
                                             GError       **error);
gboolean      imc_store_ensure_account      (ImcStore      *self,
                                             const char    *name,
                                             GDateTime     *now,
                                             gint64        *out_account_id,
                                             GError       **error);
/* Makes a new random SecretId/SecretKey pair for @account_id. */
gboolean      imc_store_create_key          (ImcStore      *self,
                                             gint64         account_id,
                                             GDateTime     *now,
                                             char         **out_secret_id,
                                             char         **out_secret_key,
                                             GError       **error);
/* *out_deleted says whether the key existed. */
gboolean      imc_store_delete_key          (ImcStore      *self,
                                             const char    *secret_id,
                                             gboolean      *out_deleted,
                                             GError       **error);
/* Deletes every key of @account_id but @keep_secret_id; *out_deleted
 * (may be NULL) is how many. */
gboolean      imc_store_delete_other_keys   (ImcStore      *self,
                                             gint64         account_id,
                                             const char    *keep_secret_id,
                                             guint         *out_deleted,
                                             GError       **error);
/* The SecretId's account and its key as stored (sealed); *out_sealed is
 * NULL (and TRUE returned) when the SecretId is unknown. */
gboolean      imc_store_lookup_key          (ImcStore      *self,
                                             const char    *secret_id,
                                             gint64        *out_account_id,
                                             GBytes       **out_sealed,
                                             GError       **error);
/* The SecretKey in a sealed key of @secret_id; free it with
 * imc_secret_free(). */
char         *imc_store_open_key            (ImcStore      *self,
                                             const char    *secret_id,
                                             GBytes        *sealed,
                                             GError       **error);

gboolean      imc_store_create_app          (ImcStore      *self,
                                             gint64         account_id,
                                             const char    *name,
                                             const ImcPlan *plan,
                                             GDateTime     *now,
                                             gint64        *out_sdk_app_id,
                                             GError       **error);
/* IMC_ERROR_RESOURCE_NOT_FOUND_APP when @sdk_app_id is not an app of
 * @account_id (whether or not it exists). */
ImcStoredApp *imc_store_get_app             (ImcStore      *self,
                                             gint64         account_id,
                                             gint64         sdk_app_id,
                                             GError       **error);
/* Writes status, plan, disabled time and last changes. */
gboolean      imc_store_update_app          (ImcStore      *self,
                                             const ImcStoredApp *app,
                                             GError       **error);
gboolean      imc_store_list_apps           (ImcStore      *self,
                                             gint64         account_id,
                                             const char    *keyword,
                                             const char    *status,
                                             gint64         offset,
                                             gint64         limit,
                                             gint64        *out_total,
                                             GPtrArray    **out_apps,
                                             GError       **error);
gboolean      imc_store_delete_app          (ImcStore      *self,
                                             gint64         sdk_app_id,
                                             GError       **error);
/* (sdk_app_id, account_id) pairs of apps disabled at or before @cutoff. */
/* The earliest DisabledTime of any app (Unix seconds), G_MAXINT64 when
 * none is disabled. */
gboolean      imc_store_get_first_disabled  (ImcStore      *self,
                                             gint64        *out_unix_time,
                                             GError       **error);
gboolean      imc_store_list_disabled_before (ImcStore     *self,
                                             GDateTime     *cutoff,
                                             GArray       **out_pairs,
                                             GError       **error);

gboolean      imc_store_add_event           (ImcStore      *self,
                                             gint64         sdk_app_id,
                                             GDateTime     *time,
                                             gboolean       enabled,
                                             const ImcPlan *plan,
                                             GError       **error);
gboolean      imc_store_add_log             (ImcStore      *self,
                                             gint64         account_id,
                                             gint64         sdk_app_id,
                                             GDateTime     *time,
                                             const char    *secret_id,
                                             const char    *action,
                                             ImcAppStatus   status_before,
                                             const ImcPlan *plan_before,
                                             ImcAppStatus   status_after,
                                             const ImcPlan *plan_after,
                                             guint          changed_items,
                                             GError       **error);
/* A change of @app made at @time: the app as it is now, its billing event
 * and its operation log entry (after = @app's state), in that order. */
gboolean      imc_store_record_change       (ImcStore      *self,
                                             const ImcStoredApp *app,
                                             GDateTime     *time,
                                             const char    *secret_id,
                                             const char    *action,
                                             ImcAppStatus   status_before,
                                             const ImcPlan *plan_before,
                                             guint          changed_items,
                                             GError       **error);
/* Logs of an app of @account_id, newest first (also after a purge). */
gboolean      imc_store_list_logs           (ImcStore      *self,
                                             gint64         account_id,
                                             gint64         sdk_app_id,
                                             gint64         offset,
                                             gint64         limit,
                                             gint64        *out_total,
                                             GPtrArray    **out_logs,
                                             GError       **error);
/* Whether @sdk_app_id was ever an app of @account_id. */
gboolean      imc_store_app_ever_existed    (ImcStore      *self,
                                             gint64         account_id,
                                             gint64         sdk_app_id,
                                             gboolean      *out_existed,
                                             GError       **error);

/* *out_action and *out_response are NULL when the token is new. */
gboolean      imc_store_lookup_token        (ImcStore      *self,
                                             gint64         account_id,
                                             const char    *token,
                                             char         **out_action,
                                             char         **out_response,
                                             GError       **error);
gboolean      imc_store_save_token          (ImcStore      *self,
                                             gint64         account_id,
                                             const char    *token,
                                             const char    *action,
                                             const char    *response,
                                             GDateTime     *now,
                                             GError       **error);
gboolean      imc_store_expire_tokens       (ImcStore      *self,
                                             GDateTime     *cutoff,
                                             GError       **error);

/* Apps of @account_id that existed at some point in [@start, @end). */
gboolean      imc_store_list_bill_apps      (ImcStore      *self,
                                             gint64         account_id,
                                             GDateTime     *start,
                                             GDateTime     *end,
                                             GPtrArray    **out_apps,
                                             GError       **error);

G_END_DECLS
