package neo4jstore

import (
	"context"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/graphapi/graphapi/internal/entities"
)

// Add writes ds's entities, relationships and sources into the graph on top of
// what it holds, in one transaction, all or nothing: those it lacks are
// created, those that differ are updated, and nothing else is read or written,
// so adding a small pack to a graph of millions costs what the pack costs. A
// relationship's ends must be in ds or in the graph already. Unlike Replace it
// deletes nothing.
func (s *Store) Add(ctx context.Context, ds *entities.Dataset) (*entities.LoadStats, error) {
	if err := checkAddition(ds); err != nil {
		return nil, err
	}
	return s.writeTx(ctx, "add", func(ctx context.Context, tx neo4j.ExplicitTransaction) (*entities.LoadStats, error) {
		return s.writeDataset(ctx, tx, ds, false)
	})
}

// checkAddition refuses, with EINVALID, an addition the loader should have
// refused: checkDataset's checks, except that a relationship's ends may be
// entities the graph holds already (Add checks those).
func checkAddition(ds *entities.Dataset) error {
	if ds == nil {
		return entities.Errorf(entities.EINVALID, "no dataset to add")
	}
	stubs := &entities.Dataset{Sources: ds.Sources, Entities: slices.Clone(ds.Entities), Relationships: ds.Relationships}
	ids := make(map[string]bool, len(ds.Entities))
	for i := range ds.Entities {
		ids[ds.Entities[i].ID] = true
	}
	// The ends outside ds stand in as bare entities, so that checkDataset
	// checks everything else.
	for i := range ds.Relationships {
		for _, end := range []string{ds.Relationships[i].From, ds.Relationships[i].To} {
			if !ids[end] {
				ids[end] = true
				stubs.Entities = append(stubs.Entities, entities.Entity{ID: end, Kind: entities.KindArmedGroup})
			}
		}
	}
	return checkDataset(stubs)
}
