-- Schema version 4: where pages of an account's people begin, kept in
-- bn_member_blocks by triggers. Load sql/schema.sql first (it creates the
-- table and the triggers where they are missing); this file counts the
-- memberships already there. Idempotent.
START TRANSACTION;

-- A block left with no members counts nothing; it need not go.
UPDATE bn_member_blocks SET members = 0;

INSERT INTO bn_member_blocks (account_id, block, members)
SELECT account_id, id DIV 1024, SUM(status <> 'removed')
FROM bn_memberships
GROUP BY account_id, id DIV 1024
ON DUPLICATE KEY UPDATE members = VALUES(members);

COMMIT;

UPDATE bn_schema_version SET version = GREATEST(version, 4) WHERE id = 1;
