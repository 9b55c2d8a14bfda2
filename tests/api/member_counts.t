# Each account's member count, and its count in each block of membership
# ids, are kept by the schema's triggers through every kind of change, and
# the pages report them: the network page counts active members, the
# employees page active and invited ones.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 7;

reset_data();
my $db = db();

# Kept counts against counted ones, for every account.
sub counts_differ {
    my ($n) = $db->selectrow_array(q{
        SELECT COUNT(*) FROM bn_accounts a
        LEFT JOIN bn_account_members c ON c.account_id = a.id
        WHERE COALESCE(c.active, 0) <> (SELECT COUNT(*) FROM bn_memberships m
                  WHERE m.account_id = a.id AND m.status = 'active')
           OR COALESCE(c.invited, 0) <> (SELECT COUNT(*) FROM bn_memberships m
                  WHERE m.account_id = a.id AND m.status = 'invited')});
    return $n + blocks_differ();
}

# Kept block counts against counted ones, for every block with a row.
sub blocks_differ {
    my ($n) = $db->selectrow_array(q{
        SELECT COUNT(*) FROM
        (SELECT account_id, id DIV 1024 AS block,
                SUM(status <> 'removed') AS members
         FROM bn_memberships GROUP BY account_id, id DIV 1024) c
        LEFT JOIN bn_member_blocks b USING (account_id, block)
        WHERE COALESCE(b.members, -1) <> c.members});
    my ($stray) = $db->selectrow_array(q{
        SELECT COUNT(*) FROM bn_member_blocks b WHERE b.members <> 0
        AND NOT EXISTS (SELECT 1 FROM bn_memberships m
                        WHERE m.account_id = b.account_id
                          AND m.id DIV 1024 = b.block)});
    return $n + $stray;
}

ok t_cmp(counts_differ(), 0, 'the demo data is counted');

# Through the API: add, change role, remove, add again, invite and accept.
add_login('ann');
change('POST', 'north.demo.test', '/accounts/2/employees', 'boris',
       {login => 'ann', role => 'employee'});
my ($ann) = $db->selectrow_array(
    q{SELECT id FROM bn_users WHERE login = 'ann'});
change('PATCH', 'north.demo.test', "/accounts/2/employees/$ann", 'boris',
       {role => 'admin'});
change('DELETE', 'north.demo.test', "/accounts/2/employees/$ann", 'boris');
my ($res) = change('POST', 'north.demo.test', '/accounts/2/employees',
                   'boris', {login => 'ann', role => 'employee'});
my (undef, $json) = change('POST', 'south.demo.test',
    '/accounts/3/invitations', 'anna', {emails => ['ann@example.test']});
change('POST', 'south.demo.test', '/invitations/accept', 'ann',
       {token => $json->{items}[0]{token}});
ok t_cmp(counts_differ(), 0, 'API changes are counted');

# Outside the API too: rows written, moved and deleted by hand.
$db->do(q{UPDATE bn_memberships SET status = 'invited'
          WHERE account_id = 2 AND user_id = ?}, undef, $ann);
$db->do(q{UPDATE bn_memberships SET account_id = 5
          WHERE account_id = 3 AND user_id = ?}, undef, $ann);
$db->do(q{DELETE FROM bn_memberships WHERE account_id = 4});
ok t_cmp(counts_differ(), 0, 'changes made by hand are counted');

my ($active, $listed) = $db->selectrow_array(q{
    SELECT SUM(status = 'active'), SUM(status <> 'removed')
    FROM bn_memberships WHERE account_id = 2});
(undef, $json) = api('GET', 'north.demo.test', '/accounts/2/employees',
                     user => 'boris');
ok t_cmp($json->{total}, $listed, 'the employees page counts active '
         . 'and invited members');
(undef, $json) = api('GET', 'main.demo.test', '/network', user => 'anna');
my ($north) = grep { $_->{id} == 2 } @{ $json->{branches}{items} };
ok t_cmp($north->{employees}, $active, 'the network page counts active ones');

# The migrations count again what is there.
sub migrate {
    my ($file) = @_;
    open my $fh, '<', "$ENV{BN_ROOT}/sql/migrations/$file" or die $!;
    my $sql = do { local $/; <$fh> };
    $sql =~ s/^--.*$//mg;
    $db->do($_) for grep { /\S/ } split /;\s*\n/, $sql;
}
$db->do('UPDATE bn_account_members SET active = 99, invited = 99');
migrate('003-account-members.sql');
ok t_cmp(counts_differ(), 0, 'migration 3 counts them again');
$db->do('UPDATE bn_member_blocks SET members = 99');
$db->do('INSERT INTO bn_member_blocks VALUES (2, 999999, 5)');
migrate('004-member-blocks.sql');
ok t_cmp(blocks_differ(), 0, 'migration 4 counts the blocks again');

reset_data();
