-- Demo data: one network of a main account and three branches (one of
-- them a free account in its trial), a second network, two standalone
-- accounts, and people. "operator" is the demo's BranchNetOperator.
-- Idempotent: ids are fixed, rows are written with INSERT IGNORE.
-- Every demo person signs in with the password "demo".

SET NAMES utf8mb4;

INSERT IGNORE INTO bn_accounts (id, host, name, address, plan) VALUES
    (1, 'main.demo.test',  'Acme Holding', 'http://main.demo.test:8080/',
     'enterprise'),
    (2, 'north.demo.test', 'Acme North',   'http://north.demo.test:8080/',
     'professional'),
    (3, 'south.demo.test', 'Acme South',   'http://south.demo.test:8080/',
     'standard'),
    (4, 'east.demo.test',  'Acme East',    'http://east.demo.test:8080/',
     'free'),
    (5, 'solo.demo.test',  'Solo Trading', 'http://solo.demo.test:8080/',
     'basic'),
    (6, 'west.demo.test',  'Westwind Group', 'http://west.demo.test:8080/',
     'enterprise'),
    (7, 'harbor.demo.test', 'Harbor Dealer', 'http://harbor.demo.test:8080/',
     'standard');

UPDATE bn_accounts SET networked_at = NOW()
    WHERE id IN (2, 3, 4) AND networked_at IS NULL;

-- Westwind is the main account of a second, unrelated network.
INSERT IGNORE INTO bn_networks (id, main_account_id) VALUES (1, 1), (2, 6);

INSERT IGNORE INTO bn_branches (id, network_id, account_id, trial_ends_at)
VALUES
    (1, 1, 2, NULL),
    (2, 1, 3, NULL),
    (3, 1, 4, NOW() + INTERVAL 15 DAY);

INSERT IGNORE INTO bn_users (id, login, email, display_name) VALUES
    (1,  'anna',   'anna@demo.test',   'Anna Main'),
    (2,  'boris',  'boris@demo.test',  'Boris North'),
    (3,  'clara',  'clara@demo.test',  'Clara Accountant'),
    (4,  'dmitri', 'dmitri@demo.test', 'Dmitri South'),
    (5,  'elena',  'elena@demo.test',  'Elena Regional'),
    (6,  'fedor',  'fedor@demo.test',  'Fedor East'),
    (7,  'galina', 'galina@demo.test', 'Galina Sales'),
    (8,  'ivan',   'ivan@demo.test',   'Ivan Office'),
    (9,  'julia',  'julia@demo.test',  'Julia Support'),
    (10, 'kirill', 'kirill@demo.test', 'Kirill Warehouse'),
    (11, 'lena',   'lena@demo.test',   'Lena Marketing'),
    (12, 'maxim',  'maxim@demo.test',  'Maxim Legal'),
    (13, 'nina',   'nina@demo.test',   'Nina Outsider'),
    (14, 'oleg',   'oleg@demo.test',   'Oleg Solo'),
    (15, 'pavel',  'pavel@demo.test',  'Pavel West'),
    (16, 'operator', 'operator@demo.test', 'Billing Operator');

INSERT IGNORE INTO bn_departments (id, account_id, parent_id, name, sort)
VALUES
    (1,  1, NULL, 'Acme Holding', 0),
    (2,  1, 1,    'Finance',      1),
    (3,  1, 1,    'Legal',        2),
    (4,  2, NULL, 'Acme North',   0),
    (5,  2, 4,    'Sales',        1),
    (6,  2, 4,    'Accounting',   2),
    (7,  3, NULL, 'Acme South',   0),
    (8,  3, 7,    'Support',      1),
    (9,  4, NULL, 'Acme East',    0),
    (10, 4, 9,    'Warehouse',    1),
    (11, 5, NULL, 'Solo Trading', 0),
    (12, 6, NULL, 'Westwind Group', 0),
    (13, 7, NULL, 'Harbor Dealer', 0),
    (14, 2, 4,    'Archive',       3);

UPDATE bn_departments SET head_user_id = 1 WHERE id = 1;
UPDATE bn_departments SET head_user_id = 2 WHERE id = 4;
UPDATE bn_departments SET head_user_id = 4 WHERE id = 7;
UPDATE bn_departments SET head_user_id = 6 WHERE id = 9;

-- anna and maxim: main administrators, members of no branch.
-- clara and elena: members of several accounts.
INSERT IGNORE INTO bn_memberships
    (user_id, account_id, role, status, department_id) VALUES
    (1,  1, 'admin',    'active', 1),
    (8,  1, 'employee', 'active', 1),
    (12, 1, 'admin',    'active', 3),
    (2,  1, 'employee', 'active', 2),
    (2,  2, 'admin',    'active', 4),
    (3,  2, 'employee', 'active', 6),
    (3,  3, 'employee', 'active', 7),
    (3,  1, 'employee', 'active', 2),
    (7,  2, 'employee', 'active', 5),
    (11, 2, 'employee', 'active', 5),
    (4,  3, 'admin',    'active', 7),
    (5,  3, 'employee', 'active', 8),
    (5,  4, 'employee', 'active', 9),
    (9,  3, 'employee', 'active', 8),
    (6,  4, 'admin',    'active', 9),
    (10, 4, 'employee', 'active', 10),
    (14, 5, 'admin',    'active', 11),
    (15, 6, 'admin',    'active', 12),
    -- Harbor, standalone, is run by the main administrators of both
    -- networks: either may connect it directly.
    (15, 7, 'admin',    'active', 13),
    (1,  7, 'admin',    'active', 13);

-- Credentials of the demo's own sign-in (mod_authn_dbd). They belong to
-- the authentication module, not to mod_branchnet, which never reads them.
CREATE TABLE IF NOT EXISTS demo_credentials (
    login          VARBINARY(255) NOT NULL PRIMARY KEY,
    password_hash  VARCHAR(255)   NOT NULL
) ENGINE=InnoDB;

INSERT IGNORE INTO demo_credentials (login, password_hash)
SELECT login, '$2y$06$t3nJaCHhN//0qSaTf2IMaethb1whiQxJ/h0niDFczSgc5ypNqQ0ca'
    FROM bn_users;
