-- Lists sorted by name walk this index instead of sorting every person
-- (measured by `passerelle bench`: the people list of 100,000 volunteers).
CREATE INDEX persons_name_idx ON persons (name);
