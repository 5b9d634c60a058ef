package users

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
)

const goodHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"not yaml", "users: [\n", "users.yaml: "},
		{"not a mapping", "- ana\n", "users.yaml:1: the users file is a mapping"},
		{"unknown key", "people: []\n", `users.yaml:1: unknown key "people"`},
		{"users not a list", "users: ana\n", "users.yaml:1: users must be a list"},
		{"unknown field", "users:\n  - name: ana\n    role: editor\n    id: 0123456789ab\n    hash: " + goodHash + "\n    token: gak_x\n", `users.yaml:2: field token not found`},
		{"bad role", "users:\n  - name: ana\n    role: boss\n    id: 0123456789ab\n    hash: " + goodHash + "\n", `users.yaml:2: user ana: role "boss": use reader, editor or admin`},
		{"bad name", "users:\n  - name: Ana Smith\n    role: reader\n    id: 0123456789ab\n    hash: " + goodHash + "\n", `users.yaml:2: name "Ana Smith"`},
		{"bad id", "users:\n  - name: ana\n    role: reader\n    id: xyz\n    hash: " + goodHash + "\n", `users.yaml:2: user ana: id "xyz"`},
		{"plain token for a hash", "users:\n  - name: ana\n    role: reader\n    id: 0123456789ab\n    hash: hunter2\n", "users.yaml:2: user ana: hash: want an argon2id hash"},
		{"bad parameters", "users:\n  - name: ana\n    role: reader\n    id: 0123456789ab\n    hash: $argon2id$v=19$m=1,t=0,p=1$AA$AA\n", "users.yaml:2: user ana: hash: argon2 parameters"},
		{"same name twice", "users:\n  - {name: ana, role: reader, id: 0123456789ab, hash: '" + goodHash + "'}\n  - {name: ana, role: editor, id: 0123456789ac, hash: '" + goodHash + "'}\n", `users.yaml:3: user "ana" again (first at line 2)`},
		{"same id twice", "users:\n  - {name: ana, role: reader, id: 0123456789ab, hash: '" + goodHash + "'}\n  - {name: bo, role: editor, id: 0123456789ab, hash: '" + goodHash + "'}\n", "users.yaml:3: token id 0123456789ab again (first at line 2)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("users.yaml", []byte(tc.body))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Parse = %v; want an error containing %q", err, tc.want)
			}
		})
	}
	for _, empty := range []string{"", "# nobody yet\n", "users:\n", "users: []\n"} {
		if f, err := Parse("users.yaml", []byte(empty)); err != nil || len(f.Users) != 0 {
			t.Errorf("Parse(%q) = %v, %v; want no users", empty, f, err)
		}
	}
}

func TestAddWriteReadRemove(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users.yaml")
	f := &File{}
	now := time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC)
	tokens := map[string]string{}
	for _, u := range []struct {
		name string
		role entities.Role
	}{{"ana", entities.RoleEditor}, {"bo", entities.RoleReader}, {"cy", entities.RoleAdmin}} {
		tok, err := f.Add(u.name, u.role, now)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tok, entities.TokenPrefix) || len(tok) < 4+12+1+43 {
			t.Fatalf("token %q is not gak_<12 hex>_<256-bit secret>", tok)
		}
		tokens[u.name] = tok
	}
	if _, err := f.Add("ana", entities.RoleAdmin, now); err == nil || !strings.Contains(err.Error(), "already") {
		t.Errorf("adding ana twice: %v", err)
	}
	if _, err := f.Add("dee", "owner", now); err == nil || !strings.Contains(err.Error(), `role "owner"`) {
		t.Errorf("adding a bad role: %v", err)
	}
	if err := Write(path, f); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("users file mode %v; want 0600", info.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	for name, tok := range tokens {
		_, secret, _ := strings.Cut(strings.TrimPrefix(tok, entities.TokenPrefix), "_")
		if strings.Contains(string(data), secret) {
			t.Errorf("the users file holds %s's secret", name)
		}
	}
	back, err := Read(path)
	if err != nil || len(back.Users) != 3 || back.Users[0].Name != "ana" || back.Users[0].Added != "2026-12-07T20:00:00Z" {
		t.Fatalf("Read = %+v, %v", back, err)
	}

	d, err := NewDirectory(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, token string
		want        entities.User
		ok          bool
	}{
		{"ana", tokens["ana"], entities.User{Name: "ana", Role: entities.RoleEditor}, true},
		{"ana again, from the cache", tokens["ana"], entities.User{Name: "ana", Role: entities.RoleEditor}, true},
		{"bo", tokens["bo"], entities.User{Name: "bo", Role: entities.RoleReader}, true},
		{"wrong secret", tokens["ana"][:len(tokens["ana"])-2] + "xx", entities.User{}, false},
		{"one id, another's secret", tokens["ana"][:4+12] + tokens["bo"][4+12:], entities.User{}, false},
		{"unknown id", "gak_ffffffffffff_" + tokens["ana"][4+13:], entities.User{}, false},
		{"not a token", "hunter2hunter2hunter2", entities.User{}, false},
		{"empty", "", entities.User{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, ok := d.Authenticate(tc.token)
			if ok != tc.ok || u != tc.want {
				t.Errorf("Authenticate = %+v, %v; want %+v, %v", u, ok, tc.want, tc.ok)
			}
		})
	}

	// Removing a user takes effect on the running directory.
	if _, err := back.Remove("ana"); err != nil {
		t.Fatal(err)
	}
	if _, err := back.Remove("ana"); err == nil {
		t.Error("removing ana twice worked")
	}
	if err := Write(path, back); err != nil {
		t.Fatal(err)
	}
	d.checked = time.Time{} // as if a second had passed
	if u, ok := d.Authenticate(tokens["ana"]); ok {
		t.Errorf("a removed user's token still authenticates as %+v", u)
	}
	if _, ok := d.Authenticate(tokens["bo"]); !ok {
		t.Error("bo no longer authenticates after ana left")
	}
}

func TestLegacyToken(t *testing.T) {
	legacy := []byte("0123456789abcdef0123")
	d, err := NewDirectory("", legacy)
	if err != nil {
		t.Fatal(err)
	}
	if u, ok := d.Authenticate(string(legacy)); !ok || u != (entities.User{Name: LegacyName, Role: entities.RoleAdmin}) {
		t.Errorf("the write token = %+v, %v; want the admin user", u, ok)
	}
	if _, ok := d.Authenticate(string(legacy) + "x"); ok {
		t.Error("a longer token matched the write token")
	}
	if d.Empty() {
		t.Error("a directory with a write token is empty")
	}
	if none, _ := NewDirectory("", nil); !none.Empty() {
		t.Error("a directory with nothing is not empty")
	}

	path := filepath.Join(t.TempDir(), "users.yaml")
	f := &File{}
	if _, err := f.Add(LegacyName, entities.RoleReader, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, f); err != nil {
		t.Fatal(err)
	}
	if _, err := NewDirectory(path, legacy); err == nil || !strings.Contains(err.Error(), `"admin"`) {
		t.Errorf("a user named admin beside the write token: %v; want refused", err)
	}
}

func BenchmarkAuthenticate(b *testing.B) {
	path := filepath.Join(b.TempDir(), "users.yaml")
	f := &File{}
	tok, _ := f.Add("ana", entities.RoleEditor, time.Now())
	if err := Write(path, f); err != nil {
		b.Fatal(err)
	}
	b.Run("first use (argon2id)", func(b *testing.B) {
		for b.Loop() {
			d, _ := NewDirectory(path, nil)
			d.Authenticate(tok)
		}
	})
	b.Run("cached", func(b *testing.B) {
		d, _ := NewDirectory(path, nil)
		d.Authenticate(tok)
		for b.Loop() {
			d.Authenticate(tok)
		}
	})
}
