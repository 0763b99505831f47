/* imc-plan-client-error.c
 *
 * The error domain is an extended GError domain so that API details (raw
 * code, RequestId, HTTP status, the locked item and its date) travel with
 * the error through GTask without a side channel.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "imc-format.h"
#include "imc-plan-client-error.h"

typedef struct {
  char      *api_code;
  char      *request_id;
  guint      http_status;
  char      *item;
  GDateTime *next_modifiable;
} ImcPlanClientErrorPrivate;

static void
imc_plan_client_error_private_init (ImcPlanClientErrorPrivate *priv)
{
}

static void
imc_plan_client_error_private_copy (const ImcPlanClientErrorPrivate *src,
                                    ImcPlanClientErrorPrivate       *dest)
{
  dest->api_code = g_strdup (src->api_code);
  dest->request_id = g_strdup (src->request_id);
  dest->http_status = src->http_status;
  dest->item = g_strdup (src->item);
  dest->next_modifiable = src->next_modifiable ? g_date_time_ref (src->next_modifiable) : NULL;
}

static void
imc_plan_client_error_private_clear (ImcPlanClientErrorPrivate *priv)
{
  g_clear_pointer (&priv->api_code, g_free);
  g_clear_pointer (&priv->request_id, g_free);
  g_clear_pointer (&priv->item, g_free);
  g_clear_pointer (&priv->next_modifiable, g_date_time_unref);
}

G_DEFINE_EXTENDED_ERROR (ImcPlanClientError, imc_plan_client_error)

static ImcPlanClientErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != IMC_PLAN_CLIENT_ERROR)
    return NULL;
  return imc_plan_client_error_get_private (error);
}

GError *
imc_plan_client_error_new_from_api (const char *code,
                                    const char *message,
                                    const char *request_id)
{
  ImcError api_error;
  int client_code = IMC_PLAN_CLIENT_ERROR_UNKNOWN_CODE;
  ImcPlanClientErrorPrivate *priv;
  GError *error;

  if (code != NULL && imc_error_from_code (code, &api_error))
    client_code = (int) api_error;

  error = g_error_new_literal (IMC_PLAN_CLIENT_ERROR, client_code,
                               message != NULL && *message != '\0' ? message : (code ? code : ""));
  priv = get_private (error);
  priv->api_code = g_strdup (code);
  priv->request_id = g_strdup (request_id);
  return error;
}

void
imc_plan_client_error_set_http_status (GError *error,
                                       guint   status)
{
  ImcPlanClientErrorPrivate *priv = get_private (error);

  if (priv != NULL)
    priv->http_status = status;
}

void
imc_plan_client_error_set_request_id (GError     *error,
                                      const char *request_id)
{
  ImcPlanClientErrorPrivate *priv = get_private (error);

  if (priv != NULL)
    {
      g_free (priv->request_id);
      priv->request_id = g_strdup (request_id);
    }
}

void
imc_plan_client_error_set_monthly_limit (GError     *error,
                                         const char *item,
                                         GDateTime  *next_modifiable)
{
  ImcPlanClientErrorPrivate *priv = get_private (error);

  if (priv == NULL)
    return;
  g_free (priv->item);
  priv->item = g_strdup (item);
  g_clear_pointer (&priv->next_modifiable, g_date_time_unref);
  if (next_modifiable != NULL)
    priv->next_modifiable = g_date_time_ref (next_modifiable);
}

const char *
imc_plan_client_error_get_api_code (const GError *error)
{
  ImcPlanClientErrorPrivate *priv = get_private (error);

  return priv ? priv->api_code : NULL;
}

const char *
imc_plan_client_error_get_request_id (const GError *error)
{
  ImcPlanClientErrorPrivate *priv = get_private (error);

  return priv ? priv->request_id : NULL;
}

guint
imc_plan_client_error_get_http_status (const GError *error)
{
  ImcPlanClientErrorPrivate *priv = get_private (error);

  return priv ? priv->http_status : 0;
}

gboolean
imc_plan_client_error_get_monthly_limit (const GError *error,
                                         ImcPlanItem  *out_item,
                                         GDateTime   **out_next)
{
  ImcPlanClientErrorPrivate *priv = get_private (error);
  ImcPlanItem item;

  if (priv == NULL || priv->item == NULL || priv->next_modifiable == NULL ||
      !imc_plan_item_from_string (priv->item, &item))
    return FALSE;
  if (out_item != NULL)
    *out_item = item;
  if (out_next != NULL)
    *out_next = g_date_time_ref (priv->next_modifiable);
  return TRUE;
}

gboolean
imc_plan_client_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != IMC_PLAN_CLIENT_ERROR)
    return FALSE;

  switch (error->code)
    {
    case IMC_PLAN_CLIENT_ERROR_OFFLINE:
    case IMC_PLAN_CLIENT_ERROR_HOST_NOT_FOUND:
    case IMC_PLAN_CLIENT_ERROR_CONNECTION_REFUSED:
    case IMC_PLAN_CLIENT_ERROR_TIMEOUT:
    case IMC_PLAN_CLIENT_ERROR_NETWORK:
    case IMC_PLAN_CLIENT_ERROR_REQUEST_LIMIT_EXCEEDED:
      return TRUE;
    case IMC_PLAN_CLIENT_ERROR_HTTP_STATUS:
      return imc_plan_client_error_get_http_status (error) >= 500;
    default:
      return FALSE;
    }
}

static char *
monthly_limit_message (const GError *error)
{
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *date = NULL;
  ImcPlanItem item;

  if (!imc_plan_client_error_get_monthly_limit (error, &item, &next))
    return g_strdup (_("This setting was already changed this calendar month. "
                       "Each item can be changed once per calendar month; try again next month."));

  date = imc_format_date (next);
  /* Translators: the first %s is a plan item such as "Max groups per user",
   * the second a date such as "1 December 2026". */
  return g_strdup_printf (_("%s can be changed again on %s."),
                          imc_format_plan_item (item), date);
}

/* What to tell the user for each error, and what to do next. */
static const struct {
  ImcPlanClientError code;
  const char        *message;
} user_messages[] = {
  { IMC_PLAN_CLIENT_ERROR_AUTH_SIGNATURE_FAILURE,
    N_("The server did not accept the credentials of this connection. "
       "Check the SecretId and SecretKey in Connections.") },
  { IMC_PLAN_CLIENT_ERROR_AUTH_INVALID_AUTHORIZATION,
    N_("The server did not accept the credentials of this connection. "
       "Check the SecretId and SecretKey in Connections.") },
  { IMC_PLAN_CLIENT_ERROR_AUTH_SIGNATURE_EXPIRE,
    N_("The server rejected the request because this computer's clock is off. "
       "Set the date and time correctly and try again.") },
  { IMC_PLAN_CLIENT_ERROR_AUTH_SECRET_ID_NOT_FOUND,
    N_("The server does not know this SecretId. "
       "Check the credentials of this connection in Connections.") },
  { IMC_PLAN_CLIENT_ERROR_INVALID_ACTION,
    N_("The server does not support this version of IM Console. "
       "Check the endpoint of this connection or update the server.") },
  { IMC_PLAN_CLIENT_ERROR_NO_SUCH_VERSION,
    N_("The server does not support this version of IM Console. "
       "Check the endpoint of this connection or update the server.") },
  { IMC_PLAN_CLIENT_ERROR_UNSUPPORTED_PROTOCOL,
    N_("The server does not support this version of IM Console. "
       "Check the endpoint of this connection or update the server.") },
  { IMC_PLAN_CLIENT_ERROR_MISSING_PARAMETER,
    N_("The server could not read the request. "
       "Try again; if it keeps happening, report the details.") },
  { IMC_PLAN_CLIENT_ERROR_INVALID_PARAMETER,
    N_("The server could not read the request. "
       "Try again; if it keeps happening, report the details.") },
  { IMC_PLAN_CLIENT_ERROR_INVALID_PARAMETER_VALUE,
    N_("The server did not accept one of the values. "
       "Check the values you entered and try again.") },
  { IMC_PLAN_CLIENT_ERROR_APP_NOT_FOUND,
    N_("This app does not exist any more, or it belongs to another account. "
       "Refresh the list of apps.") },
  { IMC_PLAN_CLIENT_ERROR_NOT_FREE_EDITION,
    N_("Upgrade is available only when the plan is Free. "
       "Use Modify feature configuration to change this app's plan.") },
  { IMC_PLAN_CLIENT_ERROR_NOT_POSTPAID,
    N_("Modify feature configuration is available only for Pro-postpaid "
       "or Ultimate-postpaid apps. Upgrade the app first.") },
  { IMC_PLAN_CLIENT_ERROR_DOWNGRADE_TO_FREE,
    N_("An app cannot return to the Free edition. "
       "To use the Free edition again, create a new app.") },
  { IMC_PLAN_CLIENT_ERROR_APP_DISABLED,
    N_("This app is disabled. Enable the app before changing its plan.") },
  { IMC_PLAN_CLIENT_ERROR_APP_NOT_DISABLED,
    N_("This app is already enabled. Refresh to see its current state.") },
  { IMC_PLAN_CLIENT_ERROR_REQUEST_LIMIT_EXCEEDED,
    N_("The server is receiving too many requests. Wait a moment and try again.") },
  { IMC_PLAN_CLIENT_ERROR_REQUEST_SIZE_LIMIT_EXCEEDED,
    N_("The request was too large for the server. Use shorter values and try again.") },
  { IMC_PLAN_CLIENT_ERROR_INTERNAL,
    N_("The server had an internal problem. Try again later; "
       "if it keeps happening, give the RequestId in Details to the server's administrator.") },
  { IMC_PLAN_CLIENT_ERROR_UNKNOWN_CODE,
    N_("The server reported an error this version of IM Console does not know. "
       "Open Details for the server's message.") },
  { IMC_PLAN_CLIENT_ERROR_OFFLINE,
    N_("This computer is offline. Connect to the network and try again.") },
  { IMC_PLAN_CLIENT_ERROR_HOST_NOT_FOUND,
    N_("The server's name could not be found. "
       "Check the endpoint of this connection and your network.") },
  { IMC_PLAN_CLIENT_ERROR_CONNECTION_REFUSED,
    N_("The server is not running or refused the connection. "
       "Start the server or check the endpoint, then try again.") },
  { IMC_PLAN_CLIENT_ERROR_TLS,
    N_("A secure connection to the server could not be made. "
       "Check the endpoint and the server's certificate.") },
  { IMC_PLAN_CLIENT_ERROR_TIMEOUT,
    N_("The server took too long to answer. Check your network and try again.") },
  { IMC_PLAN_CLIENT_ERROR_NETWORK,
    N_("The connection to the server failed. Check your network and try again.") },
  { IMC_PLAN_CLIENT_ERROR_HTTP_STATUS,
    N_("The server answered with an HTTP error. "
       "Try again later, or check that the endpoint is a plan API server.") },
  { IMC_PLAN_CLIENT_ERROR_INVALID_RESPONSE,
    N_("The server's answer could not be read. "
       "Check that the endpoint is a plan API server.") },
  { IMC_PLAN_CLIENT_ERROR_NO_CREDENTIALS,
    N_("This connection has no credentials. "
       "Add a SecretId and SecretKey in Connections.") },
  { IMC_PLAN_CLIENT_ERROR_KEYRING_UNAVAILABLE,
    N_("The keyring is not available, so credentials cannot be stored. "
       "Unlock or install a keyring service and try again.") },
  { IMC_PLAN_CLIENT_ERROR_SANDBOX_FAILED,
    N_("The local sandbox server could not be started. "
       "Check that im-plan-server is installed, then try again.") },
};

char *
imc_plan_client_error_get_user_message (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup (_("The operation was cancelled."));

  if (g_error_matches (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_MONTHLY_MODIFICATION))
    return monthly_limit_message (error);

  if (error->domain == IMC_PLAN_CLIENT_ERROR)
    for (gsize i = 0; i < G_N_ELEMENTS (user_messages); i++)
      if (user_messages[i].code == (ImcPlanClientError) error->code)
        return g_strdup (_(user_messages[i].message));

  return g_strdup (_("Something went wrong. Try again; if it keeps happening, "
                     "open Details and report what it says."));
}

char *
imc_plan_client_error_get_details (const GError *error)
{
  GString *details = g_string_new (NULL);
  const char *code = imc_plan_client_error_get_api_code (error);
  const char *request_id = imc_plan_client_error_get_request_id (error);
  guint status = imc_plan_client_error_get_http_status (error);

  if (code != NULL)
    g_string_append_printf (details, _("Code: %s"), code);
  if (request_id != NULL)
    {
      if (details->len > 0)
        g_string_append_c (details, '\n');
      g_string_append_printf (details, _("RequestId: %s"), request_id);
    }
  if (status != 0)
    {
      if (details->len > 0)
        g_string_append_c (details, '\n');
      g_string_append_printf (details, _("HTTP status: %u"), status);
    }
  if (details->len > 0)
    g_string_append_c (details, '\n');
  g_string_append_printf (details, _("Message: %s"), error->message);

  return g_string_free (details, FALSE);
}
