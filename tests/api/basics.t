# GET /health, /me and /switcher; the error shapes of the API.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 30;

reset_data();

my ($res, $json) = api('GET', 'north.demo.test', '/health');
ok t_cmp($res->code, 200, 'health answers 200');
ok t_cmp($json->{status}, 'ok', 'health says ok');
ok t_cmp($res->header('Content-Type'), 'application/json; charset=utf-8',
         'JSON content type');
($res) = api('GET', 'nowhere.demo.test', '/health');
ok t_cmp($res->code, 200, 'health does not depend on the host');

# /me: the user and their active memberships.
($res, $json) = api('GET', 'south.demo.test', '/me', user => 'clara');
ok t_cmp($res->code, 200, '/me answers');
ok t_cmp($json->{user}{login}, 'clara', '/me names the user');
ok t_cmp(join(',', sort map { $_->{account_id} } @{ $json->{memberships} }),
         '1,2,3', '/me lists the active memberships');
my ($north) = grep { $_->{account_id} == 2 } @{ $json->{memberships} };
ok t_cmp($north->{address}, "http://north.demo.test:$ENV{BN_HTTP_PORT}/",
         'with the address');
ok t_cmp($north->{role}, 'employee', 'with the role');
($res, $json) = api('GET', 'nowhere.demo.test', '/me', user => 'nina');
ok t_cmp($res->code, 200, '/me of someone with no membership, any host');
ok t_cmp(scalar @{ $json->{memberships} }, 0, 'lists none');
($res) = api('GET', 'north.demo.test', '/me');
ok t_cmp($res->code, 401, '/me without credentials is 401');

# /switcher: exactly the accounts of the network the user is in.
($res, $json) = api('GET', 'south.demo.test', '/switcher', user => 'clara');
ok t_cmp($res->code, 200, 'switcher answers a member');
ok t_cmp(join(',', map { $_->{id} } @{ $json->{accounts} }), '1,2,3',
         'clara: main first, then her branches by name');
ok t_cmp($json->{current}, 3, 'current account');
my ($cur) = grep { $_->{current} } @{ $json->{accounts} };
ok t_cmp($cur->{id}, 3, 'the current account is marked');
my ($main) = grep { $_->{is_main} } @{ $json->{accounts} };
ok t_cmp($main->{id}, 1, 'the main account is marked');

($res, $json) = api('GET', 'east.demo.test', '/switcher', user => 'elena');
ok t_cmp(join(',', map { $_->{id} } @{ $json->{accounts} }), '4,3',
         'elena: east and south, by name');
my ($east) = grep { $_->{id} == 4 } @{ $json->{accounts} };
ok t_cmp($east->{status}, 'trial', 'east is in its trial');
ok t_cmp($east->{days_left}, 15, 'with its days left');

($res, $json) = api('GET', 'solo.demo.test', '/switcher', user => 'oleg');
ok t_cmp(join(',', map { $_->{id} } @{ $json->{accounts} }), '5',
         'a standalone account lists only itself');
ok t_cmp($json->{network}, undef, 'and no network');

($res, $json) = api('GET', 'north.demo.test', '/switcher', user => 'nina');
ok t_cmp($res->code, 403, 'switcher of a non-member is 403');
ok t_cmp($json->{error}{code}, 'forbidden', 'with its code');
($res, $json) = api('GET', 'nowhere.demo.test', '/switcher', user => 'boris');
ok t_cmp($res->code, 404, 'switcher on an unknown host is 404');
ok t_cmp($json->{error}{code}, 'unknown_account', 'unknown_account');

# Error shapes.
($res, $json) = api('POST', 'north.demo.test', '/me', user => 'boris');
ok t_cmp($res->code, 405, 'POST /me is 405');
ok t_cmp($res->header('Allow'), 'GET, HEAD', 'with Allow');
($res, $json) = api('GET', 'north.demo.test', '/nothing', user => 'boris');
ok t_cmp($res->code, 404, 'an unknown call is 404');
ok t_cmp($json->{error}{code}, 'not_found', 'not_found');
