/* imc-app-cache.c
 *
 * The cache holds what DescribeApps answered, encoded with the core App
 * codec, plus when it was fetched. No credentials are ever written here.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "imc-app-cache.h"

char *
imc_app_cache_get_path (const char *profile)
{
  g_autoptr(GString) name = g_string_new ("apps-");

  g_return_val_if_fail (profile != NULL, NULL);

  /* Profile ids are UUIDs or "local-sandbox"; keep file names tame anyway. */
  for (const char *p = profile; *p != '\0'; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) || *p == '-' ? *p : '_');
  g_string_append (name, ".json");
  return g_build_filename (g_get_user_cache_dir (), "im-console", name->str, NULL);
}

gboolean
imc_app_cache_save (const char  *profile,
                    GPtrArray   *apps,
                    GDateTime   *fetched,
                    GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = imc_app_cache_get_path (profile);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;

  g_return_val_if_fail (apps != NULL && fetched != NULL, FALSE);

  json_builder_begin_object (builder);
  imc_json_builder_add_time (builder, "FetchedTime", fetched);
  json_builder_set_member_name (builder, "Apps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < apps->len; i++)
    json_builder_add_value (builder, imc_app_to_json (g_ptr_array_index (apps, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  data = imc_json_to_string (root);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

GPtrArray *
imc_app_cache_load (const char  *profile,
                    GDateTime  **out_fetched,
                    GError     **error)
{
  g_autofree char *path = imc_app_cache_get_path (profile);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) apps = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) fetched = NULL;
  JsonNode *root;
  JsonArray *array = NULL;

  if (!json_parser_load_from_mapped_file (parser, path, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not a cache of apps", path);
      return NULL;
    }
  if (!imc_json_get_time (json_node_get_object (root), "FetchedTime", TRUE, &fetched, NULL, error) ||
      !imc_json_get_array (json_node_get_object (root), "Apps", TRUE, &array, NULL, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      ImcApp *app;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: an app is not an object", path);
          return NULL;
        }
      app = imc_app_new_from_json (json_node_get_object (node), error);
      if (app == NULL)
        return NULL;
      g_ptr_array_add (apps, app);
    }

  if (out_fetched != NULL)
    *out_fetched = g_steal_pointer (&fetched);
  return g_steal_pointer (&apps);
}
