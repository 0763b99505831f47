/* imc-auth.h: TC3-HMAC-SHA256 verification of one request.
 *
 * The key is looked up in the store on every request, so keys made with
 * `create-key` while the server runs work at once. The official SDKs sign
 * the bare host name even when the endpoint has a port, so the host
 * header is tried as sent and without its ":port".
 */
#pragma once

#include <libsoup/soup.h>

#include "imc-store.h"

G_BEGIN_DECLS

#define IMC_TYPE_AUTH (imc_auth_get_type ())

G_DECLARE_FINAL_TYPE (ImcAuth, imc_auth, IMC, AUTH, GObject)

ImcAuth  *imc_auth_new     (ImcStore            *store);
/* @now: real Unix time (the 5-minute window never uses a fake clock).
 * @generation: the store's generation now; while it is the one a key was
 * read at, the key is not read again (NULL: always read).
 * Errors are IMC_ERROR AuthFailure.* codes, InvalidParameter for a
 * malformed X-TC-Timestamp, or InternalError. */
gboolean  imc_auth_verify  (ImcAuth                  *self,
                            const char               *method,
                            const char               *query,
                            SoupMessageHeaders       *headers,
                            const char               *body,
                            gsize                     body_length,
                            gint64                    now,
                            const ImcStoreGeneration *generation,
                            char                    **out_secret_id,
                            gint64                   *out_account_id,
                            GError                  **error);

G_END_DECLS
