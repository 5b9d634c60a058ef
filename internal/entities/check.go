package entities

import "strings"

// The checks both stores make on a graph they are given to hold. The loader
// refuses all of this earlier, at file:line; a store refuses it again, with
// EINVALID, rather than panic or answer wrongly later.

// CheckEntity refuses an entity without an id, of an unknown kind, or with an
// impossible date.
func CheckEntity(e *Entity) error {
	switch {
	case strings.TrimSpace(e.ID) == "":
		return Errorf(EINVALID, "an entity has no id")
	case !ValidKind(e.Kind):
		return Errorf(EINVALID, "entity %q has unknown kind %q", e.ID, e.Kind)
	case !e.Founded.Valid() || !e.Dissolved.Valid():
		return Errorf(EINVALID, "entity %q has an impossible date", e.ID)
	}
	return nil
}

// CheckRelationship refuses a relationship of an unknown type, whose id is not
// the one its ends and type make, of an unknown confidence, or with an
// impossible date. Whether its ends exist is the store's to check
// (DanglingRelationship).
func CheckRelationship(r *Relationship) error {
	if _, ok := RelTypeIndex(r.Type); !ok {
		return Errorf(EINVALID, "relationship %q has unknown type %q", r.ID, r.Type)
	}
	switch {
	case !IsRelationshipID(r.ID, r.From, r.Type, r.To):
		return Errorf(EINVALID, "relationship %q should have id %q", r.ID, RelationshipID(r.From, r.Type, r.To))
	case !ValidConfidence(r.Confidence):
		return Errorf(EINVALID, "relationship %q has unknown confidence %q", r.ID, r.Confidence)
	case !r.Since.Valid() || !r.Until.Valid():
		return Errorf(EINVALID, "relationship %q has an impossible date", r.ID)
	}
	return nil
}

// CheckSource refuses a source with an impossible publication date.
func CheckSource(s *Source) error {
	if !s.Published.Valid() {
		return Errorf(EINVALID, "source %q has an impossible date", s.ID)
	}
	return nil
}

// DanglingRelationship is the error for a relationship an end of which is not
// in the graph.
func DanglingRelationship(id string) *Error {
	return Errorf(EINVALID, "relationship %q links an entity that does not exist", id)
}

// StatedTwice is the error for an entity, relationship or source (what) that
// a graph holds twice under one id.
func StatedTwice(what, id string) *Error {
	return Errorf(EINVALID, "%s %q appears twice", what, id)
}

// NoEntity is the error for an id no entity has.
func NoEntity(id string) *Error { return Errorf(ENOTFOUND, "no entity has id %q", id) }
