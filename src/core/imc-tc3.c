/* imc-tc3.c: TC3-HMAC-SHA256, shared by the client (signing) and the
 * server (verification) so that both sides compute the same bytes.
 */
#include "config.h"

#include <string.h>

#include "imc-error.h"
#include "imc-gettext.h"
#include "imc-tc3.h"

void
imc_tc3_authorization_clear (ImcTc3Authorization *auth)
{
  g_clear_pointer (&auth->secret_id, g_free);
  g_clear_pointer (&auth->date, g_free);
  g_clear_pointer (&auth->service, g_free);
  g_clear_pointer (&auth->signed_headers, g_strfreev);
  g_clear_pointer (&auth->signature, g_free);
}

char *
imc_tc3_hash_hex (const void *data,
                  gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}

char *
imc_tc3_date (gint64 timestamp)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (timestamp);

  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%d");
}

char *
imc_tc3_canonical_header (const char *name,
                          const char *value)
{
  g_autofree char *lname = g_ascii_strdown (name, -1);
  g_autofree char *lvalue = g_ascii_strdown (value, -1);

  return g_strdup_printf ("%s:%s\n", g_strstrip (lname), g_strstrip (lvalue));
}

char *
imc_tc3_canonical_request (const char *method,
                           const char *canonical_uri,
                           const char *canonical_query,
                           const char *canonical_headers,
                           const char *signed_headers,
                           const char *hashed_payload)
{
  return g_strdup_printf ("%s\n%s\n%s\n%s\n%s\n%s",
                          method, canonical_uri, canonical_query,
                          canonical_headers, signed_headers, hashed_payload);
}

char *
imc_tc3_string_to_sign (gint64      timestamp,
                        const char *date,
                        const char *service,
                        const char *canonical_request)
{
  g_autofree char *hashed = imc_tc3_hash_hex (canonical_request, strlen (canonical_request));

  return g_strdup_printf (IMC_TC3_ALGORITHM "\n%" G_GINT64_FORMAT "\n%s/%s/tc3_request\n%s",
                          timestamp, date, service, hashed);
}

/* One HMAC-SHA256 step of the key chain, raw digest out. */
static void
hmac_raw (const guint8 *key,
          gsize         key_len,
          const char   *data,
          guint8        out[32])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);
  gsize len = 32;

  g_hmac_update (hmac, (const guchar *) data, strlen (data));
  g_hmac_get_digest (hmac, out, &len);
}

void
imc_tc3_derive_key (const char *secret_key,
                    const char *date,
                    const char *service,
                    guint8      out[IMC_TC3_KEY_SIZE])
{
  g_autofree char *first = g_strconcat ("TC3", secret_key, NULL);
  guint8 k_date[32], k_service[32];

  hmac_raw ((const guint8 *) first, strlen (first), date, k_date);
  hmac_raw (k_date, sizeof k_date, service, k_service);
  hmac_raw (k_service, sizeof k_service, "tc3_request", out);

  /* The derived keys are as secret as the key itself. */
  explicit_bzero (k_date, sizeof k_date);
  explicit_bzero (k_service, sizeof k_service);
  explicit_bzero (first, strlen (first));
}

char *
imc_tc3_sign (const char *secret_key,
              const char *date,
              const char *service,
              const char *string_to_sign)
{
  guint8 key[IMC_TC3_KEY_SIZE];
  char *signature;

  imc_tc3_derive_key (secret_key, date, service, key);
  signature = g_compute_hmac_for_string (G_CHECKSUM_SHA256, key, sizeof key, string_to_sign, -1);
  explicit_bzero (key, sizeof key);
  return signature;
}

char *
imc_tc3_build_authorization (const char *secret_id,
                             const char *secret_key,
                             const char *service,
                             const char *host,
                             const char *content_type,
                             gint64      timestamp,
                             const void *payload,
                             gsize       length)
{
  g_autofree char *date = imc_tc3_date (timestamp);
  g_autofree char *ct_line = imc_tc3_canonical_header ("content-type", content_type);
  g_autofree char *host_line = imc_tc3_canonical_header ("host", host);
  g_autofree char *headers = g_strconcat (ct_line, host_line, NULL);
  g_autofree char *payload_hash = imc_tc3_hash_hex (payload, length);
  g_autofree char *request = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *signature = NULL;

  g_return_val_if_fail (date != NULL, NULL);

  request = imc_tc3_canonical_request ("POST", "/", "", headers, "content-type;host", payload_hash);
  to_sign = imc_tc3_string_to_sign (timestamp, date, service, request);
  signature = imc_tc3_sign (secret_key, date, service, to_sign);

  return g_strdup_printf (IMC_TC3_ALGORITHM " Credential=%s/%s/%s/tc3_request, "
                          "SignedHeaders=content-type;host, Signature=%s",
                          secret_id, date, service, signature);
}

static gboolean
invalid (GError     **error,
         const char  *why)
{
  g_set_error (error, IMC_ERROR, IMC_ERROR_AUTH_INVALID_AUTHORIZATION,
               /* TRANSLATORS: %s says what is wrong with the header */
               _("The Authorization header is malformed: %s."), why);
  return FALSE;
}

static gboolean
is_lower_hex (const char *s,
              gsize       length)
{
  if (strlen (s) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
is_header_name (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_islower (*s) && !g_ascii_isdigit (*s) && *s != '-')
      return FALSE;
  return TRUE;
}

gboolean
imc_tc3_parse_authorization (const char          *value,
                             ImcTc3Authorization *out,
                             GError             **error)
{
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) scope = NULL;
  const char *credential = NULL;
  const char *signed_headers = NULL;
  const char *signature = NULL;
  const char *rest;

  memset (out, 0, sizeof *out);

  if (value == NULL)
    return invalid (error, _("it is missing"));
  if (strlen (value) > 1024)
    return invalid (error, _("it is too long"));
  if (!g_str_has_prefix (value, IMC_TC3_ALGORITHM " "))
    return invalid (error, _("the algorithm must be TC3-HMAC-SHA256"));

  rest = value + strlen (IMC_TC3_ALGORITHM " ");
  parts = g_strsplit (rest, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, "Credential=") && credential == NULL)
        credential = part + strlen ("Credential=");
      else if (g_str_has_prefix (part, "SignedHeaders=") && signed_headers == NULL)
        signed_headers = part + strlen ("SignedHeaders=");
      else if (g_str_has_prefix (part, "Signature=") && signature == NULL)
        signature = part + strlen ("Signature=");
      else
        return invalid (error, _("it has an unknown or repeated field"));
    }

  if (credential == NULL || signed_headers == NULL || signature == NULL)
    return invalid (error, _("Credential, SignedHeaders and Signature are all required"));

  scope = g_strsplit (credential, "/", -1);
  if (g_strv_length (scope) != 4 || *scope[0] == '\0' || *scope[2] == '\0'
      || strcmp (scope[3], "tc3_request") != 0)
    return invalid (error, _("the credential must be SecretId/Date/Service/tc3_request"));
  if (strlen (scope[1]) != 10 || scope[1][4] != '-' || scope[1][7] != '-')
    return invalid (error, _("the credential date must be YYYY-MM-DD"));
  if (!is_lower_hex (signature, 64))
    return invalid (error, _("the signature must be 64 lower-case hex digits"));

  out->signed_headers = g_strsplit (signed_headers, ";", -1);
  for (guint i = 0; out->signed_headers[i] != NULL; i++)
    if (!is_header_name (out->signed_headers[i]))
      {
        imc_tc3_authorization_clear (out);
        return invalid (error, _("the signed headers must be lower-case header names"));
      }
  if (!g_strv_contains ((const char * const *) out->signed_headers, "host")
      || !g_strv_contains ((const char * const *) out->signed_headers, "content-type"))
    {
      imc_tc3_authorization_clear (out);
      return invalid (error, _("the signed headers must include content-type and host"));
    }

  out->secret_id = g_strdup (scope[0]);
  out->date = g_strdup (scope[1]);
  out->service = g_strdup (scope[2]);
  out->signature = g_strdup (signature);
  return TRUE;
}

gboolean
imc_tc3_signature_equal (const char *a,
                         const char *b)
{
  gsize la, lb;
  guint8 diff = 0;

  if (a == NULL || b == NULL)
    return FALSE;
  la = strlen (a);
  lb = strlen (b);
  if (la != lb)
    return FALSE;
  for (gsize i = 0; i < la; i++)
    diff |= (guint8) a[i] ^ (guint8) b[i];
  return diff == 0;
}
