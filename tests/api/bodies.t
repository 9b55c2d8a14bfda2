# Malformed and hostile requests: each gets its 4xx and writes nothing.
use strict;
use warnings FATAL => 'all';
use utf8;

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;
use Encode qw(encode);
use JSON::PP ();

my $good = '{"name":"Good","host":"good.demo.test","plan":"basic"}';

# [what, body, expected "status:code", extra headers (replacing the JSON
# content type when given)]
my @cases = (
    ['truncated JSON', '{"name": "Good"', '400:bad_json'],
    ['an array instead of an object', '[1, 2]', '400:bad_json'],
    ['an empty body', '', '400:bad_json'],
    ['a number too large for JSON',
     '{"name":"Good","host":"good.demo.test","plan":"basic","n":1e999}',
     '400:bad_json'],
    ['an integer out of range',
     '{"name":"Good","host":"good.demo.test","plan":12345678901234567890123}',
     '400:bad_json'],
    ['deeply nested arrays', '[' x 20000 . ']' x 20000, '400:bad_json'],
    ['a NUL in a string',
     '{"name":"Go\u0000od","host":"good.demo.test","plan":"basic"}',
     '400:bad_json'],
    ['invalid UTF-8',
     qq({"name":"G\xff\xfeod","host":"good.demo.test","plan":"basic"}),
     '400:bad_json'],
    ['a duplicate key',
     '{"name":"Good","name":"Bad","host":"good.demo.test","plan":"basic"}',
     '400:bad_json'],
    ['a wrong type', '{"name":5,"host":"good.demo.test","plan":"basic"}',
     '422:invalid:name'],
    ['null for a string',
     '{"name":null,"host":"good.demo.test","plan":"basic"}',
     '422:invalid:name'],
    ['a missing field', '{"name":"Good","plan":"basic"}',
     '422:invalid:host'],
    ['an unknown field',
     '{"name":"Good","host":"good.demo.test","plan":"basic","color":"red"}',
     '422:invalid:color'],
    ['a name of blanks', '{"name":"   ","host":"good.demo.test","plan":"basic"}',
     '422:invalid:name'],
    ['a name too long', JSON::PP->new->encode({name => 'x' x 256,
     host => 'good.demo.test', plan => 'basic'}), '422:invalid:name'],
    ['a URL for a host',
     '{"name":"Good","host":"https://good.demo.test/","plan":"basic"}',
     '422:invalid:host'],
    ['an unknown plan', '{"name":"Good","host":"good.demo.test","plan":"gold"}',
     '422:invalid:plan'],
    ['a body of 10 MB', '{"name":"' . ('x' x (10 * 1024 * 1024)) . '"}',
     '413:too_large'],
    ['no content type', $good, '415:unsupported_media_type',
     ['Content-Type' => '']],
    ['text/plain', $good, '415:unsupported_media_type',
     ['Content-Type' => 'text/plain']],
    ['form data', 'name=Good', '415:unsupported_media_type',
     ['Content-Type' => 'application/x-www-form-urlencoded']],
    ['a foreign Origin', $good, '403:csrf_rejected',
     ['Content-Type' => 'application/json',
      Origin => 'https://evil.example']],
    ['a null Origin', $good, '403:csrf_rejected',
     ['Content-Type' => 'application/json', Origin => 'null']],
);

plan tests => 2 * @cases + 12;

reset_data();

for my $case (@cases) {
    my ($what, $body, $want, $headers) = @$case;
    my $before = fingerprint();
    my ($res, $json) = api('POST', 'main.demo.test', '/network/branches/new',
        user => 'anna', body => $body,
        headers => $headers || ['Content-Type' => 'application/json']);
    my $got = $res->code . ':' . ($json->{error}{code} // 'none');
    $got .= ':' . ($json->{error}{field} // '') if $want =~ /invalid/;
    ok t_cmp($got, $want, $what);
    ok t_cmp(fingerprint(), $before, "$what: nothing written");
}

# The same host in Origin is fine; names keep their characters.
my $name = "Филиал \x{1F680} Nord";
my ($res, $json) = api('POST', 'main.demo.test', '/network/branches/new',
    user => 'anna',
    body => JSON::PP->new->utf8->encode({name => $name, host => 'utf.demo.test',
                                   plan => 'basic'}),
    headers => ['Content-Type' => 'application/json; charset=utf-8',
                Origin => 'http://main.demo.test:8080']);
ok t_cmp($res->code, 201, 'the request\'s own Origin is accepted');
ok t_cmp($json->{name}, $name, 'a name with 4-byte UTF-8 round-trips');
(undef, $json) = api('GET', 'main.demo.test', "/accounts/$json->{id}",
                     user => 'anna');
ok t_cmp($json->{name}, $name, 'and reads back the same');

# Paths and queries out of range.
for my $path ('/network/branches/0', '/network/branches/-1',
              '/network/branches/99999999999999999999',
              '/network/branches/2x') {
    ($res) = change('DELETE', 'main.demo.test', $path, 'anna', {});
    ok t_cmp($res->code, 404, "DELETE $path is 404");
}
for my $query ('limit=0', 'limit=501', 'start=-1', 'limit=1e3') {
    ($res, $json) = api('GET', 'main.demo.test', "/audit?$query",
                        user => 'anna');
    ok t_cmp($res->code, 422, "?$query is 422");
}
($res) = change('PATCH', 'main.demo.test', '/accounts/5', 'operator',
                {plan => 5});
ok t_cmp($res->code, 422, 'a plan that is no string is 422');

reset_data();
