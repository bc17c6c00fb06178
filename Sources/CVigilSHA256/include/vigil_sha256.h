// SHA-256 (FIPS 180-4) for content hashes. Linux has no CryptoKit and the package mirror has no
// swift-crypto, so this small portable implementation stands in; it is tested against the NIST
// vectors in Tests/VigilAttackTests.
#ifndef VIGIL_SHA256_H
#define VIGIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A running hash. Initialise with vs_sha256_init; it holds no pointers and may be copied.
typedef struct vs_sha256 {
  uint32_t state[8];
  uint64_t length;       ///< bytes hashed so far
  uint8_t block[64];     ///< pending input
  size_t pending;        ///< bytes in block
} vs_sha256;

void vs_sha256_init(vs_sha256 *h);
void vs_sha256_update(vs_sha256 *h, const void *data, size_t len);
/// Writes the 32-byte digest; the hash must be initialised again before reuse.
void vs_sha256_final(vs_sha256 *h, uint8_t digest[32]);
/// The digest of one buffer.
void vs_sha256_digest(const void *data, size_t len, uint8_t digest[32]);

#ifdef __cplusplus
}
#endif
#endif
