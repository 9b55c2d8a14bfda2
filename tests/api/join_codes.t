# Join codes: shown once, stored as hashes, single use, seven days.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 11;

reset_data();

my ($res, $json) = change('POST', 'main.demo.test', '/network/join-codes',
                          'anna', {});
my $code = $json->{code};
ok t_cmp($res->code, 201, 'a main admin gets a join code');
ok t_cmp($code, qr/^[0-9a-f]{32}$/, 'of 128 random bits');
my ($stored) = db()->selectrow_array(
    'SELECT COUNT(*) FROM bn_join_codes WHERE code_hash = UNHEX(SHA2(?, 256))',
    undef, $code);
ok t_cmp($stored, 1, 'stored as its hash');
my ($plain) = db()->selectrow_array(
    'SELECT COUNT(*) FROM bn_join_codes WHERE INSTR(code_hash, ?) > 0',
    undef, $code);
ok t_cmp($plain, 0, 'never as itself');

($res, $json) = change('POST', 'harbor.demo.test', '/network/join', 'pavel',
                       {code => $code});
ok t_cmp($res->code, 201, 'an admin of harbor joins with it');
ok t_cmp($json->{network_id}, 1, 'into the network of the code');

change('DELETE', 'main.demo.test', '/network/branches/7', 'anna', {});
my $before = fingerprint();
($res, $json) = change('POST', 'harbor.demo.test', '/network/join', 'pavel',
                       {code => $code});
ok t_cmp($res->code, 404, 'the same code a second time is refused');
ok t_cmp(fingerprint(), $before, 'and changes nothing');

(undef, $json) = change('POST', 'main.demo.test', '/network/join-codes',
                        'anna', {});
db()->do(q{UPDATE bn_join_codes SET expires_at = NOW() - INTERVAL 1 SECOND
           WHERE code_hash = UNHEX(SHA2(?, 256))}, undef, $json->{code});
$before = fingerprint();
($res) = change('POST', 'harbor.demo.test', '/network/join', 'pavel',
                {code => $json->{code}});
ok t_cmp($res->code, 404, 'an expired code is refused');
ok t_cmp(fingerprint(), $before, 'and changes nothing');

($res) = change('POST', 'harbor.demo.test', '/network/join', 'pavel',
                {code => 'f' x 32});
ok t_cmp($res->code, 404, 'an unknown code is refused');

reset_data();
