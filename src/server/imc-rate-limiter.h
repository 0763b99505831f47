/* imc-rate-limiter.h: per-SecretId, per-action request rate limit.
 *
 * A token bucket per (SecretId, action): @rate requests per second on
 * average, bursts of up to @rate. Like Tencent Cloud's default of 20
 * requests per second per action.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define IMC_TYPE_RATE_LIMITER (imc_rate_limiter_get_type ())

G_DECLARE_FINAL_TYPE (ImcRateLimiter, imc_rate_limiter, IMC, RATE_LIMITER, GObject)

/* @rate: requests per second; 0 turns limiting off */
ImcRateLimiter *imc_rate_limiter_new    (guint           rate);
/* Takes one token; FALSE when the caller is over the limit. */
gboolean        imc_rate_limiter_take   (ImcRateLimiter *self,
                                         const char     *secret_id,
                                         const char     *action);

G_END_DECLS
