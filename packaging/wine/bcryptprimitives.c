/* A stand-in bcryptprimitives.dll for Wine 8, which lacks ProcessPrng: the random source
 * Rust's standard library asks Windows 10+ for, so every Rust-built wheel (cryptography,
 * pydantic-core) fails to load under Wine 8 without it. It answers with RtlGenRandom
 * (advapi32!SystemFunction036), which Wine has. Only ever copied into a scratch Wine
 * prefix by packaging/windows/wine.sh; never part of a build (smoke.sh and
 * tests/test_packaging.py look for the marker below). Windows has the real DLL. */
#include <windows.h>

__attribute__((used)) static const char marker[] = "LABREGISTRY-WINE-STAND-IN: packaging/wine/bcryptprimitives.c";

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
