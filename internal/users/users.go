// Package users is the users file: who may use the API, in which role, and
// the hash of each one's token (argon2id; the token itself is never stored).
// A token is "gak_<id>_<secret>": the public id finds the user without
// comparing hashes one by one, then the secret is checked against the hash.
package users

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"
	"gopkg.in/yaml.v3"

	"github.com/graphapi/graphapi/internal/entities"
)

// User is one line of the users file.
type User struct {
	Name  string        `yaml:"name"`
	Role  entities.Role `yaml:"role"`
	ID    string        `yaml:"id"`   // the token's public part
	Hash  string        `yaml:"hash"` // argon2id of the whole token, PHC string
	Added string        `yaml:"added,omitempty"`
}

// File is the users file's contents.
type File struct {
	Users []User `yaml:"users"`
}

const header = "# graphapi users: written by `graphapi user add|remove`. It holds token hashes,\n# never tokens; a lost token cannot be recovered, only replaced (remove, add).\n"

// TokenPattern matches a token graphapi issues, wherever it sits in a text.
var TokenPattern = regexp.MustCompile(regexp.QuoteMeta(entities.TokenPrefix) + `[0-9a-f]{12}_[A-Za-z0-9_-]+`)

var (
	namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	idPattern   = regexp.MustCompile(`^[0-9a-f]{12}$`)
	// yamlLinePrefix is yaml.v3's own "line N:" in a decode error, which
	// counts from the re-encoded node, not the file: the file's line replaces it.
	yamlLinePrefix = regexp.MustCompile(`^unmarshal errors:\n\s*line \d+: `)
)

// Read reads and checks the users file at path. Every error names path:line.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("users file: %w", err)
	}
	return Parse(path, data)
}

// Parse checks a users file's bytes; name is what errors call it.
func Parse(name string, data []byte) (*File, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	f := &File{}
	if len(doc.Content) == 0 { // empty file: no users yet
		return f, nil
	}
	root := doc.Content[0]
	dec := func(n *yaml.Node, v any) error {
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		if err := enc.Encode(n); err != nil {
			return err
		}
		d := yaml.NewDecoder(&buf)
		d.KnownFields(true)
		return d.Decode(v)
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the users file is a mapping with one key, users: a list of name, role, id, hash", name, root.Line)
	}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if k.Value != "users" {
			return nil, fmt.Errorf("%s:%d: unknown key %q; the file has one key, users", name, k.Line, k.Value)
		}
		list = root.Content[i+1]
	}
	if list == nil || list.Tag == "!!null" {
		return f, nil
	}
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: users must be a list", name, list.Line)
	}
	names, ids := map[string]int{}, map[string]int{}
	for _, n := range list.Content {
		var u User
		if err := dec(n, &u); err != nil {
			msg := strings.TrimPrefix(err.Error(), "yaml: ")
			msg = yamlLinePrefix.ReplaceAllString(msg, "")
			return nil, fmt.Errorf("%s:%d: %s", name, n.Line, msg)
		}
		if err := u.check(); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n.Line, err)
		}
		if at, dup := names[u.Name]; dup {
			return nil, fmt.Errorf("%s:%d: user %q again (first at line %d)", name, n.Line, u.Name, at)
		}
		if at, dup := ids[u.ID]; dup {
			return nil, fmt.Errorf("%s:%d: token id %s again (first at line %d); ids must be unique", name, n.Line, u.ID, at)
		}
		names[u.Name], ids[u.ID] = n.Line, n.Line
		f.Users = append(f.Users, u)
	}
	return f, nil
}

// CheckNameRole checks a user's name and role, as Add and Parse want them.
func CheckNameRole(name string, role entities.Role) error {
	switch {
	case !namePattern.MatchString(name):
		return fmt.Errorf("name %q: use 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	case !slices.Contains(entities.Roles, role):
		return fmt.Errorf("user %s: role %q: use reader, editor or admin", name, role)
	}
	return nil
}

func (u User) check() error {
	if err := CheckNameRole(u.Name, u.Role); err != nil {
		return err
	}
	switch {
	case !idPattern.MatchString(u.ID):
		return fmt.Errorf("user %s: id %q: want 12 hex digits (the token's public part)", u.Name, u.ID)
	}
	if _, err := parseHash(u.Hash); err != nil {
		return fmt.Errorf("user %s: hash: %w", u.Name, err)
	}
	return nil
}

// Write replaces the users file at path with f, atomically (a temporary file
// renamed over it, synced) and readable by its owner only.
func Write(path string, f *File) error {
	body, err := yaml.Marshal(f)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("users file: %w", err)
	}
	_, err = tmp.Write(append([]byte(header), body...))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path) // CreateTemp made it 0600
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("users file: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		err = d.Sync()
		d.Close()
		if err != nil {
			return fmt.Errorf("users file: sync %s: %w", dir, err)
		}
	}
	return nil
}

// Add adds a user with a new token to f and returns the token, which exists
// nowhere else: the file keeps only its hash.
func (f *File) Add(name string, role entities.Role, now time.Time) (string, error) {
	if err := CheckNameRole(name, role); err != nil {
		return "", err
	}
	u := User{Name: name, Role: role}
	if slices.ContainsFunc(f.Users, func(o User) bool { return o.Name == name }) {
		return "", fmt.Errorf("user %q is already in the file; remove it first to give a new token", name)
	}
	var id [6]byte
	var secret [secretBytes]byte
	for {
		rand.Read(id[:]) // crypto/rand.Read never fails on supported platforms
		u.ID = hex.EncodeToString(id[:])
		if !slices.ContainsFunc(f.Users, func(o User) bool { return o.ID == u.ID }) {
			break
		}
	}
	rand.Read(secret[:])
	token := entities.TokenPrefix + u.ID + "_" + base64.RawURLEncoding.EncodeToString(secret[:])
	u.Hash = hashToken(token)
	u.Added = now.UTC().Format(time.RFC3339)
	f.Users = append(f.Users, u)
	return token, nil
}

// Remove takes the user named name out of f.
func (f *File) Remove(name string) (User, error) {
	i := slices.IndexFunc(f.Users, func(u User) bool { return u.Name == name })
	if i < 0 {
		return User{}, fmt.Errorf("no user %q in the file", name)
	}
	u := f.Users[i]
	f.Users = slices.Delete(f.Users, i, i+1)
	return u, nil
}

// secretBytes is the random part of a token: 256 bits, far past guessing.
const secretBytes = 32

// The argon2id cost of a token's hash: OWASP's recommended minimum (19 MiB,
// two passes). Tokens are random, not chosen by people, so the hash guards a
// stolen users file, not a weak secret; the verified-token cache keeps it off
// every request's path.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

type argonHash struct {
	time, memory uint32
	threads      uint8
	salt, key    []byte
}

func hashToken(token string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(token), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

func parseHash(s string) (argonHash, error) {
	var h argonHash
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return h, errors.New("want an argon2id hash, $argon2id$v=19$m=..,t=..,p=..$salt$key, as `graphapi user add` writes")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return h, fmt.Errorf("argon2 version %q: want v=%d", parts[2], argon2.Version)
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.memory, &h.time, &h.threads); err != nil || h.time == 0 || h.threads == 0 || h.memory > 1<<22 {
		return h, fmt.Errorf("argon2 parameters %q: want m=<KiB, at most 4 GiB>,t=<passes>,p=<threads>", parts[3])
	}
	var err error
	if h.salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil {
		return h, fmt.Errorf("salt: %w", err)
	}
	if h.key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(h.key) == 0 {
		return h, errors.New("key: want unpadded base64")
	}
	return h, nil
}

// verify reports whether token hashes to h; the comparison takes the same
// time wherever the keys differ.
func (h argonHash) verify(token string) bool {
	key := argon2.IDKey([]byte(token), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1
}

// Directory answers who a token belongs to: the users of a users file, which it
// reads again when the file changes (so that `graphapi user add|remove` takes
// effect on a running server), and the server's one legacy write token, which
// acts as the admin user "admin".
type Directory struct {
	path      string
	legacy    [sha256.Size]byte // sha256 of the write token
	hasLegacy bool
	// OnReloadError hears of a users file that changed and no longer reads;
	// the directory keeps the users it had.
	OnReloadError func(error)

	mu       sync.Mutex
	checked  time.Time // when the file's stamp was last looked at
	stamp    fileStamp
	byID     map[string]User
	verified map[string]verifiedToken // by id: the token last verified for it
}

type fileStamp struct {
	mod  time.Time
	size int64
}

// verifiedToken remembers a token that matched its user's hash, by digest, so
// that argon2id runs once per token and not on every request.
type verifiedToken struct {
	hash string // the user's hash it matched
	sum  [sha256.Size]byte
}

// LegacyName is the user the --write-token-file token acts as.
const LegacyName = "admin"

// recheckEvery is how often the users file's stamp is looked at.
const recheckEvery = time.Second

// NewDirectory reads the users file at path ("" for none) and takes the legacy
// write token (nil for none). It fails on a bad users file.
func NewDirectory(path string, legacyToken []byte) (*Directory, error) {
	d := &Directory{path: path, byID: map[string]User{}, verified: map[string]verifiedToken{}}
	if len(legacyToken) > 0 {
		d.legacy, d.hasLegacy = sha256.Sum256(legacyToken), true
	}
	if path != "" {
		if err := d.reload(); err != nil {
			return nil, err
		}
		d.checked = time.Now()
	}
	return d, nil
}

// Empty reports whether the directory can know no one (no users file and no
// write token): writing is then off.
func (d *Directory) Empty() bool { return d.path == "" && !d.hasLegacy }

func (d *Directory) reload() error {
	info, err := os.Stat(d.path)
	if err != nil {
		return fmt.Errorf("users file: %w", err)
	}
	stamp := fileStamp{info.ModTime(), info.Size()}
	if stamp == d.stamp {
		return nil
	}
	f, err := Read(d.path)
	if err != nil {
		return err
	}
	byID := make(map[string]User, len(f.Users))
	for _, u := range f.Users {
		if u.Name == LegacyName && d.hasLegacy {
			return fmt.Errorf("%s: user %q is also what the --write-token-file token is called; rename the user", d.path, LegacyName)
		}
		byID[u.ID] = u
	}
	d.byID, d.stamp = byID, stamp
	for id, v := range d.verified { // a removed user, or a new hash, forgets the token
		if u, ok := byID[id]; !ok || u.Hash != v.hash {
			delete(d.verified, id)
		}
	}
	return nil
}

// dummyHash is verified against when a token names no user, so that an
// unknown id costs the same time as a wrong secret.
var dummyHash, _ = parseHash(hashToken("gak_000000000000_dummy"))

// Authenticate returns the user token belongs to; false when it is no one's.
func (d *Directory) Authenticate(token string) (entities.User, bool) {
	sum := sha256.Sum256([]byte(token))
	if d.hasLegacy && subtle.ConstantTimeCompare(sum[:], d.legacy[:]) == 1 {
		return entities.User{Name: LegacyName, Role: entities.RoleAdmin}, true
	}
	id, ok := tokenID(token)
	d.mu.Lock()
	if d.path != "" && time.Since(d.checked) >= recheckEvery {
		d.checked = time.Now()
		if err := d.reload(); err != nil && d.OnReloadError != nil {
			d.OnReloadError(err)
		}
	}
	u, known := d.byID[id]
	v, cached := d.verified[id]
	d.mu.Unlock()
	if !ok || !known {
		dummyHash.verify(token)
		return entities.User{}, false
	}
	if cached && v.hash == u.Hash && subtle.ConstantTimeCompare(v.sum[:], sum[:]) == 1 {
		return entities.User{Name: u.Name, Role: u.Role}, true
	}
	h, err := parseHash(u.Hash)
	if err != nil || !h.verify(token) { // Parse checked every hash; err is impossible
		return entities.User{}, false
	}
	d.mu.Lock()
	d.verified[id] = verifiedToken{hash: u.Hash, sum: sum}
	d.mu.Unlock()
	return entities.User{Name: u.Name, Role: u.Role}, true
}

// tokenID is the public id of a token shaped "gak_<id>_<secret>".
func tokenID(token string) (string, bool) {
	rest, ok := strings.CutPrefix(token, entities.TokenPrefix)
	if !ok {
		return "", false
	}
	id, secret, ok := strings.Cut(rest, "_")
	return id, ok && idPattern.MatchString(id) && secret != ""
}
