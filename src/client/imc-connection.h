/* imc-connection.h: a connection profile (display name, endpoint URL,
 * region), as stored in the GSettings key "connections". The SecretId and
 * SecretKey of a profile live in the keyring (imc-credentials.h), keyed by
 * the profile's id. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IMC_TYPE_CONNECTION (imc_connection_get_type ())

G_DECLARE_FINAL_TYPE (ImcConnection, imc_connection, IMC, CONNECTION, GObject)

ImcConnection *imc_connection_new          (const char    *id,
                                            const char    *name,
                                            const char    *endpoint,
                                            const char    *region);
/* The embedded "Local sandbox" profile (id IMC_SANDBOX_PROFILE). */
ImcConnection *imc_connection_new_sandbox  (void);
const char    *imc_connection_get_id       (ImcConnection *self);
const char    *imc_connection_get_name     (ImcConnection *self);
const char    *imc_connection_get_endpoint (ImcConnection *self);
const char    *imc_connection_get_region   (ImcConnection *self);
gboolean       imc_connection_is_sandbox   (ImcConnection *self);

/* A fresh random id for a new profile. */
char          *imc_connection_generate_id  (void);
/* NULL when @endpoint is an http(s) URL with a host; else a translated
 * sentence saying what is wrong. */
char          *imc_connection_check_endpoint (const char  *endpoint);

/* The user's profiles from GSettings "connections" (without the sandbox). */
GPtrArray     *imc_connections_load        (GSettings     *settings);
void           imc_connections_save        (GSettings     *settings,
                                            GPtrArray     *connections);

G_END_DECLS
