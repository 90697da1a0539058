-- A full-text table of three-letter fragments of every person's name and
-- email, kept with `persons` by triggers; searched with MATCH.
CREATE VIRTUAL TABLE persons_search USING fts5(name, email, content='persons', content_rowid='id', tokenize='trigram');
INSERT INTO persons_search (rowid, name, email) SELECT id, name, email FROM persons;
CREATE TRIGGER persons_search_insert AFTER INSERT ON persons
BEGIN INSERT INTO persons_search (rowid, name, email) VALUES (NEW.id, NEW.name, NEW.email); END;
CREATE TRIGGER persons_search_delete AFTER DELETE ON persons
BEGIN INSERT INTO persons_search (persons_search, rowid, name, email) VALUES ('delete', OLD.id, OLD.name, OLD.email); END;
CREATE TRIGGER persons_search_update AFTER UPDATE OF name, email ON persons
BEGIN
    INSERT INTO persons_search (persons_search, rowid, name, email) VALUES ('delete', OLD.id, OLD.name, OLD.email);
    INSERT INTO persons_search (rowid, name, email) VALUES (NEW.id, NEW.name, NEW.email);
END;
