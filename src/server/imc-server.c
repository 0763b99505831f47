/* imc-server.c */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libsoup/soup.h>

#include "imc-auth.h"
#include "imc-gettext.h"
#include "imc-rate-limiter.h"
#include "imc-server-actions.h"
#include "imc-server.h"

/* Pending connections the kernel queues before accept(). */
#define LISTEN_BACKLOG 1024

#define DRAIN_GRACE_SECONDS 5

struct _ImcServer
{
  GObject         parent_instance;

  SoupServer     *soup;
  ImcStore       *store;
  ImcCatalog     *catalog;
  ImcClock       *clock;
  ImcAuth        *auth;
  ImcRateLimiter *limiter;
  ImcPageCache   *pages;

  /* The catalogs of the X-TC-Language languages (see languages[]), each
   * read once; NULL where there is none: English. */
  ImcMessageCatalog *catalogs[2];

  /* When the purge has to look again: at the first DisabledTime + 90
   * days, or when the database changed since it last looked. */
  gboolean            purge_known;
  ImcStoreGeneration  purge_generation;
  gint64              next_purge;

  guint           in_flight;
  GSourceFunc     drained;
  gpointer        drained_data;
  guint           drain_timeout_id;
};

G_DEFINE_FINAL_TYPE (ImcServer, imc_server, G_TYPE_OBJECT)

/* Per-message state, kept on the SoupServerMessage. */
typedef struct {
  GByteArray *body;
  gboolean    too_large;
} RequestBody;

static void
request_body_free (RequestBody *body)
{
  g_byte_array_unref (body->body);
  g_free (body);
}

/* Per-request language --------------------------------------------------
 *
 * Messages come from the im-console catalogs, including those made by the
 * rules in libimc-core. Each request's language applies to its own thread
 * only (imc_i18n_thread_begin()); the process locale never changes. */

static const struct {
  const char *tag;        /* X-TC-Language */
  const char *language;   /* gettext's name */
} languages[] = {
  { "zh-CN", "zh_CN" },
  { "ko-KR", "ko_KR" },
};

static void
load_catalogs (ImcServer *self)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (languages) == G_N_ELEMENTS (self->catalogs));

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr(GError) error = NULL;

      self->catalogs[i] = imc_message_catalog_new_for_language (imc_i18n_get_localedir (),
                                                                GETTEXT_PACKAGE,
                                                                languages[i].language, &error);
      if (self->catalogs[i] == NULL)
        g_message ("Answers in %s will be in English: %s", languages[i].tag, error->message);
    }
}

/* Until imc_i18n_thread_end(), messages on this thread are in the
 * language of @header; anything but zh-CN or ko-KR is English. */
static void
begin_language (ImcServer  *self,
                const char *header)
{
  ImcMessageCatalog *catalog = NULL;

  for (guint i = 0; header != NULL && i < G_N_ELEMENTS (languages); i++)
    if (g_ascii_strcasecmp (header, languages[i].tag) == 0)
      catalog = self->catalogs[i];
  imc_i18n_thread_begin (catalog);
}

/* Responses ---------------------------------------------------------- */

static void
send_text (SoupServerMessage *msg,
           char              *text)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

/* The first part of every answer: {"Response":{ */
static ImcJsonWriter *
begin_response (void)
{
  ImcJsonWriter *writer = imc_json_writer_new ();

  imc_json_writer_begin_object (writer);
  imc_json_writer_member_literal (writer, "Response");
  imc_json_writer_begin_object (writer);
  return writer;
}

/* ...and the last: "RequestId" and the two closing braces. */
static char *
end_response (ImcJsonWriter *writer,
              const char    *request_id)
{
  imc_json_writer_member_literal (writer, "RequestId");
  imc_json_writer_string (writer, request_id);
  imc_json_writer_end_object (writer);
  imc_json_writer_end_object (writer);
  return imc_json_writer_free_to_string (writer);
}

/* The whole answer to a failed request. */
static char *
error_response (const GError     *error,
                ImcActionContext *ctx,
                const char       *request_id)
{
  ImcJsonWriter *writer = begin_response ();
  g_autoptr(JsonObject) error_object = json_object_new ();
  ImcError code = IMC_ERROR_INTERNAL;
  const char *message;

  if (error->domain == IMC_ERROR)
    code = (ImcError) error->code;

  if (code == IMC_ERROR_INTERNAL)
    {
      /* Details go to the log, never to the client. */
      g_warning ("Request %s failed: %s", request_id, error->message);
      message = _("An internal error occurred. Try again later.");
    }
  else
    message = error->message;

  json_object_set_string_member (error_object, "Code", imc_error_to_code (code));
  json_object_set_string_member (error_object, "Message", message);
  if (code == IMC_ERROR_MONTHLY_MODIFICATION && ctx != NULL && ctx->has_error_item)
    {
      g_autofree char *date = imc_calendar_format_date (ctx->error_next);

      json_object_set_string_member (error_object, "Item", imc_plan_item_to_string (ctx->error_item));
      json_object_set_string_member (error_object, "NextModifiable", date);
    }

  imc_json_writer_member_literal (writer, "Error");
  imc_json_writer_begin_object (writer);
  imc_json_writer_members (writer, error_object);
  imc_json_writer_end_object (writer);
  return end_response (writer, request_id);
}


/* Request checks ------------------------------------------------------ */

static gsize
headers_size (SoupMessageHeaders *headers)
{
  SoupMessageHeadersIter iter;
  const char *name, *value;
  gsize size = 0;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    size += strlen (name) + strlen (value) + 4;
  return size;
}

static gboolean
size_error (GError **error)
{
  g_set_error (error, IMC_ERROR, IMC_ERROR_REQUEST_SIZE_LIMIT_EXCEEDED,
               _("The request is too large. The body may be at most 1 MiB."));
  return FALSE;
}

static gboolean
check_content_type (SoupMessageHeaders  *headers,
                    GError             **error)
{
  g_autoptr(GHashTable) params = NULL;
  const char *type = soup_message_headers_get_content_type (headers, &params);
  GHashTableIter iter;
  gpointer key, value;

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    goto bad;

  if (params != NULL)
    {
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_ascii_strcasecmp (key, "charset") != 0 || value == NULL ||
            (g_ascii_strcasecmp (value, "utf-8") != 0 && g_ascii_strcasecmp (value, "utf8") != 0))
          goto bad;
    }
  return TRUE;

bad:
  g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_PARAMETER,
               _("The Content-Type must be application/json."));
  return FALSE;
}

static gboolean
missing_header (GError     **error,
                const char  *name)
{
  g_set_error (error, IMC_ERROR, IMC_ERROR_MISSING_PARAMETER,
               /* TRANSLATORS: %s is an HTTP header name such as X-TC-Action */
               _("The header %s is missing."), name);
  return FALSE;
}

/* Runs the purge when an app may be due: not on every request, which
 * would be a query each. @generation is updated when it purged. */
static gboolean
purge_if_due (ImcServer           *self,
              GDateTime           *now,
              ImcStoreGeneration  *generation,
              GError             **error)
{
  gint64 first;

  if (self->purge_known && imc_store_generation_equal (&self->purge_generation, generation) &&
      g_date_time_to_unix (now) < self->next_purge)
    return TRUE;

  if (!imc_server_actions_purge (self->store, now, FALSE, NULL, error) ||
      !imc_store_get_first_disabled (self->store, &first, error) ||
      !imc_store_get_generation (self->store, generation, error))
    return FALSE;

  /* Billing time has a fixed offset: 90 days are 90 times 86,400 s. */
  self->next_purge = first > G_MAXINT64 - IMC_PURGE_AFTER_DAYS * 86400
                     ? G_MAXINT64 : first + IMC_PURGE_AFTER_DAYS * 86400;
  self->purge_generation = *generation;
  self->purge_known = TRUE;
  return TRUE;
}

/* In the order their absence is reported. */
static const char * const required_headers[] = {
  "X-TC-Action", "X-TC-Version", "X-TC-Timestamp",
};

/* The envelope of a request, before its signature: size, method, the
 * X-TC headers, version, action and content type. Returns the action's
 * handler, or NULL with @error set. */
static ImcActionFunc
check_envelope (const char          *method,
                SoupMessageHeaders  *headers,
                const char          *body,
                gsize                body_length,
                const char         **out_action,
                GError             **error)
{
  const char *version;
  ImcActionFunc func;

  if (body == NULL || body_length > IMC_SERVER_MAX_BODY_SIZE ||
      headers_size (headers) > IMC_SERVER_MAX_HEADERS_SIZE)
    {
      size_error (error);
      return NULL;
    }

  if (g_strcmp0 (method, SOUP_METHOD_POST) != 0)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_UNSUPPORTED_PROTOCOL,
                   _("Only POST requests are supported."));
      return NULL;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (required_headers); i++)
    if (soup_message_headers_get_one (headers, required_headers[i]) == NULL)
      {
        missing_header (error, required_headers[i]);
        return NULL;
      }
  *out_action = soup_message_headers_get_one (headers, "X-TC-Action");
  version = soup_message_headers_get_one (headers, "X-TC-Version");

  if (strcmp (version, IMC_API_VERSION) != 0)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_NO_SUCH_VERSION,
                   /* TRANSLATORS: %s is an API version like 2026-11-01 */
                   _("The API version must be %s."), IMC_API_VERSION);
      return NULL;
    }
  func = imc_server_actions_lookup (*out_action);
  if (func == NULL)
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_INVALID_ACTION,
                   _("The action does not exist."));
      return NULL;
    }
  if (!check_content_type (headers, error))
    return NULL;
  return func;
}

/* Everything up to and including the action, which writes its answer
 * into @result; FALSE with @error set. */
static gboolean
process (ImcServer           *self,
         const char          *method,
         const char          *query,
         SoupMessageHeaders  *headers,
         const char          *body,
         gsize                body_length,
         ImcActionContext    *ctx,
         ImcJsonWriter       *result,
         GError             **error)
{
  const char *action = NULL;
  g_autofree char *secret_id = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 account_id = 0;
  ImcStoreGeneration generation;
  ImcActionFunc func;
  gboolean ok;

  func = check_envelope (method, headers, body, body_length, &action, error);
  if (func == NULL)
    return FALSE;

  if (!imc_store_get_generation (self->store, &generation, error) ||
      !imc_auth_verify (self->auth, SOUP_METHOD_POST, query, headers, body, body_length,
                        g_get_real_time () / G_USEC_PER_SEC, &generation, &secret_id,
                        &account_id, error))
    return FALSE;

  if (!imc_rate_limiter_take (self->limiter, secret_id, action))
    {
      g_set_error (error, IMC_ERROR, IMC_ERROR_REQUEST_LIMIT_EXCEEDED,
                   _("Too many requests. Wait a moment and try again."));
      return FALSE;
    }

  params = imc_json_parse_object (body, body_length, error);
  if (params == NULL)
    return FALSE;

  now = imc_clock_now (self->clock);

  /* An app past its 90 days is gone even between two runs of the job. */
  if (!purge_if_due (self, now, &generation, error))
    return FALSE;

  ctx->store = self->store;
  ctx->pages = self->pages;
  ctx->generation = generation;
  ctx->catalog = self->catalog;
  ctx->now = now;
  ctx->account_id = account_id;
  ctx->secret_id = secret_id;
  ctx->action = action;

  ok = func (ctx, params, result, error);
  g_debug ("%s by %s: %s", action, secret_id, ok ? "ok" : "error");

  ctx->now = NULL;
  ctx->secret_id = NULL;
  ctx->action = NULL;
  return ok;
}

char *
imc_server_handle (ImcServer          *self,
                   const char         *method,
                   const char         *query,
                   SoupMessageHeaders *headers,
                   const char         *body,
                   gsize               body_length)
{
  ImcActionContext ctx = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(ImcJsonWriter) writer = NULL;
  g_autofree char *request_id = g_uuid_string_random ();
  char *text;

  g_return_val_if_fail (IMC_IS_SERVER (self), NULL);

  begin_language (self, soup_message_headers_get_one (headers, "X-TC-Language"));

  writer = begin_response ();
  if (process (self, method, query, headers, body, body_length, &ctx, writer, &error))
    text = end_response (g_steal_pointer (&writer), request_id);
  else
    /* Whatever the action wrote before it failed is dropped. */
    text = error_response (error, &ctx, request_id);

  imc_action_context_clear (&ctx);
  imc_i18n_thread_end ();
  return text;
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  ImcServer *self = IMC_SERVER (user_data);
  RequestBody *body = g_object_get_data (G_OBJECT (msg), "imc-request-body");
  gboolean dropped = body == NULL || body->too_large;

  /* A body over the limit was dropped while reading: its length alone
   * gets it RequestSizeLimitExceeded; the bytes are never looked at. */
  send_text (msg, imc_server_handle (self, soup_server_message_get_method (msg),
                                     g_uri_get_query (soup_server_message_get_uri (msg)),
                                     soup_server_message_get_request_headers (msg),
                                     dropped || body->body->data == NULL ? "" : (const char *) body->body->data,
                                     dropped ? G_MAXSIZE : body->body->len));
}

static void
got_chunk (SoupServerMessage *msg,
           GBytes            *chunk,
           RequestBody       *body)
{
  gsize size = g_bytes_get_size (chunk);

  if (body->too_large)
    return;
  if (body->body->len + size > IMC_SERVER_MAX_BODY_SIZE)
    {
      /* Keep reading (and dropping) so the answer can be sent. */
      body->too_large = TRUE;
      g_byte_array_set_size (body->body, 0);
      return;
    }
  g_byte_array_append (body->body, g_bytes_get_data (chunk, NULL), size);
}

/* Runs once the headers are in: the body is collected here, bounded,
 * instead of libsoup's unbounded accumulation. */
static void
handle_early (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  ImcServer *self = IMC_SERVER (user_data);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  RequestBody *body = g_new0 (RequestBody, 1);

  body->body = g_byte_array_new ();
  g_object_set_data_full (G_OBJECT (msg), "imc-request-body", body,
                          (GDestroyNotify) request_body_free);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk), body);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > IMC_SERVER_MAX_BODY_SIZE)
    body->too_large = TRUE;

  /* Answer at once; libsoup then skips the normal handler. The API lives
   * at "/" only: the signature covers that path, so a request to any
   * other one would be answered with a signature made for another. */
  if (body->too_large || headers_size (headers) > IMC_SERVER_MAX_HEADERS_SIZE ||
      g_strcmp0 (path, "/") != 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *request_id = g_uuid_string_random ();

      begin_language (self, soup_message_headers_get_one (headers, "X-TC-Language"));
      if (g_strcmp0 (path, "/") != 0)
        g_set_error (&error, IMC_ERROR, IMC_ERROR_UNSUPPORTED_PROTOCOL,
                     _("Send API requests to the path /."));
      else
        size_error (&error);
      send_text (msg, error_response (error, NULL, request_id));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      imc_i18n_thread_end ();
    }
}

/* In-flight accounting for a clean stop ------------------------------- */

static void
maybe_drained (ImcServer *self)
{
  GSourceFunc done = self->drained;

  if (done == NULL || self->in_flight > 0)
    return;

  self->drained = NULL;
  g_clear_handle_id (&self->drain_timeout_id, g_source_remove);
  done (self->drained_data);
}

static void
request_started (SoupServer        *soup,
                 SoupServerMessage *msg,
                 ImcServer         *self)
{
  self->in_flight++;
}

static void
request_done (SoupServer        *soup,
              SoupServerMessage *msg,
              ImcServer         *self)
{
  if (self->in_flight > 0)
    self->in_flight--;
  maybe_drained (self);
}

static gboolean
drain_timeout (gpointer user_data)
{
  ImcServer *self = user_data;

  self->drain_timeout_id = 0;
  self->in_flight = 0;
  maybe_drained (self);
  return G_SOURCE_REMOVE;
}

void
imc_server_drain (ImcServer   *self,
                  GSourceFunc  done,
                  gpointer     user_data)
{
  g_return_if_fail (IMC_IS_SERVER (self));

  self->drained = done;
  self->drained_data = user_data;
  if (self->drain_timeout_id == 0)
    self->drain_timeout_id = g_timeout_add_seconds (DRAIN_GRACE_SECONDS, drain_timeout, self);
  maybe_drained (self);
}

/* Object ------------------------------------------------------------- */

static void
imc_server_dispose (GObject *object)
{
  ImcServer *self = IMC_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_handle_id (&self->drain_timeout_id, g_source_remove);

  G_OBJECT_CLASS (imc_server_parent_class)->dispose (object);
}

static void
imc_server_finalize (GObject *object)
{
  ImcServer *self = IMC_SERVER (object);

  g_clear_object (&self->auth);
  g_clear_object (&self->limiter);
  g_clear_pointer (&self->pages, imc_page_cache_free);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->clock);
  for (guint i = 0; i < G_N_ELEMENTS (self->catalogs); i++)
    g_clear_object (&self->catalogs[i]);

  G_OBJECT_CLASS (imc_server_parent_class)->finalize (object);
}

static void
imc_server_class_init (ImcServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = imc_server_dispose;
  object_class->finalize = imc_server_finalize;
}

static void
imc_server_init (ImcServer *self)
{
}

ImcServer *
imc_server_new (ImcStore   *store,
                ImcCatalog *catalog,
                ImcClock   *clock,
                guint       rate_limit)
{
  ImcServer *self = g_object_new (IMC_TYPE_SERVER, NULL);

  self->store = g_object_ref (store);
  self->catalog = g_object_ref (catalog);
  self->clock = g_object_ref (clock);
  self->auth = imc_auth_new (store);
  self->limiter = imc_rate_limiter_new (rate_limit);
  self->pages = imc_page_cache_new ();
  load_catalogs (self);
  self->soup = soup_server_new ("server-header", "im-plan-server/" PACKAGE_VERSION " ", NULL);

  soup_server_add_early_handler (self->soup, NULL, handle_early, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_done), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_done), self);

  return self;
}

char *
imc_server_listen (ImcServer   *self,
                   const char  *host,
                   guint        port,
                   GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;
  gint bound_port;

  g_return_val_if_fail (IMC_IS_SERVER (self), NULL);

  if (g_strcmp0 (host, "localhost") == 0)
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address."), host);
      return NULL;
    }

  socket_address = g_inet_socket_address_new (address, (guint16) port);

  /* Our own socket rather than soup_server_listen(): GSocket's default
   * backlog of 10 makes the kernel reset connections when a few dozen
   * clients connect at once. */
  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, socket_address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->soup, socket, 0, error))
    return NULL;

  /* soup_server_get_uris() leaks the local address in libsoup 3.2, so ask
   * the listening socket directly. */
  local = g_socket_get_local_address (socket, error);
  if (local == NULL)
    return NULL;
  bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("http://[%s]:%d/", host, bound_port);
  return g_strdup_printf ("http://%s:%d/", host, bound_port);
}

gboolean
imc_server_purge (ImcServer  *self,
                  GError    **error)
{
  g_autoptr(GDateTime) now = imc_clock_now (self->clock);
  guint purged = 0;

  if (!imc_server_actions_purge (self->store, now, TRUE, &purged, error))
    return FALSE;
  if (purged > 0)
    g_message ("Purged %u app(s) disabled for %d days", purged, IMC_PURGE_AFTER_DAYS);
  return TRUE;
}
