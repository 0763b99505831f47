/* imc-confirmation.c */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-confirmation.h"

ImcAlert *
imc_confirmation_new (const char            *heading,
                      const char            *body,
                      const char            *response,
                      const char            *label,
                      AdwResponseAppearance  appearance,
                      GCallback              callback,
                      gpointer               object)
{
  ImcAlert *dialog;

  g_return_val_if_fail (response != NULL && !g_str_equal (response, "cancel"), NULL);

  dialog = imc_alert_new (heading, body);
  imc_alert_add_responses (dialog,
                           "cancel", _("_Cancel"),
                           response, label,
                           NULL);
  imc_alert_set_response_appearance (dialog, response, appearance);
  imc_alert_set_default_response (dialog, "cancel");
  imc_alert_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", callback, object, 0);
  return dialog;
}
