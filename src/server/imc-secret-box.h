/* imc-secret-box.h: SecretKeys at rest.
 *
 * TC3 signing needs the SecretKey itself on the server (the signing key
 * is derived per day), so it cannot be stored as a one-way hash. Instead
 * each key is encrypted with a 256-bit master key kept in a separate file
 * beside the database (FILE.key, mode 0600): the database alone does not
 * reveal any SecretKey.
 *
 * Construction (GLib has no cipher, but HMAC-SHA256 is a PRF):
 *   enc_key = HMAC(master, "imc-secret-box enc v1")
 *   mac_key = HMAC(master, "imc-secret-box mac v1")
 *   stream  = HMAC(enc_key, nonce || be32(0)) || HMAC(enc_key, nonce || be32(1)) ...
 *   sealed  = 0x01 || nonce[16] || (plain XOR stream) || HMAC(mac_key, context || 0 || nonce || cipher)
 * The context (the SecretId) binds a sealed key to its row.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IMC_TYPE_SECRET_BOX (imc_secret_box_get_type ())

G_DECLARE_FINAL_TYPE (ImcSecretBox, imc_secret_box, IMC, SECRET_BOX, GObject)

/* Loads the master key from @path, creating it (0600) when absent. */
ImcSecretBox *imc_secret_box_new_for_file   (const char    *path,
                                             GError       **error);
GBytes       *imc_secret_box_seal           (ImcSecretBox  *self,
                                             const char    *context,
                                             const char    *plain);
/* Returns the plain text (free with imc_secret_free) or NULL. */
char         *imc_secret_box_open           (ImcSecretBox  *self,
                                             const char    *context,
                                             GBytes        *sealed,
                                             GError       **error);

/* Cryptographically random bytes from the kernel (getrandom). */
gboolean      imc_secret_random_bytes       (guint8        *buffer,
                                             gsize          length,
                                             GError       **error);
/* @length random characters of [A-Za-z0-9], uniformly distributed. */
char         *imc_secret_random_string      (gsize          length,
                                             GError       **error);
/* Wipes and frees a secret string. */
void          imc_secret_free               (char          *secret);


G_END_DECLS
