// zlib's in-memory compression only (Z_SOLO leaves out the gz* file functions).
#define Z_SOLO
#include <zlib.h>
