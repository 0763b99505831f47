/* imc-confirmation.c */
#include "config.h"

#include <glib/gi18n.h>

#include "imc-confirmation.h"

AdwMessageDialog *
imc_confirmation_new (GtkWindow             *parent,
                      const char            *heading,
                      const char            *body,
                      const char            *response,
                      const char            *label,
                      AdwResponseAppearance  appearance,
                      GCallback              callback,
                      gpointer               object)
{
  AdwMessageDialog *dialog;

  g_return_val_if_fail (response != NULL && !g_str_equal (response, "cancel"), NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, response, appearance);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", callback, object, 0);
  return dialog;
}
