/* test-connection.c: connection profiles in GSettings (the memory
 * backend in the tests). */
#include "config.h"

#include "test-client-common.h"

static void
test_connections_round_trip (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(ImcConnection) sandbox = imc_connection_new_sandbox ();
  g_autofree char *id = imc_connection_generate_id ();
  g_autofree char *bad_scheme = imc_connection_check_endpoint ("ftp://example.com/");
  g_autofree char *no_host = imc_connection_check_endpoint ("https://");

  g_ptr_array_add (saved, g_object_ref (sandbox));
  g_ptr_array_add (saved, imc_connection_new (id, "Staging", "https://im.example.com/", "ap-shanghai"));
  imc_connections_save (settings, saved);

  /* The sandbox is built in, never stored. */
  loaded = imc_connections_load (settings);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_assert_cmpstr (imc_connection_get_id (g_ptr_array_index (loaded, 0)), ==, id);
  g_assert_cmpstr (imc_connection_get_name (g_ptr_array_index (loaded, 0)), ==, "Staging");
  g_assert_cmpstr (imc_connection_get_endpoint (g_ptr_array_index (loaded, 0)), ==, "https://im.example.com/");
  g_assert_cmpstr (imc_connection_get_region (g_ptr_array_index (loaded, 0)), ==, "ap-shanghai");
  g_assert_true (imc_connection_is_sandbox (sandbox));

  g_assert_null (imc_connection_check_endpoint ("http://127.0.0.1:8700/"));
  g_assert_nonnull (bad_scheme);
  g_assert_nonnull (no_host);
  g_settings_reset (settings, "connections");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/connections", test_connections_round_trip);

  ret = g_test_run ();
  return ret;
}
