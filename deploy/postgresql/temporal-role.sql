-- The login role of the Temporal server (not a superuser: CREATEDB is enough, and the visibility
-- schema's btree_gin extension is a trusted one). Idempotent; the password comes from the
-- environment of psql, never from this file. Run by docker-compose.yml's temporal-db-setup.
\set ON_ERROR_STOP on
\getenv temporal_password CCHC_TEMPORAL_DB_PASSWORD
SELECT 'CREATE ROLE temporal LOGIN CREATEDB'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'temporal')\gexec
ALTER ROLE temporal WITH LOGIN CREATEDB NOSUPERUSER PASSWORD :'temporal_password';
