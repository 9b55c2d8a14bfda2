# A cold access decision is one query that reads by index only, never a
# table scan, checked with EXPLAIN on scale data (sql/scale.sh).
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 4;

reset_data();
my $db = db();
$db->do('SET FOREIGN_KEY_CHECKS = 0');
$db->do("DELETE FROM $_") for qw(bn_audit_log bn_invitations bn_join_codes
    bn_branches bn_networks bn_memberships bn_departments bn_users
    bn_accounts);
$db->do('SET FOREIGN_KEY_CHECKS = 1');
system("$ENV{BN_ROOT}/sql/scale.sh 2000 40000 | mariadb --no-defaults "
       . "-h 127.0.0.1 -P $ENV{BN_DB_PORT} -ubranchnet -pbranchnet "
       . "branchnet > /dev/null") == 0 or die "scale data failed";

# The statements as the module prepares them (mod_branchnet/bn_store.c):
# the whole decision, and the roles alone once the host's account is
# known.
open my $src, '<', "$ENV{BN_ROOT}/mod_branchnet/bn_store.c" or die $!;
my $c = do { local $/; <$src> };
sub statement {
    my ($label) = @_;
    my ($block) = $c =~ /\{"\Q$label\E",(.*?)\},/s;
    my $sql = join '', ($block // '') =~ /"((?:[^"\\]|\\.)*)"/g;
    $sql =~ s/%s|%lld/?/g;
    return $sql;
}
my %sql = (decide => statement('bn_decide'),
           roles => statement('bn_decide_roles'));
ok t_cmp("$sql{decide} $sql{roles}", qr/^SELECT .* SELECT /,
         'the decision statements are found');

my $main = 1;
for my $case (['u500', 'a77.scale.test', 'a member of several accounts'],
              ['u39999', 'a2.scale.test', 'one of 20,000 in an account'],
              ['nobody', 'a5.scale.test', 'an unknown login']) {
    my ($login, $host, $what) = @$case;
    my ($account) = $host =~ /^a(\d+)\./;
    my @plan = (@{ $db->selectall_arrayref("EXPLAIN $sql{decide}",
                                           {Slice => {}}, $login, $host) },
                @{ $db->selectall_arrayref("EXPLAIN $sql{roles}",
                                           {Slice => {}}, $account, $main,
                                           $login) });
    my @scans = grep { ($_->{type} // '') =~ /^(ALL|index)$/ } @plan;
    ok t_cmp(join(',', map { $_->{table} } @scans), '',
             "$what: no table or index scan");
}

reset_data();
