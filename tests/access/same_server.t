# A removal made through a server is enforced by every process of that
# server from its next request, without waiting for BranchNetRevalidate.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;
use Time::HiRes qw(sleep);

plan tests => 4;

reset_data();

my $get = sub { request('GET', 'north.demo.test', '/', user => 'galina') };

# Past the revalidation interval, so that every process reads the
# generation on its next request and then trusts its cache for a while.
sleep 1.2;
ok t_cmp(scalar(grep { $get->()->code == 200 } 1 .. 40), 40,
         'galina reaches north, cached by every process');

my ($res) = change('DELETE', 'north.demo.test', '/accounts/2/employees/7',
                   'boris', {});
ok t_cmp($res->code, 204, 'boris removes galina');
ok t_cmp(scalar(grep { $get->()->code == 403 } 1 .. 40), 40,
         'every process denies her at once');
ok t_cmp($get->()->code, 403, 'and still does later');

reset_data();
