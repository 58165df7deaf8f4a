// libFuzzer's entry point for programs that own main (SwiftPM names an executable's entry point itself).
// Linked only by `make fuzz`, which builds with -sanitize=fuzzer; nothing references it otherwise.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
