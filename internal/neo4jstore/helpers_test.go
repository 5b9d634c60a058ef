package neo4jstore_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/graphapi/graphapi/internal/entities"
)

// MustReplace loads ds and returns the stats.
func MustReplace(tb testing.TB, w entities.Writer, ds *entities.Dataset) *entities.LoadStats {
	tb.Helper()
	st, err := w.Replace(context.Background(), ds)
	if err != nil {
		tb.Fatalf("Replace: %v", err)
	}
	return st
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func date(s string) entities.Date {
	d, err := entities.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func ev(loc string) []entities.Evidence {
	return []entities.Evidence{{Source: "ref", Locator: loc}}
}

func rel(from string, t entities.RelType, to string, since, until string) entities.Relationship {
	r := entities.Relationship{ID: entities.RelationshipID(from, t, to), Type: t, From: from, To: to,
		Confidence: entities.Fact, Evidence: ev(from + " " + string(t) + " " + to)}
	if since != "" {
		r.Since = date(since)
	}
	if until != "" {
		r.Until = date(until)
	}
	return r
}

// lineageDataset is a small hand-made graph: the Sahel lineage with a cycle,
// dates at every precision, aliases for search, a self-loop and parallel edges.
func lineageDataset() *entities.Dataset {
	ent := func(id string, k entities.Kind, name string, founded, dissolved string, aliases ...string) entities.Entity {
		e := entities.Entity{ID: id, Kind: k, Name: name, Aliases: aliases, Evidence: ev(id)}
		if founded != "" {
			e.Founded = date(founded)
		}
		if dissolved != "" {
			e.Dissolved = date(dissolved)
		}
		return e
	}
	ag := entities.KindArmedGroup
	return &entities.Dataset{
		Sources: []entities.Source{
			{ID: "ref", Kind: entities.SourceReference, Title: "Reference", Publisher: "Test", Published: date("2019-11")},
			{ID: "another", Kind: entities.SourceReport, Title: "Another", File: "sources/x.txt", Text: "text"},
		},
		Entities: []entities.Entity{
			ent("gia", ag, "Armed Islamic Group", "1992", "2004"),
			ent("gspc", ag, "GSPC", "1998-09", "2007-01-24", "Salafist Group for Preaching and Combat"),
			ent("aqim", ag, "al-Qa'ida in the Islamic Maghreb", "2007-01-24", "", "AQIM", "Al Qaeda in the Islamic Maghreb"),
			ent("mujao", ag, "MUJAO", "2011", "2013-08"),
			ent("mulathamun", ag, "al-Mulathamun Battalion", "2012-12", "2013-08"),
			ent("murabitoun", ag, "al-Murabitoun", "2013-08", "2017-03-02", "Al Mourabitoune", "al-Mourabitoun"),
			ent("isgs", ag, "Islamic State in the Greater Sahara", "2015-05", "", "ISGS", "EIGS"),
			ent("ansar", ag, "Ansar al-Dine", "2011-12", "2017-03-02", "Ansar Dine"),
			ent("jnim", ag, "Jama'at Nusrat al-Islam wal-Muslimin", "2017-03-02", "", "JNIM", "GSIM"),
			ent("mali", entities.KindCountry, "Mali", "", ""),
			ent("sevare", entities.KindPlace, "Sévaré", "", ""),
			ent("minusma", entities.KindInternational, "MINUSMA", "2013-04-25", "2023-12-31"),
			ent("attack", entities.KindEvent, "Attack on Sévaré", "2018-06-29", "2018-06-29"),
		},
		Relationships: []entities.Relationship{
			rel("gspc", entities.SplitFrom, "gia", "1998-09", ""),
			rel("gspc", entities.RenamedTo, "aqim", "2007-01-24", ""),
			rel("mujao", entities.SplitFrom, "aqim", "2011", ""),
			rel("mulathamun", entities.SplitFrom, "aqim", "2012-12", ""),
			rel("mujao", entities.MergedInto, "murabitoun", "2013-08", ""),
			rel("mulathamun", entities.MergedInto, "murabitoun", "2013-08", ""),
			rel("isgs", entities.SplitFrom, "murabitoun", "2015-05", ""),
			rel("murabitoun", entities.MergedInto, "aqim", "2015-12-04", ""), // a lineage cycle
			rel("murabitoun", entities.MergedInto, "jnim", "2017-03-02", ""),
			rel("ansar", entities.MergedInto, "jnim", "2017-03-02", ""),
			rel("aqim", entities.BranchOf, "aqim", "", ""), // a self-loop
			rel("jnim", entities.OperatesIn, "mali", "2017", ""),
			rel("isgs", entities.OperatesIn, "mali", "2015", ""),
			rel("aqim", entities.OperatesIn, "mali", "", ""),
			rel("sevare", entities.LocatedIn, "mali", "", ""),
			rel("attack", entities.OccurredIn, "sevare", "", ""),
			rel("jnim", entities.Targeted, "minusma", "2017-03", ""),
			rel("jnim", entities.Conducts, "attack", "2018-06-29", "2018-06-29"),
			rel("minusma", entities.OperatesIn, "mali", "2013-07", "2023-12"),
			rel("minusma", entities.Monitors, "jnim", "2018", ""),
			rel("jnim", entities.CooperatesWith, "isgs", "2018", "2019-12"),
			rel("isgs", entities.CooperatesWith, "jnim", "2018", "2019-12"),
		},
	}
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

func getenv(k string) string { return os.Getenv(k) }

// portOf returns the port of NEO4J_URI.
func portOf(tb testing.TB) string {
	u := os.Getenv("NEO4J_URI")
	if i := strings.LastIndex(u, ":"); i >= 0 && !strings.HasSuffix(u[:i], "/") {
		return strings.TrimRight(u[i+1:], "/")
	}
	return "7687"
}
