/* test-client-common.h: what the client test programs share (one program
 * per module, suite "client"): synchronous wrappers around the client's
 * async calls, a fault-injecting SoupServer, and a D-Bus monitor that
 * sees any talk to the Secret Service. Built once as a static library. */
#pragma once

#include <libsoup/soup.h>

#include "imc-client.h"
#include "imc-test-helpers.h"

G_BEGIN_DECLS

/* RUN (result, call (..., WAITER)): makes the call and waits for its
 * result without sleeping. */
#define RUN(result, async_call)                            \
  G_STMT_START {                                           \
    ImcTestWaiter _w = { 0 };                              \
    async_call;                                            \
    result = imc_test_waiter_wait (&_w);                   \
  } G_STMT_END

#define WAITER imc_test_waiter_cb, &_w

/* --- synchronous wrappers ------------------------------------------------ */

extern const ImcPlan imc_test_pro_1000;

gint64         imc_test_create_app       (ImcPlanClient        *client,
                                          const char           *name);
ImcApp        *imc_test_describe_app     (ImcPlanClient        *client,
                                          gint64                id,
                                          GError              **error);
ImcApp        *imc_test_upgrade          (ImcPlanClient        *client,
                                          gint64                id,
                                          const ImcPlan        *plan,
                                          GError              **error);
ImcApp        *imc_test_modify           (ImcPlanClient        *client,
                                          gint64                id,
                                          const ImcPlanRequest *request,
                                          GError              **error);
GPtrArray     *imc_test_operation_logs   (ImcPlanClient        *client,
                                          gint64                id);
guint          imc_test_count_actions    (GPtrArray            *logs,
                                          const char           *action);
/* DescribeApps' TotalCount. */
guint          imc_test_count_apps       (ImcPlanClient        *client);
ImcPlanClient *imc_test_start_sandbox    (ImcSandbox           *sandbox);

/* --- fault injection ----------------------------------------------------- */

typedef enum {
  IMC_TEST_FAULT_STATUS_500,
  IMC_TEST_FAULT_GARBAGE,
  IMC_TEST_FAULT_HANG,
  IMC_TEST_FAULT_UNKNOWN_CODE,
  IMC_TEST_FAULT_RATE_LIMIT_ONCE,
  IMC_TEST_FAULT_PROXY_DROP_FIRST,
  IMC_TEST_FAULT_NOT_FOUND,
} ImcTestFaultMode;

/* A SoupServer on loopback that answers as @mode says and records what
 * each request carried. */
typedef struct
{
  SoupServer       *server;
  char             *endpoint;
  ImcTestFaultMode  mode;
  guint             requests;
  GPtrArray        *tokens;     /* ClientToken of each request that had one */
  GPtrArray        *languages;  /* X-TC-Language of each request, "" if none */
  GPtrArray        *paused;
  SoupSession      *upstream;   /* IMC_TEST_FAULT_PROXY_DROP_FIRST only */
  char             *upstream_endpoint;
} ImcTestFault;

ImcTestFault  *imc_test_fault_new        (ImcTestFaultMode      mode);
/* A client aimed at @fault, with @attempts attempts and a 10 ms backoff. */
ImcPlanClient *imc_test_fault_client     (ImcTestFault         *fault,
                                          guint                 attempts);
void           imc_test_fault_free       (ImcTestFault         *fault);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImcTestFault, imc_test_fault_free)

/* --- the Secret Service -------------------------------------------------- */

/* Watches the session bus for anyone talking to the Secret Service (or
 * asking the bus to find or start it), from any connection of any
 * process. */
typedef struct _ImcTestSecretsMonitor ImcTestSecretsMonitor;

ImcTestSecretsMonitor *imc_test_secrets_monitor_start  (void);
/* Returns what was seen ("" for nothing) and ends the monitor. */
char                  *imc_test_secrets_monitor_finish (ImcTestSecretsMonitor *monitor);
gboolean               imc_test_secret_service_running (void);

G_END_DECLS
