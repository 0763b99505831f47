/* imc-error.h: the core error domain.
 *
 * Every code maps 1:1 to an API error code string (docs/plan-api.md), so a
 * rule failure in src/core becomes the same Error.Code on the wire and the
 * same enum again in the client.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IMC_ERROR (imc_error_quark ())

typedef enum {
  IMC_ERROR_AUTH_SIGNATURE_FAILURE,      /* AuthFailure.SignatureFailure */
  IMC_ERROR_AUTH_SIGNATURE_EXPIRE,       /* AuthFailure.SignatureExpire */
  IMC_ERROR_AUTH_SECRET_ID_NOT_FOUND,    /* AuthFailure.SecretIdNotFound */
  IMC_ERROR_AUTH_INVALID_AUTHORIZATION,  /* AuthFailure.InvalidAuthorization */
  IMC_ERROR_INVALID_ACTION,              /* InvalidAction */
  IMC_ERROR_NO_SUCH_VERSION,             /* NoSuchVersion */
  IMC_ERROR_UNSUPPORTED_PROTOCOL,        /* UnsupportedProtocol */
  IMC_ERROR_MISSING_PARAMETER,           /* MissingParameter */
  IMC_ERROR_INVALID_PARAMETER,           /* InvalidParameter */
  IMC_ERROR_INVALID_PARAMETER_VALUE,     /* InvalidParameterValue */
  IMC_ERROR_RESOURCE_NOT_FOUND_APP,      /* ResourceNotFound.App */
  IMC_ERROR_NOT_FREE_EDITION,            /* UnsupportedOperation.NotFreeEdition */
  IMC_ERROR_NOT_POSTPAID,                /* UnsupportedOperation.NotPostpaid */
  IMC_ERROR_DOWNGRADE_TO_FREE,           /* UnsupportedOperation.DowngradeToFree */
  IMC_ERROR_APP_DISABLED,                /* UnsupportedOperation.AppDisabled */
  IMC_ERROR_APP_NOT_DISABLED,            /* UnsupportedOperation.AppNotDisabled */
  IMC_ERROR_MONTHLY_MODIFICATION,        /* LimitExceeded.MonthlyModification */
  IMC_ERROR_REQUEST_LIMIT_EXCEEDED,      /* RequestLimitExceeded */
  IMC_ERROR_REQUEST_SIZE_LIMIT_EXCEEDED, /* RequestSizeLimitExceeded */
  IMC_ERROR_INTERNAL,                    /* InternalError */
} ImcError;

#define IMC_ERROR_LAST IMC_ERROR_INTERNAL

GQuark      imc_error_quark          (void);
const char *imc_error_to_code        (ImcError    error);
gboolean    imc_error_from_code      (const char *code,
                                      ImcError   *out_error);

G_END_DECLS
