/* imc-demo.h: --demo seeding of an empty database. */
#pragma once

#include "imc-store.h"

G_BEGIN_DECLS

#define IMC_DEMO_ACCOUNT "demo"

/* Creates the account "demo" and apps in every state, with histories
 * relative to @now, plus @extra_apps Free apps (for benchmarks), in one
 * transaction. Does nothing when the database already has an account. */
gboolean imc_demo_seed (ImcStore    *store,
                        ImcCatalog  *catalog,
                        GDateTime   *now,
                        guint        extra_apps,
                        GError     **error);

G_END_DECLS
