# Counters of decisions, cache and database on server-status and in
# GET /health?detail=1; the decision and account for LogFormat.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 10;

reset_data();

my ($res, $json) = api('GET', 'north.demo.test', '/health?detail=1');
ok t_cmp($res->code, 401, 'the details need a sign-in');
($res) = api('GET', 'north.demo.test', '/health?detail=1', user => 'galina');
ok t_cmp($res->code, 403, 'an employee does not see them');
($res, $json) = api('GET', 'north.demo.test', '/health?detail=1',
                    user => 'boris');
ok t_cmp($res->code, 200, 'an administrator does');
my $before = $json->{counters}{decisions_granted};
ok t_cmp(join(',', sort keys %{ $json->{counters} }),
         'cache_hits,cache_misses,changes,db_errors,db_queries,db_query_usec,'
         . 'decisions_denied,decisions_granted', 'every counter is there');

request('GET', 'north.demo.test', '/', user => 'boris') for 1 .. 5;
request('GET', 'north.demo.test', '/', user => 'nina');
(undef, $json) = api('GET', 'north.demo.test', '/health?detail=1',
                     user => 'operator');
ok t_cmp($json->{counters}{decisions_granted} >= $before + 5, 1,
         'grants are counted, across processes');
ok t_cmp($json->{counters}{decisions_denied} >= 1, 1, 'so are denials');
ok t_cmp($json->{counters}{cache_hits} >= 1, 1, 'and cache hits');

# The demo's account hosts protect every path; ask the upstream's host,
# where the server's own /server-status applies.
$res = do {
    local $ENV{BN_HTTP_PORT} = $ENV{BN_UPSTREAM_PORT};
    request('GET', '127.0.0.1', '/server-status?auto');
};
ok t_cmp($res->content, qr/^Branchnet_decisions_granted: \d+$/m,
         'server-status shows the counters');
($res) = api('GET', 'north.demo.test', '/health');
ok t_cmp($res->code, 200, 'plain health stays open to anyone');

open my $log, '<', "$ENV{BN_ROOT}/tests/logs/branchnet_log" or die $!;
my @lines = grep { /"GET \/ HTTP\/1.1" 200/ && /boris/ } <$log>;
ok t_cmp($lines[-1], qr/account=north\.demo\.test decision=granted/,
         'LogFormat gets the account and the decision');
