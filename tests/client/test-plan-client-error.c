/* test-plan-client-error.c: the client's error domain: a translated
 * message for every code, and every API code mapped both ways. */
#include "config.h"

#include <string.h>

#include "test-client-common.h"

static void
test_every_code_has_a_message (void)
{
  for (int code = 0; code <= IMC_PLAN_CLIENT_ERROR_SANDBOX_FAILED; code++)
    {
      g_autoptr(GError) error = g_error_new_literal (IMC_PLAN_CLIENT_ERROR, code, "raw");
      g_autofree char *message = imc_plan_client_error_get_user_message (error);
      g_autoptr(GError) generic = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
      g_autofree char *fallback = imc_plan_client_error_get_user_message (generic);

      g_assert_nonnull (message);
      g_assert_cmpuint (strlen (message), >, 20);
      /* Never the raw server text, never the generic fallback. */
      g_assert_null (strstr (message, "raw"));
      g_assert_cmpstr (message, !=, fallback);
    }
}

static void
test_api_codes_round_trip (void)
{
  for (int code = 0; code <= IMC_ERROR_LAST; code++)
    {
      const char *api = imc_error_to_code (code);
      g_autoptr(GError) error = imc_plan_client_error_new_from_api (api, "m", "rid");

      g_assert_cmpint (error->code, ==, code);
      g_assert_cmpstr (imc_plan_client_error_get_api_code (error), ==, api);
      g_assert_cmpstr (imc_plan_client_error_get_request_id (error), ==, "rid");
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/errors/messages", test_every_code_has_a_message);
  g_test_add_func ("/client/errors/api-codes", test_api_codes_round_trip);

  ret = g_test_run ();
  return ret;
}
