-- First start of the postgres container (empty data directory): the two roles and the
-- database. The image's entrypoint runs this file with psql as the superuser, so \getenv
-- (psql 15+) reads the passwords from the container's environment (docker-compose.yml).
-- It does not run again on an existing volume: change a password there with ALTER ROLE.
\set ON_ERROR_STOP on
\getenv owner_password EDESTORY_OWNER_DB_PASSWORD
\getenv app_password EDESTORY_APP_DB_PASSWORD

-- Owns the database and the schema; `edestory migrate` connects as this role. FORCE ROW
-- LEVEL SECURITY holds the owner to the tenant policies too.
CREATE ROLE edestory_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS
    PASSWORD :'owner_password';

-- The API's role: owns nothing, is not superuser and cannot bypass row-level security.
-- The migrations grant it SELECT/INSERT/UPDATE/DELETE on the tables, and nothing more.
CREATE ROLE edestory_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS
    PASSWORD :'app_password';

CREATE DATABASE edestory OWNER edestory_owner;
REVOKE ALL ON DATABASE edestory FROM PUBLIC;
GRANT CONNECT ON DATABASE edestory TO edestory_app;

-- PostgreSQL 15+ already denies CREATE on schema public to other roles; say so anyway, so
-- the app role can never create objects whatever the server's defaults.
\connect edestory
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
