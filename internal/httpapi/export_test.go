package httpapi

// AppendGraph lets the external tests hold the hand-written graph encoder to
// encoding/json.
var (
	AppendGraph      = appendGraph
	AppendPathResult = appendPathResult
)
