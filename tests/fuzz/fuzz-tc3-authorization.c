/* fuzz-tc3-authorization.c: the Authorization header parser sees raw,
 * attacker-controlled bytes first; it must never crash or leak. */
#include "config.h"

#include <string.h>

#include "imc-core.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *value = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  ImcTc3Authorization auth;

  if (imc_tc3_parse_authorization (value, &auth, &error))
    {
      /* Whatever parses must be usable as the server uses it. */
      g_assert_nonnull (auth.secret_id);
      g_assert_cmpuint (strlen (auth.signature), ==, 64);
      g_assert_true (imc_tc3_signature_equal (auth.signature, auth.signature));
      imc_tc3_authorization_clear (&auth);
    }
  else
    g_assert_error (error, IMC_ERROR, IMC_ERROR_AUTH_INVALID_AUTHORIZATION);

  return 0;
}
