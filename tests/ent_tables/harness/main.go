// Command harness writes the DDL that the real ent (0.11.3, with Atlas 0.7.2) plans for each
// case of tests/ent_tables, so that entgen's output can be compared with it.
//
// It is not part of the Rust test run (which must not need Go): it produced the checked-in
// `*.postgres.sql` and `*.sqlite.sql` files. To run it again (Debian: golang-go,
// golang-entgo-ent-dev, golang-ariga-atlas-dev, golang-github-lib-pq-dev,
// golang-github-mattn-go-sqlite3-dev, golang-github-go-sql-driver-mysql-dev; PostgreSQL on
// 127.0.0.1:5432, MariaDB on 127.0.0.1:3306 as root without a password):
//
//	cd tests/ent_tables/harness && GO111MODULE=off GOPATH=/usr/share/gocode go run . ..
package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"ariga.io/atlas/sql/migrate"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/entc/gen"
	"entgo.io/ent/entc/load"
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/lib/pq"
	_ "github.com/mattn/go-sqlite3"
)

// A case: the schemas of each version (one version: an initial migration; two: the second file
// is the migration from the first version to the second).
type testCase struct {
	name     string
	versions [][]*load.Schema
}

func main() {
	out := os.Args[1]
	for _, c := range cases {
		for _, dialect := range []string{"postgres", "sqlite3", "mysql"} {
			sqlText, err := run(c, dialect)
			if err != nil && dialect == "mysql" {
				// ent cannot create some cases on MariaDB (a SET NULL key that is the
				// primary key): no file, and tests/ent_tables.rs skips the case there.
				fmt.Fprintf(os.Stderr, "%s (%s): skipped: %v\n", c.name, dialect, err)
				continue
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s (%s): %v\n", c.name, dialect, err)
				os.Exit(1)
			}
			ext := map[string]string{"postgres": "postgres", "sqlite3": "sqlite", "mysql": "mysql"}[dialect]
			path := filepath.Join(out, c.name+"."+ext+".sql")
			if err := os.WriteFile(path, []byte(sqlText), 0o644); err != nil {
				panic(err)
			}
			fmt.Println("wrote", path)
		}
	}
}

func graphTables(schemas []*load.Schema) ([]*schema.Table, error) {
	loaded := append([]*load.Schema(nil), schemas...)
	// entc loads a package's schemas in name order.
	sort.Slice(loaded, func(i, j int) bool { return loaded[i].Name < loaded[j].Name })
	storage, err := gen.NewStorage("sql")
	if err != nil {
		return nil, err
	}
	g, err := gen.NewGraph(&gen.Config{Package: "example.com/ent", Storage: storage}, loaded...)
	if err != nil {
		return nil, err
	}
	return g.Tables()
}

func run(c testCase, dialect string) (string, error) {
	ctx := context.Background()
	var url string
	switch dialect {
	case "postgres":
		admin, err := sql.Open("postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
		if err != nil {
			return "", err
		}
		defer admin.Close()
		db := "ent_harness_" + c.name
		admin.Exec("DROP DATABASE IF EXISTS " + db)
		if _, err := admin.Exec("CREATE DATABASE " + db); err != nil {
			return "", err
		}
		defer admin.Exec("DROP DATABASE IF EXISTS " + db)
		url = "postgres://postgres@127.0.0.1:5432/" + db + "?sslmode=disable"
	case "mysql":
		admin, err := sql.Open("mysql", "root@tcp(127.0.0.1:3306)/")
		if err != nil {
			return "", err
		}
		defer admin.Close()
		db := "ent_harness_" + c.name
		admin.Exec("DROP DATABASE IF EXISTS " + db)
		if _, err := admin.Exec("CREATE DATABASE " + db); err != nil {
			return "", err
		}
		defer admin.Exec("DROP DATABASE IF EXISTS " + db)
		url = "root@tcp(127.0.0.1:3306)/" + db + "?parseTime=true"
	case "sqlite3":
		url = "file:" + c.name + "?mode=memory&cache=shared&_fk=1"
	}
	drv, err := entsql.Open(dialect, url)
	if err != nil {
		return "", err
	}
	defer drv.Close()
	dirPath, err := os.MkdirTemp("", "ent-harness")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dirPath)
	dir, err := migrate.NewLocalDir(dirPath)
	if err != nil {
		return "", err
	}
	for i, version := range c.versions {
		tables, err := graphTables(version)
		if err != nil {
			return "", err
		}
		m, err := schema.NewMigrate(drv, schema.WithDir(dir), schema.WithFormatter(migrate.DefaultFormatter), schema.WithMigrationMode(schema.ModeReplay), schema.WithDropColumn(true), schema.WithDropIndex(true))
		if err != nil {
			return "", err
		}
		if err := m.NamedDiff(ctx, fmt.Sprintf("v%d", i+1), tables...); err != nil {
			return "", err
		}
	}
	files, err := dir.Files()
	if err != nil {
		return "", err
	}
	if len(files) != len(c.versions) {
		names := []string{}
		for _, f := range files {
			names = append(names, f.Name())
		}
		return "", fmt.Errorf("files %v for %d versions", names, len(c.versions))
	}
	return strings.TrimRight(string(files[len(files)-1].Bytes()), "\n") + "\n", nil
}
