#ifndef TANDEM_CSHA256_H
#define TANDEM_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Runs the SHA-256 compression function over `blocks` whole 64-byte blocks,
/// updating the eight state words in place. Uses the CPU's SHA extensions
/// (SHA-NI) when it has them, portable C otherwise.
void tandem_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// 1 when this CPU runs the SHA-NI path, 0 when the portable one.
int tandem_sha256_uses_sha_ni(void);

/// The portable path alone, so tests can check both paths give the same digests.
void tandem_sha256_blocks_portable(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
