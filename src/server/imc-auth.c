/* imc-auth.c */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "imc-auth.h"

struct _ImcAuth
{
  GObject   parent_instance;

  ImcStore *store;
};

G_DEFINE_FINAL_TYPE (ImcAuth, imc_auth, G_TYPE_OBJECT)

static void
imc_auth_finalize (GObject *object)
{
  ImcAuth *self = IMC_AUTH (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (imc_auth_parent_class)->finalize (object);
}

static void
imc_auth_class_init (ImcAuthClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = imc_auth_finalize;
}

static void
imc_auth_init (ImcAuth *self)
{
}

ImcAuth *
imc_auth_new (ImcStore *store)
{
  ImcAuth *self = g_object_new (IMC_TYPE_AUTH, NULL);

  self->store = g_object_ref (store);
  return self;
}

static gboolean
parse_timestamp (const char *value,
                 gint64     *out)
{
  guint64 v = 0;

  if (value == NULL || *value == '\0' || strlen (value) > 12)
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      v = v * 10 + (guint64) (*p - '0');
    }
  *out = (gint64) v;
  return TRUE;
}

/* "example.com:8700" -> "example.com"; "[::1]:8700" -> "[::1]"; NULL when
 * there is no port. */
static char *
strip_port (const char *host)
{
  const char *colon = strrchr (host, ':');
  const char *bracket = strrchr (host, ']');

  if (colon == NULL || (bracket != NULL && bracket > colon))
    return NULL;
  /* A bare IPv6 address has several colons and no brackets: no port. */
  if (bracket == NULL && strchr (host, ':') != colon)
    return NULL;
  return g_strndup (host, colon - host);
}

static char *
signature_for (const ImcTc3Authorization *auth,
               const char                *secret_key,
               const char                *method,
               const char                *query,
               SoupMessageHeaders        *headers,
               const char                *host,
               const char                *payload_hash,
               gint64                     timestamp)
{
  g_autoptr(GString) canonical = g_string_new (NULL);
  g_autofree char *signed_headers = g_strjoinv (";", auth->signed_headers);
  g_autofree char *request = NULL;
  g_autofree char *to_sign = NULL;

  for (guint i = 0; auth->signed_headers[i] != NULL; i++)
    {
      const char *name = auth->signed_headers[i];
      const char *value;
      g_autofree char *line = NULL;

      if (strcmp (name, "host") == 0)
        value = host;
      else
        value = soup_message_headers_get_one (headers, name);
      line = imc_tc3_canonical_header (name, value != NULL ? value : "");
      g_string_append (canonical, line);
    }

  request = imc_tc3_canonical_request (method, "/", query != NULL ? query : "",
                                       canonical->str, signed_headers, payload_hash);
  to_sign = imc_tc3_string_to_sign (timestamp, auth->date, auth->service, request);
  return imc_tc3_sign (secret_key, auth->date, auth->service, to_sign);
}

gboolean
imc_auth_verify (ImcAuth             *self,
                 const char          *method,
                 const char          *query,
                 SoupMessageHeaders  *headers,
                 const char          *body,
                 gsize                body_length,
                 gint64               now,
                 char               **out_secret_id,
                 gint64              *out_account_id,
                 GError             **error)
{
  ImcTc3Authorization auth;
  g_autofree char *timestamp_date = NULL;
  g_autofree char *payload_hash = NULL;
  g_autofree char *bare_host = NULL;
  char *secret_key = NULL;
  const char *host;
  gint64 timestamp = 0;
  gint64 account_id = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (IMC_IS_AUTH (self), FALSE);

  if (!imc_tc3_parse_authorization (soup_message_headers_get_one (headers, "Authorization"),
                                    &auth, error))
    return FALSE;

  if (strcmp (auth.service, IMC_API_SERVICE) != 0)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_AUTH_INVALID_AUTHORIZATION,
                   /* TRANSLATORS: %s is the service name "im" */
                   _("The credential scope must name the service “%s”."), IMC_API_SERVICE);
      goto out;
    }

  if (!parse_timestamp (soup_message_headers_get_one (headers, "X-TC-Timestamp"), &timestamp))
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER,
                   _("The header X-TC-Timestamp must be a Unix time in seconds."));
      goto out;
    }

  if (ABS (now - timestamp) > IMC_TC3_MAX_CLOCK_SKEW_SECONDS)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_AUTH_SIGNATURE_EXPIRE,
                   _("The request timestamp is more than 5 minutes away from the server time. Check the computer’s clock."));
      goto out;
    }

  timestamp_date = imc_tc3_date (timestamp);
  if (timestamp_date == NULL || strcmp (timestamp_date, auth.date) != 0)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_AUTH_SIGNATURE_FAILURE,
                   _("The credential date does not match the request timestamp."));
      goto out;
    }

  if (!imc_store_lookup_key (self->store, auth.secret_id, &account_id, &secret_key, error))
    goto out;
  if (secret_key == NULL)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_AUTH_SECRET_ID_NOT_FOUND,
                   _("The SecretId does not exist. Check the API key."));
      goto out;
    }

  host = soup_message_headers_get_one (headers, "Host");
  if (host == NULL)
    host = "";
  payload_hash = imc_tc3_hash_hex (body, body_length);

  {
    g_autofree char *expected = signature_for (&auth, secret_key, method, query, headers,
                                               host, payload_hash, timestamp);
    ok = imc_tc3_signature_equal (expected, auth.signature);
  }

  bare_host = strip_port (host);
  if (!ok && bare_host != NULL)
    {
      g_autofree char *expected = signature_for (&auth, secret_key, method, query, headers,
                                                 bare_host, payload_hash, timestamp);
      ok = imc_tc3_signature_equal (expected, auth.signature);
    }

  if (!ok)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_AUTH_SIGNATURE_FAILURE,
                   _("The request signature does not match. Check the SecretKey."));
      goto out;
    }

  *out_secret_id = g_strdup (auth.secret_id);
  *out_account_id = account_id;

out:
  imc_secret_free (secret_key);
  imc_tc3_authorization_clear (&auth);
  return ok;
}
