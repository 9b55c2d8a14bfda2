# The plan and network rules of SPEC.md section 2: trials, grace,
# suspension and its lifting, the once-only trial, the disabled network,
# one network per account. Every refusal writes nothing.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 38;

reset_data();

sub account { (api('GET', 'main.demo.test', "/accounts/$_[0]",
                   user => 'anna'))[1] }
sub switcher_ids {
    my ($host, $user) = @_;
    my (undef, $j) = api('GET', $host, '/switcher', user => $user);
    return join ',', map { $_->{id} } @{ $j->{accounts} };
}
sub refused {
    my ($what, $want, @call) = @_;
    my $before = fingerprint();
    my ($res, $json) = change(@call);
    ok t_cmp($res->code . ':' . ($json->{error}{code} // ''), $want, $what);
    ok t_cmp(fingerprint(), $before, "$what: nothing written");
}
sub plan_of {
    my ($id, $plan) = @_;
    my ($res) = change('PATCH', 'main.demo.test', "/accounts/$id",
                       'operator', {plan => $plan});
    return $res->code;
}

# A free account connected as a branch starts its trial.
my ($res, $json) = change('POST', 'main.demo.test', '/network/branches/new',
                          'anna', {name => 'Free One', host => 'free1.demo.test',
                                   plan => 'free'});
ok t_cmp($res->code, 201, 'a free account is created as a branch');
ok t_cmp($json->{status}, 'trial', 'in its trial');
ok t_cmp($json->{days_left}, 15, 'of BranchNetTrialDays days');
my $free1 = $json->{id};

# The trial ends: grace, then suspension, lifted at once by a paid plan.
db()->do(q{UPDATE bn_branches SET trial_ends_at = NOW() - INTERVAL 1 DAY
           WHERE account_id = 4});
my $east = account(4);
ok t_cmp($east->{status}, 'grace', 'east: trial over, in grace');
ok t_cmp($east->{days_left}, 14, 'with 14 days left');
ok t_cmp(switcher_ids('south.demo.test', 'elena'), '4,3',
         'a branch in grace stays in the switcher');
my (undef, $sw) = api('GET', 'south.demo.test', '/switcher', user => 'elena');
my ($e) = grep { $_->{id} == 4 } @{ $sw->{accounts} };
ok t_cmp("$e->{status}/$e->{days_left}", 'grace/14',
         'and shows its days left');

db()->do(q{UPDATE bn_branches SET trial_ends_at = NOW() - INTERVAL 16 DAY
           WHERE account_id = 4});
$east = account(4);
ok t_cmp("$east->{status}/$east->{reason}", 'suspended/plan',
         'after the grace: suspended for its plan');
ok t_cmp(switcher_ids('south.demo.test', 'elena'), '3',
         'a suspended branch is left out of the switcher');
ok t_cmp(plan_of(4, 'basic'), 200, 'the operator moves east to basic');
ok t_cmp(account(4)->{status}, 'active', 'east is active at once');
ok t_cmp(switcher_ids('south.demo.test', 'elena'), '4,3',
         'and back in the switcher');

# A branch that moves to free while connected is in grace.
ok t_cmp(plan_of(2, 'free'), 200, 'north moves to free');
my $north = account(2);
ok t_cmp("$north->{status}/$north->{days_left}", 'grace/15',
         'north is in grace for BranchNetGraceDays');
plan_of(2, 'professional');

# The trial comes once in an account's life.
($res) = change('DELETE', 'main.demo.test', "/network/branches/$free1",
                'anna', {});
ok t_cmp($res->code, 204, 'free1 is disconnected');
my (undef, $code) = change('POST', 'main.demo.test', '/network/join-codes',
                           'anna', {});
refused('a free account that had its trial cannot join again',
        '403:plan_required',
        'POST', 'free1.demo.test', '/network/join', 'anna',
        {code => $code->{code}});
ok t_cmp(plan_of($free1, 'standard'), 200, 'free1 moves to standard');
($res, $json) = change('POST', 'free1.demo.test', '/network/join', 'anna',
                       {code => $code->{code}});
ok t_cmp($res->code, 201, 'on a paid plan it joins with the same code');
ok t_cmp($json->{status}, 'active', 'as an active branch');

# One network per account.
refused('a branch cannot become a main account', '409:already_in_network',
        'POST', 'north.demo.test', '/network', 'boris', {});
(undef, $code) = change('POST', 'west.demo.test', '/network/join-codes',
                        'pavel', {});
refused('a main account cannot become a branch', '409:already_in_network',
        'POST', 'main.demo.test', '/network/join', 'anna',
        {code => $code->{code}});
refused('a branch of one network cannot join another',
        '409:already_in_network',
        'POST', 'north.demo.test', '/network/join', 'boris',
        {code => $code->{code}});

# The main account off enterprise disables the network.
ok t_cmp(plan_of(1, 'professional'), 200, 'main moves to professional');
ok t_cmp(switcher_ids('south.demo.test', 'clara'), '3',
         'a disabled network lists only the current account');
(undef, $json) = api('GET', 'main.demo.test', '/network', user => 'anna');
ok t_cmp($json->{status}, 'disabled', 'the network says disabled');
refused('no branch can be created in a disabled network',
        '403:plan_required',
        'POST', 'main.demo.test', '/network/branches/new', 'anna',
        {name => 'Nope', host => 'nope.demo.test', plan => 'basic'});
($res) = change('DELETE', 'main.demo.test', '/network/branches/3', 'anna',
                {});
ok t_cmp($res->code, 204, 'disconnecting still works');
ok t_cmp(plan_of(1, 'enterprise'), 200, 'main is back on enterprise');
ok t_cmp(switcher_ids('north.demo.test', 'clara'), '1,2',
         'all is as before (south left meanwhile)');

# Only enterprise accounts become main accounts.
refused('a standard account cannot become a main account',
        '403:plan_required',
        'POST', 'harbor.demo.test', '/network', 'anna', {});
ok t_cmp(plan_of(7, 'enterprise'), 200, 'harbor moves to enterprise');
($res, $json) = change('POST', 'harbor.demo.test', '/network', 'anna', {});
ok t_cmp($res->code, 201, 'and becomes the main account of a network');

reset_data();
