# Who may call what: every API call against every role, from the same
# demo data each time. One row a call; a cell is the status, or
# "status:code" where the error code tells refusals apart.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

# anonymous; galina, employee of north; boris, admin of north (and an
# employee of main); anna, admin of main (and of harbor); maxim, admin of
# main, not of harbor; pavel, admin of west, another network's main
# account (and of harbor); operator, the BranchNetOperator.
my @roles = qw(anonymous galina boris anna maxim pavel operator);

my %body = (
    none   => {},
    harbor => {host => 'harbor.demo.test'},
    new    => {name => 'Matrix Branch', host => 'matrix.demo.test',
               plan => 'basic'},
    op_add => {name => 'Matrix Dealer', host => 'dealer.demo.test',
               plan => 'basic', admin_login => 'nina'},
    plan   => {plan => 'standard'},
    newbie => {login => 'newbie', role => 'employee'},
    admin  => {role => 'admin'},
    invite => {emails => ['invitee@demo.test']},
    dept   => {name => 'Matrix Department', parent_id => 4},
    rename => {name => 'North Sales'},
);

#  method  host               path                   body
#        anonymous galina boris anna maxim pavel operator
my @matrix = (
    ['GET', 'north.demo.test', '/health', undef,
         200, 200, 200, 200, 200, 200, 200],
    ['GET', 'north.demo.test', '/me', undef,
         401, 200, 200, 200, 200, 200, 200],
    ['GET', 'north.demo.test', '/switcher', undef,
         401, 200, 200, 403, 403, 403, 403],
    ['GET', 'north.demo.test', '/network', undef,
         401, 403, 200, 200, 200, 403, 403],
    ['POST', 'harbor.demo.test', '/network', 'none',
         401, 403, 403, '403:plan_required', 403, '403:plan_required', 403],
    ['POST', 'west.demo.test', '/network', 'none',
         401, 403, 403, 403, 403, '409:already_in_network', 403],
    ['POST', 'main.demo.test', '/network/join-codes', 'none',
         401, 403, 403, 201, 201, 403, 403],
    ['POST', 'harbor.demo.test', '/network/join', 'code',
         401, 403, 403, 201, 403, 201, 403],
    ['POST', 'main.demo.test', '/network/branches', 'harbor',
         401, 403, 403, 201, 403, 403, 403],
    ['POST', 'main.demo.test', '/network/branches/new', 'new',
         401, 403, 403, 201, 201, 403, 403],
    ['DELETE', 'main.demo.test', '/network/branches/2', 'none',
         401, 403, 403, 204, 204, 403, 403],
    ['GET', 'main.demo.test', '/accounts/2', undef,
         401, 200, 200, 200, 200, 404, 404],
    ['GET', 'main.demo.test', '/audit', undef,
         401, 403, 403, 200, 200, 403, 403],
    ['GET', 'north.demo.test', '/audit', undef,
         401, 403, 200, 200, 200, 403, 403],
    ['POST', 'north.demo.test', '/accounts', 'op_add',
         401, 403, 403, 403, 403, 403, 201],
    ['PATCH', 'north.demo.test', '/accounts/5', 'plan',
         401, 403, 403, 403, 403, 403, 200],
    ['GET', 'north.demo.test', '/accounts/2/employees', undef,
         401, 200, 200, 200, 200, 404, 404],
    ['POST', 'north.demo.test', '/accounts/2/employees', 'newbie',
         401, 403, 201, 201, 201, 404, 404],
    ['PATCH', 'north.demo.test', '/accounts/2/employees/7', 'admin',
         401, 403, 200, 200, 200, 404, 404],
    ['DELETE', 'north.demo.test', '/accounts/2/employees/7', 'none',
         401, 403, 204, 204, 204, 404, 404],
    ['POST', 'north.demo.test', '/accounts/2/invitations', 'invite',
         401, 403, 201, 201, 201, 404, 404],
    ['POST', 'solo.demo.test', '/invitations/accept', 'token',
         401, '409:already_member', '409:already_member', 200, 200, 200,
         200],
    ['GET', 'north.demo.test', '/accounts/2/structure', undef,
         401, 200, 200, 200, 200, 404, 404],
    ['POST', 'north.demo.test', '/accounts/2/departments', 'dept',
         401, 403, 201, 201, 201, 404, 404],
    ['PATCH', 'north.demo.test', '/accounts/2/departments/5', 'rename',
         401, 403, 200, 200, 200, 404, 404],
    ['DELETE', 'north.demo.test', '/accounts/2/departments/14', 'none',
         401, 403, 204, 204, 204, 404, 404],
);

plan tests => @matrix * @roles;

my $dirty = 0;
for my $row (@matrix) {
    my ($method, $host, $path, $body, @want) = @$row;
    for my $i (0 .. $#roles) {
        my $user = $roles[$i] eq 'anonymous' ? undef : $roles[$i];
        my ($res, $json);

        # Every cell starts from the demo data.
        reset_data() if $method ne 'GET' || $dirty;
        $dirty = $method ne 'GET';
        my $send = defined $body ? $body{$body} : undef;
        if (defined $body && $body eq 'code') {
            my (undef, $j) = change('POST', 'main.demo.test',
                                    '/network/join-codes', 'anna', {});
            $send = {code => $j->{code}};
        }
        if (defined $body && $body eq 'token') {
            my (undef, $j) = change('POST', 'north.demo.test',
                                    '/accounts/2/invitations', 'boris',
                                    {emails => ['someone@demo.test']});
            $send = {token => $j->{items}[0]{token}};
        }
        if ($method eq 'GET') {
            ($res, $json) = api('GET', $host, $path, user => $user);
        }
        else {
            ($res, $json) = change($method, $host, $path, $user, $send);
        }
        my $got = $res->code;
        $got .= ':' . $json->{error}{code} if $want[$i] =~ /:/ && $json;
        ok t_cmp($got, $want[$i], "$method $path on $host as $roles[$i]");
    }
}
reset_data();
