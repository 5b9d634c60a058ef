package httpapi

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/entities"
)

// params reads one request's query string strictly. Every handler decodes
// through it, so every endpoint refuses the same mistakes with the same words:
// a parameter it does not know (often a misspelling that would otherwise be
// silently ignored), a parameter given twice, a malformed number, type or date.
// It keeps the first error; the handler checks err once after reading all it needs.
type params struct {
	values url.Values
	err    error
}

// readParams checks the query string against the names an endpoint accepts.
func readParams(c *gin.Context, accepted ...string) *params {
	values, err := url.ParseQuery(c.Request.URL.RawQuery)
	p := &params{values: values}
	if err != nil {
		p.err = entities.Errorf(entities.EINVALID, "the query string is malformed (%v); percent-encode special characters", err)
		return p
	}
	var unknown, repeated, empty []string
	for name, vs := range values {
		switch {
		case !slices.Contains(accepted, name):
			unknown = append(unknown, strconv.Quote(name))
		case len(vs) > 1:
			repeated = append(repeated, name)
		case vs[0] == "" && name != "q":
			// Only q means something empty (every entity). Elsewhere "limit=" or
			// "kind=" is a form field left blank: saying so beats guessing that
			// the default was meant, and keeps the OpenAPI document (which admits
			// no empty number, kind or date) true.
			empty = append(empty, name)
		}
	}
	switch {
	case len(unknown) > 0:
		slices.Sort(unknown)
		p.err = entities.Errorf(entities.EINVALID, "unknown query parameter %s; %s", strings.Join(unknown, ", "), acceptedList(accepted))
	case len(repeated) > 0:
		slices.Sort(repeated)
		p.err = entities.Errorf(entities.EINVALID, "query parameter %s is given more than once; give each once (types and ids take a comma-separated list)", strings.Join(repeated, ", "))
	case len(empty) > 0:
		slices.Sort(empty)
		p.err = entities.Errorf(entities.EINVALID, "query parameter %s is empty; give a value, or leave it out for its default", strings.Join(empty, ", "))
	}
	return p
}

func acceptedList(accepted []string) string {
	if len(accepted) == 0 {
		return "this endpoint takes no query parameters"
	}
	return "this endpoint accepts: " + strings.Join(accepted, ", ")
}

func (p *params) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// str returns the parameter's value, "" when it is absent.
func (p *params) str(name string) string { return p.values.Get(name) }

// boolean reads true or false; absent is false.
func (p *params) boolean(name string) bool {
	switch v := p.values.Get(name); v {
	case "", "false":
		return false
	case "true":
		return true
	default:
		p.fail(entities.Errorf(entities.EINVALID, "%s=%q: give true or false", name, v))
		return false
	}
}

// int reads a whole number of at least min. Absent gives 0, which the
// query's Validate replaces by its default; so a present 0 below min is refused
// here, where it can still be told apart from "not given" (depth=0 is a mistake,
// not a request for the default depth). Upper bounds are Validate's job.
func (p *params) int(name string, min int) int {
	s := p.values.Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	switch {
	case errors.Is(err, strconv.ErrRange):
		p.fail(entities.Errorf(entities.EINVALID, "%s=%s is out of range; give a small whole number", name, s))
	case err != nil:
		p.fail(entities.Errorf(entities.EINVALID, "%s must be a whole number, not %q", name, s))
	case n < min:
		p.fail(entities.Errorf(entities.EINVALID, "%s must be at least %d, not %d", name, min, n))
	}
	return n
}

// relTypes reads a comma-separated list of relationship types.
func (p *params) relTypes(name string) []entities.RelType {
	ts, err := entities.ParseRelTypes(p.values.Get(name))
	if err != nil {
		p.fail(entities.Errorf(entities.EINVALID, "%s: %s", name, entities.ErrorMessage(err)))
	}
	return ts
}

// asOf reads an as_of date: YYYY, YYYY-MM or YYYY-MM-DD.
func (p *params) asOf(name string) entities.AsOf {
	a, err := entities.ParseAsOf(p.values.Get(name))
	if err != nil {
		p.fail(err)
	}
	return a
}

// list reads a comma-separated list, trimming blanks around each item.
func (p *params) list(name string) []string {
	s := p.values.Get(name)
	if s == "" {
		return nil
	}
	items := strings.Split(s, ",")
	for i, item := range items {
		items[i] = strings.TrimSpace(item)
	}
	return items
}
