/* fuzz-json-decode.c: every JSON -> core type decoder on arbitrary
 * input; each either decodes or returns an IMC_ERROR, and a decoded value
 * must survive a round trip. */
#include "config.h"

#include "imc-core.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_error (GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == IMC_ERROR);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) parse_error = NULL;

  /* Bodies above 1 MiB never reach a decoder. */
  if (size > 1024 * 1024)
    return 0;
  /* The same entry the server and the client use. */
  object = imc_json_parse_object ((const char *) data, size, &parse_error);
  if (object == NULL)
    {
      g_assert_error (parse_error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER);
      return 0;
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ImcApp) app = imc_app_new_from_json (object, &error);

    if (app != NULL)
      {
        g_autoptr(JsonNode) node = imc_app_to_json (app);
        g_autoptr(ImcApp) again = imc_app_new_from_json (json_node_get_object (node), &error);

        g_assert_no_error (error);
        g_assert_true (imc_plan_equal (imc_app_get_plan (app), imc_app_get_plan (again)));
      }
    else
      check_error (error);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ImcOperationLog) log = imc_operation_log_new_from_json (object, &error);

    if (log == NULL)
      check_error (error);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ImcPriceQuote) quote = imc_price_quote_new_from_json (object, &error);

    if (quote == NULL)
      check_error (error);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ImcBill) bill = imc_bill_new_from_json (object, &error);

    if (bill == NULL)
      check_error (error);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ImcCatalog) catalog = imc_catalog_new_from_json (object, &error);

    if (catalog != NULL)
      {
        g_autoptr(JsonNode) node = imc_catalog_to_json (catalog);
        g_autoptr(ImcCatalog) again = imc_catalog_new_from_json (json_node_get_object (node), &error);

        g_assert_no_error (error);
        g_assert_nonnull (again);
      }
    else
      {
        /* A bad catalog is a bad data file, reported as such. */
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      }
  }

  return 0;
}
