/* imc-credentials.h: SecretId/SecretKey of a connection profile, stored
 * only in the keyring (libsecret), never in GSettings or plain files. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IMC_CREDENTIAL_SCHEMA_NAME "io.github.imconsole.ImConsole.Credential"

/* The profile id of the embedded local sandbox connection. Its key is
 * never stored (imc-sandbox.h); an item older builds stored under this id
 * is left alone (HACKING.md, "The local sandbox's key"). */
#define IMC_SANDBOX_PROFILE "local-sandbox"

void     imc_credentials_store_async   (const char          *profile,
                                        const char          *label,
                                        const char          *secret_id,
                                        const char          *secret_key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean imc_credentials_store_finish  (GAsyncResult        *result,
                                        GError             **error);

/* Completes with FALSE and no error when nothing is stored. */
void     imc_credentials_lookup_async  (const char          *profile,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean imc_credentials_lookup_finish (GAsyncResult        *result,
                                        char               **out_secret_id,
                                        char               **out_secret_key,
                                        GError             **error);

void     imc_credentials_clear_async   (const char          *profile,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean imc_credentials_clear_finish  (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
