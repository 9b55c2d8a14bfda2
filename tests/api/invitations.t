# Invitations: many addresses at once, normalized emails, one-time
# tokens stored as hashes, acceptance by a signed-in person, and twenty
# concurrent acceptances of one token.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 22;

reset_data();

my ($res, $json) = change('POST', 'north.demo.test', '/accounts/2/invitations',
    'boris', {emails => ['Ann@Example.TEST ', 'ann@example.test',
                         'galina@demo.test', 'bob@example.test'],
              role => 'admin', department_id => 5});
ok t_cmp($res->code, 201, 'invitations are created');
my %item = map { $_->{email} => $_ } @{ $json->{items} };
ok t_cmp(join(',', sort keys %item),
         'ann@example.test,bob@example.test,galina@demo.test',
         'one per address, compared case-insensitively and trimmed');
ok t_cmp($item{'galina@demo.test'}{status}, 409,
         'an active member\'s address answers 409');
ok t_cmp($item{'ann@example.test'}{status}, 201, 'the others are created');
my $token = $item{'ann@example.test'}{token};
ok t_cmp($token, qr/^[0-9a-f]{32}$/, 'with a token of 128 bits');
my ($stored) = db()->selectrow_array(q{SELECT COUNT(*) FROM bn_invitations
    WHERE email = 'ann@example.test' AND token_hash = UNHEX(SHA2(?, 256))},
    undef, $token);
ok t_cmp($stored, 1, 'stored normalized, as the hash of its token');

($res, $json) = change('POST', 'north.demo.test', '/accounts/2/invitations',
    'boris', {emails => ['galina@demo.test']});
ok t_cmp("${\ $res->code}:$json->{error}{code}", '409:already_member',
         'only members: 409');
($res, $json) = change('POST', 'north.demo.test', '/accounts/2/invitations',
    'boris', {emails => [map { "p$_\@demo.test" } 1 .. 101]});
ok t_cmp("${\ $res->code}:$json->{error}{field}", '422:emails',
         'more than 100 addresses are refused');
($res, $json) = change('POST', 'north.demo.test', '/accounts/2/invitations',
    'boris', {emails => ['ok@demo.test', 'not an address']});
ok t_cmp($res->code, 422, 'an invalid address refuses the whole call');

# Accepting: the signed-in person becomes an active member.
add_login('ann');
($res, $json) = change('POST', 'solo.demo.test', '/invitations/accept',
                       'ann', {token => $token});
ok t_cmp($res->code, 200, 'ann accepts, from any host');
ok t_cmp("$json->{role}/$json->{status}/$json->{department}{id}",
         'admin/active/5', 'with the role and department invited');
ok t_cmp(request('GET', 'north.demo.test', '/', user => 'ann')->code, 200,
         'and reaches north');
(undef, $json) = api('GET', 'north.demo.test', '/me', user => 'ann');
ok t_cmp($json->{user}{email}, 'ann@example.test',
         'her user has the invited email');

my $before = fingerprint();
($res) = change('POST', 'solo.demo.test', '/invitations/accept', 'nina',
                {token => $token});
ok t_cmp($res->code, 404, 'the same token a second time is refused');
ok t_cmp(fingerprint(), $before, 'and changes nothing');

my $bob = $item{'bob@example.test'}{token};
db()->do(q{UPDATE bn_invitations SET expires_at = NOW() - INTERVAL 1 SECOND
           WHERE email = 'bob@example.test'});
($res) = change('POST', 'solo.demo.test', '/invitations/accept', 'nina',
                {token => $bob});
ok t_cmp($res->code, 404, 'an expired token is refused');
db()->do(q{UPDATE bn_invitations SET expires_at = NOW() + INTERVAL 1 DAY,
           status = 'revoked' WHERE email = 'bob@example.test'});
($res) = change('POST', 'solo.demo.test', '/invitations/accept', 'nina',
                {token => $bob});
ok t_cmp($res->code, 404, 'a revoked invitation is refused');
ok t_cmp(fingerprint(), $before, 'neither changes anything');

# Twenty acceptances of one token at the same moment.
(undef, $json) = change('POST', 'north.demo.test', '/accounts/2/invitations',
                        'boris', {emails => ['race@demo.test']});
my $race = $json->{items}[0]{token};
my @kids;
for my $i (1 .. 20) {
    pipe(my $r, my $w) or die $!;
    my $pid = fork // die $!;
    if ($pid == 0) {
        close $r;
        my ($res) = change('POST', 'north.demo.test', '/invitations/accept',
                           'nina', {token => $race});
        print $w $res->code;
        exit 0;
    }
    close $w;
    push @kids, [$pid, $r];
}
my %codes;
for my $kid (@kids) {
    my $code = readline($kid->[1]) // 'none';
    waitpid $kid->[0], 0;
    $codes{$code}++;
}
ok t_cmp($codes{200} // 0, 1, 'one of twenty acceptances succeeds');
ok t_cmp(($codes{404} // 0) + ($codes{409} // 0), 19,
         'the others are refused');
my ($members) = db()->selectrow_array(q{SELECT COUNT(*) FROM bn_memberships
    WHERE user_id = 13 AND account_id = 2});
ok t_cmp($members, 1, 'nina has one membership of north');
ok t_cmp(join(',', sort keys %codes) =~ /5\d\d/ ? 'server error' : 'none',
         'none', 'no 5xx');

reset_data();
