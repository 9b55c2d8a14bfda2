#!/bin/sh
# Scale data for the benchmark and the query-plan test, as SQL on standard
# output: ACCOUNTS accounts in one network (account 1 is the main
# account), PEOPLE people, and about five memberships a person: the first
# thousand people are members of 50 accounts each, and account 2 has half
# of all people. Load it into a database that holds sql/schema.sql only:
#
#   sql/scale.sh 10000 200000 | mariadb branchnet
#
# Uses MariaDB's Sequence engine (seq_1_to_N tables).
set -eu
accounts=${1:-10000}
people=${2:-200000}
multi=1000
rest=$((people - multi))
half=$((people / 2))
memberships=$((rest * 5))

cat <<SQL
SET NAMES utf8mb4;
SET unique_checks = 0;
SET foreign_key_checks = 0;

INSERT INTO bn_accounts (id, host, name, address, plan)
SELECT seq, CONCAT('a', seq, '.scale.test'), CONCAT('Account ', seq),
       CONCAT('http://a', seq, '.scale.test/'),
       IF(seq = 1, 'enterprise', 'standard')
FROM seq_1_to_${accounts};

INSERT INTO bn_networks (id, main_account_id) VALUES (1, 1);
INSERT INTO bn_branches (network_id, account_id)
SELECT 1, seq FROM seq_2_to_${accounts};

INSERT INTO bn_users (id, login, email, display_name)
SELECT seq, CONCAT('u', seq), CONCAT('u', seq, '@scale.test'),
       CONCAT('Person ', seq)
FROM seq_1_to_${people};

-- The first thousand people in 50 accounts each.
INSERT IGNORE INTO bn_memberships (user_id, account_id, role, status)
SELECT u.seq, ((u.seq * 7 + k.seq * 197) MOD ${accounts}) + 1, 'employee',
       'active'
FROM seq_1_to_${multi} u JOIN seq_0_to_49 k;

-- Everyone else in about five accounts.
INSERT IGNORE INTO bn_memberships (user_id, account_id, role, status)
SELECT ${multi} + 1 + (n.seq MOD ${rest}),
       ((n.seq * 7919) MOD ${accounts}) + 1, 'employee', 'active'
FROM seq_1_to_${memberships} n;

-- Account 2 has half of all people.
INSERT IGNORE INTO bn_memberships (user_id, account_id, role, status)
SELECT seq, 2, 'employee', 'active' FROM seq_${half}_to_${people};

-- Person 1 administers the main account and their own 50.
UPDATE bn_memberships SET role = 'admin' WHERE user_id = 1;
INSERT IGNORE INTO bn_memberships (user_id, account_id, role, status)
VALUES (1, 1, 'admin', 'active');
UPDATE bn_generation SET generation = generation + 1 WHERE id = 1;
SET unique_checks = 1;
SET foreign_key_checks = 1;
ANALYZE TABLE bn_accounts, bn_users, bn_memberships, bn_branches,
              bn_networks;
SQL
