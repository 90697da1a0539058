-- Trigram indexes make `LOWER(name) LIKE '%word%'` an index search. The
-- extension goes in `public` (it is trusted: the database's owner may
-- create it), so every schema's indexes find its operator class.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX persons_name_trgm_idx ON persons USING gin (LOWER(name) public.gin_trgm_ops);
CREATE INDEX persons_email_trgm_idx ON persons USING gin (LOWER(email) public.gin_trgm_ops);
