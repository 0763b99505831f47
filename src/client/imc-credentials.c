/* imc-credentials.c
 *
 * One keyring item per profile; its secret is a small JSON object with the
 * SecretId and SecretKey, so both live and die together.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "imc-credentials.h"
#include "imc-plan-client-error.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    IMC_CREDENTIAL_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Keyring failures (no Secret Service, locked, prompt dismissed) all mean
 * the same to the user. */
static GError *
keyring_error (GError *error)
{
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;
  mapped = g_error_new (IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_KEYRING_UNAVAILABLE,
                        "Keyring: %s", error->message);
  g_error_free (error);
  return mapped;
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
imc_credentials_store_async (const char          *profile,
                             const char          *label,
                             const char          *secret_id,
                             const char          *secret_key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *secret = NULL;

  g_return_if_fail (profile != NULL && secret_id != NULL && secret_key != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, imc_credentials_store_async);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "SecretId");
  json_builder_add_string_value (builder, secret_id);
  json_builder_set_member_name (builder, "SecretKey");
  json_builder_add_string_value (builder, secret_key);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  secret = json_to_string (node, FALSE);

  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT,
                         label ? label : profile, secret, cancellable,
                         store_cb, g_steal_pointer (&task),
                         "profile", profile,
                         NULL);
  memset (secret, 0, strlen (secret));
}

gboolean
imc_credentials_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char *secret_id;
  char *secret_key;
} Credential;

static void
credential_free (Credential *credential)
{
  g_free (credential->secret_id);
  if (credential->secret_key != NULL)
    memset (credential->secret_key, 0, strlen (credential->secret_key));
  g_free (credential->secret_key);
  g_free (credential);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  GError *error = NULL;
  char *secret;
  JsonNode *root;
  JsonObject *object;
  Credential *credential;
  gboolean parsed;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }
  if (secret == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  parsed = json_parser_load_from_data (parser, secret, -1, NULL);
  secret_password_free (secret);
  root = parsed ? json_parser_get_root (parser) : NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (object = json_node_get_object (root), "SecretId") ||
      !json_object_has_member (object, "SecretKey"))
    {
      /* A damaged item is as good as none: the caller asks again. */
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  credential = g_new0 (Credential, 1);
  credential->secret_id = g_strdup (json_object_get_string_member (object, "SecretId"));
  credential->secret_key = g_strdup (json_object_get_string_member (object, "SecretKey"));
  if (credential->secret_id == NULL || credential->secret_key == NULL)
    {
      credential_free (credential);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  g_task_return_pointer (task, credential, (GDestroyNotify) credential_free);
}

void
imc_credentials_lookup_async (const char          *profile,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (profile != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, imc_credentials_lookup_async);
  secret_password_lookup (get_schema (), cancellable, lookup_cb, task,
                          "profile", profile,
                          NULL);
}

gboolean
imc_credentials_lookup_finish (GAsyncResult  *result,
                               char         **out_secret_id,
                               char         **out_secret_key,
                               GError       **error)
{
  Credential *credential;
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  credential = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (credential == NULL)
    return FALSE;

  if (out_secret_id != NULL)
    *out_secret_id = g_steal_pointer (&credential->secret_id);
  if (out_secret_key != NULL)
    *out_secret_key = g_steal_pointer (&credential->secret_key);
  credential_free (credential);
  return TRUE;
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
imc_credentials_clear_async (const char          *profile,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (profile != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, imc_credentials_clear_async);
  secret_password_clear (get_schema (), cancellable, clear_cb, task,
                         "profile", profile,
                         NULL);
}

gboolean
imc_credentials_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
