/* imc-confirmation.h: every confirmation in IM Console is built the same
 * way: Cancel is the default response and Escape cancels. */
#pragma once

#include <adwaita.h>

#include "imc-compat.h"

G_BEGIN_DECLS

/* An alert with "cancel" and @response (labelled @label, with a mnemonic)
 * whose "response" signal calls @callback on @object for as long as
 * @object lives. Show it with imc_alert_present(). */
ImcAlert *imc_confirmation_new (const char             *heading,
                                const char             *body,
                                const char             *response,
                                const char             *label,
                                AdwResponseAppearance   appearance,
                                GCallback               callback,
                                gpointer                object);

G_END_DECLS
