# Paging: 1,234 employees listed 50 at a time yield each exactly once;
# every page from any start, across blocks of membership ids with gaps
# and removed members, is the page that counting rows in order gives.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 9;

reset_data();

my $db = db();
$db->do(q{INSERT INTO bn_users (login, email, display_name)
          SELECT CONCAT('bulk', seq), CONCAT('bulk', seq, '@demo.test'),
                 CONCAT('Bulk Person ', seq)
          FROM seq_1_to_1234});
$db->do(q{INSERT INTO bn_memberships (user_id, account_id, role, status)
          SELECT id, 2, 'employee', 'active' FROM bn_users
          WHERE login LIKE 'bulk%'});

my (%seen, $pages, $total);
my $start = 0;
while (defined $start) {
    my (undef, $json) = api('GET', 'north.demo.test',
                            "/accounts/2/employees?start=$start&limit=50",
                            user => 'boris');
    $total = $json->{total};
    $seen{ $_->{user_id} }++ for @{ $json->{items} };
    $start = $json->{next};
    last if ++$pages > 100;
}
ok t_cmp($total, 1238, 'total counts every member');
ok t_cmp(scalar keys %seen, 1238, 'every member is listed');
ok t_cmp(scalar(grep { $_ != 1 } values %seen), 0, 'each exactly once');
ok t_cmp($pages, 25, 'in 25 pages of 50');

my (undef, $json) = api('GET', 'north.demo.test',
                        '/accounts/2/employees?q=Person%20123&limit=500',
                        user => 'boris');
ok t_cmp(scalar(grep { $_->{display_name} !~ /Person 123/ }
                @{ $json->{items} }), 0, '?q= returns only matches');


# Ids that skip blocks, and removed members here and there.
my ($next_id) = $db->selectrow_array('SELECT MAX(id) + 3000 FROM bn_memberships');
$db->do("ALTER TABLE bn_memberships AUTO_INCREMENT = $next_id");
$db->do(q{INSERT INTO bn_users (login, email, display_name)
          SELECT CONCAT('late', seq), CONCAT('late', seq, '@demo.test'),
                 CONCAT('Late Person ', seq)
          FROM seq_1_to_700});
$db->do(q{INSERT INTO bn_memberships (user_id, account_id, role, status)
          SELECT id, 2, 'employee', IF(id MOD 5 = 0, 'invited', 'active')
          FROM bn_users WHERE login LIKE 'late%'});
$db->do(q{UPDATE bn_memberships SET status = 'removed'
          WHERE account_id = 2 AND id MOD 7 = 3});
$db->do(q{DELETE FROM bn_memberships WHERE account_id = 2 AND id MOD 11 = 4
          AND user_id IN (SELECT id FROM bn_users WHERE login LIKE 'bulk%')});

my $expected = $db->selectcol_arrayref(q{
    SELECT user_id FROM bn_memberships WHERE account_id = 2
    AND status <> 'removed' ORDER BY id});
my $n = @$expected;
my ($wrong, $asked) = (0, 0);
for my $from (0, 1, 49, 500, 1000, 1023, 1024, 1025, $n - 701, $n - 37,
              $n - 1) {
    my (undef, $page) = api('GET', 'north.demo.test',
        "/accounts/2/employees?start=$from&limit=37", user => 'boris');
    my $got = join ',', map { $_->{user_id} } @{ $page->{items} };
    my $want = join ',', grep { defined } @$expected[$from .. $from + 36];
    $asked++;
    $wrong++ if $got ne $want || $page->{total} != $n;
}
ok t_cmp($wrong, 0, "$asked pages from any start are the counted ones");

my (undef, $end) = api('GET', 'north.demo.test',
    "/accounts/2/employees?start=$n", user => 'boris');
ok t_cmp(scalar @{ $end->{items} }, 0, 'a page past the end is empty');
ok t_cmp($end->{total}, $n, 'and still says the total');
ok t_cmp($end->{next}, undef, 'with no next page');

reset_data();
