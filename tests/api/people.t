# Employees and structure of an account: adding by login, changing,
# removing, the last admin, departments as a tree, several accounts per
# person, and no way into another account by changing an id.
use strict;
use warnings FATAL => 'all';
use utf8;

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

plan tests => 41;

reset_data();

my ($res, $json);

# Employees of north, as its admin sees them.
($res, $json) = api('GET', 'north.demo.test', '/accounts/2/employees',
                    user => 'boris');
ok t_cmp($res->code, 200, 'boris lists north');
ok t_cmp(join(',', map { $_->{login} } @{ $json->{items} }),
         'boris,clara,galina,lena', 'every member, in the order added');
my ($clara) = grep { $_->{login} eq 'clara' } @{ $json->{items} };
ok t_cmp("$clara->{role}/$clara->{status}/$clara->{department}{name}",
         'employee/active/Accounting', 'with role, status and department');
(undef, $json) = api('GET', 'north.demo.test',
                     '/accounts/2/employees?q=ARCHIVE', user => 'boris');
ok t_cmp(scalar @{ $json->{items} }, 0, '?q= does not search departments');
(undef, $json) = api('GET', 'north.demo.test',
                     '/accounts/2/employees?q=Gal', user => 'boris');
ok t_cmp(join(',', map { $_->{login} } @{ $json->{items} }), 'galina',
         '?q= filters by name');
(undef, $json) = api('GET', 'north.demo.test',
                     '/accounts/2/employees?q=%25', user => 'boris');
ok t_cmp($json->{total}, 0, '?q=% is a character, not a wildcard');

# Adding by login; an unknown login is recorded.
($res, $json) = change('POST', 'north.demo.test', '/accounts/2/employees',
                       'boris', {login => 'newbie', role => 'employee',
                                 department_id => 5});
ok t_cmp($res->code, 201, 'an unknown login is added');
ok t_cmp("$json->{login}/$json->{department}{id}", 'newbie/5',
         'into its department');
add_login('newbie');
ok t_cmp(request('GET', 'north.demo.test', '/', user => 'newbie')->code,
         200, 'and reaches north at the first sign-in');
($res, $json) = change('POST', 'north.demo.test', '/accounts/2/employees',
                       'boris', {login => 'newbie'});
ok t_cmp("${\ $res->code}:$json->{error}{code}", '409:already_member',
         'adding an active member again is 409');

# The same person in several accounts, each with its own role.
($res) = change('POST', 'south.demo.test', '/accounts/3/employees',
                'dmitri', {login => 'galina', role => 'admin'});
ok t_cmp($res->code, 201, 'galina is added to south as an admin');
(undef, $json) = api('GET', 'north.demo.test', '/me', user => 'galina');
ok t_cmp(join(',', map { "$_->{account_id}:$_->{role}" }
                  @{ $json->{memberships} }),
         '2:employee,3:admin', '/me shows both memberships and roles');
(undef, $json) = api('GET', 'north.demo.test', '/switcher',
                     user => 'galina');
ok t_cmp(join(',', map { $_->{id} } @{ $json->{accounts} }), '2,3',
         'the switcher shows both');

# The last admin stays.
($res, $json) = change('PATCH', 'north.demo.test', '/accounts/2/employees/2',
                       'boris', {role => 'employee'});
ok t_cmp("${\ $res->code}:$json->{error}{code}", '409:last_admin',
         'the last admin cannot be demoted');
($res, $json) = change('DELETE', 'north.demo.test', '/accounts/2/employees/2',
                       'anna', {});
ok t_cmp("${\ $res->code}:$json->{error}{code}", '409:last_admin',
         'nor removed, even by the main admin');
($res) = change('PATCH', 'north.demo.test', '/accounts/2/employees/7',
                'boris', {role => 'admin', department_id => undef});
ok t_cmp($res->code, 200, 'galina becomes an admin of north');
($res, $json) = change('PATCH', 'north.demo.test', '/accounts/2/employees/2',
                       'boris', {role => 'employee'});
ok t_cmp("${\ $res->code}/$json->{role}", '200/employee',
         'then boris can step down');

# Removal ends access, promptly (the change raises the generation).
($res) = change('DELETE', 'north.demo.test', '/accounts/2/employees/11',
                'galina', {});
ok t_cmp($res->code, 204, 'lena is removed');
my $took = wait_until(cache_ttl() + 1, sub {
    request('GET', 'north.demo.test', '/', user => 'lena')->code == 403 });
ok t_cmp(defined $took, 1, 'and denied within BranchNetCacheTTL + 1 s');
(undef, $json) = api('GET', 'north.demo.test', '/accounts/2/employees',
                     user => 'galina');
ok t_cmp(scalar(grep { $_->{login} eq 'lena' } @{ $json->{items} }), 0,
         'and no longer listed');

# Structure: a tree with heads and counts; create, rename, move, delete.
($res, $json) = api('GET', 'north.demo.test', '/accounts/2/structure',
                    user => 'clara');
my ($root) = @{ $json->{departments} };
ok t_cmp("$root->{name}/$root->{head}{login}", 'Acme North/boris',
         'the tree starts at north with its head');
ok t_cmp(join(',', map { "$_->{name}:$_->{employees}" }
                  @{ $root->{children} }),
         'Sales:1,Accounting:1,Archive:0',
         'children with their counts (newbie in Sales)');

my $name = 'Отдел 🚀';
($res, $json) = change('POST', 'north.demo.test', '/accounts/2/departments',
                       'galina', {name => $name, parent_id => 5,
                                  head_user_id => 3});
ok t_cmp($res->code, 201, 'a department is created under Sales');
my $dep = $json->{id};
(undef, $json) = api('GET', 'north.demo.test', '/accounts/2/structure',
                     user => 'clara');
my ($sales) = grep { $_->{id} == 5 } @{ $json->{departments}[0]{children} };
ok t_cmp($sales->{children}[0]{name}, $name,
         'its 4-byte UTF-8 name round-trips');
($res, $json) = change('PATCH', 'north.demo.test', '/accounts/2/departments/5',
                       'galina', {parent_id => $dep});
ok t_cmp("${\ $res->code}:$json->{error}{code}", '409:cycle',
         'moving Sales below its own child is 409');
($res, $json) = change('PATCH', 'north.demo.test',
                       "/accounts/2/departments/$dep", 'galina',
                       {parent_id => 6, name => 'Renamed'});
ok t_cmp("${\ $res->code}/$json->{name}/$json->{parent_id}", '200/Renamed/6',
         'it is renamed and moved');
($res, $json) = change('DELETE', 'north.demo.test',
                       '/accounts/2/departments/6', 'galina', {});
ok t_cmp("${\ $res->code}:$json->{error}{code}", '409:not_empty',
         'a department with children or employees is not deleted');
($res) = change('DELETE', 'north.demo.test', "/accounts/2/departments/$dep",
                'galina', {});
ok t_cmp($res->code, 204, 'an empty one is');

# A deep tree is drawn whole.
my $parent = 14;
for my $i (1 .. 100) {
    (undef, $json) = change('POST', 'north.demo.test',
                            '/accounts/2/departments', 'galina',
                            {name => "Level $i", parent_id => $parent});
    $parent = $json->{id};
}
(undef, $json) = api('GET', 'north.demo.test', '/accounts/2/structure',
                     user => 'galina');
my ($node, $depth) = (grep { $_->{id} == 14 }
                      @{ $json->{departments}[0]{children} });
$depth = 0;
($node, $depth) = ($node->{children}[0], $depth + 1)
    while $node && @{ $node->{children} };
ok t_cmp("$depth/$node->{name}", '100/Level 100',
         'a hundred levels below Archive are all in the structure');

# Nothing of another account by changing an id: every id kind. boris
# administers north and is no member of south.
reset_data();
my $before = fingerprint();
my @probes = (
    ['GET', '/accounts/3/employees', undef, 404],
    ['GET', '/accounts/3/structure', undef, 404],
    ['POST', '/accounts/3/employees', {login => 'x'}, 404],
    ['POST', '/accounts/3/invitations', {emails => ['x@demo.test']}, 404],
    ['POST', '/accounts/3/departments', {name => 'x'}, 404],
    ['PATCH', '/accounts/2/employees/4', {role => 'admin'}, 404],
    ['PATCH', '/accounts/2/departments/7', {name => 'x'}, 404],
    ['POST', '/accounts/2/employees', {login => 'x', department_id => 8},
     404],
    ['POST', '/accounts/2/departments', {name => 'x', parent_id => 8}, 404],
    ['POST', '/accounts/2/departments', {name => 'x', head_user_id => 4},
     404],
    ['POST', '/accounts/2/invitations',
     {emails => ['x@demo.test'], department_id => 7}, 404],
);
for my $p (@probes) {
    my ($method, $path, $body, $want) = @$p;
    ($res) = $method eq 'GET'
        ? api('GET', 'north.demo.test', $path, user => 'boris')
        : change($method, 'north.demo.test', $path, 'boris', $body);
    ok t_cmp($res->code, $want, "boris: $method $path is $want");
}
ok t_cmp(fingerprint(), $before, 'none of it wrote anything');

reset_data();
