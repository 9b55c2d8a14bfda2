# The web UI in a real browser: Debian's chromium driven by playwright-core
# (tests/browser/ui.mjs), against the test server and database.
use strict;
use warnings FATAL => 'all';

use FindBin;
use lib "$FindBin::Bin/../lib";
use BN::Test;

reset_data();
exec 'node', "$ENV{BN_ROOT}/tests/browser/ui.mjs" or die "node: $!";
