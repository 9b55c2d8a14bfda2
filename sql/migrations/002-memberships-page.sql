-- Schema version 2: an index for pages of an account's people in the
-- order they were added. Idempotent; works on MySQL 8 and MariaDB.
SET @missing = (SELECT COUNT(*) = 0 FROM information_schema.statistics
                WHERE table_schema = DATABASE()
                  AND table_name = 'bn_memberships'
                  AND index_name = 'bn_memberships_page');
SET @sql = IF(@missing,
    'ALTER TABLE bn_memberships ADD INDEX bn_memberships_page (account_id, id, status)',
    'DO 0');
PREPARE step FROM @sql;
EXECUTE step;
DEALLOCATE PREPARE step;

UPDATE bn_schema_version SET version = GREATEST(version, 2) WHERE id = 1;
