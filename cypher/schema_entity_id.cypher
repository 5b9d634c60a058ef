// Every entity id is unique; the constraint's index serves every lookup by id.
CREATE CONSTRAINT graphapi_entity_id IF NOT EXISTS
FOR (n:Entity) REQUIRE n.id IS UNIQUE
