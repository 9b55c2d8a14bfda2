package BN::Test;
# Helpers of the mod_branchnet tests: requests to an account's host as a
# demo person, the test database, and stopping and starting it.
use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use DBI;
use HTTP::Request;
use LWP::UserAgent;
use MIME::Base64 qw(encode_base64);
use Time::HiRes qw(sleep time);
use Apache::Test ();

our @EXPORT = qw(request api change db reset_data db_stop db_start
                 wait_until cache_ttl fingerprint add_login);

my $ua = LWP::UserAgent->new(timeout => 30, max_redirect => 0);

# The port of the test server itself, whatever a test sets BN_HTTP_PORT to.
our $server_a_port = $ENV{BN_HTTP_PORT};

sub port { $ENV{BN_HTTP_PORT} }

sub cache_ttl { $ENV{BN_CACHE_TTL} }

# request(METHOD, HOST, PATH, user => LOGIN, headers => [NAME, VALUE...],
#         body => TEXT): the HTTP::Response of the test server for a
# request to HOST's virtual host; every demo person's password is "demo".
sub request {
    my ($method, $host, $path, %opt) = @_;
    my $req = HTTP::Request->new($method, "http://127.0.0.1:" . port() . $path);

    $req->header(Host => $host);
    if (defined $opt{user}) {
        my $pass = exists $opt{password} ? $opt{password} : 'demo';
        $req->header(Authorization =>
                     'Basic ' . encode_base64("$opt{user}:$pass", ''));
    }
    my @h = @{ $opt{headers} || [] };
    while (my ($name, $value) = splice @h, 0, 2) {
        $req->push_header($name, $value);
    }
    $req->content($opt{body}) if defined $opt{body};
    return $ua->request($req);
}

# api(METHOD, HOST, CALL, ...): a request to /branchnet/api CALL; returns
# the response and its decoded JSON body (undef when it is not JSON).
sub api {
    my ($method, $host, $call, %opt) = @_;
    require JSON::PP;
    my $res = request($method, $host, "/branchnet/api$call", %opt);
    my $json = eval { JSON::PP->new->utf8->decode($res->content) };
    return ($res, $json);
}

# change(METHOD, HOST, CALL, USER, BODY, headers => [...]): a change
# through the API as USER with a JSON body (a reference is encoded, a
# string sent as it is). Returns the response and its decoded JSON.
sub change {
    my ($method, $host, $call, $user, $body, %opt) = @_;
    require JSON::PP;
    $body = JSON::PP->new->utf8->canonical->encode($body) if ref $body;
    return api($method, $host, $call, user => $user, body => $body,
               headers => ['Content-Type' => 'application/json',
                           @{ $opt{headers} || [] }]);
}

# Everything a change writes, counted: equal before and after means a
# refused request wrote nothing.
sub fingerprint {
    my $db = db();
    return join ',', map { $db->selectrow_array($_) }
        'SELECT COUNT(*) FROM bn_accounts',
        'SELECT COUNT(*) FROM bn_networks',
        'SELECT COUNT(*) FROM bn_branches',
        'SELECT COUNT(*) FROM bn_users',
        q{SELECT COUNT(*) FROM bn_memberships WHERE status = 'active'},
        'SELECT COUNT(*) FROM bn_join_codes',
        'SELECT COUNT(*) FROM bn_join_codes WHERE used_at IS NOT NULL',
        'SELECT COUNT(*) FROM bn_audit_log',
        'SELECT generation FROM bn_generation',
        q{SELECT GROUP_CONCAT(plan ORDER BY id) FROM bn_accounts};
}

# A sign-in for LOGIN (password "demo") that mod_branchnet knows nothing
# of yet.
sub add_login {
    my ($login) = @_;
    db()->do(q{INSERT IGNORE INTO demo_credentials (login, password_hash)
               SELECT ?, password_hash FROM demo_credentials
               WHERE login = 'anna'}, undef, $login);
}

my $dbh;

sub db {
    return $dbh if $dbh && $dbh->ping;
    $dbh = DBI->connect(
        "DBI:MariaDB:database=branchnet;host=127.0.0.1;port=$ENV{BN_DB_PORT}",
        'branchnet', 'branchnet',
        { RaiseError => 1, PrintError => 0, AutoCommit => 1 });
    return $dbh;
}

# Back to exactly the demo data.
sub reset_data {
    my $db = db();
    $db->do('SET FOREIGN_KEY_CHECKS = 0');
    for my $t (qw(bn_audit_log bn_invitations bn_join_codes bn_branches
                  bn_networks bn_memberships bn_departments bn_users
                  bn_accounts demo_credentials)) {
        $db->do("DELETE FROM $t");
    }
    $db->do('SET FOREIGN_KEY_CHECKS = 1');
    open my $fh, '<', "$ENV{BN_ROOT}/sql/demo.sql" or die $!;
    my $sql = do { local $/; <$fh> };
    $sql =~ s/^--.*$//mg;
    $db->do($_) for grep { /\S/ } split /;\s*\n/, $sql;

    # The demo's addresses name the demo's port; the test server has its own.
    $db->do('UPDATE bn_accounts SET address = REPLACE(address, ?, ?)',
            undef, ':8080/', ":$ENV{BN_HTTP_PORT}/");

    # As any outside writer should: servers drop what they cached.
    $db->do('UPDATE bn_generation SET generation = generation + 1');
}

sub db_stop {
    undef $dbh;
    system("$ENV{BN_ROOT}/sql/mariadb.sh", 'stop', "$ENV{BN_RUN}/db") == 0
        or die "cannot stop MariaDB";
}

sub db_start {
    system("$ENV{BN_ROOT}/sql/mariadb.sh", 'start', "$ENV{BN_RUN}/db",
           $ENV{BN_DB_PORT}) == 0 or die "cannot start MariaDB";
}

# Calls CHECK every 0.1 s until it returns true or SECONDS have passed;
# returns the seconds it took, or undef.
sub wait_until {
    my ($seconds, $check) = @_;
    my $start = time;
    while (time - $start <= $seconds) {
        return time - $start if $check->();
        sleep 0.1;
    }
    return undef;
}

1;
