/* imc-secret-box.c */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "imc-gettext.h"
#include "imc-secret-box.h"

#define MASTER_KEY_LENGTH 32
#define NONCE_LENGTH      16
#define TAG_LENGTH        32
#define SEALED_VERSION    0x01

struct _ImcSecretBox
{
  GObject parent_instance;

  guint8  enc_key[32];
  guint8  mac_key[32];
};

G_DEFINE_FINAL_TYPE (ImcSecretBox, imc_secret_box, G_TYPE_OBJECT)

static void
imc_secret_box_finalize (GObject *object)
{
  ImcSecretBox *self = IMC_SECRET_BOX (object);

  explicit_bzero (self->enc_key, sizeof self->enc_key);
  explicit_bzero (self->mac_key, sizeof self->mac_key);

  G_OBJECT_CLASS (imc_secret_box_parent_class)->finalize (object);
}

static void
imc_secret_box_class_init (ImcSecretBoxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = imc_secret_box_finalize;
}

static void
imc_secret_box_init (ImcSecretBox *self)
{
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_length,
             const guint8 *data,
             gsize         length,
             guint8        out[32])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_length);
  gsize out_length = 32;

  g_hmac_update (hmac, data, length);
  g_hmac_get_digest (hmac, out, &out_length);
}

gboolean
imc_secret_random_bytes (guint8  *buffer,
                         gsize    length,
                         GError **error)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "getrandom: %s", g_strerror (saved_errno));
          return FALSE;
        }
      done += (gsize) n;
    }

  return TRUE;
}

char *
imc_secret_random_string (gsize    length,
                          GError **error)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  char *out = g_malloc0 (length + 1);
  gsize filled = 0;

  while (filled < length)
    {
      guint8 buffer[64];

      if (!imc_secret_random_bytes (buffer, sizeof buffer, error))
        {
          imc_secret_free (out);
          return NULL;
        }

      /* Rejection sampling: 248 = 4 * 62 keeps the choice uniform. */
      for (gsize i = 0; i < sizeof buffer && filled < length; i++)
        if (buffer[i] < 248)
          out[filled++] = alphabet[buffer[i] % 62];

      explicit_bzero (buffer, sizeof buffer);
    }

  return out;
}

void
imc_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static gboolean
read_or_create_master_key (const char  *path,
                           guint8       key[MASTER_KEY_LENGTH],
                           GError     **error)
{
  int fd;
  struct stat st;
  gsize done = 0;

  fd = open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd >= 0)
    {
      gboolean ok;

      if (!imc_secret_random_bytes (key, MASTER_KEY_LENGTH, error))
        {
          close (fd);
          g_unlink (path);
          return FALSE;
        }
      ok = write (fd, key, MASTER_KEY_LENGTH) == MASTER_KEY_LENGTH && fsync (fd) == 0;
      close (fd);
      if (!ok)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Could not write the master key file “%s”."), path);
          g_unlink (path);
          return FALSE;
        }
      return TRUE;
    }

  if (errno != EEXIST)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the master key file “%s”: %s"), path,
                   g_strerror (saved_errno));
      return FALSE;
    }

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not open the master key file “%s”: %s"), path,
                   g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) == 0 && (st.st_mode & 077) != 0)
    g_warning ("The master key file %s is readable by others; it should be mode 0600", path);

  while (done < MASTER_KEY_LENGTH)
    {
      gssize n = read (fd, key + done, MASTER_KEY_LENGTH - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  close (fd);

  /* A concurrent creator may not have written it yet: that is a short
   * read too, and both callers retry by failing loudly. */
  if (done != MASTER_KEY_LENGTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The master key file “%s” is damaged."), path);
      return FALSE;
    }

  return TRUE;
}

ImcSecretBox *
imc_secret_box_new_for_file (const char  *path,
                             GError     **error)
{
  g_autoptr(ImcSecretBox) self = NULL;
  guint8 master[MASTER_KEY_LENGTH];
  static const char enc_label[] = "imc-secret-box enc v1";
  static const char mac_label[] = "imc-secret-box mac v1";

  g_return_val_if_fail (path != NULL, NULL);

  if (!read_or_create_master_key (path, master, error))
    return NULL;

  self = g_object_new (IMC_TYPE_SECRET_BOX, NULL);
  hmac_sha256 (master, sizeof master, (const guint8 *) enc_label, strlen (enc_label), self->enc_key);
  hmac_sha256 (master, sizeof master, (const guint8 *) mac_label, strlen (mac_label), self->mac_key);
  explicit_bzero (master, sizeof master);

  return g_steal_pointer (&self);
}

static void
apply_stream (ImcSecretBox *self,
              const guint8 *nonce,
              const guint8 *in,
              guint8       *out,
              gsize         length)
{
  for (gsize offset = 0; offset < length; offset += 32)
    {
      guint8 block_input[NONCE_LENGTH + 4];
      guint8 block[32];
      guint32 counter = (guint32) (offset / 32);

      memcpy (block_input, nonce, NONCE_LENGTH);
      block_input[NONCE_LENGTH + 0] = (counter >> 24) & 0xff;
      block_input[NONCE_LENGTH + 1] = (counter >> 16) & 0xff;
      block_input[NONCE_LENGTH + 2] = (counter >> 8) & 0xff;
      block_input[NONCE_LENGTH + 3] = counter & 0xff;
      hmac_sha256 (self->enc_key, sizeof self->enc_key, block_input, sizeof block_input, block);

      for (gsize i = 0; i < 32 && offset + i < length; i++)
        out[offset + i] = in[offset + i] ^ block[i];
      explicit_bzero (block, sizeof block);
    }
}

static void
compute_tag (ImcSecretBox *self,
             const char   *context,
             const guint8 *nonce,
             const guint8 *cipher,
             gsize         length,
             guint8        out[TAG_LENGTH])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, self->mac_key, sizeof self->mac_key);
  gsize out_length = TAG_LENGTH;
  guint8 zero = 0;

  g_hmac_update (hmac, (const guint8 *) context, strlen (context));
  g_hmac_update (hmac, &zero, 1);
  g_hmac_update (hmac, nonce, NONCE_LENGTH);
  g_hmac_update (hmac, cipher, length);
  g_hmac_get_digest (hmac, out, &out_length);
}

GBytes *
imc_secret_box_seal (ImcSecretBox *self,
                     const char   *context,
                     const char   *plain)
{
  gsize length;
  gsize total;
  guint8 *sealed;

  g_return_val_if_fail (IMC_IS_SECRET_BOX (self), NULL);
  g_return_val_if_fail (context != NULL && plain != NULL, NULL);

  length = strlen (plain);
  total = 1 + NONCE_LENGTH + length + TAG_LENGTH;
  sealed = g_malloc (total);
  sealed[0] = SEALED_VERSION;

  /* getrandom() on Linux does not fail for 16 bytes once the pool is
   * initialised; abort rather than reuse a nonce if it ever does. */
  if (!imc_secret_random_bytes (sealed + 1, NONCE_LENGTH, NULL))
    g_error ("No random numbers available");

  apply_stream (self, sealed + 1, (const guint8 *) plain, sealed + 1 + NONCE_LENGTH, length);
  compute_tag (self, context, sealed + 1, sealed + 1 + NONCE_LENGTH, length,
               sealed + 1 + NONCE_LENGTH + length);

  return g_bytes_new_take (sealed, total);
}

char *
imc_secret_box_open (ImcSecretBox  *self,
                     const char    *context,
                     GBytes        *sealed,
                     GError       **error)
{
  const guint8 *data;
  gsize total;
  gsize length;
  guint8 tag[TAG_LENGTH];
  guint diff = 0;
  char *plain;

  g_return_val_if_fail (IMC_IS_SECRET_BOX (self), NULL);

  data = g_bytes_get_data (sealed, &total);
  if (total < 1 + NONCE_LENGTH + TAG_LENGTH || data[0] != SEALED_VERSION)
    goto damaged;

  length = total - 1 - NONCE_LENGTH - TAG_LENGTH;
  compute_tag (self, context, data + 1, data + 1 + NONCE_LENGTH, length, tag);
  for (gsize i = 0; i < TAG_LENGTH; i++)
    diff |= tag[i] ^ data[1 + NONCE_LENGTH + length + i];
  if (diff != 0)
    goto damaged;

  plain = g_malloc0 (length + 1);
  apply_stream (self, data + 1, data + 1 + NONCE_LENGTH, (guint8 *) plain, length);
  if (memchr (plain, '\0', length) != NULL)
    {
      imc_secret_free (plain);
      goto damaged;
    }

  return plain;

damaged:
  /* Wrong master key file, or a tampered row. */
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "stored secret key cannot be decrypted with this master key");
  return NULL;
}
