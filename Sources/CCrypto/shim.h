// OpenSSL's digests, for the SHA-256 the ledger keeps of every file: it uses the CPU's SHA
// instructions where there are some, several times faster than portable code.
#ifndef CCRYPTO_SHIM_H
#define CCRYPTO_SHIM_H

#include <openssl/evp.h>

#endif
