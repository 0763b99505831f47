/* test-server-common.h: runs the real im-plan-server for tests.
 *
 * The binary comes from $IMC_PLAN_SERVER; each TestServer has its own temp
 * directory and database, listens on 127.0.0.1:0 and is ready once it
 * printed its "listening on" line (read, not slept for). Requests are
 * signed with libimc-core's TC3 code and sent with libsoup.
 */
#pragma once

#include <libsoup/soup.h>

#include "imc-core.h"

G_BEGIN_DECLS

typedef struct {
  char        *dir;
  char        *db;
  char        *url;
  char        *host;         /* "127.0.0.1:PORT" */
  GSubprocess *process;
  SoupSession *session;
  char        *secret_id;    /* account "alice" */
  char        *secret_key;
} TestServer;

typedef struct {
  const char *action;
  const char *body;           /* NULL: "{}" */
  gssize      body_length;    /* -1: strlen */
  const char *version;        /* NULL: the API version; "": omitted */
  const char *content_type;   /* NULL: application/json; charset=utf-8; "": omitted */
  const char *method;         /* NULL: POST */
  gint64      timestamp;      /* 0: now */
  const char *secret_id;      /* NULL: the server's default key */
  const char *secret_key;
  const char *sign_host;      /* NULL: the Host header value */
  const char *service;        /* NULL: "im" */
  const char *language;       /* X-TC-Language */
  const char *authorization;  /* replaces the computed one; "": omitted */
  gboolean    omit_action;
  gboolean    omit_timestamp;
} TestRequest;

/* NULL (and the test skipped) when $IMC_PLAN_SERVER is not set. */
TestServer *test_server_start         (const char * const *extra_args);
/* A second server process on the same database file. */
TestServer *test_server_start_on      (TestServer         *other,
                                       const char * const *extra_args);
/* SIGTERM, then asserts a clean exit (status 0). */
void        test_server_stop          (TestServer         *server);
void        test_server_free          (TestServer         *server);
/* SIGKILL, no questions asked. */
void        test_server_kill          (TestServer         *server);
/* Stops (if running) and starts again on the same database with
 * @extra_args. */
void        test_server_restart       (TestServer         *server,
                                       const char * const *extra_args);

void        test_server_create_key    (TestServer         *server,
                                       const char         *account,
                                       char              **out_secret_id,
                                       char              **out_secret_key);
/* create-key --revoke-others: the account's other keys are deleted. */
void        test_server_replace_key   (TestServer         *server,
                                       const char         *account,
                                       char              **out_secret_id,
                                       char              **out_secret_key);

/* Returns the "Response" object. */
JsonObject *test_server_send          (TestServer         *server,
                                       const TestRequest  *request);
JsonObject *test_server_call          (TestServer         *server,
                                       const char         *action,
                                       const char         *body);
/* Builds the signed message without sending it. */
SoupMessage *test_server_build        (TestServer         *server,
                                       const TestRequest  *request);
JsonObject *test_server_parse_response (GBytes            *bytes);

/* Error.Code of a response, or NULL when it is not an error. */
const char *test_response_error_code  (JsonObject         *response);
gint64      test_server_create_app    (TestServer         *server,
                                       const char         *name);
/* DescribeApps (Limit 100) and every app's log count, as one string, to
 * check that a request changed nothing. */
char       *test_server_snapshot      (TestServer         *server);

#define test_assert_ok(response) \
  g_assert_cmpstr (test_response_error_code (response), ==, NULL)
#define test_assert_error(response, code) \
  g_assert_cmpstr (test_response_error_code (response), ==, (code))

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)

G_END_DECLS
