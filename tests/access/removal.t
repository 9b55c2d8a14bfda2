# A membership removed in the database stops access within
# BranchNetCacheTTL + 1 seconds.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;
use Time::HiRes qw(sleep time);

plan tests => 4;

reset_data();

my $get = sub { request('GET', 'north.demo.test', '/', user => 'galina') };
ok t_cmp($get->()->code, 200, 'galina reaches north');
ok t_cmp($get->()->code, 200, 'again, from the cache');

# Every process of the server may hold its own cached grant, stored
# before the removal: all are gone BranchNetCacheTTL + 1 seconds after it.
my $removed = time;
db()->do(q{UPDATE bn_memberships SET status = 'removed'
           WHERE user_id = 7 AND account_id = 2});
my $took = wait_until(cache_ttl() + 1, sub {
    !grep { $get->()->code != 403 } 1 .. 10 });
ok t_cmp(defined $took, 1, 'removed membership is denied');
sleep 0.1 while time - $removed < cache_ttl() + 1;
ok t_cmp(scalar(grep { $get->()->code == 403 } 1 .. 20), 20,
         'every request is denied BranchNetCacheTTL + 1 s after removal');

reset_data();
