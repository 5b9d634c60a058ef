// Temporary development server (to be deleted): the API plus the page, until
// cmd/graphapi builds and serves web.Assets().
package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"strings"

	"graphapi/internal/gen"
	"graphapi/internal/httpapi"
	"graphapi/internal/loader"
	"graphapi/internal/memstore"
	"graphapi/seed"
	"graphapi/web"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "gen" {
		fs2 := flag.NewFlagSet("gen", flag.ExitOnError)
		n := fs2.Int("entities", 0, "")
		m := fs2.Int("relationships", 0, "")
		out := fs2.String("out", "", "")
		_ = fs2.Parse(os.Args[2:])
		if err := loader.WriteSeed(*out, gen.Generate(1, *n, *m)); err != nil {
			panic(err)
		}
		return
	}
	addr := flag.String("addr", "127.0.0.1:0", "")
	dir := flag.String("seed", "", "")
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		os.Args = append(os.Args[:1], os.Args[2:]...)
	}
	flag.Parse()
	var fsys fs.FS = seed.FS
	if *dir != "" {
		fsys = os.DirFS(*dir)
	}
	ds, err := loader.ReadDir(fsys)
	if err != nil {
		panic(err)
	}
	st := memstore.New()
	if _, err := st.Replace(context.Background(), ds); err != nil {
		panic(err)
	}
	api := httpapi.NewHandler(st, httpapi.Config{}, nil)
	files := http.FileServerFS(web.Assets())
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			api.ServeHTTP(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		panic(err)
	}
	fmt.Printf("graphapi listening on http://%s\n", ln.Addr())
	panic(http.Serve(ln, h))
}
