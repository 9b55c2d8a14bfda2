# With MariaDB stopped: /health answers 503, decisions younger than their
# TTL still answer, everything else 503; after MariaDB is back, requests
# succeed without restarting httpd.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;
use Time::HiRes qw(sleep);

plan tests => 9;

reset_data();

my ($res) = api('GET', 'north.demo.test', '/health');
ok t_cmp($res->code, 200, 'health is 200 with the database up');

# Her password is then in the sign-in's own cache (mod_authn_socache), so
# that what follows tests the access decision, not the sign-in.
ok t_cmp(request('GET', 'south.demo.test', '/', user => 'julia')->code, 200,
         'julia reaches south');
db_stop();
sleep cache_ttl() + 0.5;
($res) = api('GET', 'north.demo.test', '/health');
ok t_cmp($res->code, 503, 'health is 503 with the database down');
($res) = request('GET', 'south.demo.test', '/', user => 'julia');
ok t_cmp($res->code, 503, 'an access decision not cached is 503');
my ($me, $json) = api('GET', 'south.demo.test', '/me', user => 'julia');
ok t_cmp($me->code, 503, 'the API answers 503');
ok t_cmp($json->{error}{code}, 'unavailable', 'the API says unavailable');
db_start();

my $took = wait_until(10, sub {
    (api('GET', 'north.demo.test', '/health'))[0]->code == 200 });
ok defined $took;
ok t_cmp(request('GET', 'south.demo.test', '/', user => 'julia')->code, 200,
         'access works again after the database is back');
ok t_cmp((api('GET', 'south.demo.test', '/me', user => 'julia'))[0]->code,
         200, 'the API works again');
