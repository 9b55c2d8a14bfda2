-- Schema version 3: each account's count of active and invited
-- memberships, kept in bn_account_members by triggers. Load sql/schema.sql
-- first (it creates the table and the triggers where they are missing);
-- this file counts the memberships already there. Idempotent.
INSERT INTO bn_account_members (account_id, active, invited)
SELECT a.id, COALESCE(SUM(m.status = 'active'), 0),
       COALESCE(SUM(m.status = 'invited'), 0)
FROM bn_accounts a LEFT JOIN bn_memberships m ON m.account_id = a.id
GROUP BY a.id
ON DUPLICATE KEY UPDATE active = VALUES(active), invited = VALUES(invited);

UPDATE bn_schema_version SET version = GREATEST(version, 3) WHERE id = 1;
