#ifndef CPONYSHA_H
#define CPONYSHA_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has the SHA extensions (x86-64 SHA-NI) that `pony_sha256_blocks` needs.
int pony_sha256_hardware(void);

/// Runs SHA-256's compression function over `blocks` 64-byte blocks of `data`, updating
/// `state` (the eight working words); only when `pony_sha256_hardware()` is 1.
void pony_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
