/* imc-auth.c */
#include "config.h"

#include <string.h>

#include "imc-auth.h"
#include "imc-gettext.h"

/* The signing key of one SecretId for one day. Deriving it (opening the
 * sealed SecretKey, then three HMACs) cost more than checking the
 * signature; it is kept while the stored key is the same bytes. */
typedef struct {
  GBytes             *sealed;
  gint64              account_id;
  /* The store's generation when the stored key was last read: until it
   * changes, the key cannot have been deleted or replaced. */
  gboolean            checked;
  ImcStoreGeneration  generation;
  char                date[11];
  /* HMAC-SHA256 keyed with the signing key, copied for each request: the
   * key's inner and outer blocks are hashed once. */
  GHmac  *hmac;
} SigningKey;

struct _ImcAuth
{
  GObject     parent_instance;

  ImcStore   *store;
  GHashTable *keys;   /* SecretId -> SigningKey */
};

G_DEFINE_FINAL_TYPE (ImcAuth, imc_auth, G_TYPE_OBJECT)

static void
signing_key_free (gpointer data)
{
  SigningKey *key = data;

  g_bytes_unref (key->sealed);
  g_hmac_unref (key->hmac);
  g_free (key);
}

static void
imc_auth_finalize (GObject *object)
{
  ImcAuth *self = IMC_AUTH (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->keys, g_hash_table_unref);

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
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, signing_key_free);
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

/* @key matches the stored key as of @generation (NULL: unknown). */
static void
signing_key_checked (SigningKey               *key,
                     gint64                    account_id,
                     const ImcStoreGeneration *generation)
{
  key->account_id = account_id;
  key->checked = generation != NULL;
  if (generation != NULL)
    key->generation = *generation;
}

/* The signing key of @auth's SecretId and date in *@out_key, NULL when
 * the SecretId is unknown. A deleted or replaced key is noticed at once:
 * the stored key is read again whenever the database changed. */
static gboolean
signing_key (ImcAuth                   *self,
             const ImcTc3Authorization *auth,
             const ImcStoreGeneration  *generation,
             gint64                    *out_account_id,
             const SigningKey         **out_key,
             GError                   **error)
{
  g_autoptr(GBytes) sealed = NULL;
  SigningKey *key;
  char *secret_key;

  *out_key = NULL;
  key = g_hash_table_lookup (self->keys, auth->secret_id);
  if (key != NULL && generation != NULL && key->checked &&
      imc_store_generation_equal (&key->generation, generation) && strcmp (key->date, auth->date) == 0)
    {
      *out_account_id = key->account_id;
      *out_key = key;
      return TRUE;
    }

  if (!imc_store_lookup_key (self->store, auth->secret_id, out_account_id, &sealed, error))
    return FALSE;
  if (sealed == NULL)
    {
      g_hash_table_remove (self->keys, auth->secret_id);
      return TRUE;
    }

  if (key != NULL && strcmp (key->date, auth->date) == 0 && g_bytes_equal (key->sealed, sealed))
    {
      signing_key_checked (key, *out_account_id, generation);
      *out_key = key;
      return TRUE;
    }

  secret_key = imc_store_open_key (self->store, auth->secret_id, sealed, error);
  if (secret_key == NULL)
    return FALSE;
  {
    guint8 derived[IMC_TC3_KEY_SIZE];

    imc_tc3_derive_key (secret_key, auth->date, auth->service, derived);
    imc_secret_free (secret_key);
    key = g_new0 (SigningKey, 1);
    key->sealed = g_steal_pointer (&sealed);
    g_strlcpy (key->date, auth->date, sizeof key->date);
    key->hmac = g_hmac_new (G_CHECKSUM_SHA256, derived, sizeof derived);
    explicit_bzero (derived, sizeof derived);
    signing_key_checked (key, *out_account_id, generation);
  }
  g_hash_table_replace (self->keys, g_strdup (auth->secret_id), key);
  *out_key = key;
  return TRUE;
}

static char *
signature_for (const ImcTc3Authorization *auth,
               const SigningKey          *key,
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
  {
    g_autoptr(GHmac) hmac = g_hmac_copy (key->hmac);

    g_hmac_update (hmac, (const guchar *) to_sign, strlen (to_sign));
    return g_strdup (g_hmac_get_string (hmac));
  }
}

/* The parts of a request that can be checked before its key is looked up:
 * the service in the scope, the timestamp and that it is the scope's date. */
static gboolean
check_scope_and_time (const ImcTc3Authorization *auth,
                      SoupMessageHeaders        *headers,
                      gint64                     now,
                      gint64                    *out_timestamp,
                      GError                   **error)
{
  g_autofree char *timestamp_date = NULL;
  gint64 timestamp = 0;

  if (strcmp (auth->service, IMC_API_SERVICE) != 0)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_AUTH_INVALID_AUTHORIZATION,
                   /* TRANSLATORS: %s is the service name "im" */
                   _("The credential scope must name the service “%s”."), IMC_API_SERVICE);
      return FALSE;
    }

  if (!parse_timestamp (soup_message_headers_get_one (headers, "X-TC-Timestamp"), &timestamp))
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER,
                   _("The header X-TC-Timestamp must be a Unix time in seconds."));
      return FALSE;
    }

  if (ABS (now - timestamp) > IMC_TC3_MAX_CLOCK_SKEW_SECONDS)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_AUTH_SIGNATURE_EXPIRE,
                   _("The request timestamp is more than 5 minutes away from the server time. Check the computer’s clock."));
      return FALSE;
    }

  timestamp_date = imc_tc3_date (timestamp);
  if (timestamp_date == NULL || strcmp (timestamp_date, auth->date) != 0)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_AUTH_SIGNATURE_FAILURE,
                   _("The credential date does not match the request timestamp."));
      return FALSE;
    }

  *out_timestamp = timestamp;
  return TRUE;
}

/* Clients sign the Host header as they sent it; some sign it without the
 * port, so both forms are accepted. */
static gboolean
signature_matches (const ImcTc3Authorization *auth,
                   const SigningKey          *key,
                   const char                *method,
                   const char                *query,
                   SoupMessageHeaders        *headers,
                   const char                *body,
                   gsize                      body_length,
                   gint64                     timestamp)
{
  const char *host = soup_message_headers_get_one (headers, "Host");
  g_autofree char *payload_hash = imc_tc3_hash_hex (body, body_length);
  g_autofree char *bare_host = NULL;
  g_autofree char *expected = NULL;

  if (host == NULL)
    host = "";
  expected = signature_for (auth, key, method, query, headers, host, payload_hash, timestamp);
  if (imc_tc3_signature_equal (expected, auth->signature))
    return TRUE;

  bare_host = strip_port (host);
  if (bare_host == NULL)
    return FALSE;
  g_free (expected);
  expected = signature_for (auth, key, method, query, headers, bare_host, payload_hash, timestamp);
  return imc_tc3_signature_equal (expected, auth->signature);
}

gboolean
imc_auth_verify (ImcAuth                  *self,
                 const char               *method,
                 const char               *query,
                 SoupMessageHeaders       *headers,
                 const char               *body,
                 gsize                     body_length,
                 gint64                    now,
                 const ImcStoreGeneration *generation,
                 char                    **out_secret_id,
                 gint64                   *out_account_id,
                 GError                  **error)
{
  ImcTc3Authorization auth;
  const SigningKey *key = NULL;
  gint64 timestamp = 0;
  gint64 account_id = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (IMC_IS_AUTH (self), FALSE);

  if (!imc_tc3_parse_authorization (soup_message_headers_get_one (headers, "Authorization"),
                                    &auth, error))
    return FALSE;

  if (!check_scope_and_time (&auth, headers, now, &timestamp, error) ||
      !signing_key (self, &auth, generation, &account_id, &key, error))
    goto out;

  if (key == NULL)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_AUTH_SECRET_ID_NOT_FOUND,
                   _("The SecretId does not exist. Check the API key."));
      goto out;
    }

  ok = signature_matches (&auth, key, method, query, headers, body, body_length, timestamp);
  if (!ok)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_AUTH_SIGNATURE_FAILURE,
                   _("The request signature does not match. Check the SecretKey."));
      goto out;
    }

  *out_secret_id = g_strdup (auth.secret_id);
  *out_account_id = account_id;

out:
  imc_tc3_authorization_clear (&auth);
  return ok;
}
