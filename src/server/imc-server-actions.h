/* imc-server-actions.h: the API actions, one function each.
 *
 * Each takes the validated request body and writes the Response members
 * (without RequestId) into @result, an open object, or fails with an
 * IMC_ERROR (and what it wrote is dropped). Write actions run in one BEGIN
 * IMMEDIATE transaction together with their ClientToken bookkeeping.
 */
#pragma once

#include "imc-store.h"

G_BEGIN_DECLS

/* Answers of DescribeApps, kept until the database changes (a commit by
 * this process or another one on the same file) or the billing month
 * turns (NextModifiable depends on it): the GUI asks for the same pages
 * on every refresh. One per server process; keyed by account. */
typedef struct _ImcPageCache ImcPageCache;

ImcPageCache *imc_page_cache_new  (void);
void          imc_page_cache_free (ImcPageCache *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImcPageCache, imc_page_cache_free)

typedef struct {
  ImcStore    *store;
  ImcPageCache *pages;        /* NULL: no cache */
  ImcStoreGeneration generation;  /* the store's, after the purge */
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

typedef gboolean (*ImcActionFunc) (ImcActionContext  *ctx,
                                   JsonObject        *params,
                                   ImcJsonWriter     *result,
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
