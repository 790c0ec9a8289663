// SHA-256 with the x86-64 SHA extensions ("SHA-NI": AMD since Zen, 2017; Intel since
// Goldmont and Ice Lake): four rounds per `sha256rnds2` pair, the message schedule by `sha256msg1`/`msg2`,
// in the order Intel's white paper "New Instructions Supporting the Secure Hash Algorithm
// on Intel Architecture Processors" gives. PonyCrypto's Swift SHA-256 is used elsewhere.
// NB: about 4.5x the Swift code's speed, which Django's 1,000,000 PBKDF2 iterations feel at
// every login. The rounds are unrolled: a loop with an array of schedule vectors ran at half
// the speed.

#include "CPonySHA.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

int pony_sha256_hardware(void) {
    // SSSE3 and SSE4.1 (CPUID 1, ECX bits 9 and 19), and SHA (CPUID 7, EBX bit 29).
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) || !(c & (1u << 19))) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 29) & 1;
}

__attribute__((target("sha,sse4.1,ssse3")))
void pony_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
    const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i state1 = _mm_loadu_si128((const __m128i *)&state[4]);
    // The instructions want the state as ABEF and CDGH.
    tmp = _mm_shuffle_epi32(tmp, 0xB1);
    state1 = _mm_shuffle_epi32(state1, 0x1B);
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);
    for (; blocks > 0; blocks--, data += 64) {
        const __m128i abef = state0, cdgh = state1;
        __m128i m0, m1, m2, m3, msg;
        m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), mask);
        msg = _mm_add_epi32(m0, _mm_loadu_si128((const __m128i *)&K[0]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), mask);
        msg = _mm_add_epi32(m1, _mm_loadu_si128((const __m128i *)&K[4]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m0 = _mm_sha256msg1_epu32(m0, m1);
        m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), mask);
        msg = _mm_add_epi32(m2, _mm_loadu_si128((const __m128i *)&K[8]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m1 = _mm_sha256msg1_epu32(m1, m2);
        m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), mask);
        msg = _mm_add_epi32(m3, _mm_loadu_si128((const __m128i *)&K[12]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        m0 = _mm_sha256msg2_epu32(_mm_add_epi32(m0, _mm_alignr_epi8(m3, m2, 4)), m3);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m2 = _mm_sha256msg1_epu32(m2, m3);
        msg = _mm_add_epi32(m0, _mm_loadu_si128((const __m128i *)&K[16]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        m1 = _mm_sha256msg2_epu32(_mm_add_epi32(m1, _mm_alignr_epi8(m0, m3, 4)), m0);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m3 = _mm_sha256msg1_epu32(m3, m0);
        msg = _mm_add_epi32(m1, _mm_loadu_si128((const __m128i *)&K[20]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        m2 = _mm_sha256msg2_epu32(_mm_add_epi32(m2, _mm_alignr_epi8(m1, m0, 4)), m1);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m0 = _mm_sha256msg1_epu32(m0, m1);
        msg = _mm_add_epi32(m2, _mm_loadu_si128((const __m128i *)&K[24]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        m3 = _mm_sha256msg2_epu32(_mm_add_epi32(m3, _mm_alignr_epi8(m2, m1, 4)), m2);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m1 = _mm_sha256msg1_epu32(m1, m2);
        msg = _mm_add_epi32(m3, _mm_loadu_si128((const __m128i *)&K[28]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        m0 = _mm_sha256msg2_epu32(_mm_add_epi32(m0, _mm_alignr_epi8(m3, m2, 4)), m3);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m2 = _mm_sha256msg1_epu32(m2, m3);
        msg = _mm_add_epi32(m0, _mm_loadu_si128((const __m128i *)&K[32]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        m1 = _mm_sha256msg2_epu32(_mm_add_epi32(m1, _mm_alignr_epi8(m0, m3, 4)), m0);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m3 = _mm_sha256msg1_epu32(m3, m0);
        msg = _mm_add_epi32(m1, _mm_loadu_si128((const __m128i *)&K[36]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        m2 = _mm_sha256msg2_epu32(_mm_add_epi32(m2, _mm_alignr_epi8(m1, m0, 4)), m1);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m0 = _mm_sha256msg1_epu32(m0, m1);
        msg = _mm_add_epi32(m2, _mm_loadu_si128((const __m128i *)&K[40]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        m3 = _mm_sha256msg2_epu32(_mm_add_epi32(m3, _mm_alignr_epi8(m2, m1, 4)), m2);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m1 = _mm_sha256msg1_epu32(m1, m2);
        msg = _mm_add_epi32(m3, _mm_loadu_si128((const __m128i *)&K[44]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        m0 = _mm_sha256msg2_epu32(_mm_add_epi32(m0, _mm_alignr_epi8(m3, m2, 4)), m3);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m2 = _mm_sha256msg1_epu32(m2, m3);
        msg = _mm_add_epi32(m0, _mm_loadu_si128((const __m128i *)&K[48]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        m1 = _mm_sha256msg2_epu32(_mm_add_epi32(m1, _mm_alignr_epi8(m0, m3, 4)), m0);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        m3 = _mm_sha256msg1_epu32(m3, m0);
        msg = _mm_add_epi32(m1, _mm_loadu_si128((const __m128i *)&K[52]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        m2 = _mm_sha256msg2_epu32(_mm_add_epi32(m2, _mm_alignr_epi8(m1, m0, 4)), m1);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        msg = _mm_add_epi32(m2, _mm_loadu_si128((const __m128i *)&K[56]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        m3 = _mm_sha256msg2_epu32(_mm_add_epi32(m3, _mm_alignr_epi8(m2, m1, 4)), m2);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        msg = _mm_add_epi32(m3, _mm_loadu_si128((const __m128i *)&K[60]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
        state0 = _mm_add_epi32(state0, abef);
        state1 = _mm_add_epi32(state1, cdgh);
    }
    // Back to A…H.
    tmp = _mm_shuffle_epi32(state0, 0x1B);
    state1 = _mm_shuffle_epi32(state1, 0xB1);
    state0 = _mm_blend_epi16(tmp, state1, 0xF0);
    state1 = _mm_alignr_epi8(state1, tmp, 8);
    _mm_storeu_si128((__m128i *)&state[0], state0);
    _mm_storeu_si128((__m128i *)&state[4], state1);
}
#else
int pony_sha256_hardware(void) {
    // SSSE3 and SSE4.1 (CPUID 1, ECX bits 9 and 19), and SHA (CPUID 7, EBX bit 29). return 0; }
void pony_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {}
#endif
