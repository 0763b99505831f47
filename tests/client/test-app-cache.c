/* test-app-cache.c: the offline cache of apps, filled from the real
 * server, in a temporary XDG_CACHE_HOME. */
#include "config.h"

#include <string.h>

#include "test-client-common.h"

static ImcTestServer server;

static void
test_app_cache_round_trip (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) fetched = NULL;
  g_autofree char *path = imc_app_cache_get_path ("test/../profile");

  /* Odd profile ids never leave the cache directory. */
  g_assert_true (g_str_has_prefix (path, g_get_user_cache_dir ()));
  g_assert_null (strstr (path + strlen (g_get_user_cache_dir ()), ".."));

  RUN (result, imc_plan_client_describe_all_apps_async (server.client, NULL, WAITER));
  apps = imc_plan_client_describe_all_apps_finish (server.client, result, &error);
  g_assert_no_error (error);

  g_assert_true (imc_app_cache_save ("test/../profile", apps, now, &error));
  g_assert_no_error (error);
  cached = imc_app_cache_load ("test/../profile", &fetched, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cached->len, ==, apps->len);
  g_assert_cmpint (g_date_time_to_unix (fetched), ==, g_date_time_to_unix (now));
  for (guint i = 0; i < apps->len; i++)
    {
      ImcApp *a = g_ptr_array_index (apps, i);
      ImcApp *b = g_ptr_array_index (cached, i);

      g_assert_cmpint (imc_app_get_sdk_app_id (a), ==, imc_app_get_sdk_app_id (b));
      g_assert_true (imc_plan_equal (imc_app_get_plan (a), imc_app_get_plan (b)));
      g_assert_cmpint (imc_app_get_status (a), ==, imc_app_get_status (b));
    }

  g_assert_null (imc_app_cache_load ("no-such-profile", NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* The offline cache of the tests goes to a temporary directory. */
  cache_dir = g_dir_make_tmp ("imc-client-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  imc_test_server_start (&server);

  g_test_add_func ("/client/app-cache", test_app_cache_round_trip);

  ret = g_test_run ();
  imc_test_server_stop (&server);
  imc_test_remove_tree (cache_dir);
  return ret;
}
