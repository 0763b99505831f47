/* imc-connection.c */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "imc-connection.h"
#include "imc-credentials.h"

struct _ImcConnection
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *endpoint;
  char    *region;
};

G_DEFINE_FINAL_TYPE (ImcConnection, imc_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ENDPOINT,
  PROP_REGION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
imc_connection_finalize (GObject *object)
{
  ImcConnection *self = IMC_CONNECTION (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->endpoint);
  g_free (self->region);

  G_OBJECT_CLASS (imc_connection_parent_class)->finalize (object);
}

static void
imc_connection_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ImcConnection *self = IMC_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_connection_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ImcConnection *self = IMC_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_string (value);
      break;
    case PROP_REGION:
      self->region = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_connection_class_init (ImcConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = imc_connection_finalize;
  object_class->get_property = imc_connection_get_property;
  object_class->set_property = imc_connection_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
imc_connection_init (ImcConnection *self)
{
}

ImcConnection *
imc_connection_new (const char *id,
                    const char *name,
                    const char *endpoint,
                    const char *region)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (IMC_TYPE_CONNECTION,
                       "id", id,
                       "name", name ? name : id,
                       "endpoint", endpoint ? endpoint : "",
                       "region", region && *region ? region : "ap-guangzhou",
                       NULL);
}

ImcConnection *
imc_connection_new_sandbox (void)
{
  /* The endpoint is only known once the sandbox server runs. */
  return imc_connection_new (IMC_SANDBOX_PROFILE, _("Local sandbox"), "", "ap-guangzhou");
}

const char *
imc_connection_get_id (ImcConnection *self)
{
  g_return_val_if_fail (IMC_IS_CONNECTION (self), NULL);
  return self->id;
}

const char *
imc_connection_get_name (ImcConnection *self)
{
  g_return_val_if_fail (IMC_IS_CONNECTION (self), NULL);
  return self->name;
}

const char *
imc_connection_get_endpoint (ImcConnection *self)
{
  g_return_val_if_fail (IMC_IS_CONNECTION (self), NULL);
  return self->endpoint;
}

const char *
imc_connection_get_region (ImcConnection *self)
{
  g_return_val_if_fail (IMC_IS_CONNECTION (self), NULL);
  return self->region;
}

gboolean
imc_connection_is_sandbox (ImcConnection *self)
{
  g_return_val_if_fail (IMC_IS_CONNECTION (self), FALSE);
  return g_str_equal (self->id, IMC_SANDBOX_PROFILE);
}

char *
imc_connection_generate_id (void)
{
  return g_uuid_string_random ();
}

char *
imc_connection_check_endpoint (const char *endpoint)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (endpoint == NULL || *endpoint == '\0')
    return g_strdup (_("Enter the endpoint URL of the plan API server."));

  uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return g_strdup (_("The endpoint must be a URL such as https://im.example.com/."));
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return g_strdup (_("The endpoint must start with https:// or http://."));
  return NULL;
}

GPtrArray *
imc_connections_load (GSettings *settings)
{
  GPtrArray *connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GVariant) value = NULL;
  GVariantIter iter;
  const char *id, *name, *endpoint, *region;

  g_return_val_if_fail (G_IS_SETTINGS (settings), connections);

  value = g_settings_get_value (settings, "connections");
  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "(&s&s&s&s)", &id, &name, &endpoint, &region))
    {
      if (*id == '\0' || g_str_equal (id, IMC_SANDBOX_PROFILE))
        continue;
      g_ptr_array_add (connections, imc_connection_new (id, name, endpoint, region));
    }
  return connections;
}

void
imc_connections_save (GSettings *settings,
                      GPtrArray *connections)
{
  GVariantBuilder builder;

  g_return_if_fail (G_IS_SETTINGS (settings));

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssss)"));
  for (guint i = 0; i < connections->len; i++)
    {
      ImcConnection *connection = g_ptr_array_index (connections, i);

      if (imc_connection_is_sandbox (connection))
        continue;
      g_variant_builder_add (&builder, "(ssss)", connection->id, connection->name,
                             connection->endpoint, connection->region);
    }
  g_settings_set_value (settings, "connections", g_variant_builder_end (&builder));
}
