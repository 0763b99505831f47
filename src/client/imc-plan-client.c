/* imc-plan-client.c
 *
 * Every public call goes through call_async(): the request body is
 * serialised once (writes get their ClientToken here, so every retry sends
 * the same one), each attempt is signed afresh with the current timestamp,
 * and an attempt has a total deadline on top of libsoup's I/O timeout.
 */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "imc-plan-client.h"

#define DEFAULT_TIMEOUT_SECONDS 15
#define DEFAULT_MAX_ATTEMPTS 4
#define DEFAULT_FIRST_BACKOFF_MS 250
#define MAX_BACKOFF_MS 5000
#define RATE_LIMIT_DELAY_MS 1000
#define CONTENT_TYPE "application/json; charset=utf-8"
#define DESCRIBE_ALL_PAGE_SIZE 100

struct _ImcPlanClient
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *uri;
  char        *endpoint;
  char        *host;
  char        *region;
  char        *secret_id;
  char        *secret_key;
  char        *language;
  guint        timeout;
  guint        max_attempts;
  guint        first_backoff_ms;
};

G_DEFINE_FINAL_TYPE (ImcPlanClient, imc_plan_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_REGION,
  PROP_SECRET_ID,
  PROP_SECRET_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char         *action;
  GBytes       *body;
  guint         attempt;
  GCancellable *attempt_cancellable;
  gulong        cancelled_id;
  GSource      *deadline;
  gboolean      timed_out;
} Call;

static void
call_clear_attempt (Call *call,
                    GCancellable *cancellable)
{
  if (call->deadline != NULL)
    {
      g_source_destroy (call->deadline);
      g_clear_pointer (&call->deadline, g_source_unref);
    }
  if (call->cancelled_id != 0)
    {
      g_cancellable_disconnect (cancellable, call->cancelled_id);
      call->cancelled_id = 0;
    }
  g_clear_object (&call->attempt_cancellable);
}

static void
call_free (Call *call)
{
  /* The attempt's cancellable link is gone by now: every attempt clears it
   * in its callback before the task completes. */
  g_clear_object (&call->attempt_cancellable);
  if (call->deadline != NULL)
    {
      g_source_destroy (call->deadline);
      g_source_unref (call->deadline);
    }
  g_free (call->action);
  g_bytes_unref (call->body);
  g_free (call);
}

/* The official Tencent Cloud SDKs sign the bare host name even when the
 * endpoint has a port, and servers accept it with or without the port: do
 * the same, so that a proxy or port mapping in between does not break the
 * signature. */
static char *
host_for_signing (GUri *uri)
{
  return g_strdup (g_uri_get_host (uri));
}

/* A loopback endpoint (the local sandbox) is never reached through a proxy:
 * no proxy could reach this machine's loopback interface. */
static gboolean
is_loopback (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
imc_plan_client_constructed (GObject *object)
{
  ImcPlanClient *self = IMC_PLAN_CLIENT (object);
  g_autofree char *user_agent = g_strdup_printf ("im-console/%s", PACKAGE_VERSION);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (imc_plan_client_parent_class)->constructed (object);

  self->uri = g_uri_parse (self->endpoint ? self->endpoint : "", G_URI_FLAGS_NONE, &error);
  if (self->uri != NULL && g_uri_get_host (self->uri) != NULL)
    self->host = host_for_signing (self->uri);
  else
    g_warning ("Invalid plan API endpoint “%s”", self->endpoint ? self->endpoint : "");

  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "timeout", self->timeout,
                                                 "idle-timeout", 60,
                                                 NULL);
  /* Without a resolver, libsoup connects directly and never loads the
   * system's proxy modules (libproxy) or asks them about each request. */
  if (self->uri != NULL && is_loopback (self->uri))
    soup_session_set_proxy_resolver (self->session, NULL);
}

static void
imc_plan_client_finalize (GObject *object)
{
  ImcPlanClient *self = IMC_PLAN_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_free (self->endpoint);
  g_free (self->host);
  g_free (self->region);
  g_free (self->secret_id);
  if (self->secret_key != NULL)
    memset (self->secret_key, 0, strlen (self->secret_key));
  g_free (self->secret_key);
  g_free (self->language);

  G_OBJECT_CLASS (imc_plan_client_parent_class)->finalize (object);
}

static void
imc_plan_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ImcPlanClient *self = IMC_PLAN_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_SECRET_ID:
      g_value_set_string (value, self->secret_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_plan_client_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ImcPlanClient *self = IMC_PLAN_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_string (value);
      break;
    case PROP_REGION:
      self->region = g_value_dup_string (value);
      break;
    case PROP_SECRET_ID:
      self->secret_id = g_value_dup_string (value);
      break;
    case PROP_SECRET_KEY:
      self->secret_key = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
imc_plan_client_class_init (ImcPlanClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = imc_plan_client_constructed;
  object_class->finalize = imc_plan_client_finalize;
  object_class->get_property = imc_plan_client_get_property;
  object_class->set_property = imc_plan_client_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, "ap-guangzhou",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECRET_ID] =
    g_param_spec_string ("secret-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only: the key never leaves the client. */
  properties[PROP_SECRET_KEY] =
    g_param_spec_string ("secret-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
imc_plan_client_init (ImcPlanClient *self)
{
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->first_backoff_ms = DEFAULT_FIRST_BACKOFF_MS;
  self->language = g_strdup (imc_plan_client_language_from_locale ());
}

ImcPlanClient *
imc_plan_client_new (const char *endpoint,
                     const char *region,
                     const char *secret_id,
                     const char *secret_key)
{
  g_return_val_if_fail (endpoint != NULL, NULL);

  return g_object_new (IMC_TYPE_PLAN_CLIENT,
                       "endpoint", endpoint,
                       "region", region ? region : "ap-guangzhou",
                       "secret-id", secret_id,
                       "secret-key", secret_key,
                       NULL);
}

const char *
imc_plan_client_get_endpoint (ImcPlanClient *self)
{
  g_return_val_if_fail (IMC_IS_PLAN_CLIENT (self), NULL);
  return self->endpoint;
}

const char *
imc_plan_client_get_region (ImcPlanClient *self)
{
  g_return_val_if_fail (IMC_IS_PLAN_CLIENT (self), NULL);
  return self->region;
}

const char *
imc_plan_client_get_secret_id (ImcPlanClient *self)
{
  g_return_val_if_fail (IMC_IS_PLAN_CLIENT (self), NULL);
  return self->secret_id;
}

const char *
imc_plan_client_get_language (ImcPlanClient *self)
{
  g_return_val_if_fail (IMC_IS_PLAN_CLIENT (self), NULL);
  return self->language;
}

void
imc_plan_client_set_language (ImcPlanClient *self,
                              const char    *language)
{
  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));

  g_free (self->language);
  self->language = g_strdup (language ? language : imc_plan_client_language_from_locale ());
}

void
imc_plan_client_set_timeout (ImcPlanClient *self,
                             guint          seconds)
{
  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
}

void
imc_plan_client_set_retry_policy (ImcPlanClient *self,
                                  guint          max_attempts,
                                  guint          first_backoff_ms)
{
  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));

  self->max_attempts = MAX (max_attempts, 1);
  self->first_backoff_ms = first_backoff_ms;
}

const char *
imc_plan_client_language_from_locale (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "zh"))
        return "zh-CN";
      if (g_str_has_prefix (names[i], "ko"))
        return "ko-KR";
      if (g_str_has_prefix (names[i], "en") || g_str_equal (names[i], "C"))
        break;
    }
  return "en-US";
}

/* --- one call ------------------------------------------------------------ */

static void send_attempt (GTask *task);

static GError *
map_transport_error (const GError *error)
{
  int code = IMC_PLAN_CLIENT_ERROR_NETWORK;
  GError *mapped;

  if (error->domain == G_RESOLVER_ERROR)
    code = IMC_PLAN_CLIENT_ERROR_HOST_NOT_FOUND;
  else if (error->domain == G_TLS_ERROR)
    code = IMC_PLAN_CLIENT_ERROR_TLS;
  else if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_TIMED_OUT:
          code = IMC_PLAN_CLIENT_ERROR_TIMEOUT;
          break;
        case G_IO_ERROR_CONNECTION_REFUSED:
          code = IMC_PLAN_CLIENT_ERROR_CONNECTION_REFUSED;
          break;
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_HOST_UNREACHABLE:
          code = IMC_PLAN_CLIENT_ERROR_OFFLINE;
          break;
        case G_IO_ERROR_HOST_NOT_FOUND:
          code = IMC_PLAN_CLIENT_ERROR_HOST_NOT_FOUND;
          break;
        default:
          break;
        }
    }

  mapped = g_error_new_literal (IMC_PLAN_CLIENT_ERROR, code, error->message);
  return mapped;
}

static guint
backoff_ms (ImcPlanClient *self,
            guint          attempt)
{
  guint64 delay = self->first_backoff_ms;

  for (guint i = 1; i < attempt && delay < MAX_BACKOFF_MS; i++)
    delay *= 2;
  /* A little jitter so that many clients do not retry in lockstep. */
  delay += g_random_int_range (0, (gint32) MAX (self->first_backoff_ms / 4, 1));
  return (guint) MIN (delay, MAX_BACKOFF_MS);
}

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  send_attempt (task);
  return G_SOURCE_REMOVE;
}

/* Retries @error when it is transient and attempts are left; otherwise
 * completes the task with it. Takes ownership of @error. */
static void
retry_or_fail (GTask  *task,
               GError *error)
{
  ImcPlanClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GSource) source = NULL;
  guint delay;

  if (!imc_plan_client_error_is_transient (error) || call->attempt >= self->max_attempts)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_error_matches (error, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_REQUEST_LIMIT_EXCEEDED))
    delay = MAX (RATE_LIMIT_DELAY_MS, backoff_ms (self, call->attempt));
  else
    delay = backoff_ms (self, call->attempt);

  g_debug ("%s: attempt %u failed (%s), retrying in %u ms",
           call->action, call->attempt, error->message, delay);
  g_error_free (error);

  source = g_timeout_source_new (delay);
  if (cancellable != NULL)
    {
      /* Cancelling wakes the wait at once; retry_cb then completes. */
      g_autoptr(GSource) cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_dummy_callback (cancel_source);
      g_source_add_child_source (source, cancel_source);
    }
  g_task_attach_source (task, source, retry_cb);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Call *call = user_data;

  call->timed_out = TRUE;
  g_clear_pointer (&call->deadline, g_source_unref);
  g_cancellable_cancel (call->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
user_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GCancellable *attempt_cancellable = user_data;

  g_cancellable_cancel (attempt_cancellable);
}

static GError *
decode_answer (GBytes      *bytes,
               JsonObject **out_response)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonObject *response;
  JsonObject *error_object;
  const char *request_id = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  /* The same strict parser the server uses for requests: valid UTF-8,
   * bounded depth, no silently wrapped 64-bit integers. */
  root = imc_json_parse_object (data ? data : "", size, &parse_error);
  if (root == NULL)
    return g_error_new (IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_INVALID_RESPONSE,
                        "Answer is not a JSON object: %s", parse_error->message);

  if (!json_object_has_member (root, "Response") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "Response")))
    return g_error_new_literal (IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_INVALID_RESPONSE,
                                "Answer has no Response object");

  response = json_object_get_object_member (root, "Response");
  if (json_object_has_member (response, "RequestId") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (response, "RequestId")))
    request_id = json_object_get_string_member (response, "RequestId");

  if (json_object_has_member (response, "Error"))
    {
      const char *code = NULL;
      const char *message = NULL;
      const char *item = NULL;
      const char *next = NULL;
      GError *error;

      if (!JSON_NODE_HOLDS_OBJECT (json_object_get_member (response, "Error")))
        return g_error_new_literal (IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_INVALID_RESPONSE,
                                    "Response.Error is not an object");
      error_object = json_object_get_object_member (response, "Error");
      if (!imc_json_get_string (error_object, "Code", TRUE, &code, NULL, NULL))
        return g_error_new_literal (IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_INVALID_RESPONSE,
                                    "Response.Error has no Code");
      imc_json_get_string (error_object, "Message", FALSE, &message, NULL, NULL);

      error = imc_plan_client_error_new_from_api (code, message, request_id);
      if (imc_json_get_string (error_object, "Item", FALSE, &item, NULL, NULL) && item != NULL &&
          imc_json_get_string (error_object, "NextModifiable", FALSE, &next, NULL, NULL) && next != NULL)
        {
          g_autoptr(GDateTime) date = imc_calendar_parse_date (next);

          if (date != NULL)
            imc_plan_client_error_set_monthly_limit (error, item, date);
        }
      return error;
    }

  *out_response = json_object_ref (response);
  return NULL;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (source);
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message;
  JsonObject *response = NULL;
  GError *api_error;
  guint status;

  bytes = soup_session_send_and_read_finish (session, result, &error);
  call_clear_attempt (call, g_task_get_cancellable (task));

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && call->timed_out)
        {
          call->timed_out = FALSE;
          retry_or_fail (task, g_error_new_literal (IMC_PLAN_CLIENT_ERROR,
                                                    IMC_PLAN_CLIENT_ERROR_TIMEOUT,
                                                    "The server did not answer in time"));
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        retry_or_fail (task, map_transport_error (error));
      return;
    }

  message = soup_session_get_async_result_message (session, result);
  status = message ? soup_message_get_status (message) : 0;
  if (status != SOUP_STATUS_OK)
    {
      GError *http_error = g_error_new (IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_HTTP_STATUS,
                                        "HTTP %u %s", status,
                                        message && soup_message_get_reason_phrase (message)
                                          ? soup_message_get_reason_phrase (message) : "");
      imc_plan_client_error_set_http_status (http_error, status);
      retry_or_fail (task, http_error);
      return;
    }

  api_error = decode_answer (bytes, &response);
  if (api_error != NULL)
    {
      imc_plan_client_error_set_http_status (api_error, status);
      retry_or_fail (task, api_error);
      return;
    }

  g_task_return_pointer (task, response, (GDestroyNotify) json_object_unref);
}

static void
send_attempt (GTask *task)
{
  ImcPlanClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *timestamp_str = NULL;
  g_autofree char *authorization = NULL;
  SoupMessageHeaders *headers;
  gint64 timestamp;
  gsize size;
  const void *data;

  call->attempt++;
  call->timed_out = FALSE;

  message = soup_message_new_from_uri (SOUP_METHOD_POST, self->uri);
  headers = soup_message_get_request_headers (message);
  timestamp = g_get_real_time () / G_USEC_PER_SEC;
  timestamp_str = g_strdup_printf ("%" G_GINT64_FORMAT, timestamp);
  data = g_bytes_get_data (call->body, &size);

  authorization = imc_tc3_build_authorization (self->secret_id ? self->secret_id : "",
                                               self->secret_key ? self->secret_key : "",
                                               IMC_API_SERVICE, self->host,
                                               CONTENT_TYPE, timestamp, data, size);

  soup_message_headers_replace (headers, "X-TC-Action", call->action);
  soup_message_headers_replace (headers, "X-TC-Version", IMC_API_VERSION);
  soup_message_headers_replace (headers, "X-TC-Timestamp", timestamp_str);
  soup_message_headers_replace (headers, "X-TC-Region", self->region);
  soup_message_headers_replace (headers, "X-TC-Language", self->language);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_set_request_body_from_bytes (message, CONTENT_TYPE, call->body);

  /* The attempt has its own cancellable: the caller's cancels it, and so
   * does the total deadline, which the libsoup I/O timeout alone is not. */
  call->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    call->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                                                g_object_ref (call->attempt_cancellable),
                                                g_object_unref);
  call->deadline = g_timeout_source_new_seconds (self->timeout);
  g_source_set_callback (call->deadline, deadline_cb, call, NULL);
  g_source_attach (call->deadline, g_task_get_context (task));

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    call->attempt_cancellable, on_sent, g_object_ref (task));
}

/* Sends @action with the members of @params (a JSON object node, consumed)
 * and completes with the Response object. */
static void
call_async (ImcPlanClient       *self,
            const char          *action,
            JsonBuilder         *params,
            gboolean             is_write,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;
  Call *call;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, action);

  if (is_write)
    {
      g_autofree char *token = g_uuid_string_random ();

      json_builder_set_member_name (params, "ClientToken");
      json_builder_add_string_value (params, token);
    }
  json_builder_end_object (params);
  node = json_builder_get_root (params);
  body = imc_json_to_string (node);

  call = g_new0 (Call, 1);
  call->action = g_strdup (action);
  call->body = g_bytes_new_take (body, strlen (body));
  body = NULL;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (self->host == NULL)
    {
      g_task_return_new_error (task, IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_HOST_NOT_FOUND,
                               "Invalid endpoint “%s”", self->endpoint ? self->endpoint : "");
      return;
    }

  send_attempt (task);
}

static JsonObject *
call_finish (ImcPlanClient  *self,
             GAsyncResult   *result,
             gpointer        source_tag,
             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static JsonBuilder *
params_new (void)
{
  JsonBuilder *builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  return builder;
}

static void
params_add_app_id (JsonBuilder *builder,
                   gint64       sdk_app_id)
{
  json_builder_set_member_name (builder, "SdkAppId");
  json_builder_add_int_value (builder, sdk_app_id);
}

static void
params_add_plan (JsonBuilder   *builder,
                 const ImcPlan *plan)
{
  json_builder_set_member_name (builder, "Edition");
  json_builder_add_string_value (builder, imc_edition_to_string (plan->edition));
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    imc_json_builder_add_plan_item (builder, item, imc_plan_get_item (plan, item));
}

/* A decoding failure of a well-formed answer is the server's fault. */
static GError *
invalid_response (const char   *what,
                  const GError *cause)
{
  return g_error_new (IMC_PLAN_CLIENT_ERROR, IMC_PLAN_CLIENT_ERROR_INVALID_RESPONSE,
                      "%s: %s", what, cause ? cause->message : "malformed");
}

static ImcApp *
decode_app_member (JsonObject  *response,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object = NULL;
  ImcApp *app;

  if (!imc_json_get_object (response, "App", TRUE, &object, NULL, &local_error))
    {
      g_propagate_error (error, invalid_response ("App", local_error));
      return NULL;
    }
  app = imc_app_new_from_json (object, &local_error);
  if (app == NULL)
    g_propagate_error (error, invalid_response ("App", local_error));
  return app;
}

/* DescribeApp, DisableApp, EnableApp: an SdkAppId in, an App out. */
static void
app_id_call_async (ImcPlanClient       *self,
                   const char          *action,
                   gint64               sdk_app_id,
                   gboolean             is_write,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(JsonBuilder) params = params_new ();

  params_add_app_id (params, sdk_app_id);
  call_async (self, action, params, is_write, source_tag, cancellable, callback, user_data);
}

static ImcApp *
app_call_finish (ImcPlanClient  *self,
                 GAsyncResult   *result,
                 gpointer        source_tag,
                 GError        **error)
{
  g_autoptr(JsonObject) response = call_finish (self, result, source_tag, error);

  return response ? decode_app_member (response, error) : NULL;
}

/* --- actions ------------------------------------------------------------- */

void
imc_plan_client_describe_plan_catalog_async (ImcPlanClient       *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) params = params_new ();

  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));

  call_async (self, "DescribePlanCatalog", params, FALSE,
              imc_plan_client_describe_plan_catalog_async, cancellable, callback, user_data);
}

ImcCatalog *
imc_plan_client_describe_plan_catalog_finish (ImcPlanClient  *self,
                                              GAsyncResult   *result,
                                              GError        **error)
{
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GError) local_error = NULL;
  ImcCatalog *catalog;

  response = call_finish (self, result, imc_plan_client_describe_plan_catalog_async, error);
  if (response == NULL)
    return NULL;

  catalog = imc_catalog_new_from_json (response, &local_error);
  if (catalog == NULL)
    g_propagate_error (error, invalid_response ("Catalog", local_error));
  return catalog;
}

void
imc_plan_client_describe_apps_async (ImcPlanClient       *self,
                                     guint                offset,
                                     guint                limit,
                                     const char          *keyword,
                                     const char          *status,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonBuilder) params = params_new ();

  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));

  json_builder_set_member_name (params, "Offset");
  json_builder_add_int_value (params, offset);
  json_builder_set_member_name (params, "Limit");
  json_builder_add_int_value (params, limit);
  if (keyword != NULL && *keyword != '\0')
    {
      json_builder_set_member_name (params, "Keyword");
      json_builder_add_string_value (params, keyword);
    }
  if (status != NULL)
    {
      json_builder_set_member_name (params, "Status");
      json_builder_add_string_value (params, status);
    }

  call_async (self, "DescribeApps", params, FALSE,
              imc_plan_client_describe_apps_async, cancellable, callback, user_data);
}

typedef gpointer (*DecodeFunc) (JsonObject *object, GError **error);

static gpointer
decode_app (JsonObject  *object,
            GError     **error)
{
  return imc_app_new_from_json (object, error);
}

static gpointer
decode_operation_log (JsonObject  *object,
                      GError     **error)
{
  return imc_operation_log_new_from_json (object, error);
}

/* Decodes {TotalCount, @member: [...]} with @decode for each element. */
static GPtrArray *
decode_list (JsonObject  *response,
             const char  *member,
             DecodeFunc   decode,
             guint       *out_total_count,
             GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  JsonArray *array = NULL;
  gint64 total = 0;

  if (!imc_json_get_int (response, "TotalCount", TRUE, &total, NULL, &local_error) ||
      !imc_json_get_array (response, member, TRUE, &array, NULL, &local_error))
    {
      g_propagate_error (error, invalid_response (member, local_error));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_propagate_error (error, invalid_response (member, NULL));
          return NULL;
        }
      item = decode (json_node_get_object (node), &local_error);
      if (item == NULL)
        {
          g_propagate_error (error, invalid_response (member, local_error));
          return NULL;
        }
      g_ptr_array_add (items, item);
    }

  if (out_total_count != NULL)
    *out_total_count = (guint) CLAMP (total, 0, G_MAXUINT);
  return g_steal_pointer (&items);
}

GPtrArray *
imc_plan_client_describe_apps_finish (ImcPlanClient  *self,
                                      GAsyncResult   *result,
                                      guint          *out_total_count,
                                      GError        **error)
{
  g_autoptr(JsonObject) response = NULL;

  response = call_finish (self, result, imc_plan_client_describe_apps_async, error);
  if (response == NULL)
    return NULL;

  return decode_list (response, "Apps", decode_app, out_total_count, error);
}

typedef struct
{
  GPtrArray *apps;
  guint      total;
} AllApps;

static void
all_apps_free (AllApps *all)
{
  g_ptr_array_unref (all->apps);
  g_free (all);
}

static void all_apps_page_cb (GObject *, GAsyncResult *, gpointer);

static void
all_apps_next_page (GTask *task)
{
  ImcPlanClient *self = g_task_get_source_object (task);
  AllApps *all = g_task_get_task_data (task);

  imc_plan_client_describe_apps_async (self, all->apps->len, DESCRIBE_ALL_PAGE_SIZE, NULL, NULL,
                                       g_task_get_cancellable (task),
                                       all_apps_page_cb, g_object_ref (task));
}

static void
all_apps_page_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AllApps *all = g_task_get_task_data (task);
  g_autoptr(GPtrArray) page = NULL;
  GError *error = NULL;
  guint total = 0;

  page = imc_plan_client_describe_apps_finish (IMC_PLAN_CLIENT (source), result, &total, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add (all->apps, g_object_ref (g_ptr_array_index (page, i)));
  all->total = total;

  /* An empty page ends the walk even if apps vanished meanwhile. */
  if (page->len == 0 || all->apps->len >= total)
    g_task_return_pointer (task, g_ptr_array_ref (all->apps), (GDestroyNotify) g_ptr_array_unref);
  else
    all_apps_next_page (task);
}

void
imc_plan_client_describe_all_apps_async (ImcPlanClient       *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AllApps *all;

  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, imc_plan_client_describe_all_apps_async);
  all = g_new0 (AllApps, 1);
  all->apps = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, all, (GDestroyNotify) all_apps_free);

  all_apps_next_page (task);
}

GPtrArray *
imc_plan_client_describe_all_apps_finish (ImcPlanClient  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
imc_plan_client_describe_app_async (ImcPlanClient       *self,
                                    gint64               sdk_app_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));

  app_id_call_async (self, "DescribeApp", sdk_app_id, FALSE,
                     imc_plan_client_describe_app_async, cancellable, callback, user_data);
}

ImcApp *
imc_plan_client_describe_app_finish (ImcPlanClient  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  return app_call_finish (self, result, imc_plan_client_describe_app_async, error);
}

void
imc_plan_client_create_app_async (ImcPlanClient       *self,
                                  const char          *app_name,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonBuilder) params = params_new ();

  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));
  g_return_if_fail (app_name != NULL);

  json_builder_set_member_name (params, "AppName");
  json_builder_add_string_value (params, app_name);
  call_async (self, "CreateApp", params, TRUE,
              imc_plan_client_create_app_async, cancellable, callback, user_data);
}

gint64
imc_plan_client_create_app_finish (ImcPlanClient  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_autoptr(JsonObject) response = call_finish (self, result, imc_plan_client_create_app_async, error);
  g_autoptr(GError) local_error = NULL;
  gint64 sdk_app_id = 0;

  if (response == NULL)
    return 0;
  if (!imc_json_get_int (response, "SdkAppId", TRUE, &sdk_app_id, NULL, &local_error))
    {
      g_propagate_error (error, invalid_response ("SdkAppId", local_error));
      return 0;
    }
  return sdk_app_id;
}

void
imc_plan_client_upgrade_app_plan_async (ImcPlanClient       *self,
                                        gint64               sdk_app_id,
                                        const ImcPlan       *plan,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonBuilder) params = params_new ();

  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));
  g_return_if_fail (plan != NULL);

  params_add_app_id (params, sdk_app_id);
  params_add_plan (params, plan);
  call_async (self, "UpgradeAppPlan", params, TRUE,
              imc_plan_client_upgrade_app_plan_async, cancellable, callback, user_data);
}

ImcApp *
imc_plan_client_upgrade_app_plan_finish (ImcPlanClient  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  return app_call_finish (self, result, imc_plan_client_upgrade_app_plan_async, error);
}

void
imc_plan_client_modify_app_plan_async (ImcPlanClient        *self,
                                       gint64                sdk_app_id,
                                       const ImcPlanRequest *request,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  g_autoptr(JsonBuilder) params = params_new ();

  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));
  g_return_if_fail (request != NULL);

  params_add_app_id (params, sdk_app_id);
  if (request->has_edition)
    {
      json_builder_set_member_name (params, "Edition");
      json_builder_add_string_value (params, imc_edition_to_string (request->edition));
    }
  for (ImcPlanItem item = IMC_PLAN_ITEM_EDITION + 1; item < IMC_N_PLAN_ITEMS; item++)
    {
      gint value;

      if (imc_plan_request_get_item (request, item, &value))
        imc_json_builder_add_plan_item (params, item, value);
    }
  call_async (self, "ModifyAppPlan", params, TRUE,
              imc_plan_client_modify_app_plan_async, cancellable, callback, user_data);
}

ImcApp *
imc_plan_client_modify_app_plan_finish (ImcPlanClient  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  return app_call_finish (self, result, imc_plan_client_modify_app_plan_async, error);
}

void
imc_plan_client_disable_app_async (ImcPlanClient       *self,
                                   gint64               sdk_app_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));

  app_id_call_async (self, "DisableApp", sdk_app_id, TRUE,
                     imc_plan_client_disable_app_async, cancellable, callback, user_data);
}

ImcApp *
imc_plan_client_disable_app_finish (ImcPlanClient  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return app_call_finish (self, result, imc_plan_client_disable_app_async, error);
}

void
imc_plan_client_enable_app_async (ImcPlanClient       *self,
                                  gint64               sdk_app_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));

  app_id_call_async (self, "EnableApp", sdk_app_id, TRUE,
                     imc_plan_client_enable_app_async, cancellable, callback, user_data);
}

ImcApp *
imc_plan_client_enable_app_finish (ImcPlanClient  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  return app_call_finish (self, result, imc_plan_client_enable_app_async, error);
}

void
imc_plan_client_inquiry_price_app_plan_async (ImcPlanClient       *self,
                                              gint64               sdk_app_id,
                                              const ImcPlan       *plan,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) params = params_new ();

  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));
  g_return_if_fail (plan != NULL);

  params_add_app_id (params, sdk_app_id);
  params_add_plan (params, plan);
  call_async (self, "InquiryPriceAppPlan", params, FALSE,
              imc_plan_client_inquiry_price_app_plan_async, cancellable, callback, user_data);
}

ImcPriceQuote *
imc_plan_client_inquiry_price_app_plan_finish (ImcPlanClient  *self,
                                               GAsyncResult   *result,
                                               GError        **error)
{
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GError) local_error = NULL;
  ImcPriceQuote *quote;

  response = call_finish (self, result, imc_plan_client_inquiry_price_app_plan_async, error);
  if (response == NULL)
    return NULL;

  quote = imc_price_quote_new_from_json (response, &local_error);
  if (quote == NULL)
    g_propagate_error (error, invalid_response ("Price", local_error));
  return quote;
}

void
imc_plan_client_describe_app_operation_logs_async (ImcPlanClient       *self,
                                                   gint64               sdk_app_id,
                                                   guint                offset,
                                                   guint                limit,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_autoptr(JsonBuilder) params = params_new ();

  g_return_if_fail (IMC_IS_PLAN_CLIENT (self));

  params_add_app_id (params, sdk_app_id);
  json_builder_set_member_name (params, "Offset");
  json_builder_add_int_value (params, offset);
  json_builder_set_member_name (params, "Limit");
  json_builder_add_int_value (params, limit);
  call_async (self, "DescribeAppOperationLogs", params, FALSE,
              imc_plan_client_describe_app_operation_logs_async, cancellable, callback, user_data);
}

GPtrArray *
imc_plan_client_describe_app_operation_logs_finish (ImcPlanClient  *self,
                                                    GAsyncResult   *result,
                                                    guint          *out_total_count,
                                                    GError        **error)
{
  g_autoptr(JsonObject) response = NULL;

  response = call_finish (self, result, imc_plan_client_describe_app_operation_logs_async, error);
  if (response == NULL)
    return NULL;

  /* docs/plan-api.md names the array; accept the short form as well. */
  return decode_list (response,
                      json_object_has_member (response, "Logs") ? "Logs" : "OperationLogs",
                      decode_operation_log, out_total_count, error);
}
