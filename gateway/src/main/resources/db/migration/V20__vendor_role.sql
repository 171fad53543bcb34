-- The vendor role (docs/security.md): a token a vendor's algorithm uses to store its results at
-- Varde's STOW-RS endpoint, and nothing else. The role check of V8 gains the word.
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_role;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role CHECK (role IN ('viewer', 'operator', 'admin', 'vendor'));

-- A result stored by STOW-RS names its sender "dicomweb:<vendor token name>" (a name is up to 64
-- characters), not an AE title of 16: the column that holds the sender grows.
ALTER TABLE result_objects ALTER COLUMN calling_ae_title SET DATA TYPE VARCHAR(80);
