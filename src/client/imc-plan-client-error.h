/* imc-plan-client-error.h: what can go wrong talking to a plan API.
 *
 * The first codes mirror ImcError (the API's Error.Code values) one to one;
 * the rest are transport and answer failures. Every error carries, where
 * known, the raw API code, the RequestId and the HTTP status, so a
 * "Details" view can show them while the user reads a translated sentence.
 */
#pragma once

#include <glib.h>

#include "imc-core.h"

G_BEGIN_DECLS

#define IMC_PLAN_CLIENT_ERROR (imc_plan_client_error_quark ())

typedef enum {
  IMC_PLAN_CLIENT_ERROR_AUTH_SIGNATURE_FAILURE = IMC_ERROR_AUTH_SIGNATURE_FAILURE,
  IMC_PLAN_CLIENT_ERROR_AUTH_SIGNATURE_EXPIRE = IMC_ERROR_AUTH_SIGNATURE_EXPIRE,
  IMC_PLAN_CLIENT_ERROR_AUTH_SECRET_ID_NOT_FOUND = IMC_ERROR_AUTH_SECRET_ID_NOT_FOUND,
  IMC_PLAN_CLIENT_ERROR_AUTH_INVALID_AUTHORIZATION = IMC_ERROR_AUTH_INVALID_AUTHORIZATION,
  IMC_PLAN_CLIENT_ERROR_INVALID_ACTION = IMC_ERROR_INVALID_ACTION,
  IMC_PLAN_CLIENT_ERROR_NO_SUCH_VERSION = IMC_ERROR_NO_SUCH_VERSION,
  IMC_PLAN_CLIENT_ERROR_UNSUPPORTED_PROTOCOL = IMC_ERROR_UNSUPPORTED_PROTOCOL,
  IMC_PLAN_CLIENT_ERROR_MISSING_PARAMETER = IMC_ERROR_MISSING_PARAMETER,
  IMC_PLAN_CLIENT_ERROR_INVALID_PARAMETER = IMC_ERROR_INVALID_PARAMETER,
  IMC_PLAN_CLIENT_ERROR_INVALID_PARAMETER_VALUE = IMC_ERROR_INVALID_PARAMETER_VALUE,
  IMC_PLAN_CLIENT_ERROR_APP_NOT_FOUND = IMC_ERROR_RESOURCE_NOT_FOUND_APP,
  IMC_PLAN_CLIENT_ERROR_NOT_FREE_EDITION = IMC_ERROR_NOT_FREE_EDITION,
  IMC_PLAN_CLIENT_ERROR_NOT_POSTPAID = IMC_ERROR_NOT_POSTPAID,
  IMC_PLAN_CLIENT_ERROR_DOWNGRADE_TO_FREE = IMC_ERROR_DOWNGRADE_TO_FREE,
  IMC_PLAN_CLIENT_ERROR_APP_DISABLED = IMC_ERROR_APP_DISABLED,
  IMC_PLAN_CLIENT_ERROR_APP_NOT_DISABLED = IMC_ERROR_APP_NOT_DISABLED,
  IMC_PLAN_CLIENT_ERROR_MONTHLY_MODIFICATION = IMC_ERROR_MONTHLY_MODIFICATION,
  IMC_PLAN_CLIENT_ERROR_REQUEST_LIMIT_EXCEEDED = IMC_ERROR_REQUEST_LIMIT_EXCEEDED,
  IMC_PLAN_CLIENT_ERROR_REQUEST_SIZE_LIMIT_EXCEEDED = IMC_ERROR_REQUEST_SIZE_LIMIT_EXCEEDED,
  IMC_PLAN_CLIENT_ERROR_INTERNAL = IMC_ERROR_INTERNAL,
  /* An Error.Code this client does not know. */
  IMC_PLAN_CLIENT_ERROR_UNKNOWN_CODE,
  /* Transport. */
  IMC_PLAN_CLIENT_ERROR_OFFLINE,
  IMC_PLAN_CLIENT_ERROR_HOST_NOT_FOUND,
  IMC_PLAN_CLIENT_ERROR_CONNECTION_REFUSED,
  IMC_PLAN_CLIENT_ERROR_TLS,
  IMC_PLAN_CLIENT_ERROR_TIMEOUT,
  IMC_PLAN_CLIENT_ERROR_NETWORK,
  /* The server answered, but not with a usable API answer. */
  IMC_PLAN_CLIENT_ERROR_HTTP_STATUS,
  IMC_PLAN_CLIENT_ERROR_INVALID_RESPONSE,
  /* Local set-up. */
  IMC_PLAN_CLIENT_ERROR_NO_CREDENTIALS,
  IMC_PLAN_CLIENT_ERROR_KEYRING_UNAVAILABLE,
  IMC_PLAN_CLIENT_ERROR_SANDBOX_FAILED,
} ImcPlanClientError;

GQuark      imc_plan_client_error_quark              (void);

/* Creates an error from an API Error object's code; unknown codes become
 * IMC_PLAN_CLIENT_ERROR_UNKNOWN_CODE with the code kept. */
GError     *imc_plan_client_error_new_from_api       (const char   *code,
                                                      const char   *message,
                                                      const char   *request_id);
void        imc_plan_client_error_set_http_status    (GError       *error,
                                                      guint         status);
void        imc_plan_client_error_set_request_id     (GError       *error,
                                                      const char   *request_id);
void        imc_plan_client_error_set_monthly_limit  (GError       *error,
                                                      const char   *item,
                                                      GDateTime    *next_modifiable);

/* Raw details of an IMC_PLAN_CLIENT_ERROR (NULL / 0 when not known or the
 * error is of another domain). */
const char *imc_plan_client_error_get_api_code       (const GError *error);
const char *imc_plan_client_error_get_request_id     (const GError *error);
guint       imc_plan_client_error_get_http_status    (const GError *error);
/* LimitExceeded.MonthlyModification: which item and when it can change. */
gboolean    imc_plan_client_error_get_monthly_limit  (const GError *error,
                                                      ImcPlanItem  *out_item,
                                                      GDateTime   **out_next);

/* A translated sentence for the user that says what happened and what to
 * do next. Works for any GError. */
char       *imc_plan_client_error_get_user_message   (const GError *error);
/* "Code: ...\nRequestId: ...\nHTTP status: ...\nMessage: ..." for a Details
 * view (untranslated raw values, translated labels). */
char       *imc_plan_client_error_get_details        (const GError *error);

/* TRUE for failures a read may retry: network, timeout, 5xx, rate limit. */
gboolean    imc_plan_client_error_is_transient       (const GError *error);

G_END_DECLS
