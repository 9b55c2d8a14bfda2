# A database whose schema is older than the module needs answers 503, and
# the error log says what to load.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 3;

my ($version) = db()->selectrow_array(
    'SELECT version FROM bn_schema_version');
db()->do('UPDATE bn_schema_version SET version = 0');
my ($res, $json) = api('GET', 'north.demo.test', '/health');
db()->do('UPDATE bn_schema_version SET version = ?', undef, $version);

ok t_cmp($res->code, 503, 'health is 503 on an older schema');
ok t_cmp($json->{error}{code}, 'unavailable', 'and says unavailable');

open my $log, '<', "$ENV{BN_ROOT}/tests/logs/error_log" or die $!;
ok t_cmp(scalar(grep { /BN00004: .*load sql\/schema\.sql/ } <$log>) > 0, 1,
         'the error log says which schema to load');
