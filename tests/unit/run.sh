#!/bin/sh
# Builds and runs the C unit tests of the rules that need no request.
set -eu
cd "$(dirname "$0")"
cflags="$(apr-1-config --cflags --cppflags --includes) -I../../mod_branchnet"
libs=$(apr-1-config --link-ld --libs)
${CC:-cc} -std=gnu99 -Wall -Wextra -Werror $cflags -o test_rules.bin \
    test_rules.c ../../mod_branchnet/bn_rules.c $libs
./test_rules.bin
