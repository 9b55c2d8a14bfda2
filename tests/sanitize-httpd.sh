#!/bin/sh
# httpd with AddressSanitizer and UBSan loaded first, for a module built
# with them ("make -f apxs.mk test-sanitize"). Reports go to the error log.
LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:halt_on_error=0:log_path=$BN_RUN/sanitizer"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=0:log_path=$BN_RUN/sanitizer"
export LD_PRELOAD ASAN_OPTIONS UBSAN_OPTIONS
exec "$(apxs -q SBINDIR)/$(apxs -q TARGET)" "$@"
