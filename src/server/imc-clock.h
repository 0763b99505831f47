/* imc-clock.h: the server's business clock.
 *
 * Normally the real time. With --fake-now the clock starts at the given
 * instant and advances with real time from there, so tests can put the
 * server at a month boundary or 90 days after a disable. Request signing
 * (the 5-minute window) always uses the real time.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define IMC_TYPE_CLOCK (imc_clock_get_type ())

G_DECLARE_FINAL_TYPE (ImcClock, imc_clock, IMC, CLOCK, GObject)

/* @fake_start: (nullable): where the clock starts, or NULL for real time */
ImcClock  *imc_clock_new       (GDateTime *fake_start);
/* The current instant in the billing time zone. */
GDateTime *imc_clock_now       (ImcClock  *self);
gboolean   imc_clock_is_fake   (ImcClock  *self);

G_END_DECLS
