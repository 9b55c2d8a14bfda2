# Conflicting changes at the same moment leave exactly one winner and a
# 409 for the others, never a 500 or a duplicate.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;
use IO::Handle;

plan tests => 5;

reset_data();

# Harbor's admins anna and pavel run the main accounts of networks 1 and
# 2; twenty requests try to connect harbor, half into each.
my @kids;
for my $i (1 .. 20) {
    pipe(my $r, my $w) or die $!;
    my $pid = fork // die $!;
    if ($pid == 0) {
        close $r;
        my ($host, $user) = $i % 2 ? ('main.demo.test', 'anna')
                                   : ('west.demo.test', 'pavel');
        my ($res) = change('POST', $host, '/network/branches', $user,
                           {host => 'harbor.demo.test'});
        print $w $res->code;
        close $w;
        exit 0;
    }
    close $w;
    push @kids, [$pid, $r];
}
my %codes;
for my $kid (@kids) {
    my ($pid, $r) = @$kid;
    my $code = <$r> // 'none';
    waitpid $pid, 0;
    $codes{$code}++;
}

ok t_cmp($codes{201} // 0, 1, 'exactly one request connects harbor');
ok t_cmp($codes{409} // 0, 19, 'the other nineteen get 409');
my ($branches) = db()->selectrow_array(
    'SELECT COUNT(*) FROM bn_branches WHERE account_id = 7');
ok t_cmp($branches, 1, 'one branch row for harbor');
my ($audit) = db()->selectrow_array(q{SELECT COUNT(*) FROM bn_audit_log
    WHERE account_id = 7 AND action = 'branch.connect'});
ok t_cmp($audit, 1, 'one audit row for it');
ok t_cmp(join(',', sort keys %codes), '201,409', 'no other status');

reset_data();
