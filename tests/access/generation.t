# BranchNetAccountHost pins a virtual host to an account, and a raised
# change generation drops cached decisions within BranchNetRevalidate + 1
# seconds, however long their TTL.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;
use Time::HiRes qw(sleep);

plan tests => 5;

reset_data();

my $get = sub { request('GET', 'pinned.demo.test', '/', user => 'lena') };
my $res = $get->();
ok t_cmp($res->code, 200, 'lena reaches north through the pinned host');
ok t_cmp($res->content =~ /^X-Branchnet-Account: (.*)$/m ? $1 : '',
         'north.demo.test', 'the pinned account is north');
ok t_cmp(request('GET', 'pinned.demo.test', '/', user => 'julia')->code,
         403, 'a member of south only is denied there');

# Cache every process's decision, then remove the membership quietly.
$get->() for 1 .. 20;
db()->do(q{UPDATE bn_memberships SET status = 'removed'
           WHERE user_id = 11 AND account_id = 2});
sleep cache_ttl() + 1;
ok t_cmp($get->()->code, 200, 'without a generation change the cache holds');

db()->do('UPDATE bn_generation SET generation = generation + 1');
my $took = wait_until(2, sub { !grep { $get->()->code != 403 } 1 .. 10 });
ok t_cmp(defined $took, 1,
         'a new generation drops it within BranchNetRevalidate + 1 s');

reset_data();
