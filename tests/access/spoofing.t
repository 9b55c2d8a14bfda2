# Client-sent X-Branchnet-* headers never reach the upstream, in any
# spelling, on protected and unprotected locations alike.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;

my @spellings = ('X-Branchnet-User', 'x-branchnet-user', 'X-BRANCHNET-USER',
                 'X_Branchnet_User', 'x_branchnet-user');
my @cases = (['north.demo.test', '/', 'boris', 'boris'],
             ['north.demo.test', '/public/', undef, '(none)'],
             ['north.demo.test', '/public/', 'nina', '(none)']);

plan tests => @spellings * @cases + 2;

reset_data();

for my $case (@cases) {
    my ($host, $path, $user, $want) = @$case;
    for my $name (@spellings) {
        my $res = request('GET', $host, $path, user => $user,
                          headers => [$name => 'someone-else',
                                      'X-Branchnet-Role' => 'admin']);
        my ($seen) = $res->content =~ /^X-Branchnet-User: (.*)$/m;
        ok t_cmp($seen, $want, sprintf('%s on %s as %s', $name, $path,
                                       $user // 'anonymous'));
    }
}

my $res = request('GET', 'north.demo.test', '/public/',
                  headers => ['X-Branchnet-Role' => 'admin',
                              'X-Branchnet-Account' => 'main.demo.test']);
ok t_cmp($res->content =~ /^X-Branchnet-Role: (.*)$/m ? $1 : '', '(none)',
         'a spoofed role is dropped on an open location');
ok t_cmp($res->content =~ /^X-Branchnet-Account: (.*)$/m ? $1 : '', '(none)',
         'a spoofed account is dropped on an open location');
