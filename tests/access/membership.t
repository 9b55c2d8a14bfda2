# Require branchnet-member and branchnet-admin in front of a proxied
# application, and the identity the upstream receives.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 28;

reset_data();

sub page {
    my ($host, $user, $path) = @_;
    return request('GET', $host, $path || '/', user => $user);
}

sub header_seen {
    my ($res, $name) = @_;
    return $res->content =~ /^\Q$name\E: (.*)$/m ? $1 : undef;
}

# A member of a branch gets the upstream page with their identity.
my $res = page('north.demo.test', 'boris');
ok t_cmp($res->code, 200, 'branch admin reaches the branch application');
ok t_cmp($res->content, qr{<h1>Acme North</h1>}, 'the page is the branch');
ok t_cmp(header_seen($res, 'X-Branchnet-User'), 'boris', 'upstream sees user');
ok t_cmp(header_seen($res, 'X-Branchnet-Account'), 'north.demo.test',
         'upstream sees account');
ok t_cmp(header_seen($res, 'X-Branchnet-Role'), 'admin', 'upstream sees role');
ok t_cmp(header_seen($res, 'X-Branchnet-Network'), 'main.demo.test',
         'upstream sees the network by its main account');
ok t_cmp(header_seen($res, 'Authorization'), '(none)',
         'the credentials are not forwarded');

$res = page('north.demo.test', 'galina');
ok t_cmp(header_seen($res, 'X-Branchnet-Role'), 'employee',
         'an employee is passed on as employee');

# Non-members, anonymous, and the main administrator on a branch.
ok t_cmp(page('north.demo.test', 'nina')->code, 403, 'non-member gets 403');
ok t_cmp(page('north.demo.test', 'dmitri')->code, 403,
         'admin of another branch gets 403');
ok t_cmp(page('north.demo.test', undef)->code, 401,
         'no credentials gets 401');
ok t_cmp(page('north.demo.test', 'boris', '/')->code, 200, 'sanity');
ok t_cmp(page('north.demo.test', 'anna')->code, 403,
         'main administrator who is no member of the branch gets 403');
ok t_cmp(page('main.demo.test', 'anna')->code, 200,
         'main administrator reaches the main account');
ok t_cmp(request('GET', 'north.demo.test', '/', user => 'boris',
                 password => 'wrong')->code, 401, 'a wrong password gets 401');

# A person in two branches reaches both.
for my $host (qw(north.demo.test south.demo.test main.demo.test)) {
    ok t_cmp(page($host, 'clara')->code, 200, "clara reaches $host");
}
ok t_cmp(page('east.demo.test', 'clara')->code, 403,
         'clara does not reach east, where she is no member');

# Unknown hosts are denied.
ok t_cmp(page('nowhere.demo.test', 'boris')->code, 403,
         'a host that is no account is denied');
ok t_cmp(page('localhost', 'boris')->code, 403,
         'the default virtual host is no account and is denied');

# A Host that is no valid host name (over 253 characters, or labels over
# 63) is no account: denied before any query, and never cached.
my $long = join('.', ('a' x 63) x 5) . '.test';
ok t_cmp(page($long, 'boris')->code, 403, 'an over-long host is denied');
my ($res2, $json2) = api('GET', $long, '/switcher', user => 'boris');
ok t_cmp($json2->{error}{code}, 'unknown_account',
         'and is an unknown account to the API');

# Require branchnet-admin: admins of the account or of its main account.
ok t_cmp(page('north.demo.test', 'boris', '/admin/')->code, 200,
         'branch admin passes branchnet-admin');
ok t_cmp(page('north.demo.test', 'galina', '/admin/')->code, 403,
         'employee fails branchnet-admin');
$res = page('north.demo.test', 'anna', '/admin/');
ok t_cmp($res->code, 200, 'main admin passes branchnet-admin on a branch');
ok t_cmp(header_seen($res, 'X-Branchnet-Role'), 'main-admin',
         'and is passed on as main-admin');
ok t_cmp(page('solo.demo.test', 'anna', '/admin/')->code, 403,
         'main admin has no rights on an account outside the network');
