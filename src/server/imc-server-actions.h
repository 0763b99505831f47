/* imc-server-actions.h: the API actions, one function each.
 *
 * Each takes the validated request body and returns the Response fields
 * (without RequestId) or an IMC_ERROR. Write actions run in one BEGIN
 * IMMEDIATE transaction together with their ClientToken bookkeeping.
 */
#pragma once

#include "imc-store.h"

G_BEGIN_DECLS

typedef struct {
  ImcStore    *store;
  ImcCatalog  *catalog;
  GDateTime   *now;
  gint64       account_id;
  const char  *secret_id;
  const char  *action;

  /* Set with LimitExceeded.MonthlyModification: the item and the day it
   * may change again, for Error.Item / Error.NextModifiable. */
  gboolean     has_error_item;
  ImcPlanItem  error_item;
  GDateTime   *error_next;
} ImcActionContext;

typedef JsonObject *(*ImcActionFunc) (ImcActionContext  *ctx,
                                      JsonObject        *params,
                                      GError           **error);

/* NULL for an unknown action. */
ImcActionFunc imc_server_actions_lookup     (const char        *name);
void          imc_action_context_clear      (ImcActionContext  *ctx);

/* Purges apps disabled for 90 days or more at @now (one transaction
 * each, logged as PurgeApp) and, with @expire_tokens, forgets ClientTokens
 * older than 7 days. */
gboolean      imc_server_actions_purge      (ImcStore          *store,
                                             GDateTime         *now,
                                             gboolean           expire_tokens,
                                             guint             *out_purged,
                                             GError           **error);

G_END_DECLS
