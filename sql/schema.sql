-- mod_branchnet schema, version 3.
--
-- Idempotent: loading it again into a database that already holds it
-- changes nothing. A database made by an older version is brought up to
-- date by the files of sql/migrations/, in order (each is idempotent too);
-- the module refuses to serve (503) when the version found is older than
-- the one it was built for.

SET NAMES utf8mb4;

CREATE TABLE IF NOT EXISTS bn_schema_version (
    id          TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    version     INT UNSIGNED     NOT NULL,
    applied_at  DATETIME         NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT bn_schema_version_one CHECK (id = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One account (portal) of the business application. host is the name
-- people's requests carry: lowercase, no port, no trailing dot.
CREATE TABLE IF NOT EXISTS bn_accounts (
    id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    host             VARCHAR(253) CHARACTER SET ascii COLLATE ascii_bin
                     NOT NULL,
    name             VARCHAR(255)  NOT NULL,
    address          VARCHAR(2048) NOT NULL,
    plan             ENUM('free', 'basic', 'standard', 'professional',
                          'enterprise') NOT NULL DEFAULT 'free',
    plan_changed_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- set the first time the account joins a network: a free account gets
    -- one trial in its life
    networked_at     DATETIME NULL,
    created_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY bn_accounts_host (host)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- login is the value of r->user, compared byte for byte as Apache's own
-- "Require user" compares it; hence binary.
CREATE TABLE IF NOT EXISTS bn_users (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    login         VARBINARY(255) NOT NULL,
    email         VARCHAR(254)   NULL,
    display_name  VARCHAR(255)   NOT NULL DEFAULT '',
    created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY bn_users_login (login),
    KEY bn_users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS bn_departments (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id    BIGINT UNSIGNED NOT NULL,
    parent_id     BIGINT UNSIGNED NULL,
    name          VARCHAR(255) NOT NULL,
    head_user_id  BIGINT UNSIGNED NULL,
    sort          INT NOT NULL DEFAULT 0,
    created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY bn_departments_tree (account_id, parent_id, sort),
    CONSTRAINT bn_departments_account FOREIGN KEY (account_id)
        REFERENCES bn_accounts (id),
    CONSTRAINT bn_departments_parent FOREIGN KEY (parent_id)
        REFERENCES bn_departments (id),
    CONSTRAINT bn_departments_head FOREIGN KEY (head_user_id)
        REFERENCES bn_users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS bn_memberships (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id        BIGINT UNSIGNED NOT NULL,
    account_id     BIGINT UNSIGNED NOT NULL,
    role           ENUM('admin', 'employee') NOT NULL DEFAULT 'employee',
    status         ENUM('invited', 'active', 'removed') NOT NULL
                   DEFAULT 'active',
    department_id  BIGINT UNSIGNED NULL,
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
                   ON UPDATE CURRENT_TIMESTAMP,
    UNIQUE KEY bn_memberships_user_account (user_id, account_id),
    KEY bn_memberships_account (account_id, status, role),
    -- pages of an account's people in the order they were added
    KEY bn_memberships_page (account_id, id, status),
    CONSTRAINT bn_memberships_user FOREIGN KEY (user_id)
        REFERENCES bn_users (id),
    CONSTRAINT bn_memberships_account FOREIGN KEY (account_id)
        REFERENCES bn_accounts (id),
    CONSTRAINT bn_memberships_department FOREIGN KEY (department_id)
        REFERENCES bn_departments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- How many active and invited memberships each account has, kept by the
-- triggers below so that pages of people and branches need not count
-- hundreds of thousands of rows on every request. An account without a
-- row has none. Derived data: sql/migrations/003-account-members.sql
-- counts it again from bn_memberships.
CREATE TABLE IF NOT EXISTS bn_account_members (
    account_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    active      BIGINT NOT NULL DEFAULT 0,
    invited     BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER IF NOT EXISTS bn_memberships_counted_insert
AFTER INSERT ON bn_memberships FOR EACH ROW
    INSERT INTO bn_account_members (account_id, active, invited)
    VALUES (NEW.account_id, NEW.status = 'active', NEW.status = 'invited')
    ON DUPLICATE KEY UPDATE active = active + VALUES(active),
                            invited = invited + VALUES(invited);

-- The old row's counts go, the new row's come; a change of role or
-- department alone nets to nothing.
CREATE TRIGGER IF NOT EXISTS bn_memberships_counted_update
AFTER UPDATE ON bn_memberships FOR EACH ROW
    INSERT INTO bn_account_members (account_id, active, invited)
    VALUES (OLD.account_id, -(OLD.status = 'active'),
            -(OLD.status = 'invited')),
           (NEW.account_id, NEW.status = 'active', NEW.status = 'invited')
    ON DUPLICATE KEY UPDATE active = active + VALUES(active),
                            invited = invited + VALUES(invited);

CREATE TRIGGER IF NOT EXISTS bn_memberships_counted_delete
AFTER DELETE ON bn_memberships FOR EACH ROW
    UPDATE bn_account_members
    SET active = active - (OLD.status = 'active'),
        invited = invited - (OLD.status = 'invited')
    WHERE account_id = OLD.account_id;

-- Where pages of an account's people begin: how many of its active and
-- invited memberships fall in each block of 1024 membership ids, kept by
-- the triggers below. A page from start=N sums the blocks up to N and
-- skips less than a block in the index, instead of N rows. Derived data:
-- sql/migrations/004-member-blocks.sql counts it again.
CREATE TABLE IF NOT EXISTS bn_member_blocks (
    account_id  BIGINT UNSIGNED NOT NULL,
    block       BIGINT UNSIGNED NOT NULL,
    members     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, block)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER IF NOT EXISTS bn_memberships_blocked_insert
AFTER INSERT ON bn_memberships FOR EACH ROW
    INSERT INTO bn_member_blocks (account_id, block, members)
    VALUES (NEW.account_id, NEW.id DIV 1024, NEW.status <> 'removed')
    ON DUPLICATE KEY UPDATE members = members + VALUES(members);

CREATE TRIGGER IF NOT EXISTS bn_memberships_blocked_update
AFTER UPDATE ON bn_memberships FOR EACH ROW
    INSERT INTO bn_member_blocks (account_id, block, members)
    VALUES (OLD.account_id, OLD.id DIV 1024, -(OLD.status <> 'removed')),
           (NEW.account_id, NEW.id DIV 1024, NEW.status <> 'removed')
    ON DUPLICATE KEY UPDATE members = members + VALUES(members);

CREATE TRIGGER IF NOT EXISTS bn_memberships_blocked_delete
AFTER DELETE ON bn_memberships FOR EACH ROW
    UPDATE bn_member_blocks SET members = members - (OLD.status <> 'removed')
    WHERE account_id = OLD.account_id AND block = OLD.id DIV 1024;

CREATE TABLE IF NOT EXISTS bn_networks (
    id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    main_account_id  BIGINT UNSIGNED NOT NULL,
    created_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY bn_networks_main (main_account_id),
    CONSTRAINT bn_networks_main_account FOREIGN KEY (main_account_id)
        REFERENCES bn_accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A row per connected branch; disconnecting deletes the row and keeps the
-- account with everything in it.
CREATE TABLE IF NOT EXISTS bn_branches (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    network_id     BIGINT UNSIGNED NOT NULL,
    account_id     BIGINT UNSIGNED NOT NULL,
    connected_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    trial_ends_at  DATETIME NULL,
    UNIQUE KEY bn_branches_account (account_id),
    KEY bn_branches_network (network_id, connected_at),
    CONSTRAINT bn_branches_network_fk FOREIGN KEY (network_id)
        REFERENCES bn_networks (id),
    CONSTRAINT bn_branches_account_fk FOREIGN KEY (account_id)
        REFERENCES bn_accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Join codes and invitations keep only the SHA-256 of their token.
CREATE TABLE IF NOT EXISTS bn_join_codes (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    network_id   BIGINT UNSIGNED NOT NULL,
    code_hash    BINARY(32) NOT NULL,
    expires_at   DATETIME NOT NULL,
    used_at      DATETIME NULL,
    used_by      BIGINT UNSIGNED NULL,
    created_by   BIGINT UNSIGNED NOT NULL,
    created_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY bn_join_codes_hash (code_hash),
    CONSTRAINT bn_join_codes_network FOREIGN KEY (network_id)
        REFERENCES bn_networks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS bn_invitations (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id     BIGINT UNSIGNED NOT NULL,
    email          VARCHAR(254) NOT NULL,
    role           ENUM('admin', 'employee') NOT NULL DEFAULT 'employee',
    department_id  BIGINT UNSIGNED NULL,
    token_hash     BINARY(32) NOT NULL,
    status         ENUM('pending', 'accepted', 'revoked') NOT NULL
                   DEFAULT 'pending',
    expires_at     DATETIME NOT NULL,
    accepted_at    DATETIME NULL,
    accepted_by    BIGINT UNSIGNED NULL,
    created_by     BIGINT UNSIGNED NOT NULL,
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY bn_invitations_token (token_hash),
    KEY bn_invitations_account (account_id, status),
    CONSTRAINT bn_invitations_account_fk FOREIGN KEY (account_id)
        REFERENCES bn_accounts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS bn_audit_log (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at           DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    actor_login  VARBINARY(255) NOT NULL,
    action       VARCHAR(64) NOT NULL,
    account_id   BIGINT UNSIGNED NULL,
    network_id   BIGINT UNSIGNED NULL,
    details      LONGTEXT NOT NULL DEFAULT '{}',
    KEY bn_audit_account (account_id, id),
    KEY bn_audit_network (network_id, id),
    CONSTRAINT bn_audit_details_json CHECK (JSON_VALID(details))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Raised by every change; each server compares it with the value it saw
-- last to drop access decisions it cached before the change.
CREATE TABLE IF NOT EXISTS bn_generation (
    id          TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    generation  BIGINT UNSIGNED  NOT NULL DEFAULT 0,
    CONSTRAINT bn_generation_one CHECK (id = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO bn_generation (id, generation) VALUES (1, 0);
INSERT INTO bn_schema_version (id, version) VALUES (1, 4)
    ON DUPLICATE KEY UPDATE version = GREATEST(version, VALUES(version));
