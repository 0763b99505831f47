/* imc-error.c */
#include "config.h"

#include "imc-error.h"

/* Indexed by ImcError. */
static const char *const error_codes[] = {
  [IMC_ERROR_AUTH_SIGNATURE_FAILURE] = "AuthFailure.SignatureFailure",
  [IMC_ERROR_AUTH_SIGNATURE_EXPIRE] = "AuthFailure.SignatureExpire",
  [IMC_ERROR_AUTH_SECRET_ID_NOT_FOUND] = "AuthFailure.SecretIdNotFound",
  [IMC_ERROR_AUTH_INVALID_AUTHORIZATION] = "AuthFailure.InvalidAuthorization",
  [IMC_ERROR_INVALID_ACTION] = "InvalidAction",
  [IMC_ERROR_NO_SUCH_VERSION] = "NoSuchVersion",
  [IMC_ERROR_UNSUPPORTED_PROTOCOL] = "UnsupportedProtocol",
  [IMC_ERROR_MISSING_PARAMETER] = "MissingParameter",
  [IMC_ERROR_INVALID_PARAMETER] = "InvalidParameter",
  [IMC_ERROR_INVALID_PARAMETER_VALUE] = "InvalidParameterValue",
  [IMC_ERROR_RESOURCE_NOT_FOUND_APP] = "ResourceNotFound.App",
  [IMC_ERROR_NOT_FREE_EDITION] = "UnsupportedOperation.NotFreeEdition",
  [IMC_ERROR_NOT_POSTPAID] = "UnsupportedOperation.NotPostpaid",
  [IMC_ERROR_DOWNGRADE_TO_FREE] = "UnsupportedOperation.DowngradeToFree",
  [IMC_ERROR_APP_DISABLED] = "UnsupportedOperation.AppDisabled",
  [IMC_ERROR_APP_NOT_DISABLED] = "UnsupportedOperation.AppNotDisabled",
  [IMC_ERROR_MONTHLY_MODIFICATION] = "LimitExceeded.MonthlyModification",
  [IMC_ERROR_REQUEST_LIMIT_EXCEEDED] = "RequestLimitExceeded",
  [IMC_ERROR_REQUEST_SIZE_LIMIT_EXCEEDED] = "RequestSizeLimitExceeded",
  [IMC_ERROR_INTERNAL] = "InternalError",
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_codes) == IMC_ERROR_LAST + 1);

G_DEFINE_QUARK (imc-error-quark, imc_error)

const char *
imc_error_to_code (ImcError error)
{
  if ((guint) error > IMC_ERROR_LAST)
    return error_codes[IMC_ERROR_INTERNAL];
  return error_codes[error];
}

gboolean
imc_error_from_code (const char *code,
                     ImcError   *out_error)
{
  g_return_val_if_fail (out_error != NULL, FALSE);

  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (error_codes); i++)
    {
      if (g_strcmp0 (code, error_codes[i]) == 0)
        {
          *out_error = (ImcError) i;
          return TRUE;
        }
    }

  return FALSE;
}
