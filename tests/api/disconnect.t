# Disconnecting keeps the account with everything in it: memberships,
# departments, and the access of its own members.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 8;

reset_data();

sub snapshot {
    my $db = db();
    return join ';',
        map { join ',', @$_ } @{ $db->selectall_arrayref(q{
            SELECT user_id, role, status, COALESCE(department_id, 0)
            FROM bn_memberships WHERE account_id = 2 ORDER BY user_id}) },
        @{ $db->selectall_arrayref(q{
            SELECT id, COALESCE(parent_id, 0), name FROM bn_departments
            WHERE account_id = 2 ORDER BY id}) };
}

my $before = snapshot();
ok t_cmp(request('GET', 'north.demo.test', '/', user => 'boris')->code, 200,
         'boris reaches north before');
my ($res) = change('DELETE', 'main.demo.test', '/network/branches/2',
                   'anna', {});
ok t_cmp($res->code, 204, 'north is disconnected');
ok t_cmp(snapshot(), $before, 'every membership and department is kept');

my $got = wait_until(cache_ttl() + 2, sub {
    my $r = request('GET', 'north.demo.test', '/', user => 'boris');
    $r->code == 200 && $r->content !~ /X-Branchnet-Network: main/ });
ok t_cmp(defined $got, 1, 'boris still reaches north, now standalone');
ok t_cmp(request('GET', 'north.demo.test', '/', user => 'galina')->code,
         200, 'so does galina');

my (undef, $json) = api('GET', 'north.demo.test', '/switcher',
                        user => 'clara');
ok t_cmp(join(',', map { $_->{id} } @{ $json->{accounts} }), '2',
         'clara sees only north on north');
(undef, $json) = api('GET', 'south.demo.test', '/switcher', user => 'clara');
ok t_cmp(join(',', map { $_->{id} } @{ $json->{accounts} }), '1,3',
         'and north is gone from the network');
($res) = api('GET', 'main.demo.test', '/accounts/2', user => 'anna');
ok t_cmp($res->code, 404, 'the main admin no longer sees north');

reset_data();
