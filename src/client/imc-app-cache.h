/* imc-app-cache.h: the last successful list of apps per connection
 * profile, on disk in the XDG cache directory, so the window can show
 * them read-only (with the time they were fetched) while the server
 * cannot be reached. */
#pragma once

#include "imc-core.h"

G_BEGIN_DECLS

/* $XDG_CACHE_HOME/im-console/apps-PROFILE.json */
char      *imc_app_cache_get_path (const char  *profile);
gboolean   imc_app_cache_save     (const char  *profile,
                                   GPtrArray   *apps,
                                   GDateTime   *fetched,
                                   GError     **error);
/* An array of ImcApp, or NULL (with @error) when there is no usable cache. */
GPtrArray *imc_app_cache_load     (const char  *profile,
                                   GDateTime  **out_fetched,
                                   GError     **error);

G_END_DECLS
