package entities

import "context"

// Role is what a signed-in user may do. Each role may do all that the roles
// before it may.
type Role string

const (
	RoleReader Role = "reader" // every read route
	RoleEditor Role = "editor" // also drafts: edit, accept, reject, apply
	RoleAdmin  Role = "admin"  // also revert a pack, read the audit, manage users
)

// Roles lists the roles from the least to the most power.
var Roles = []Role{RoleReader, RoleEditor, RoleAdmin}

// Allows reports whether a user of role r may do what role need may.
func (r Role) Allows(need Role) bool { return r.rank() >= need.rank() && need.rank() > 0 }

func (r Role) rank() int {
	for i, known := range Roles {
		if known == r {
			return i + 1
		}
	}
	return 0
}

// User is who a request acts for: the name the audit trail records and the
// role that decides what the request may do.
type User struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
}

type userKey struct{}

// WithUser returns ctx carrying u, for the layers below the API that record
// who wrote (the audit trail, a pack's history).
func WithUser(ctx context.Context, u User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the user ctx carries and whether it carries one.
func UserFrom(ctx context.Context) (User, bool) {
	u, ok := ctx.Value(userKey{}).(User)
	return u, ok
}

// TokenPrefix begins every API token graphapi issues ("gak_<id>_<secret>"), so
// that a token is recognisable wherever it could leak: the audit trail refuses
// an entry that holds one, and secret scanners can match it.
const TokenPrefix = "gak_"
