/* imc-tc3.h: Tencent Cloud API 3.0 request signing, TC3-HMAC-SHA256.
 *
 * CanonicalRequest = Method \n URI \n Query \n CanonicalHeaders \n
 *                    SignedHeaders \n hex(SHA256(payload))
 * StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n Date/service/tc3_request
 *                    \n hex(SHA256(CanonicalRequest))
 * Signing key      = HMAC(HMAC(HMAC("TC3" + SecretKey, Date), service),
 *                    "tc3_request")
 * Signature        = hex(HMAC(SigningKey, StringToSign))
 *
 * Date is the UTC date of the timestamp. Canonical header lines are
 * "name:value\n" with the name and value lower-cased and trimmed, in the
 * order SignedHeaders lists them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IMC_TC3_ALGORITHM "TC3-HMAC-SHA256"
/* Requests whose timestamp is further off than this are rejected. */
#define IMC_TC3_MAX_CLOCK_SKEW_SECONDS 300

typedef struct {
  char  *secret_id;
  char  *date;            /* YYYY-MM-DD */
  char  *service;
  char **signed_headers;  /* lower-case names, in the order given */
  char  *signature;       /* 64 lower-case hex digits */
} ImcTc3Authorization;

void      imc_tc3_authorization_clear  (ImcTc3Authorization *auth);

char     *imc_tc3_hash_hex             (const void          *data,
                                        gsize                length);
/* "2019-02-25": the UTC date of a Unix timestamp. */
char     *imc_tc3_date                 (gint64               timestamp);
/* One "name:value\n" canonical header line from a raw name and value. */
char     *imc_tc3_canonical_header     (const char          *name,
                                        const char          *value);
char     *imc_tc3_canonical_request    (const char          *method,
                                        const char          *canonical_uri,
                                        const char          *canonical_query,
                                        const char          *canonical_headers,
                                        const char          *signed_headers,
                                        const char          *hashed_payload);
char     *imc_tc3_string_to_sign       (gint64               timestamp,
                                        const char          *date,
                                        const char          *service,
                                        const char          *canonical_request);
char     *imc_tc3_sign                 (const char          *secret_key,
                                        const char          *date,
                                        const char          *service,
                                        const char          *string_to_sign);
/* The signing key of @date and @service (as secret as the SecretKey: wipe
 * it after use); the signature is hex(HMAC-SHA256(key, StringToSign)). The
 * server keeps the key of a day instead of deriving it per request. */
#define IMC_TC3_KEY_SIZE 32
void      imc_tc3_derive_key           (const char          *secret_key,
                                        const char          *date,
                                        const char          *service,
                                        guint8               out[IMC_TC3_KEY_SIZE]);

/* The whole Authorization header value for POST / with the signed headers
 * "content-type;host", as the official SDKs send it. */
char     *imc_tc3_build_authorization  (const char          *secret_id,
                                        const char          *secret_key,
                                        const char          *service,
                                        const char          *host,
                                        const char          *content_type,
                                        gint64               timestamp,
                                        const void          *payload,
                                        gsize                length);

/* Parses "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request,
 * SignedHeaders=a;b, Signature=HEX". IMC_ERROR_AUTH_INVALID_AUTHORIZATION
 * on anything malformed. */
gboolean  imc_tc3_parse_authorization  (const char          *value,
                                        ImcTc3Authorization *out,
                                        GError             **error);

/* Compares two signatures in time independent of where they differ. */
gboolean  imc_tc3_signature_equal      (const char          *a,
                                        const char          *b);

G_END_DECLS
