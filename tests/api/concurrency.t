# Conflicting changes at the same moment leave exactly one winner and a
# 409 for the others, never a 500 or a duplicate.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;
use IO::Handle;

plan tests => 8;

reset_data();

# Harbor's admins anna and pavel run the main accounts of networks 1 and
# 2; twenty requests try to connect harbor, half into each.
# Runs CALL(i) for i in 1 .. N in N processes at once; counts the
# statuses they answered.
sub at_once {
    my ($n, $call) = @_;
    my (@kids, %codes);
    for my $i (1 .. $n) {
        pipe(my $r, my $w) or die $!;
        my $pid = fork // die $!;
        if ($pid == 0) {
            close $r;
            print $w $call->($i)->code;
            close $w;
            exit 0;
        }
        close $w;
        push @kids, [$pid, $r];
    }
    for my $kid (@kids) {
        my ($pid, $r) = @$kid;
        my $code = <$r> // 'none';
        waitpid $pid, 0;
        $codes{$code}++;
    }
    return %codes;
}

my %codes = at_once(20, sub {
    my ($i) = @_;
    my ($host, $user) = $i % 2 ? ('main.demo.test', 'anna')
                               : ('west.demo.test', 'pavel');
    return (change('POST', $host, '/network/branches', $user,
                   {host => 'harbor.demo.test'}))[0];
});

ok t_cmp($codes{201} // 0, 1, 'exactly one request connects harbor');
ok t_cmp($codes{409} // 0, 19, 'the other nineteen get 409');
my ($branches) = db()->selectrow_array(
    'SELECT COUNT(*) FROM bn_branches WHERE account_id = 7');
ok t_cmp($branches, 1, 'one branch row for harbor');
my ($audit) = db()->selectrow_array(q{SELECT COUNT(*) FROM bn_audit_log
    WHERE account_id = 7 AND action = 'branch.connect'});
ok t_cmp($audit, 1, 'one audit row for it');
ok t_cmp(join(',', sort keys %codes), '201,409', 'no other status');

# Changes that do not conflict all succeed, however many at once.
reset_data();
my $before = db()->selectrow_array('SELECT COUNT(*) FROM bn_branches');
%codes = at_once(20, sub {
    my ($i) = @_;
    return (change('POST', 'main.demo.test', '/network/branches/new',
                   $i % 2 ? 'anna' : 'maxim',
                   {name => "Parallel $i", host => "p$i.demo.test",
                    plan => 'free'}))[0];
});
ok t_cmp($codes{201} // 0, 20, 'twenty different branches created at once');
ok t_cmp(join(',', sort keys %codes), '201', 'and nothing else');
ok t_cmp(db()->selectrow_array('SELECT COUNT(*) FROM bn_branches'),
         $before + 20, 'twenty branch rows more');

reset_data();
