package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/graphapi/graphapi/internal/audit"
	"github.com/graphapi/graphapi/internal/entities"
)

// AuditReader serves GET /api/v1/audit: internal/audit.Log, handed in by the
// command when the server keeps an audit trail.
type AuditReader interface {
	Read(f audit.Filter) ([]audit.Entry, error)
}

// The longest user name (the users file's rule) and pack id the trail holds.
const (
	maxAuditUser = 64
	maxAuditPack = 200
)

func handleAudit(log AuditReader) gin.HandlerFunc {
	return func(c *gin.Context) {
		if log == nil {
			writeError(c, entities.Errorf(entities.ENOTFOUND, "the audit trail is off on this server (it keeps none); start it with graphapi serve --audit FILE"))
			return
		}
		p := readParams(c, "user", "pack", "since")
		f := audit.Filter{User: p.str("user"), Pack: p.str("pack")}
		for _, v := range []struct {
			name, value string
			max         int
		}{{"user", f.User, maxAuditUser}, {"pack", f.Pack, maxAuditPack}} {
			if len(v.value) > v.max {
				p.fail(entities.Errorf(entities.EINVALID, "%s is %d bytes; no %s is longer than %d", v.name, len(v.value), v.name, v.max))
			}
		}
		if s := p.str("since"); s != "" {
			since, err := audit.ParseSince(s)
			if err != nil {
				p.fail(entities.Errorf(entities.EINVALID, "%v", err))
			}
			f.Since = since
		}
		if p.err != nil {
			writeError(c, p.err)
			return
		}
		entries, err := log.Read(f)
		if err != nil {
			writeError(c, err)
			return
		}
		if entries == nil {
			entries = []audit.Entry{}
		}
		c.JSON(http.StatusOK, gin.H{"items": entries})
	}
}
