/* bench-bare-server.c: the baseline of the server benchmark. A bare
 * SoupServer, built in the same tree with the same flags and listening the
 * same way, that answers every request with a fixed JSON body: what HTTP
 * alone costs, without signatures, SQLite or rules.
 *
 * bench-bare-server [FILE]: the body is FILE's contents (run-bench gives
 * it a real DescribeApps answer, so that both servers send the same
 * bytes), or else a short empty page.
 * Prints "listening on http://HOST:PORT/" like im-plan-server. */
#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

static const char empty_page[] =
  "{\"Response\":{\"TotalCount\":0,\"Apps\":[],\"RequestId\":\"00000000-0000-0000-0000-000000000000\"}}";
static char *answer;
static gsize answer_length;

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    answer, answer_length);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;

  if (argc > 1)
    {
      if (!g_file_get_contents (argv[1], &answer, &answer_length, &error))
        g_error ("%s", error->message);
    }
  else
    {
      answer = g_strdup (empty_page);
      answer_length = strlen (empty_page);
    }

  /* The same listening socket as im-plan-server's. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (socket, 1024);
  if (!g_socket_bind (socket, address, TRUE, &error) || !g_socket_listen (socket, &error) ||
      !soup_server_listen_socket (server, socket, 0, &error))
    g_error ("%s", error->message);
  soup_server_add_handler (server, NULL, handle, NULL, NULL);

  local = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  printf ("listening on http://127.0.0.1:%u/\n",
          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  fflush (stdout);
  g_main_loop_run (loop);
  return 0;
}
