# Two httpd servers on one database: a removal made through server A is
# enforced by server B within BranchNetRevalidate + 1 seconds, however long
# B caches its decisions.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(plan ok);
use Apache::TestUtil qw(t_cmp);
use BN::Test;
use File::Path qw(make_path);
use IO::Socket::INET;

plan tests => 5;

reset_data();

sub free_port {
    IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
                          LocalPort => 0)->sockport;
}

# Server B: the demo's configuration on ports of its own, caching for ten
# minutes.
my $run = "$ENV{BN_RUN}/server-b";
make_path($run);
local $ENV{BN_RUN} = $run;
local $ENV{BN_HTTP_PORT} = free_port();
local $ENV{BN_UPSTREAM_PORT} = free_port();
local $ENV{BN_CACHE_TTL} = 600;
system($ENV{BN_HTTPD}, '-f', "$ENV{BN_ROOT}/conf/demo/httpd.conf", '-k', 'start') == 0
    or die "server B did not start";
my $b_port = $ENV{BN_HTTP_PORT};

sub on_b {
    my ($user) = @_;
    local $ENV{BN_HTTP_PORT} = $b_port;
    return request('GET', 'north.demo.test', '/', user => $user)->code;
}

my $up = wait_until(10, sub { on_b('galina') == 200 });
ok t_cmp(defined $up, 1, 'galina reaches north through server B');
on_b('galina') for 1 .. 20;

my ($res) = do {
    local $ENV{BN_HTTP_PORT} = $BN::Test::server_a_port;
    change('DELETE', 'north.demo.test', '/accounts/2/employees/7', 'boris',
           {});
};
ok t_cmp($res->code, 204, 'boris removes galina through server A');

my $took = wait_until(2, sub { !grep { on_b('galina') != 403 } 1 .. 10 });
ok t_cmp(defined $took, 1,
         'server B denies her within BranchNetRevalidate + 1 s');
ok t_cmp(on_b('boris'), 200, 'and still lets boris in');

my $pid = do { open my $fh, '<', "$run/httpd.pid" or die $!; <$fh> };
chomp $pid;
kill 'TERM', $pid;
my $gone = wait_until(10, sub { !kill 0, $pid });
ok t_cmp(defined $gone, 1, 'server B is stopped by its pid');

reset_data();
