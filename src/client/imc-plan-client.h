/* imc-plan-client.h: asynchronous calls of the plan API.
 *
 * One SoupSession per client; every call is signed with TC3-HMAC-SHA256,
 * carries X-TC-Language from the current locale and completes through a
 * GTask with core types. Reads are retried on transient failures with a
 * bounded backoff; writes carry a fresh ClientToken and are retried with
 * the same token, so a lost answer never causes a double change.
 * Cancelling stops retries at once.
 */
#pragma once

#include <gio/gio.h>

#include "imc-core.h"
#include "imc-plan-client-error.h"

G_BEGIN_DECLS

#define IMC_TYPE_PLAN_CLIENT (imc_plan_client_get_type ())

G_DECLARE_FINAL_TYPE (ImcPlanClient, imc_plan_client, IMC, PLAN_CLIENT, GObject)

/* @endpoint: "http://127.0.0.1:8700/" or "https://host/". */
ImcPlanClient *imc_plan_client_new                (const char    *endpoint,
                                                   const char    *region,
                                                   const char    *secret_id,
                                                   const char    *secret_key);
const char    *imc_plan_client_get_endpoint       (ImcPlanClient *self);
const char    *imc_plan_client_get_region         (ImcPlanClient *self);
const char    *imc_plan_client_get_secret_id      (ImcPlanClient *self);
/* "en-US", "zh-CN" or "ko-KR"; the default follows the locale. */
const char    *imc_plan_client_get_language       (ImcPlanClient *self);
void           imc_plan_client_set_language       (ImcPlanClient *self,
                                                   const char    *language);
/* Seconds for one attempt (connect and whole answer); default 15. */
void           imc_plan_client_set_timeout        (ImcPlanClient *self,
                                                   guint          seconds);
/* How many attempts one call makes at most (default 4) and the first
 * backoff in milliseconds (default 250, doubling). */
void           imc_plan_client_set_retry_policy   (ImcPlanClient *self,
                                                   guint          max_attempts,
                                                   guint          first_backoff_ms);

/* The language tag for X-TC-Language from the current locale. */
const char    *imc_plan_client_language_from_locale (void);

void           imc_plan_client_describe_plan_catalog_async  (ImcPlanClient       *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
ImcCatalog    *imc_plan_client_describe_plan_catalog_finish (ImcPlanClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* One page. @keyword and @status (NULL, "Enabled", "Disabled") may be
 * NULL. The result is an array of ImcApp. */
void           imc_plan_client_describe_apps_async          (ImcPlanClient       *self,
                                                             guint                offset,
                                                             guint                limit,
                                                             const char          *keyword,
                                                             const char          *status,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray     *imc_plan_client_describe_apps_finish         (ImcPlanClient       *self,
                                                             GAsyncResult        *result,
                                                             guint               *out_total_count,
                                                             GError             **error);

/* Every app, paging through DescribeApps (100 a page). */
void           imc_plan_client_describe_all_apps_async      (ImcPlanClient       *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray     *imc_plan_client_describe_all_apps_finish     (ImcPlanClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void           imc_plan_client_describe_app_async           (ImcPlanClient       *self,
                                                             gint64               sdk_app_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
ImcApp        *imc_plan_client_describe_app_finish          (ImcPlanClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Returns the new app's SdkAppId. */
void           imc_plan_client_create_app_async             (ImcPlanClient       *self,
                                                             const char          *app_name,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gint64         imc_plan_client_create_app_finish            (ImcPlanClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Upgrade from Free to @plan (all items sent). */
void           imc_plan_client_upgrade_app_plan_async       (ImcPlanClient       *self,
                                                             gint64               sdk_app_id,
                                                             const ImcPlan       *plan,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
ImcApp        *imc_plan_client_upgrade_app_plan_finish      (ImcPlanClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Sends only the fields of @request whose has_* is set. */
void           imc_plan_client_modify_app_plan_async        (ImcPlanClient        *self,
                                                             gint64                sdk_app_id,
                                                             const ImcPlanRequest *request,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
ImcApp        *imc_plan_client_modify_app_plan_finish       (ImcPlanClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void           imc_plan_client_disable_app_async            (ImcPlanClient       *self,
                                                             gint64               sdk_app_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
ImcApp        *imc_plan_client_disable_app_finish           (ImcPlanClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void           imc_plan_client_enable_app_async             (ImcPlanClient       *self,
                                                             gint64               sdk_app_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
ImcApp        *imc_plan_client_enable_app_finish            (ImcPlanClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void           imc_plan_client_inquiry_price_app_plan_async (ImcPlanClient       *self,
                                                             gint64               sdk_app_id,
                                                             const ImcPlan       *plan,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
ImcPriceQuote *imc_plan_client_inquiry_price_app_plan_finish (ImcPlanClient      *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* The result is an array of ImcOperationLog, newest first as the server
 * orders them. */
void           imc_plan_client_describe_app_operation_logs_async  (ImcPlanClient       *self,
                                                                   gint64               sdk_app_id,
                                                                   guint                offset,
                                                                   guint                limit,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
GPtrArray     *imc_plan_client_describe_app_operation_logs_finish (ImcPlanClient       *self,
                                                                   GAsyncResult        *result,
                                                                   guint               *out_total_count,
                                                                   GError             **error);

G_END_DECLS
