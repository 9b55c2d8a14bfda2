# Paging: 1,234 employees listed 50 at a time yield each exactly once.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 5;

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

reset_data();
