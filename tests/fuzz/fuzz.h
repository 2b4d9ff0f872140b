/* What every fuzz target's harness shares. */
#ifndef FUZZ_H
#define FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken property stops the run where it broke: libFuzzer saves the input. */
#define MUST(c) do { if (!(c)) __builtin_trap(); } while (0)

/* For the harness's own loops and checks, which are not the code under test: left uninstrumented
 * they give the fuzzer no features of their own and cost it no comparison callbacks; what they call
 * in the station stays instrumented. Not inlined: instrumentation is added after inlining, into
 * the caller's body. */
#define FUZZ_HARNESS __attribute__((no_sanitize("coverage"), noinline))
#endif
