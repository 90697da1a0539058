-- A notice keeps its words (catalogue keys and their arguments, as JSON)
-- beside the text first written, so that the inbox shows it in the
-- language its reader reads now; the text stays for older notices.
ALTER TABLE notifications ADD COLUMN words TEXT;
